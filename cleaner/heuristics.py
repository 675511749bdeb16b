"""Heuristics for what no rule names, in the manner of jusText.

Each open block gets measured features (length, stop-word density, link density, terminal
punctuation, position, repetition). Classification runs in two visible passes, two stages
of the pipeline: a context-free class from the features alone (`features`), then a
revision of the uncertain blocks by where they stand and by their neighbours
(`neighbours`). Both classes stay on the block (``scores``) for ``cleaner explain``.
`settle_head` and `settle_core` judge again what stays body; the pipeline runs them in
its settling rounds. No function here applies a rule.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
from dataclasses import dataclass

import numpy
import regex

from cleaner import knowledge, language, threads
from cleaner.heads import AGO, lone_dateline, opens_with_dateline
from cleaner.model import BODY, BOILERPLATE, META, Block, Document, ascii_words, words

FEATURES, NEIGHBOURS = "features", "neighbours"  # the stages of the two passes
_NOT_LETTER = re.compile(r"[\W\d_]+")
_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_CAPITALS = string.ascii_uppercase.encode()
_TERMINAL = frozenset(".!?…。！？」』\"”’')]")  # what a sentence's last character may be
# A headline does not end like a sentence or a clause ("?" it may: questions are headlines),
# nor trail off ("…" as "..." does: the line goes on), not even a quoted one (a motto's
# '"... we waste."' with its footnote mark), nor hold two sentences ("... its advertiser.
# All opinions are mine").
# Read in two parts (`_ends_unlike_a_title`): the line's end off its last four characters
# (three, and the final newline "$" passes over), and the two sentences only where a stop
# and a space stand; one search for both tried "\p{Ll}{3}" at every character of the line.
_TITLE_TAIL = regex.compile(r"[.,;:!…。！]$|[.…][\"”’»«]\d?$")
_TWO_SENTENCES = regex.compile(r"\p{Ll}{3}[.!?] +\p{Lu}")
# A block whose first word is written in lower case ("for the recipe ...", not "iPhone" nor
# "https://...") carries on a sentence the block before it began: no headline, and part of
# its neighbour.
_LOWER_START = regex.compile(r"[^\w\s]*\s?\p{Ll}+\s")


@dataclass(frozen=True)
class Thresholds:
    """Named thresholds; lengths are in characters (words would fail unspaced scripts)."""

    short_chars: int = 40  # below: too short to judge alone, neighbours decide
    short_words: int = 5  # fewer words: likewise
    sentence_words: int = 10  # a sentence this long, ending like one, is prose
    long_chars: int = 150  # above: long enough to be body on its own words
    stop_low: float = 0.30  # stop-word share of prose (jusText's lists are broad)
    max_link_density: float = 0.5  # more of the text inside links than this: a link list ...
    max_prose_link_density: float = 0.8  # ... unless the block is long prose
    prose_words: int = 30  # a block this long is judged as prose for its links
    shout_caps: float = 0.9  # share of capital letters ...
    shout_words: int = 10  # ... in a prose block this long: shouting (not a subheading)
    title_max_words: int = 25  # a longer first block is a paragraph, not a headline
    title_head_blocks: int = 3  # the headline is among the first open blocks
    min_good_share: float = 0.3  # good blocks must hold this share of the text to anchor


GOOD, NEAR, SHORT, LINKS, BAD = "good", "near", "short", "links", "bad"
CATEGORIES = ("title", "repeated", "link_list", "low_text")  # what heuristics label blocks as


def _key(text: str) -> str:
    return " ".join(words(text))


def count_letters(text: str) -> tuple[int, int, int]:
    """(letters, capitals, alphabetic characters) of a text. Letters are word characters
    that are not digits or ``_``; capitals and alphabetic ones are str.isupper and
    str.isalpha, as the caps feature counts them.

    >>> count_letters("Café 42_!"), count_letters("-- 12 --"), count_letters("ÉTÉ 2²")
    ((4, 1, 4), (0, 0, 0), (4, 3, 3))
    """
    if ascii_words(text):  # most blocks: bytes.translate counts them without a regex
        ascii_text = text.encode("ascii", "replace")
        letters = len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))
        return letters, len(ascii_text) - len(ascii_text.translate(None, _ASCII_CAPITALS)), letters
    # Other text: each UTF-16 code unit's classes looked up in a table and counted in C
    # (a Python loop over the words cost 40 us for a line of 300 characters, this 10).
    units = numpy.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=numpy.uint16)
    table, totals = _class_table()
    counts = numpy.bincount(table[units], minlength=_CLASSES) @ totals
    if not counts[3]:  # no surrogate: each code unit is a character
        return int(counts[0]), int(counts[1]), int(counts[2])
    # Characters beyond the BMP (rare): letters and alphabetic characters are word
    # characters, counted token by token with whole-string tests; only capitals can also
    # stand outside words ("Ⓐ").
    parts = _WORD_SPLIT.split(text)
    between = "".join(parts[0::2])
    letters = alphabetic = 0
    capitals = 0 if between.isascii() else sum(map(str.isupper, between))
    for token in parts[1::2]:
        if token.isalpha():  # the usual word
            letters += len(token)
            alphabetic += len(token)
        else:  # digits, "_" or numerals in it
            letters += len(_NOT_LETTER.sub("", token))
            alphabetic += sum(map(str.isalpha, token))
        if not token.islower():  # lower-case words, most of them, hold no capital
            capitals += sum(map(str.isupper, token))
    return letters, capitals, alphabetic


_LETTER, _CAPITAL, _ALPHA, _SURROGATE = 1, 2, 4, 8  # a code unit's classes, as bits
_CLASSES = 16


@functools.cache
def _class_table() -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each BMP code unit's classes (`_LETTER`: a word character that is no digit nor
    ``_``, as `_NOT_LETTER` reads them; `_CAPITAL`: str.isupper; `_ALPHA`: str.isalpha;
    `_SURROGATE`: half of a character beyond the BMP), and the matrix that turns counts
    of each combination of classes into (letters, capitals, alphabetic, surrogates)."""
    chars = "".join(map(chr, range(0x10000)))
    letter = bytes(_NOT_LETTER.fullmatch(c) is None for c in chars)
    table = (
        numpy.frombuffer(letter, dtype=numpy.uint8) * _LETTER
        + numpy.frombuffer(bytes(map(str.isupper, chars)), dtype=numpy.uint8) * _CAPITAL
        + numpy.frombuffer(bytes(map(str.isalpha, chars)), dtype=numpy.uint8) * _ALPHA
    ).astype(numpy.uint8)
    table[0xD800:0xE000] = _SURROGATE  # no class of its own: the pair is read apart
    bits = numpy.arange(_CLASSES)[:, None] & numpy.array([_LETTER, _CAPITAL, _ALPHA, _SURROGATE])
    return table, (bits > 0).astype(numpy.int64)


_CASED_WORD = re.compile(r"[^\W\d_]{4,}")


def headline_case(text: str, fewest: int = 3) -> float:
    """Share of the longer words that start with a capital: near 1 for English headlines;
    0 with fewer than ``fewest`` such words, too few to tell.

    >>> headline_case("Jonas Brothers Added to 2019 American Music Awards Lineup")
    1.0
    >>> round(headline_case("The council voted on Monday to keep the library open."), 2)
    0.17
    """
    words = [w for w in _CASED_WORD.findall(text) if w[0].isupper() or w[0].islower()]
    return sum(w[0].isupper() for w in words) / len(words) if len(words) >= fewest else 0.0


# Chinese and Japanese characters; about two of them make a word.
_UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSPACED_WORD_CHARS = 2


def count_words(text: str, tokens: list[str], unspaced: bool) -> int:
    """Words of a block. Chinese and Japanese write no spaces, so a ``\\w+`` token there is a
    clause: its characters are counted instead, two to a word.

    >>> count_words("市政府今天宣布扩建公园。", ["市政府今天宣布扩建公园"], True)
    5
    >>> count_words("City hall (EU) said", ["city", "hall", "eu", "said"], False)
    4
    """
    if not unspaced:
        return len(tokens)
    chars = len(_UNSPACED_CHAR.findall(text))
    spaced = sum(1 for token in tokens if not _UNSPACED_CHAR.search(token))
    return spaced + chars // UNSPACED_WORD_CHARS


def measure(
    block: Block, stops: frozenset[str], unspaced: bool, noun_case: bool = False
) -> dict[str, float]:
    """A block's features. ``noun_case``: the language capitalises every noun (German),
    so a line's capitals do not tell a headline from a noun-laden line of prose."""
    text, tokens = block.text, block.words  # tokens cached on the block
    length = len(text) * (2 if unspaced else 1)  # one CJK character carries about a word's worth
    terminal = text.rstrip()[-1:] in _TERMINAL
    hits = sum(map(stops.__contains__, tokens))
    letters, capitals, alphabetic = count_letters(text)
    return {
        "chars": float(length),
        "words": float(count_words(text, tokens, unspaced)),
        "stop_density": hits / len(tokens) if tokens and stops else -1.0,
        "link_density": block.link_chars / len(text) if text else 0.0,
        "terminal": float(terminal),
        "letters": float(letters),
        "emoticon": float(not letters and text.strip() in knowledge.emoticons()),
        "prose": float(block.kind in ("paragraph", "list_item", "quote")),
        # The cheap tests first: most blocks are long or end like sentences. Apart from
        # the regions' headline tests on purpose (`regions._headline_words` says why).
        "headline": float(
            not terminal and not noun_case and len(tokens) <= 25 and headline_case(text) >= 0.8
        ),
        "caps": capitals / max(alphabetic, 1),
    }


def classify(scores: dict[str, float], t: Thresholds) -> str:
    """Context-free class from a block's own features."""
    if scores["letters"] == 0:  # an emoticon is a word of the prose it stands in
        return SHORT if scores["emoticon"] else BAD
    if scores["caps"] >= t.shout_caps and scores["words"] >= t.shout_words and scores["prose"]:
        return BAD  # a sentence in capitals is a promo or a teaser, not article prose
    # Long prose may carry many inline links (names, hover cards); lists of links are short.
    link_limit = t.max_link_density if scores["words"] < t.prose_words else t.max_prose_link_density
    if scores["link_density"] > link_limit:
        return LINKS
    stop = scores["stop_density"]
    sentence_like = scores["terminal"] and scores["words"] >= 3 and stop != 0
    if (scores["chars"] < t.short_chars or scores["words"] < t.short_words) and not sentence_like:
        return SHORT
    if stop < 0:  # no stop list for this language: length and punctuation must do
        prose = scores["terminal"] and scores["chars"] >= t.short_chars * 2
        return GOOD if prose or scores["chars"] >= t.long_chars else NEAR
    sentence = scores["terminal"] and scores["words"] >= t.sentence_words
    if stop >= t.stop_low and (sentence or scores["chars"] >= t.long_chars):
        return GOOD
    return NEAR


def _anchors(blocks: list[Block], classes: list[str], step: int) -> list[str]:
    """Each block's nearest decided neighbour on one side (``step`` -1: before it, 1: after
    it): good or bad. Removed blocks and the document's edges count as bad; metadata (a
    byline, a date) is passed over, as the core passes it. One pass for every block: walked
    from each block in turn, a long run of undecided blocks cost its length squared."""
    order = range(len(blocks)) if step < 0 else range(len(blocks) - 1, -1, -1)
    found, nearest = [BAD] * len(blocks), BAD  # the edge, until a decided block is passed
    for i in order:
        found[i] = nearest
        if blocks[i].label == META:  # a byline or a date: passed over
            continue
        if blocks[i].label != BODY:
            nearest = BAD
        elif classes[i] in (GOOD, BAD, LINKS):
            nearest = GOOD if classes[i] == GOOD else BAD
    return found


def _outside_body(blocks: list[Block], classes: list[str], j: int) -> bool:
    return not 0 <= j < len(blocks) or blocks[j].label != BODY or classes[j] in (BAD, LINKS)


# How much each class counts towards the article's core, per character of text.
_CORE_WEIGHT = {GOOD: 1.0, NEAR: 0.3, SHORT: -0.3, LINKS: -1.0, BAD: -1.0}
_LINK_BREAK = 150.0  # chars of prose a run of links costs on top of its own length


CORE_KEEP_SHARE = 0.6  # a candidate region this close to the best one's score is article too


def _neutral(block: Block) -> bool:
    """Metadata (a byline, a date) and captions stand inside the article: taken out, they
    neither count for the core nor break it."""
    return block.label == META or block.category == "caption"


def candidate_cores(blocks: list[Block], classes: list[str]) -> list[tuple[int, int, float]]:
    """Candidate article regions: each run of blocks whose article-like text outweighs
    what breaks it (prose counts for it, links and removed blocks against it, metadata
    neither), as
    ``(start, end, score)``: the best span of each stretch between two breaks, in the
    manner of Body Text Extraction's maximum-sum span, but one per stretch."""
    spans: list[tuple[int, int, float]] = []
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, (block, cls) in enumerate(zip(blocks, classes, strict=True)):
        if _neutral(block):
            continue
        weight = _CORE_WEIGHT[cls] if block.label == BODY else -1.0
        total += weight * max(len(block.text), 1)
        if cls == LINKS and (i == 0 or classes[i - 1] != LINKS):
            total -= _LINK_BREAK  # a run of links breaks the text however short it is
        if total <= 0:
            if best > 0:
                spans.append((*best_span, best))
            best, total, start = 0.0, 0.0, i + 1
        elif total > best:
            best, best_span = total, (start, i)
    if best > 0:
        spans.append((*best_span, best))
    return spans


def find_cores(blocks: list[Block], classes: list[str]) -> list[tuple[int, int]]:
    """The article's regions: the best candidate (`candidate_cores`) and any candidate
    before it that scores nearly as well (`CORE_KEEP_SHARE`), stands under the byline or
    holds the page's dateline (`_dated`). A page's footer note or promo that outweighs a
    short article must not take its place alone; after the best region, though, come the
    page's other stories and notes, never the article's start."""
    spans = candidate_cores(blocks, classes)
    if not spans:
        return []
    best = max(range(len(spans)), key=lambda k: spans[k][2])
    top, first = spans[best][2], spans[best][0]
    kept = []
    for a, b, score in spans[: best + 1]:
        if score >= CORE_KEEP_SHARE * top or _under_byline(blocks, classes, a, b):
            kept.append((a, b))
        elif score >= DATED_KEEP_SHARE * top and (date := _dated(blocks, classes, a, b, first)):
            kept.append((max(a, date + 1), b))
    return [_attached(blocks, classes, a, b) for a, b in kept]


def _under_byline(blocks: list[Block], classes: list[str], start: int, end: int) -> bool:
    """Whether a region stands right under the article's byline, with only what rules
    removed between them (a share bar): the article's opening, however short it is
    beside a longer region after it (an author's note, a second story)."""
    i = start - 1
    while i >= 0 and blocks[i].label not in (BODY, META):
        i -= 1
    return i >= 0 and blocks[i].category == "byline" and GOOD in classes[start : end + 1]


DATED_HEAD_BLOCKS = 4  # blocks between a dateline and the prose it dates: a headline, a link
# A dated region this share of the best one's score at least is the dated post; a shorter
# one beside a long region is a lead-in to it (a deck, a video's date), not the article.
DATED_KEEP_SHARE = 0.1


def _dated(blocks: list[Block], classes: list[str], start: int, end: int, best: int) -> int:
    """Where the page's one dateline stands, when a region holds it or stands a few blocks
    under it (a blog post's date, then its linked title); else 0. The region from there
    is the dated post, however short it is beside a sidebar's longer text after it (an
    author's profile, an archive); what stands above the date in it is the masthead's
    (a blog's motto) or the byline's. Dates on several items before ``best``, where the
    best region starts, are a list's (videos, other stories), not the article's."""
    dates = [
        i
        for i in range(max(start - DATED_HEAD_BLOCKS, 0), best)
        if blocks[i].label == META and blocks[i].category == "date"
    ]
    if len(dates) != 1 or dates[0] > end or GOOD not in classes[dates[0] + 1 : end + 1]:
        return 0
    return dates[0]


def _attached(blocks: list[Block], classes: list[str], start: int, end: int) -> tuple[int, int]:
    """A region widened by the start of a sentence it opens in, the rest of a list it ends
    in and the emoticons that close it."""
    end = _list_end(blocks, classes, end)
    return _sentence_start(blocks, classes, start), _signed_off(blocks, end)


def _signed_off(blocks: list[Block], end: int) -> int:
    """Where a region that a writer closes with an emoticon (a line of its own, ":-)")
    ends: the emoticon is the last word of the region's prose, however short."""
    while (
        end + 1 < len(blocks)
        and blocks[end + 1].label == BODY
        and blocks[end + 1].scores.get("emoticon")
    ):
        end += 1
    return end


def _list_end(blocks: list[Block], classes: list[str], end: int) -> int:
    """Where a region that ends inside a list ends: a list is one piece of the article, so
    the items after the region's last one go with it, up to the list's end or a link."""
    while (
        end + 1 < len(blocks)
        and blocks[end].kind == blocks[end + 1].kind == "list_item"
        and blocks[end + 1].label == BODY
        and classes[end + 1] not in (BAD, LINKS)
    ):
        end += 1
    return end


def _sentence_start(blocks: list[Block], classes: list[str], start: int) -> int:
    """Where a region that opens mid-sentence begins: the block before its first one, when
    the first one carries on that block's sentence ("The poster contest for children" /
    "takes place for the sixth time."), is the same paragraph cut in two."""
    while (
        start > 0
        and carries_on(blocks[start - 1], blocks[start])
        and blocks[start - 1].label == BODY
        and classes[start - 1] not in (BAD, LINKS)
    ):
        start -= 1
    return start


def find_core(blocks: list[Block], classes: list[str]) -> tuple[int, int]:
    """The best-scoring candidate region alone (see `find_cores`)."""
    spans = candidate_cores(blocks, classes)
    if not spans:
        return (0, -1)
    start, end, _ = max(spans, key=lambda span: span[2])
    return start, end


def _in_cores(cores: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i <= b for a, b in cores)


# A fact line: "Label: value" (a label of a word or two: a longer one is a call, "Share this
# article:"), or a number and what it counts ("390 kcal", "816 pages", a
# postcode and its town, "Pier 3"), not an ordinal ("6th") nor a year that labels a line
# ("2012: Timeline"), or a name with its role cut short in brackets at the end (a book's
# editor or translator: "Ann Lee (ed.)", "Anna Weber (Hrsg.)"). A line ending in a colon
# opens a list of them, or is a template's empty field: it counts neither way.
_FACT = regex.compile(
    r"\d[\d.,]*\s+\p{L}|\p{L}\s+\d+(?:[.,]\d+)?(?![\p{L}\d])"
    r"|^\s*\p{L}[\p{L}.-]{0,20}(?: [\p{L}.-]{1,20})?:\s+[\p{L}\p{N}]"
    r"|\p{L}\s+\(\p{L}{1,6}\.\)\s*$"
)
_RANK = regex.compile(r"\s*(\d{1,3})\b")  # "1 ...", "2 ...": a ranking's places
_OPENER = regex.compile(r":\s*$")
# A contact box's lines (an e-mail address, a handle, a telephone number, a web address:
# where to listen, download or follow) are the publisher's, and a stamp (a full date and a
# time, "8 minutes ago") opens a comment or a post: no fact box of the article.
_CONTACT = regex.compile(
    r"\w@\w+\.\w|(?<!\w)@\w|https?://|\bwww\.|(?:\+\d|\(\d{2,}\)|\b0\d)[\d ()-]{5,}\d"
    r"|\b\d{2,4}[ ./-]\d{3,4}[ ./-]\d{2,4}\b"
)
_STAMP = regex.compile(r"\d{4}\D.*\d:\d\d|\d:\d\d.*\D\d{4}(?!\d)")


def _no_fact_box(text: str) -> bool:
    """Whether a line shows that the short lines around it are no fact box: a contact's
    address or number, or a comment's or post's stamp (a date with its year and a time, a
    time ago).

    >>> _no_fact_box("Phone: (030) 12 34 56 78"), _no_fact_box("Call 555-201-7788")
    (True, True)
    >>> _no_fact_box("3 May 2021, 10:15"), _no_fact_box("12 minutes ago by Ola")
    (True, True)
    >>> _no_fact_box("Podcast app: https://example.org/ep12")
    True
    >>> _no_fact_box("Doors open: 19:30"), _no_fact_box("Date: 31/08/2019")
    (False, False)
    """
    if _CONTACT.search(text) or AGO.search(text):
        return True
    stamp = threads.date_in(text)
    return stamp is not None and _STAMP.search(stamp.group(0)) is not None


FACT_WORDS = 10  # a fact line is short: a label and its value, a quantity
FACT_BOX_LINES = 20  # a longer run of them is a spec sheet or a table of its own
FACT_SHARE = 0.5  # share of a box's lines that must be facts ...
FACT_LINES = 2  # ... and at least this many


def _removed(blocks: list[Block], i: int) -> bool:
    """Whether the block at ``i`` is out of the body, and no metadata."""
    return i < len(blocks) and blocks[i].label not in (BODY, META)


def _tail(blocks: list[Block], classes: list[str], end: int) -> list[int]:
    """The short, link-free lines right after position ``end``, passing over metadata and a
    single line a rule removed (a tag line); two removed in a row (a teaser list) end them."""
    lines: list[int] = []
    for i in range(end + 1, len(blocks)):
        if blocks[i].label == BODY:
            if classes[i] not in (SHORT, NEAR) or len(blocks[i].words) > FACT_WORDS:
                break
            lines.append(i)
        elif _removed(blocks, i) and _removed(blocks, i + 1):
            break
    return lines


RANK_LINES = 3  # lines opened by numbers in a row: a ranking ("most viewed"), not facts


def _ranking(texts: list[str]) -> bool:
    """Whether lines open with the numbers of a ranking, one after the other.

    >>> _ranking(["1 weather", "2 elections", "3 football"]), _ranking(["390 kcal", "8 g fat"])
    (True, False)
    """
    places = [int(m.group(1)) for t in texts if (m := _RANK.match(t))]
    run = 1
    for before, after in itertools.pairwise(places):
        run = run + 1 if after == before + 1 else 1
        if run >= RANK_LINES:
            return True
    return False


def _fact_box(blocks: list[Block], lines: list[int]) -> bool:
    """Whether the lines are a fact box: a few, half of them facts (`_FACT`), no contact's
    details nor a comment's stamp among them."""
    texts = [blocks[i].text for i in lines]
    if len(texts) > FACT_BOX_LINES or _ranking(texts) or any(map(_no_fact_box, texts)):
        return False
    counted = [t for t in texts if not _OPENER.search(t)]
    facts = sum(_FACT.search(t) is not None for t in counted)
    return facts >= FACT_LINES and facts >= FACT_SHARE * len(counted)


def fact_tails(blocks: list[Block], classes: list[str], cores: list[tuple[int, int]]) -> set[int]:
    """The blocks of each fact box that closes an article region (`_tail`, `_fact_box`): an
    event's time and place, a recipe's nutrition, a book's publisher and pages, a photo's
    exposure details. The heuristics would score them as fragments outside the core; they
    are the article's end."""
    kept: set[int] = set()
    for _, end in cores:
        lines = _tail(blocks, classes, end)
        if _fact_box(blocks, lines):
            kept.update(lines)
    return kept


ROLES = "event_roles.txt"  # words/LANG/: who hosts or speaks at an event, an interview


@functools.lru_cache(maxsize=1)
def _role_line() -> regex.Pattern[str]:
    """`role_line`'s pattern, with every language's roles: the line is read alone."""
    roles = knowledge.language_lines(ROLES, knowledge.languages_with(ROLES))
    return regex.compile(
        rf"^(?i:{knowledge.phrases_pattern(roles)})\s*:\s*\p{{Lu}}[\p{{L}}'’.-]*"
        rf"(?:\s+\p{{Lu}}[\p{{L}}'’.-]*){{0,3}}$"
    )


def role_line(text: str) -> bool:
    """Whether a line names who hosts or speaks at an event, or asks in an interview: a
    role of ``words/LANG/event_roles.txt``, a colon and a name of a few capitalised words.
    Above the article's core it is the article's own fact (its cast), however short.

    >>> role_line("Moderator: Ann Lee"), role_line("Invitée : Claire Dubois")
    (True, True)
    >>> role_line("Host: the town council"), role_line("Guest post: Why I moved to Oslo")
    (False, False)
    """
    return _role_line().match(text.strip()) is not None


def role_lines(blocks: list[Block], cores: list[tuple[int, int]]) -> set[int]:
    """The role lines (`role_line`) above the article's first region."""
    start = cores[0][0] if cores else 0
    return {i for i in range(start) if blocks[i].label == BODY and role_line(blocks[i].text)}


def _anchored(blocks: list[Block], classes: list[str], t: Thresholds) -> bool:
    """Whether good blocks hold enough of the body's text to anchor the core on."""
    good = total = 0
    for block, cls in zip(blocks, classes, strict=True):
        if block.label == BODY and cls not in (BAD, LINKS):
            total += len(block.text)
            good += len(block.text) if cls == GOOD else 0
    return good > 0 and good >= t.min_good_share * total


def revise(blocks: list[Block], classes: list[str], t: Thresholds) -> list[str]:
    """Second pass: uncertain blocks are judged by where they stand.

    Outside the article's core (`find_core`) nothing is body. Inside it, text is body
    unless it is a short fragment or a link wedged between blocks that are out (a
    widget's leftover) or a run of links; at the core's edges, a block goes when its
    decided neighbours are both bad, as in jusText. When good blocks hold too little of
    the text to anchor anything (pages of short items: calendars, recipes, tables), only
    plainly bad blocks go.
    """
    if not _anchored(blocks, classes, t):
        for block in blocks:
            _why(block, "too little good text to anchor on: only plainly bad blocks go")
        return [BAD if c in (BAD, LINKS) else GOOD for c in classes]
    cores = find_cores(blocks, classes)
    tails, roles = fact_tails(blocks, classes, cores), role_lines(blocks, cores)
    good = [i for i, cls in enumerate(classes) if cls == GOOD]
    first, last = good[0], good[-1]
    revised = list(classes)
    anchors: tuple[list[str], list[str]] | None = None  # worked out when first needed
    for i, cls in enumerate(classes):
        if blocks[i].label != BODY:
            continue
        if i in tails:
            revised[i] = GOOD
            _why(blocks[i], "a fact line closing the article (a time, a place, a quantity)")
        elif i in roles:
            revised[i] = GOOD
            _why(blocks[i], "a role line before the article (who hosts, who speaks)")
        elif not _in_cores(cores, i):
            revised[i] = BAD
            _why(blocks[i], "outside the article's core")
        elif cls in (GOOD, BAD):
            continue
        elif first < i < last:
            wedged = _outside_body(blocks, classes, i - 1) and _outside_body(blocks, classes, i + 1)
            list_run = cls == LINKS and (classes[i - 1] == LINKS or classes[i + 1] == LINKS)
            revised[i] = BAD if list_run or (cls in (SHORT, LINKS) and wedged) else GOOD
            _why(
                blocks[i],
                "in a run of links"
                if list_run
                else "a fragment wedged between blocks that are out"
                if revised[i] == BAD
                else "inside the article's core",
            )
        elif cls == LINKS or (i < first and _teaser_headline(blocks[i])):
            revised[i] = BAD  # links around the article, teaser headlines before it
            _why(blocks[i], "links beside the article" if cls == LINKS else "a teaser headline")
        else:
            anchors = anchors or (_anchors(blocks, classes, -1), _anchors(blocks, classes, 1))
            revised[i] = BAD if anchors[0][i] == anchors[1][i] == BAD else GOOD
            _why(
                blocks[i],
                "at the core's edge, bad blocks on both sides"
                if revised[i] == BAD
                else "at the core's edge, next to a good block",
            )
    return revised


def _teaser_headline(block: Block) -> bool:
    """Shaped like a teaser's headline (the ``headline`` feature), and not opened by a
    dateline as the article's lead is."""
    return bool(block.scores.get("headline")) and not opens_with_dateline(block.text)


def _why(block: Block, reason: str) -> None:
    """Note why the second pass decided as it did, for ``cleaner explain``."""
    if block.scores:
        block.scores["why"] = reason


def _mark(block: Block, label: str, category: str, name: str, stage: str) -> None:
    block.mark(label, category, f"heuristic:{name}", stage)


def find_title(doc: Document, t: Thresholds) -> None:
    """The headline: a known title (from HTML metadata) where it stands in the head, or
    else the first open block when it is shaped like a headline and something follows."""
    open_blocks = [b for b in doc.blocks if b.is_open]
    head = open_blocks[: t.title_head_blocks]
    known = _key(doc.meta.get("title", ""))
    if known:
        for block in head:
            key = _key(block.text)
            if key and (known == key or known.startswith(key + " ") or known.endswith(" " + key)):
                _mark(block, META, "title", "known_title", FEATURES)
                return
        return
    if not head:
        return
    first = head[0]
    # A paragraph is the headline when it starts a headline run: the same test settle_head
    # puts to the body, which is the first blocks of the body cleaned again (a run of three
    # short lines is a list there as here); or when it stands right above its byline or
    # date, which a cleaned body no longer has.
    headline_shaped = not _menu_line(first) and (
        (first.kind == "heading" and first.level <= 2)
        or (
            first.kind == "paragraph"
            and (_headline_run(open_blocks, t) > 0 or _above_metadata(doc, first, t))
        )
    )
    if headline_shaped and first is not doc.blocks[-1]:
        doc.set_meta("title", first.text)
        _mark(first, META, "title", "headline", FEATURES)


MENU_LINKS = 3  # links on one line that make it a menu ("Home | News | Sport"), no headline


def _menu_line(block: Block) -> bool:
    """Whether a block is a line of several Markdown links: a menu. A headline is one
    link at most (the post's permalink)."""
    return block.raw.count("](") >= MENU_LINKS


def _above_metadata(doc: Document, block: Block, t: Thresholds) -> bool:
    """Worded like a headline, followed by a block a rule took as metadata (a byline, a
    date), with more blocks after it."""
    at = next(k for k, b in enumerate(doc.blocks) if b is block)
    after = doc.blocks[at + 1 : at + 3]
    return (
        len(after) == 2
        and after[0].label == META
        and after[0].stage == "rules"
        and _headline_text(block.text, t)
    )


HEADLINE_RUN = 2  # a headline and its subtitle; a longer run of short lines is a list


def continues_sentence(text: str) -> bool:
    """Whether the text starts with a word in lower case: the rest of a sentence cut in two.

    >>> continues_sentence("takes place for the sixth time."), continues_sentence("iPhone sales")
    (True, False)
    """
    return _LOWER_START.match(text) is not None


CARRIED_WORDS = 8  # the rest of a sentence is this long at least; a lower-case label is not


def carries_on(block: Block, after: Block) -> bool:
    """Whether ``after`` finishes the sentence ``block`` began: two paragraphs, the first
    not ending like a sentence, the second starting in lower case and ending like one,
    with a sentence's words (a list's item or a table's row that starts so is an entry of
    its own, and "more reviews..." or "posted at 9 am" a label); or a dateline on a line
    of its own (a heading, perhaps) and the paragraph it opens."""
    if after.kind != "paragraph" or after.text.rstrip()[-1:] not in _TERMINAL:
        return False
    if len(after.words) < CARRIED_WORDS:
        return False
    if lone_dateline(block.text):
        return True
    return (
        block.kind == "paragraph"
        and block.text.rstrip()[-1:] not in _TERMINAL
        and continues_sentence(after.text)
    )


def _headline_text(text: str, t: Thresholds) -> bool:
    """Worded like a headline: a few words, not ending like a sentence, not opened by a
    dateline (the article's lead is), not a role line (`role_line`: a cast's name). Words
    are counted only up to the limit: the block may be a 20 MB line."""
    words = sum(1 for _ in itertools.islice(_WORD.finditer(text), t.title_max_words + 1))
    return (
        2 <= words <= t.title_max_words
        and not _ends_unlike_a_title(text)
        and not opens_with_dateline(text)
        and not role_line(text)
    )


def _ends_unlike_a_title(text: str) -> bool:
    """Whether the text ends like a sentence or a clause, or holds two sentences."""
    if _TITLE_TAIL.search(text[-4:]):
        return True
    stops = ". " in text or "! " in text or "? " in text
    return stops and _TWO_SENTENCES.search(text) is not None


def _headline_run(blocks: list[Block], t: Thresholds) -> int:
    """How many blocks at the start are a headline (and its subtitle): a run of one or two
    blocks worded like a headline, followed by one that is not. A longer run is a list, and
    a run with nothing after it is all there is: 0. A block whose sentence the block after
    the run finishes is a paragraph's start (`carries_on`), not a headline, and an
    interview's first question (`_interview_turns`) is no deck."""
    if len(blocks) >= 2 and _interview_turns(blocks[0].text, blocks[1].text):
        return 0
    for k, block in enumerate(blocks[: HEADLINE_RUN + 1]):
        if not _headline_text(block.text, t):
            return k - 1 if k and carries_on(blocks[k - 1], block) else k
    return 0


# A turn of an interview's transcript: a speaker's name ("Anna Berg:", "Dr. Roe:") opens it.
_SPEAKER = regex.compile(r"(?:\p{Lu}\p{Ll}*\.? ){0,2}\p{Lu}\p{Ll}+\*?: +\S")


def _interview_turns(question: str, answer: str) -> bool:
    """Whether two lines are an interview's question and answer, each opened by a different
    speaker's name: the question is the transcript's first turn, not a deck.

    >>> _interview_turns("Anna Berg: Where did you grow up?", "Tom Roe: In a port town.")
    True
    >>> _interview_turns("Brexit: Will the vote be held?", "Brexit: the vote was held.")
    False
    """
    asked, replied = _SPEAKER.match(question), _SPEAKER.match(answer)
    return (
        asked is not None
        and replied is not None
        and question.rstrip().endswith("?")
        and asked.group().split(":")[0] != replied.group().split(":")[0]
    )


def settle_head(doc: Document, t: Thresholds, stage: str) -> bool:
    """The body does not start with a headline. Cleaned again, the body's first blocks are
    a document's first blocks, and a headline run there (`_headline_run`) would be taken
    for the title: a second headline or a standfirst kept beneath the title, the real
    headline kept after a line of page furniture. So the run goes now: as the title when
    none was found, else as subtitles. A body that starts with a longer run of short lines
    (a list) keeps it: `find_title` takes no headline above such a run either. Returns
    whether a block went."""
    body = [b for b in doc.blocks if b.label == BODY]
    run = [b for b in body[: _headline_run(body, t)] if b.is_open]  # not what the user keeps
    new_title = False
    for block in run:
        if doc.meta.get("title"):
            _mark(block, META, "title", "subtitle", stage)
        else:
            doc.set_meta("title", block.text)
            _mark(block, META, "title", "headline", stage)
            new_title = True
    if new_title:
        drop_repeats(doc, stage)  # the new title's repeats go, as the first one's did
    return bool(run)


def settle_core(doc: Document, t: Thresholds, stage: str) -> bool:
    """The article's core found again on the blocks that stayed body. Found first, it
    could open or close on a short fragment because text beside it (a subtitle, a repeat
    of the headline, a block at its edge) was still there; cleaned again, the body is only
    what stayed, and the fragment at its edge would go then. So it goes now. Returns
    whether a block went."""
    blocks = [b for b in doc.blocks if b.label == BODY]
    kept_classes = [b.scores[PASS1] for b in blocks]
    if not _anchored(blocks, kept_classes, t):
        return False  # cleaned again, only plainly bad blocks would go: none are left
    cores = find_cores(blocks, kept_classes)
    kept = fact_tails(blocks, kept_classes, cores) | role_lines(blocks, cores)
    # A block the user keeps (a kept caption) stays wherever it stands.
    outside = [
        b for i, b in enumerate(blocks) if not _in_cores(cores, i) and i not in kept and b.is_open
    ]
    for block in outside:
        _why(block, "outside the article's core, found again on what stayed")
        _mark(block, BOILERPLATE, "low_text", "neighbours", stage)
    return bool(outside)


# What decided a block when no rule did: a heuristic, a region's shape, a site's furniture.
_NOT_RULES = ("heuristic:", "region:", "site:")


def drop_repeats(doc: Document, stage: str) -> None:
    """A block that says again what a rule removed, or the headline, goes too (a promo
    line seen before, the headline repeated mid-text). Repeats of body text stay: lists
    and tables repeat lines on purpose, and a heuristic's guess must not spread."""
    gone = {_key(doc.meta.get("title", ""))}
    gone |= {
        " ".join(b.words)
        for b in doc.blocks
        if b.label != BODY and b.decided_by and not b.decided_by.startswith(_NOT_RULES)
    }
    gone.discard("")
    for block in doc.blocks:
        if block.is_open and " ".join(block.words) in gone:
            _mark(block, BOILERPLATE, "repeated", "repeated", stage)


def _head_text(blocks: list[Block], chars: int) -> str:
    """The first ``chars`` characters of the blocks' text, without joining all of it."""
    parts, total = [], 0
    for block in blocks:
        if total > chars:
            break
        parts.append(block.text[:chars])
        total += len(parts[-1]) + 1
    return "\n".join(parts)[:chars]


PASS1, PASS2 = "pass1", "pass2"  # the two passes' classes, in ``Block.scores``


def features(doc: Document, t: Thresholds) -> None:
    """Stage: the headline (`find_title`), then each block still body gets its features
    and its class alone (``scores["pass1"]``), read with the stop words of the language
    its open blocks are written in."""
    find_title(doc, t)
    open_blocks = [b for b in doc.blocks if b.is_open]
    doc.language = language.detect_runs(b.words for b in open_blocks)
    _measure_body(doc, open_blocks, t)


def _measure_body(doc: Document, open_blocks: list[Block], t: Thresholds) -> None:
    """Each block still body measured with the stop words of ``doc.language`` and classed
    alone; what else its scores hold (the second pass's class, why) stays."""
    stops = language.stopwords(doc.language)
    unspaced = language.is_unspaced(_head_text(open_blocks, language.UNSPACED_SAMPLE))
    noun_case = doc.language in language.NOUN_CASE
    for block in doc.blocks:
        if block.label == BODY:
            block.scores = {**block.scores, **measure(block, stops, unspaced, noun_case)}
            block.scores[PASS1] = classify(block.scores, t)


def settle_language(doc: Document, t: Thresholds) -> bool:
    """The body is read in its own language. Cleaned again, the body is judged with the
    stop words of the language its own words point to, and that is not always the page's
    (a removed headline's words, or a menu's, tipped the vote): then the blocks still body
    are measured and classed alone again in the body's language, for `settle_core`.
    Returns whether the language changed."""
    open_blocks = [b for b in doc.blocks if b.is_open]
    name = language.detect_runs(b.words for b in open_blocks)
    if name == doc.language:
        return False
    doc.language = name
    _measure_body(doc, open_blocks, t)
    return True


def _classes(blocks: list[Block]) -> list[str]:
    """The first pass's class of each block; what was out of the body by then is bad."""
    return [b.scores[PASS1] if b.label == BODY else BAD for b in blocks]


def neighbours(doc: Document, t: Thresholds) -> None:
    """Stage: the second pass (`revise`: the article's core among candidate regions, then
    the uncertain blocks by their neighbours), then the repeats of what went."""
    blocks = doc.blocks
    classes = _classes(blocks)
    final = revise(blocks, classes, t)
    for block, first, second in zip(blocks, classes, final, strict=True):
        if not block.is_open:
            continue
        block.scores[PASS2] = second  # kept for explain
        if second == BAD:
            category = (
                "link_list" if block.scores["link_density"] > t.max_link_density else "low_text"
            )
            name = first if first == BAD else "neighbours"
            _mark(block, BOILERPLATE, category, name, NEIGHBOURS)
    drop_repeats(doc, NEIGHBOURS)
