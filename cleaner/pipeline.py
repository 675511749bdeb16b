"""The pipeline, declared once as a list of small stages, and the `Cleaner` that runs it.

decode -> extract -> repair -> markup -> segment -> rules -> regions -> features
-> neighbours -> article (settling rounds) -> assemble

Rules and heuristics meet at one boundary: the pipeline. The rules stage applies every rule
to the page; the heuristics find the article; the article stage (`settle`) applies the rules
bound to a head or a tail to the article's head and tail and lets the heuristics judge the
article's head, language and core again, in rounds, until a round removes nothing. The
heuristics never apply a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from os import PathLike

from cleaner.assemble import assemble
from cleaner.decode import decode
from cleaner.heuristics import CATEGORIES as HEURISTIC_CATEGORIES
from cleaner.heuristics import (
    Thresholds,
    features,
    neighbours,
    settle_core,
    settle_head,
    settle_language,
)
from cleaner.html_fast import label_by_hints
from cleaner.language_id import identify_blocks, selected
from cleaner.markup import FORMATS, HTML_ENGINES, detect_format, extract, has_tags, markup
from cleaner.model import BODY, Block, CleanResult, Document
from cleaner.regions import regions
from cleaner.repair import apply_options, fixes_for, option_fixes, repair
from cleaner.rule_kinds import (
    APPLY,
    EDITS_TEXT,
    PLACED,
    REGEX_TIMEOUT,
    RuleTimeout,
    View,
    place,
    triggers,
)
from cleaner.ruleset import Rule, RuleSet, default_pack_dir, load_packs
from cleaner.screen import Screen
from cleaner.segment import segment
from cleaner.sites import SiteProfiles, removed_any
from cleaner.sites import mark as mark_site_furniture


@dataclass(frozen=True)
class Config:
    """How a `Cleaner` runs. Frozen: one Cleaner, one behaviour."""

    keep: frozenset[str] = frozenset()  # categories left in the body (e.g. "caption")
    disable: frozenset[str] = frozenset()  # rule ids, pack names or categories turned off
    heuristics: bool = True
    thresholds: Thresholds = field(default_factory=Thresholds)
    ascii_quotes: bool = False  # curly quotes to ' and " in the output text
    normalization: str = "NFC"  # or "NFKC": full-width forms, ligatures, superscripts folded
    html_engine: str = "fast"  # or "trafilatura": how HTML becomes text (see markup.extract)
    # ISO 639-1 codes: a batch (cleaner clean --languages) writes only documents in these
    # languages and counts the others as filtered; empty: every language.
    languages: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        option_fixes(self.ascii_quotes, self.normalization)  # rejects an unknown form
        if self.html_engine not in HTML_ENGINES:
            raise ValueError(
                f"html_engine must be one of {', '.join(HTML_ENGINES)}, not {self.html_engine!r}"
            )


def _decode(doc: Document, cleaner: Cleaner) -> None:
    decode(doc)
    if doc.format is None or (doc.format == "html" and not has_tags(doc.text)):
        doc.format = detect_format(doc.text)


def _extract(doc: Document, cleaner: Cleaner) -> None:
    extract(doc, cleaner.config.html_engine)


def _repair(doc: Document, cleaner: Cleaner) -> None:
    repair(doc)


def _markup(doc: Document, cleaner: Cleaner) -> None:
    markup(doc)
    apply_options(doc, cleaner.config.ascii_quotes, cleaner.config.normalization)


def _segment(doc: Document, cleaner: Cleaner) -> None:
    # Paragraphs joined from lines are repaired as the whole text was, options included.
    options = option_fixes(cleaner.config.ascii_quotes, cleaner.config.normalization)
    segment(doc, fixes_for(doc.format) + options)


def _for_language(rules: tuple[Rule, ...], doc: Document) -> tuple[Rule, ...]:
    """The ``rules`` written for the document's language, and the neutral ones."""
    return selected(rules, doc.language_code, doc.language_score)


def _rules(doc: Document, cleaner: Cleaner) -> None:
    label_by_hints(doc)  # the DOM's strongest hints decide first (fast HTML engine only)
    # Rules search open blocks only, so closed ones (the DOM's furniture) are not screened,
    # nor read for the language.
    open_blocks = [b for b in doc.blocks if b.is_open]
    # The document's language selects the rules written for it (and the neutral ones).
    doc.language_code, doc.language_score = identify_blocks(open_blocks)
    page, screen = View.page(doc), cleaner.screen
    # A rule none of whose triggers can match an open block is skipped whole.
    for rule in screen.firing(_for_language(cleaner.rules.rules, doc), open_blocks):
        _apply(rule, page)
    if not cleaner.config.keep and not EDITS_TEXT:  # the article's blocks are these, as read
        placed = _for_language(cleaner.placed_rules, doc)
        doc.settle_rules = frozenset(map(id, screen.firing(placed, open_blocks)))
    if cleaner.site_profiles is not None:  # before the heuristics: see sites.py
        mark_site_furniture(doc, cleaner.site_profiles, partial(_anchors_a_rule, cleaner))


def _anchors_a_rule(cleaner: Cleaner, block: Block) -> bool:
    """Whether a rule that looks again at the article's head or tail (`settle`) may start
    on the block: a section or tail it starts is more than the block, so it stays for it."""
    for rule in cleaner.placed_rules:
        if rule.kind in ("section", "comments"):
            text = block.raw if rule.match_raw else block.text
            for pattern in triggers(rule) or ():
                try:
                    if pattern.search(text, timeout=REGEX_TIMEOUT):
                        return True
                except TimeoutError:
                    return True
    return False


def _apply(rule: Rule, view: View) -> None:
    try:
        APPLY[rule.kind](rule, view)
    except RuleTimeout as exc:  # a runaway pattern costs its rule, not the document
        view.doc.warnings.append(str(exc))


def _regions(doc: Document, cleaner: Cleaner) -> None:
    if cleaner.config.heuristics:
        regions(doc, cleaner.config.keep)


def _features(doc: Document, cleaner: Cleaner) -> None:
    if cleaner.config.heuristics:
        features(doc, cleaner.config.thresholds)


def _neighbours(doc: Document, cleaner: Cleaner) -> None:
    if cleaner.config.heuristics:
        neighbours(doc, cleaner.config.thresholds)


ARTICLE = "article"  # the stage that settles the article: what it removes records it
SETTLE_ROUNDS = 20  # rounds at most; each after the first follows one that removed a block


def _article(doc: Document, cleaner: Cleaner) -> None:
    if cleaner.config.heuristics:
        settle(doc, cleaner)


def settle(doc: Document, cleaner: Cleaner) -> None:
    """Settle what depends on where a block stands on what stays body: the body, cleaned
    again, is a document of its own, and a second pass must find nothing more to remove.
    Each round applies the rules bound to a head or a tail to the article's head and tail
    (the page around the article had pushed them out of their window), then the heuristics
    judge the article's head (`settle_head`), its language (`settle_language`) and its core
    (`settle_core`) again; rounds go on while one removes a block, `SETTLE_ROUNDS` at most.
    ``doc.settled`` records how many blocks each round removed (the last round, 0, found
    the article settled)."""
    t = cleaner.config.thresholds
    rules = _for_language(cleaner.placed_rules, doc)
    body = _body(doc)
    for _ in range(SETTLE_ROUNDS):
        _article_rules(doc, cleaner, rules, body)
        settle_head(doc, t, ARTICLE)
        settle_language(doc, t)
        settle_core(doc, t, ARTICLE)
        before, body = len(body), _body(doc)
        doc.settled.append(before - len(body))
        if len(body) == before:
            return


def _body(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.label == BODY]


def _article_rules(
    doc: Document, cleaner: Cleaner, rules: tuple[Rule, ...], body: list[Block]
) -> None:
    """Apply ``rules`` (bound to a head or a tail) to the article, ``body``, as if it were
    the whole document: each reads the article's head or tail. A rule that timed out has
    cost its rule already; one whose patterns match nothing in its place is skipped."""
    if doc.settle_rules is not None:  # only those that may match a block of the page
        rules = tuple(rule for rule in rules if id(rule) in doc.settle_rules)
        if not rules:
            return
    view, screen = View(doc, body, ARTICLE), cleaner.screen
    # Each place (the head, the tail) screened once for all the rules (`Screen.firing`);
    # after a rule that edits text, again for the rules after it, which read what it left.
    firing: dict[range, set[int]] = {}  # place -> ids of the rules that may fire there
    for k, rule in enumerate(rules):
        if doc.warnings and str(RuleTimeout(rule)) in doc.warnings:
            continue
        where = place(rule, len(body))
        if where not in firing:
            firing[where] = set(map(id, screen.firing(rules, [body[i] for i in where], k)))
        if id(rule) in firing[where]:
            _apply(rule, view)
            if rule.kind in EDITS_TEXT:
                firing.clear()


def _assemble(doc: Document, cleaner: Cleaner) -> None:
    assemble(doc, cleaner.config.keep)


Stage = Callable[[Document, "Cleaner"], None]

STAGES: tuple[tuple[str, Stage], ...] = (
    ("decode", _decode),
    ("extract", _extract),
    ("repair", _repair),
    ("markup", _markup),
    ("segment", _segment),
    # DOM hints, the language, then every rule on the page (a rule bound to the head or
    # tail reads the page's)
    ("rules", _rules),
    ("regions", _regions),  # comment threads, teaser lists, captions: by shape
    ("features", _features),  # the headline; each block's features and class alone
    ("neighbours", _neighbours),  # the article's core; the rest revised by neighbours
    ("article", _article),  # head/tail rules on the article's head and tail, core: settled
    ("assemble", _assemble),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)

Trace = Callable[[str, Document], None]


class UnknownName(ValueError):
    """A ``keep`` category or ``disable`` name that matches nothing: a typo would otherwise
    change nothing, silently. ``option`` says which of the two."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(message)


def check_names(rules: RuleSet, keep: Iterable[str], disable: Iterable[str]) -> None:
    """Raise `UnknownName` for a ``disable`` name that is no rule id, pack or category of
    ``rules``, or a ``keep`` name that is no category a rule or heuristic gives."""
    categories = {r.category for r in rules.rules}
    names = categories | {r.id for r in rules.rules} | {r.id.split(".")[0] for r in rules.rules}
    if unknown := sorted(set(disable) - names):
        raise UnknownName(
            "disable",
            f"no rule, pack or category called {', '.join(unknown)} (see `cleaner rules list`)",
        )
    known = categories | set(HEURISTIC_CATEGORIES)
    if unknown := sorted(set(keep) - known):
        raise UnknownName(
            "keep",
            f"no category called {', '.join(unknown)}; categories: {', '.join(sorted(known))}",
        )


def _document_data(data: object) -> str | bytes:
    """The document as str or bytes; a TypeError that says what to pass instead."""
    if isinstance(data, str | bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    if isinstance(data, PathLike):
        raise TypeError(
            f"clean() takes the document's text or bytes, not a path: "
            f"read it first (Path({str(data)!r}).read_bytes())"
        )
    raise TypeError(f"clean() takes the document's text (str) or bytes, not {type(data).__name__}")


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped packs, loaded and compiled once per process."""
    return load_packs(default_pack_dir())


class Cleaner:
    """A configured cleaner: rule packs plus options. Cheap to call, safe to pickle.

    >>> from cleaner import Cleaner
    >>> Cleaner(keep={"caption"}).clean("Text.\\n\\nMore text.").body
    'Text.\\n\\nMore text.'
    """

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        packs: str | PathLike[str] | Iterable[str | PathLike[str]] = (),
        keep: Iterable[str] = (),
        disable: Iterable[str] = (),
        config: Config | None = None,
        html_engine: str | None = None,
        site_profiles: SiteProfiles | None = None,
    ) -> None:
        config = config or Config()
        config = replace(
            config, keep=config.keep | frozenset(keep), disable=config.disable | frozenset(disable)
        )
        if html_engine is not None:  # "fast" or "trafilatura" (see Config.html_engine)
            config = replace(config, html_engine=html_engine)
        ruleset = rules if rules is not None else default_rules()
        if isinstance(packs, str | PathLike):  # one location, not its characters
            packs = [packs]
        if packs:
            ruleset = ruleset + load_packs(*packs, shipped=ruleset)
        check_names(ruleset, config.keep, config.disable)
        self.rules = ruleset.without(set(config.disable)) if config.disable else ruleset
        # Rules bound to the head or tail look again at the article's (`settle`).
        self.placed_rules = tuple(r for r in self.rules.rules if r.where in PLACED)
        self.config = config
        self.site_profiles = site_profiles  # what each site repeats (see cleaner.sites)
        self._screen: Screen | None = None

    @property
    def screen(self) -> Screen:
        """The rules' patterns screened together (see `cleaner.screen`); built on first use,
        and again after unpickling, since RE2 objects do not pickle."""
        if self._screen is None:
            self._screen = Screen(self.rules.rules)
        return self._screen

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_screen": None}

    def run(
        self,
        data: str | bytes,
        format: str | None = None,
        trace: Trace | None = None,
        site: str | None = None,
    ) -> Document:
        """Run every stage; ``trace(stage, doc)`` is called after each one. ``site`` names
        the document's site for the Cleaner's ``site_profiles``."""
        if format is not None and format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        doc = self._run(data, format, trace, site)
        assert doc.result is not None
        if not doc.result.body and removed_any(doc):  # site learning never empties a body
            plain = copy(self)
            plain.site_profiles = None
            doc = plain._run(data, format, trace, site)
        return doc

    def _run(
        self, data: str | bytes, format: str | None, trace: Trace | None, site: str | None
    ) -> Document:
        doc = Document(data=_document_data(data), format=format, site=site)
        for name, stage in STAGES:
            stage(doc, self)
            if trace is not None:
                trace(name, doc)
        return doc

    def clean(
        self, data: str | bytes, format: str | None = None, site: str | None = None
    ) -> CleanResult:
        """Clean one document (text, Markdown or HTML; str or bytes), of ``site`` when the
        Cleaner has learned site profiles (see `cleaner.sites`)."""
        result = self.run(data, format, site=site).result
        assert result is not None
        return result


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    return Cleaner()


def clean(data: str | bytes, format: str | None = None) -> CleanResult:
    """Clean one document with the default rules.

    >>> from cleaner import clean
    >>> result = clean("Support The Moscow Times!\\n\\nThe ministry said on Thursday that it "
    ...                "would answer the request within a week.")
    >>> result.body
    'The ministry said on Thursday that it would answer the request within a week.'
    >>> result.removed[0].category
    'donation_appeal'
    """
    return default_cleaner().clean(data, format)
