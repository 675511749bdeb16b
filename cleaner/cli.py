"""Command line: thin commands over the library (batch.py, explain.py, golden.py, ruleset.py).

Exit codes: 0 all went well, 1 something failed (a bad input, a changed golden file, an
invalid pack), 2 the command line itself is wrong.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from cleaner import batch, explain, golden, progress, records, site_pass, sources, stdio
from cleaner import report as report_module
from cleaner.markup import HTML_ENGINES
from cleaner.pipeline import Cleaner, UnknownName, default_rules
from cleaner.rule_examples import check_example, examples, guards, undefended
from cleaner.ruleset import (
    RulePackError,
    RuleSet,
    default_pack_dir,
    load_packs,
    validate_packs,
)
from cleaner.sites import BY, MIN_PAGES, SiteProfiles

F = TypeVar("F", bound=Callable[..., Any])


class ExitError(click.ClickException):
    """One line, "Error: ...", and the given exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


EXISTING = click.Path(exists=True, path_type=Path)


def _split(values: Iterable[str]) -> set[str]:
    """``--keep a --keep b,c`` -> {a, b, c}."""
    return {part.strip() for value in values for part in value.split(",") if part.strip()}


def _languages(values: Iterable[str], param: click.Parameter) -> frozenset[str]:
    codes = {code.lower() for code in _split(values)}
    if wrong := sorted(c for c in codes if not (len(c) == 2 and c.isascii() and c.isalpha())):
        raise click.BadParameter(f"not an ISO 639-1 code: {', '.join(wrong)}", param=param)
    return frozenset(codes)


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


def jobs_option(verb: str) -> Callable[[F], F]:
    """``-j/--jobs N``: how many processes the command's work is shared out to."""
    return click.option(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        callback=lambda ctx, param, value: _positive(value, param),
        help=f"Processes to {verb} in.  [default: all cores]",
    )


# Both commands clean (or explain) with the profiles `cleaner sites` wrote.
site_profiles_option = click.option(
    "--site-profiles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Use the site profiles `cleaner sites` wrote (what each site repeats on its pages).",
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
        click.option(
            "--html-engine",
            type=click.Choice(HTML_ENGINES),
            default="fast",
            show_default=True,
            help="How HTML becomes text: fast (lexbor, with the DOM's hints) or trafilatura.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def build_cleaner(
    packs: tuple[Path, ...],
    disable: Iterable[str],
    keep: Iterable[str],
    html_engine: str = "fast",
) -> Cleaner:
    """A Cleaner for the options, refusing names that match nothing (a typo would
    otherwise change nothing, silently)."""
    try:
        shipped = default_rules()
        rules = shipped + load_packs(*packs, shipped=shipped) if packs else shipped
    except RulePackError as exc:
        raise click.BadParameter(str(exc), param_hint="--rules") from None
    try:
        return Cleaner(rules, keep=_split(keep), disable=_split(disable), html_engine=html_engine)
    except UnknownName as exc:
        raise click.BadParameter(str(exc), param_hint=f"--{exc.option}") from None


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run `cleaner COMMAND --help` for a command's options.",
)
@click.version_option(package_name="cleaner")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Clean scraped news text: keep the article body, say what was removed and why.

    \b
      cleaner clean scraped/ -o clean/        bodies of every document, mirrored
      cleaner explain page.html               why each paragraph stayed or went
      cleaner check samples/ golden/          compare with checked outputs (for CI)
      cleaner rules list                      the rules, with their ids and reasons
    """
    if os.environ.get("NO_COLOR"):  # no-color.org: set and not empty means no colour
        ctx.color = False


# --- clean ----------------------------------------------------------------------------------


@main.command(short_help="Clean files and folders into an output folder.")
@click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, allow_dash=True, path_type=Path),
    metavar="OUT",
    help="Folder for the results; mirrors the inputs' folders. '-': standard output.",
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
    "--input-format",
    type=click.Choice(stdio.INPUT_FORMATS),
    default="auto",
    show_default=True,
    help="What standard input holds. auto: a document (format detected) or a WARC stream.",
)
@click.option(
    "--compress",
    type=click.Choice(["gz", "zst"]),
    default=None,
    help="Compress each output (not Parquet's, which compresses itself): a.txt.gz, b.jsonl.zst.",
)
@jobs_option("clean")
@click.option("--force", is_flag=True, help="Redo documents whose output is already up to date.")
@click.option(
    "--prune",
    is_flag=True,
    help="Remove stale outputs: those of inputs that are gone, or now written elsewhere.",
)
@click.option(
    "--wait", is_flag=True, help="If another run is writing to OUT, wait for it (else exit 2)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=batch.TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a document that takes longer, as failed, whatever it is doing (0: no limit).",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0),
    default=batch.MAX_SIZE // 1_000_000,
    show_default=True,
    metavar="MB",
    help="Refuse a larger document (a file, or a JSON Lines record), unread (0: no limit).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.html",
    help="Write an HTML page of what was removed: by category, by site, and the documents "
    "with the most removed, each shown block by block.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary; errors only.")
@click.option(
    "--sites",
    "sites_by",
    type=click.Choice(BY),
    default=None,
    help="Learn what each site repeats on its pages first, then clean with it. A site is "
    "an input folder's immediate subfolder (folder), or the host of a document's URL (url).",
)
@site_profiles_option
@click.option(
    "--languages",
    multiple=True,
    metavar="CODES",
    callback=lambda ctx, param, value: _languages(value, param),
    help="Keep only documents in these languages (ISO 639-1, comma-separated: de,fr); "
    "the others get no output and are counted as filtered.",
)
@pipeline_options
def clean(
    inputs: tuple[Path, ...],
    output: Path,
    output_format: str,
    text_field: str,
    input_format: str,
    compress: str | None,
    jobs: int | None,
    force: bool,
    prune: bool,
    wait: bool,
    timeout: float,
    max_size: float,
    report: Path | None,
    quiet: bool,
    sites_by: str | None,
    site_profiles: Path | None,
    languages: frozenset[str],
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
    html_engine: str,
) -> None:
    """Clean INPUTS (files, or folders searched recursively) into OUTPUT.

    Reads .txt, .md/.markdown, .html/.htm and .jsonl (one JSON record a line), each
    possibly gzipped (.gz); other files are skipped with a note. IN/a/b.md becomes
    OUTPUT/a/b.txt (or b.json); a .jsonl file becomes a .jsonl file of the same records,
    the text replaced by the body and the rest of the result under the key "cleaner".

    Outputs appear whole or not at all. OUTPUT/.cleaner/ records what each output was made
    from: a rerun skips an output while its input, the options, the rules and cleaner are
    unchanged, and redoes the rest, so an interrupted run picks up where it stopped (a JSON
    Lines file after its last record written); --force redoes everything. One run at a
    time writes to OUTPUT. A file that cannot be read, is larger than --max-size or takes
    longer than --timeout is reported in one line and the run goes on; the exit code is
    then 1. An output that cannot be written (a full disk) stops the run, exit code 1.

    With --sites, a first pass learns which blocks each site repeats on its pages (a site
    needs 5 pages); they go as site_boilerplate. The output does not depend on the order of
    the files or on --jobs.
    """
    cleaner = build_cleaner(packs, disable, keep, html_engine)
    cleaner.config = replace(cleaner.config, languages=languages)
    to_stdout, from_stdin = str(output) == "-", any(map(sources.is_stdin, inputs))
    if from_stdin and not to_stdout:
        raise click.BadParameter(
            "standard input is cleaned to standard output: -o -", param_hint="-o"
        )
    if report and to_stdout:
        raise click.BadParameter(
            "a report comes with an output folder (-o DIR)", param_hint="--report"
        )
    if any(p.is_dir() and sources.real(p) == sources.real(output) for p in inputs):
        raise click.BadParameter("the output folder cannot be an input folder", param_hint="-o")
    note = (lambda _: None) if quiet else (lambda message: click.echo(message, err=True))
    say = lambda message: click.echo(message, err=True)  # noqa: E731
    unreadable: list[str] = []

    def cannot_walk(folder: Path, problem: str) -> None:
        unreadable.append(f"{folder}: {problem}")
        say(unreadable[-1])

    files = [p for p in inputs if not sources.is_stdin(p)]
    found, passed = sources.discover(
        files, prune=None if to_stdout else output, on_error=cannot_walk
    )
    for path in passed:
        note(f"skipped {path}: not a format cleaner reads ({', '.join(sources.SUFFIXES)})")
    if not found and not from_stdin:
        files = f"{len(passed)} file" + ("s" if len(passed) != 1 else "")
        why = f"every input was skipped ({files})" if passed else "no files in the inputs"
        click.echo(f"nothing to clean: {why}", err=True)
        sys.exit(1)
    for problem in sorted({m for s in found if (m := sources.missing_extra(s.kind))}):
        raise click.ClickException(problem)
    if compress == "zst" and sources.zstandard is None:
        raise click.BadParameter(sources.NEEDS_ZSTD, param_hint="--compress")
    if to_stdout:
        stdin = [sources.Source(Path("-"), Path("-"))] if from_stdin else []
        _filter(
            cleaner,
            stdin + found,
            output_format,
            input_format,
            text_field,
            jobs,
            timeout,
            compress,
            note,
        )
        return
    try:
        jobs_list, warnings = batch.plan(found, output, output_format, compress)
    except batch.PlanError as exc:
        raise click.BadParameter(str(exc), param_hint="-o") from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        held = records.lock(output, wait, say)
    except records.Busy as exc:
        raise ExitError(f"{output}: {exc}; wait for it, or add --wait", 2) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write to {output}: {exc.strerror or exc}") from None
    pages = _report_of(report)

    def write_report() -> None:
        if report and pages is not None:
            report_module.write_batch_report(pages, report, cleaner, text_field)
            note(f"report: {report}")

    jobs = jobs or batch.available_cores()
    if site_profiles is not None:
        cleaner.site_profiles = _load_profiles(site_profiles, sites_by)
    elif sites_by is not None:
        cleaner.site_profiles = _learn(found, cleaner, sites_by, text_field, jobs, timeout, note)
    run = batch.Batch(
        cleaner,
        out_dir=output,
        output_format=output_format,
        text_field=text_field,
        jobs=jobs,
        force=force,
        prune=prune,
        timeout=timeout or None,
        max_size=int(max_size * 1e6) or None,
        progress=not quiet and sys.stderr.isatty(),
        progress_every=None if quiet or sys.stderr.isatty() else progress.EVERY,
        compress=compress,
        on_document=_reporter(pages, found) if pages is not None else None,
        say=say,
    )
    try:
        _run(run, jobs_list, note, len(passed), len(unreadable), write_report)
    finally:
        held.close()  # the lock: released at once (the tests run many commands in one process)


def _run(
    run: batch.Batch,
    jobs: list[batch.Job],
    note: Callable[[str], None],
    skipped: int,
    unreadable: int,
    after: Callable[[], None],
) -> None:
    try:
        summary = run.run(jobs)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # stopping already: let it exit cleanly
        click.echo("interrupted: run the same command again to go on", err=True)
        sys.exit(130)
    except OSError as exc:  # the output side: full disk, no permission
        message = str(exc) if isinstance(exc, batch.OutputError) else f"cannot write: {exc}"
        raise click.ClickException(f"{message} (the run stopped)") from None
    summary.skipped = skipped
    summary.failed += unreadable
    for line in summary.lines():
        note(line)
    after()
    sys.exit(1 if summary.failed else 0)


def _report_of(path: Path | None) -> report_module.BatchReport | None:
    return report_module.BatchReport() if path else None


def _reporter(
    pages: report_module.BatchReport, found: list[sources.Source]
) -> Callable[[Path, int | None, batch.Outcome], None]:
    """The batch's callback that notes each cleaned document for the report."""
    relative = {source.path: source.relative for source in found}

    def note(path: Path, number: int | None, outcome: batch.Outcome) -> None:
        unit = "line" if sources.kind(path) == sources.JSONL else "record"
        name = str(path) if number is None else f"{path}: {unit} {number}"
        site = report_module.site_of(outcome.url, relative.get(path, Path(path.name)))
        ref = (path, number, sources.format_for(path))
        pages.add(report_module.Entry(name, site, outcome.kept_chars, outcome.removed_chars, ref))

    return note


def _filter(
    cleaner: Cleaner,
    found: list[sources.Source],
    output_format: str,
    input_format: str,
    text_field: str,
    jobs: int | None,
    timeout: float,
    compress: str | None,
    note: Callable[[str], None],
) -> None:
    """``-o -``: clean the inputs, in order, to standard output (see `cleaner.stdio`)."""
    stdin_document = sources.is_stdin(found[0].path) and input_format == "auto"
    one_document = len(found) == 1 and (stdin_document or found[0].kind in sources.SUFFIX_FORMAT)
    run = stdio.Filter(
        cleaner,
        output_format=output_format,
        input_format=input_format,
        text_field=text_field,
        jobs=jobs or (1 if one_document else batch.available_cores()),
        timeout=timeout or None,
        compress=compress,
        say=lambda message: click.echo(message, err=True),
    )
    try:
        summary = run.run(found, sys.stdout.buffer)
    except stdio.PipeClosed:
        sys.exit(141)  # as a program killed by SIGPIPE: the reader has what it wanted
    except KeyboardInterrupt:
        sys.exit(130)
    for line in summary.lines():
        note(line)
    sys.exit(1 if summary.failed else 0)


def _load_profiles(folder: Path, by: str | None) -> SiteProfiles:
    try:
        profiles = SiteProfiles.load(folder)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--site-profiles") from None
    if by is not None and profiles.sites and profiles.by != by:
        raise click.BadParameter(
            f"{folder} holds sites grouped by {profiles.by}, not by {by}", param_hint="--sites"
        )
    return profiles


def _learn(
    found: list[sources.Source],
    cleaner: Cleaner,
    by: str,
    text_field: str,
    jobs: int,
    timeout: float,
    note: Callable[[str], None],
) -> SiteProfiles:
    started = time.perf_counter()
    profiles = site_pass.learn_sources(
        found, cleaner, by, text_field=text_field, jobs=jobs, timeout=timeout or None
    )
    learned = [p for p in profiles.sites.values() if p.learned]
    blocks = sum(len(p.counts) for p in learned)
    note(
        f"sites: {len(profiles.sites):,} found, {len(learned):,} with {MIN_PAGES} pages or more "
        f"learned ({blocks:,} recurring blocks) in {time.perf_counter() - started:.1f} s"
    )
    return profiles


# --- sites ----------------------------------------------------------------------------------


@main.command(short_help="Learn what each site repeats on its pages, into profiles.")
@click.argument("inputs", nargs=-1, required=True, type=EXISTING)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="PROFILES",
    help="Folder for the profiles: one SITE.json per site.",
)
@click.option(
    "--sites",
    "sites_by",
    type=click.Choice(BY),
    default="folder",
    show_default=True,
    help="A site is an input folder's immediate subfolder (folder), or a URL's host (url).",
)
@text_field_option
@jobs_option("read")
@pipeline_options
def sites(
    inputs: tuple[Path, ...],
    output: Path,
    sites_by: str,
    text_field: str,
    jobs: int | None,
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
    html_engine: str,
) -> None:
    """Learn from INPUTS which blocks each site repeats on its pages, and write one
    profile per site into PROFILES (block hashes and the number of pages each is on; no
    text). `cleaner clean --site-profiles PROFILES` cleans later crawls with them."""
    cleaner = build_cleaner(packs, disable, keep, html_engine)
    found, _ = sources.discover(inputs, prune=output)
    note = lambda message: click.echo(message, err=True)  # noqa: E731
    profiles = _learn(
        found, cleaner, sites_by, text_field, jobs or batch.available_cores(), 0, note
    )
    try:
        written = profiles.save(output)
    except OSError as exc:
        raise click.ClickException(f"cannot write the profiles: {exc}") from None
    note(f"wrote {len(written):,} profiles to {output}")


# --- explain --------------------------------------------------------------------------------


def _read_one(path: Path, record: int, text_field: str) -> tuple[str | bytes, str | None]:
    """The document to explain and its format: the file, or its record numbered ``record``
    (a line of JSON Lines, a record of a WARC file, a row of a Parquet file)."""
    kind = sources.kind(path) or ""
    if kind in sources.STREAMS:
        if problem := sources.missing_extra(kind):
            raise sources.InputError(problem)
        for number, item in sources.records(path, kind, text_field):
            if number == record:
                return sources.parse_record(item, text_field)[1], (
                    "html" if kind == sources.WARC else None
                )
        where = "on line" if kind == sources.JSONL else "numbered"
        raise sources.InputError(f"no record {where} {record}")
    return sources.read_bytes(path), sources.format_for(path)


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
    help="For a record stream: the line (JSON Lines), record (WARC) or row (Parquet) to explain.",
)
@text_field_option
@click.option(
    "--color/--no-color", default=None, help="Colour the output.  [default: on a terminal]"
)
@site_profiles_option
@click.option(
    "--site",
    metavar="NAME",
    help="The document's site in those profiles.  [default: the file's folder, or its URL's host]",
)
@click.option(
    "--html",
    "as_html",
    is_flag=True,
    help="Write one HTML page instead: the text with each removed block in place, coloured "
    "by category and labelled with its rule (cleaner explain page.html --html > report.html).",
)
@pipeline_options
def explain_command(
    file: Path,
    record: int,
    text_field: str,
    color: bool | None,
    site_profiles: Path | None,
    site: str | None,
    as_html: bool,
    packs: tuple[Path, ...],
    disable: tuple[str, ...],
    keep: tuple[str, ...],
    html_engine: str,
) -> None:
    """Show FILE block by block: kept or removed, in which category, and which rule or
    heuristic decided it (with the scores it read). This is how to find out why a
    paragraph went missing."""
    cleaner = build_cleaner(packs, disable, keep, html_engine)
    if site_profiles is not None:
        cleaner.site_profiles = _load_profiles(site_profiles, None)
        if site is None and cleaner.site_profiles.by == "folder":
            site = file.resolve().parent.name
    try:
        doc = cleaner.run(*_read_one(file, record, text_field), site=site)
    except sources.BAD_INPUT as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    if as_html:
        click.echo(report_module.document_page(doc, cleaner, str(file)), nl=False)
        return
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
    html_engine: str,
) -> None:
    """Clean every document in SAMPLES_DIR and compare it with its golden files in
    GOLDEN_DIR (one folder per document: a file per pipeline step, the body, what was
    removed, the metadata). Prints a unified diff for each change and exits 1 if any;
    --update writes the new outputs as the golden files instead."""
    cleaner = build_cleaner(packs, disable, keep, html_engine)
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
