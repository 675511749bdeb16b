"""Rule packs shipped with cleaner (installed as the package ``cleaner.packs``)."""
