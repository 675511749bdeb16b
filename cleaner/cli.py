"""Command line: thin commands over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cleaner.golden import compare, format_for, samples
from cleaner.pipeline import Cleaner


@click.group()
@click.version_option(package_name="cleaner")
def main() -> None:
    """Clean scraped news text: keep the article body, say what was removed and why."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder for the bodies.")
def clean(inputs: tuple[Path, ...], output: Path | None) -> None:
    """Clean INPUTS (files or folders); write bodies to OUTPUT, or print them."""
    cleaner = Cleaner()
    for root in inputs:
        files = samples(root) if root.is_dir() else [root]
        for path in files:
            body = cleaner.clean(path.read_bytes(), format_for(path)).body
            if output is None:
                click.echo(f"==> {path} <==\n{body}\n")
                continue
            rel = path.relative_to(root) if root.is_dir() else Path(path.name)
            target = (output / rel).with_suffix(".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body + "\n", encoding="utf-8")


@main.command()
@click.argument("samples_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("golden_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Rewrite the golden files on purpose.")
def check(samples_dir: Path, golden_dir: Path, update: bool) -> None:
    """Compare the cleaning of SAMPLES_DIR with the golden files in GOLDEN_DIR."""
    changed = 0
    for difference in compare(samples_dir, golden_dir, update=update):
        changed += 1
        click.echo(difference.diff or f"missing: {difference.golden}")
    verb = "updated" if update else "changed"
    click.echo(f"{changed} golden file(s) {verb}", err=True)
    sys.exit(1 if changed and not update else 0)
