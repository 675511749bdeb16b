"""Command line: thin commands over the library (batch.py, explain.py, golden.py, ruleset.py).

Exit codes: 0 all went well, 1 something failed (a bad input, a changed golden file, an
invalid pack), 2 the command line itself is wrong.
"""

from __future__ import annotations

import shutil
import signal
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

import click

from cleaner import batch, explain, golden, sources
from cleaner.heuristics import CATEGORIES as HEURISTIC_CATEGORIES
from cleaner.pipeline import Cleaner, default_rules
from cleaner.rule_examples import check_example, examples, guards, undefended
from cleaner.ruleset import (
    RulePackError,
    RuleSet,
    default_pack_dir,
    load_packs,
    validate_packs,
)

F = TypeVar("F", bound=Callable[..., Any])

EXISTING = click.Path(exists=True, path_type=Path)


def _split(values: Iterable[str]) -> set[str]:
    """``--keep a --keep b,c`` -> {a, b, c}."""
    return {part.strip() for value in values for part in value.split(",") if part.strip()}


def _positive(value: int | None, param: click.Parameter) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("must be 1 or more", param=param)
    return value


# Both commands read JSON Lines records the same way.
text_field_option = click.option(
    "--text-field",
    default="text",
    show_default=True,
    help="For a .jsonl file: the field of each record that holds its text.",
)


def pipeline_options(command: F) -> F:
    """--rules, --disable and --keep: how a run cleans."""
    options = [
        click.option(
            "--rules",
            "packs",
            multiple=True,
            type=EXISTING,
            metavar="DIR",
            help="A folder (or file) of your own rule packs, used beside the shipped ones. "
            "Repeatable.",
        ),
        click.option(
            "--disable",
            multiple=True,
            metavar="ID_OR_CATEGORY",
            help="Turn off rules by id, pack or category (repeatable, or comma-separated).",
        ),
        click.option(
            "--keep",
            multiple=True,
            metavar="CATEGORY",
            help="Leave a category in the body, e.g. --keep caption or --keep comments.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def build_cleaner(packs: tuple[Path, ...], disable: Iterable[str], keep: Iterable[str]) -> Cleaner:
    """A Cleaner for the options, refusing names that match nothing (a typo would
    otherwise change nothing, silently)."""
    try:
        shipped = default_rules()
        rules = shipped + load_packs(*packs, shipped=shipped) if packs else shipped
    except RulePackError as exc:
        raise click.BadParameter(str(exc), param_hint="--rules") from None
    disable, keep = _split(disable), _split(keep)
    categories = {r.category for r in rules.rules}
    names = categories | {r.id for r in rules.rules} | {r.id.split(".")[0] for r in rules.rules}
    if unknown := sorted(disable - names):
        raise click.BadParameter(
            f"no rule, pack or category called {', '.join(unknown)} (see `cleaner rules list`)",
            param_hint="--disable",
        )
    known = categories | set(HEURISTIC_CATEGORIES)
    if unknown := sorted(keep - known):
        raise click.BadParameter(
            f"no category called {', '.join(unknown)}; categories: {', '.join(sorted(known))}",
            param_hint="--keep",
        )
    return Cleaner(rules, keep=keep, disable=disable)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run `cleaner COMMAND --help` for a command's options.",
)
@click.version_option(package_name="cleaner")
def main() -> None:
    """Clean scraped news text: keep the article body, say what was removed and why.

    \b
      cleaner clean scraped/ -o clean/        bodies of every document, mirrored
      cleaner explain page.html               why each paragraph stayed or went
      cleaner check samples/ golden/          compare with checked outputs (for CI)
      cleaner rules list                      the rules, with their ids and reasons
    """


# --- clean ----------------------------------------------------------------------------------


@main.command(short_help="Clean files and folders into an output folder.")
@click.argument("inputs", nargs=-1, required=True, type=EXISTING)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="OUT",
    help="Folder for the results; mirrors the inputs' folders.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["txt", "json"]),
    default="txt",
    show_default=True,
    help="txt: the body only. json: every field of the result.",
)
@text_field_option
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    metavar="N",
    callback=lambda ctx, param, value: _positive(value, param),
    help="Processes to clean in.  [default: all cores]",
)
@click.option("--force", is_flag=True, help="Redo documents whose output is already up to date.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=batch.TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a document that takes longer, as failed (0: no limit).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary; errors only.")
@pipeline_options
def clean(
    inputs: tuple[Path, ...],
    output: Path,
    output_format: str,
    text_field: str,
    jobs: int | None,
    force: bool,
    timeout: float,
    quiet: bool,
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
) -> None:
    """Clean INPUTS (files, or folders searched recursively) into OUTPUT.

    Reads .txt, .md/.markdown, .html/.htm and .jsonl (one JSON record a line), each
    possibly gzipped (.gz); other files are skipped with a note. IN/a/b.md becomes
    OUTPUT/a/b.txt (or b.json); a .jsonl file becomes a .jsonl file of the same records,
    the text replaced by the body and the rest of the result under the key "cleaner".

    Outputs appear whole or not at all. A rerun skips documents whose output is newer than
    the input, so an interrupted run picks up where it stopped (--force redoes them).
    A file that cannot be read, or a document that takes longer than --timeout, is reported
    in one line and the run goes on; the exit code is then 1.
    """
    cleaner = build_cleaner(packs, disable, keep)
    if any(p.is_dir() and sources.real(p) == sources.real(output) for p in inputs):
        raise click.BadParameter("the output folder cannot be an input folder", param_hint="-o")
    note = (lambda _: None) if quiet else (lambda message: click.echo(message, err=True))
    found, passed = sources.discover(inputs, prune=output)
    for path in passed:
        note(f"skipped {path}: not a format cleaner reads ({', '.join(sources.SUFFIXES)})")
    try:
        jobs_list, warnings = batch.plan(found, output, output_format)
    except batch.PlanError as exc:
        raise click.BadParameter(str(exc), param_hint="-o") from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if output.is_dir():
        batch.remove_leftovers(output)
    run = batch.Batch(
        cleaner,
        output_format=output_format,
        text_field=text_field,
        jobs=jobs or batch.available_cores(),
        force=force,
        timeout=timeout or None,
        progress=not quiet and sys.stderr.isatty(),
        say=lambda message: click.echo(message, err=True),
    )
    try:
        summary = run.run(jobs_list)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # stopping already: let it exit cleanly
        click.echo("interrupted: run the same command again to go on", err=True)
        sys.exit(130)
    except BrokenProcessPool:
        raise click.ClickException("a worker process died (out of memory?)") from None
    except OSError as exc:  # the output side: full disk, no permission
        raise click.ClickException(f"cannot write the output: {exc}") from None
    summary.skipped = len(passed)
    for line in summary.lines():
        note(line)
    sys.exit(1 if summary.failed else 0)


# --- explain --------------------------------------------------------------------------------


def _read_one(path: Path, record: int, text_field: str) -> str | bytes:
    if path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        for number, line in sources.lines(path):
            if number == record:
                return sources.parse_record(line, text_field)[1]
        raise sources.InputError(f"no record on line {record}")
    return sources.read_bytes(path)


@main.command(name="explain", short_help="Show why each block of a document stayed or went.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--line",
    "record",
    type=int,
    metavar="N",
    callback=lambda ctx, param, value: _positive(value, param),
    default=1,
    show_default=True,
    help="For a .jsonl file: the line of the record to explain.",
)
@text_field_option
@click.option(
    "--color/--no-color", default=None, help="Colour the output.  [default: on a terminal]"
)
@pipeline_options
def explain_command(
    file: Path,
    record: int,
    text_field: str,
    color: bool | None,
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
) -> None:
    """Show FILE block by block: kept or removed, in which category, and which rule or
    heuristic decided it (with the scores it read). This is how to find out why a
    paragraph went missing."""
    cleaner = build_cleaner(packs, disable, keep)
    try:
        doc = cleaner.run(_read_one(file, record, text_field), sources.format_for(file))
    except sources.BAD_INPUT as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    width = min(max(shutil.get_terminal_size().columns, 60), explain.WIDTH)
    for line in explain.explain(doc, cleaner, str(file), width):
        click.echo(line, color=color)


# --- check ----------------------------------------------------------------------------------


@main.command(short_help="Compare cleaned samples with their golden files (for CI).")
@click.argument("samples_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("golden_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Rewrite the golden files (after reading the diff).")
@pipeline_options
def check(
    samples_dir: Path,
    golden_dir: Path,
    update: bool,
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
) -> None:
    """Clean every document in SAMPLES_DIR and compare it with its golden files in
    GOLDEN_DIR (one folder per document: a file per pipeline step, the body, what was
    removed, the metadata). Prints a unified diff for each change and exits 1 if any;
    --update writes the new outputs as the golden files instead."""
    cleaner = build_cleaner(packs, disable, keep)
    changed: dict[Path, int] = defaultdict(int)
    try:
        for difference in golden.compare(samples_dir, golden_dir, cleaner, update=update):
            changed[difference.sample] += 1
            click.echo(difference.diff or f"missing: {difference.golden}")
    except sources.BAD_INPUT as exc:
        raise click.ClickException(str(exc)) from None
    total = len(golden.samples(samples_dir))
    files = sum(changed.values())
    verb = "updated" if update else "changed"
    click.echo(f"{len(changed)} of {total} documents {verb} ({files} golden files)", err=True)
    sys.exit(1 if changed and not update else 0)


# --- rules ----------------------------------------------------------------------------------


@main.group(short_help="List, validate and test rule packs.")
def rules() -> None:
    """List, validate and test rule packs: the shipped ones, or yours given as PATHS."""


def _rules(count: int) -> str:
    return f"{count} rule" if count == 1 else f"{count} rules"


def _load(paths: tuple[Path, ...]) -> RuleSet:
    try:
        return load_packs(*paths) if paths else default_rules()
    except RulePackError as exc:
        raise click.ClickException(str(exc)) from None


@rules.command(name="list", short_help="List packs and rules: id, category, kind, why.")
@click.argument("paths", nargs=-1, type=EXISTING)
def list_rules(paths: tuple[Path, ...]) -> None:
    """List the packs in PATHS (files or folders; default: the shipped packs) and their
    rules: id, category, kind and why."""
    ruleset = _load(paths)
    id_width = max((len(r.id) for r in ruleset.rules), default=0)
    category_width = max((len(r.category) for r in ruleset.rules), default=0)
    pack = None
    for rule in ruleset.rules:
        if rule.pack != pack:
            pack = rule.pack
            count = sum(r.pack == pack for r in ruleset.rules)
            if rule is not ruleset.rules[0]:
                click.echo()
            click.secho(f"pack {pack} ({_rules(count)})", bold=True)
        click.echo(
            f"  {rule.id:<{id_width}}  {rule.category:<{category_width}}  "
            f"{rule.kind:<10}  {rule.why}"
        )


@rules.command(short_help="Check packs; errors name the file, rule and key.")
@click.argument("paths", nargs=-1, type=EXISTING)
def validate(paths: tuple[Path, ...]) -> None:
    """Check the packs in PATHS (files or folders; default: the shipped packs) against the
    schema: every error names the file, the rule and the key. Your rule ids must also
    differ from the shipped ones."""
    shipped = default_rules() if paths else None
    loaded, errors = validate_packs(*(paths or (default_pack_dir(),)), shipped=shipped)
    for file, count in loaded:
        click.echo(f"ok {file}: {_rules(count)}")
    for error in errors:
        click.secho(f"error {error}", fg="red", err=True)
    sys.exit(1 if errors else 0)


@rules.command(name="test", short_help="Run the rules' examples; --guards: are guards defended?")
@click.argument("paths", nargs=-1, type=EXISTING)
@click.option(
    "--guards",
    "check_guards",
    is_flag=True,
    help="Also take each guard (max_words, where, max_blocks, case_sensitive, a pattern's "
    "^ or $) away in turn and report those whose removal no example notices.",
)
def test_rules(paths: tuple[Path, ...], check_guards: bool) -> None:
    """Run the examples of every rule in PATHS (files or folders; default: the shipped
    packs): each `remove` example must go, each `keep` look-alike must stay, and each
    document must give its body. Exits 1 if any example fails, or with --guards if a
    guard is undefended."""
    ruleset = _load(paths)
    failed = total = 0
    for rule in ruleset.rules:
        for expect, number, example in examples(rule):
            total += 1
            if problem := check_example(rule, expect, example):
                failed += 1
                click.secho(f"FAIL {rule.id} {expect} example {number + 1}: {problem}", fg="red")
    verdict = f"{failed} failed" if failed else "all pass"
    click.echo(f"{total} examples of {_rules(len(ruleset.rules))}: {verdict}", err=True)
    loose = 0
    if check_guards:
        carried = 0
        for rule in ruleset.rules:
            carried += len(guards(rule))
            for guard in undefended(rule):
                loose += 1
                click.secho(f"UNDEFENDED {rule.id} {guard}: no example fails without it", fg="red")
        click.echo(f"{carried} guards: {loose} undefended", err=True)
    sys.exit(1 if failed or loose else 0)
