"""``cleaner explain``: a document block by block, with what decided each block.

For a rule, its id and its ``why``; for a heuristic, its reason and the scores it read.
Lines come styled for a terminal; ``click.echo`` drops the styles when output is piped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import click

from cleaner import html_fast, knowledge
from cleaner.model import BODY, BOILERPLATE, COMMENT, META, Block, Document
from cleaner.pipeline import Cleaner
from cleaner.regions import REGION_REASONS
from cleaner.sites import STAGE as SITES_STAGE

COLOUR = {BODY: "green", BOILERPLATE: "red", COMMENT: "yellow", META: "cyan"}
WIDTH = 100
INDENT = "     "

# Heuristics that decide without scores, and the first pass's classes (heuristics.classify):
# what explain says of them is data, in rules/data/reasons.yaml.
_REASONS = knowledge.reasons()["decisions"]
_CLASSES = knowledge.reasons()["classes"]


def _scores(scores: dict[str, object]) -> str:
    def number(name: str, fmt: str) -> str:
        value = scores.get(name)
        return format(value, fmt) if isinstance(value, float) and value >= 0 else "-"

    ending = "ends like a sentence" if scores.get("terminal") else "no sentence ending"
    return (
        f"chars {number('chars', '.0f')}, words {number('words', '.0f')}, "
        f"stop words {number('stop_density', '.2f')}, links {number('link_density', '.2f')}, "
        f"{ending}"
    )


def _passes(block: Block) -> str:
    """What the two classification passes made of a block."""
    alone = block.scores.get("pass1")
    if alone is None:
        return "no rule or heuristic took it"
    first = _CLASSES.get(str(alone), str(alone))
    second = block.scores.get("why")
    return f"{first}; then {second}" if second else first


def _heuristic_reason(block: Block) -> str:
    name = block.decided_by.removeprefix("heuristic:")
    return _REASONS.get(name) or _passes(block)


def _verdict(block: Block, cleaner: Cleaner) -> tuple[str, str]:
    """(who decided, why) for one block."""
    if block.decided_by.startswith("heuristic:"):
        who, why = block.decided_by, _heuristic_reason(block)
    elif block.stage == SITES_STAGE:  # "on 37 of 40 pages of example.com"
        who, why = block.decided_by, f"the site's furniture: {block.scores.get('why', '')}"
    elif block.decided_by.startswith("dom:"):  # the fast HTML engine's hints
        who, why = f"markup {block.decided_by}", html_fast.why(block)
    elif block.decided_by.startswith("region:"):
        who, why = (
            block.decided_by,
            REGION_REASONS.get(block.decided_by.removeprefix("region:"), ""),
        )
    elif block.decided_by:
        rule = next((r for r in cleaner.rules.rules if r.id == block.decided_by), None)
        who, why = f"rule {block.decided_by}", rule.why if rule else ""
    else:
        return "", _passes(block)
    if block.category in cleaner.config.keep:
        why += f" (but kept: --keep {block.category})"
    return who, why


def explain_block(block: Block, cleaner: Cleaner, width: int = WIDTH) -> Iterator[str]:
    kept = block.label == BODY or block.category in cleaner.config.keep
    label = "kept" if block.label == BODY else block.label
    head = f"[{block.index:02d}] {label:<11} {block.category or '-':<16}"
    who, why = _verdict(block, cleaner)
    shape = "" if block.kind == "paragraph" else f" ({block.kind})"
    line = f"{head} {who}{shape}".rstrip()
    yield click.style(line[: len(head)], fg=COLOUR.get(block.label), bold=True) + line[len(head) :]
    yield click.style(f"{INDENT}why: {why}", dim=True)
    if "chars" in block.scores:
        yield click.style(f"{INDENT}scores: {_scores(block.scores)}", dim=True)
    text = textwrap.fill(
        block.text or "(empty)", width, initial_indent=INDENT, subsequent_indent=INDENT
    )
    yield text if kept else click.style(text, dim=True)


def explain(doc: Document, cleaner: Cleaner, name: str, width: int = WIDTH) -> Iterator[str]:
    """The lines of ``cleaner explain`` for a document that has been through the pipeline."""
    result = doc.result
    assert result is not None
    kept = result.stats["body_blocks"]
    yield click.style(name, bold=True) + (
        f"  format {doc.format}, encoding {doc.encoding}, language {doc.language or '-'}: "
        f"{len(doc.blocks)} blocks, {kept} kept"
    )
    for field in ("title", "authors", "date", "source", "url"):
        value = getattr(result, field)
        if value:
            yield f"{field}: {', '.join(value) if isinstance(value, list) else value}"
    if doc.settled:  # the article stage's rounds (pipeline.settle)
        rounds = ", ".join(map(str, doc.settled))
        plural = "s" if len(doc.settled) != 1 else ""
        yield f"article settled in {len(doc.settled)} round{plural} (blocks removed: {rounds})"
    for block in doc.blocks:
        yield ""
        yield from explain_block(block, cleaner, width)
    if doc.removed:
        yield ""
        yield click.style("cut out of kept blocks:", bold=True)
        for removed in doc.removed:
            yield f"{INDENT}{removed.text!r}  {removed.category}, rule {removed.rule}"
    if result.comments:
        yield ""
        yield f"{len(result.comments)} reader comments set apart"
    for warning in doc.warnings:
        yield click.style(f"warning: {warning}", fg="yellow")
