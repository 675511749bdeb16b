"""Steps that put cleaner into other tools' pipelines; each needs its tool's extra."""
