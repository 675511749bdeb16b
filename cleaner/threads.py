"""Reader-comment threads found by the shape of their records, in any language.

A thread is a run of comments, each marked by a *record*: a short block that names a
commenter and a date or time ("Ann Lee | 3 May 2019 17:23", "Posted by: bob at 9:41 pm",
"Bernd am 13. September 2018 um 17:23 Uhr"), a line ending in a colon after a name ("Ann
wrote:"), or a numbered entry ("#12"). Around the records stand *controls* (Reply, Report,
Antworten, Répondre, vote counts) and often a *count header* ("34 responses to ...",
"Comments (5)"). No header is needed: records that repeat, with prose between them, after
the article has started, are a thread wherever they stand.

>>> from cleaner.model import Block
>>> texts = ["The council met on Monday to discuss the new budget for the library.",
...          "Ann Lee | 3 May 2019 17:23", "I agree with every word of this piece.",
...          "Bo Chan | 4 May 2019 09:02", "Not me: the numbers do not add up at all.",
...          "Cy Dee | 4 May 2019 11:40", "Both of you missed the point of the vote."]
>>> blocks = [Block(i, t, t) for i, t in enumerate(texts)]
>>> [(t.start, t.end) for t in find_threads(blocks)]
[(1, 6)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from cleaner import dates
from cleaner.knowledge import word_lines
from cleaner.model import Block, _char_class

# A time of day, or a date written with digits, or with a month word (any language) between
# a day and a year, or before a day and a year.
_TIME = r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\b\.?)?|\b\d{1,2}\s*[AaPp]\.?[Mm]\b\.?"
_NUM_DATE = r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
_WORD_DATE = (
    r"\b\d{1,2}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?\p{L}{3,}\.?,?\s+(?:de\s+)?\d{4}\b"
    r"|\b\p{L}{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
DATE_TIME = regex.compile(
    rf"(?:(?:{_WORD_DATE}|{_NUM_DATE})(?:[\s,@|·•-]*(?:\p{{L}}{{1,3}}\s+)?(?:{_TIME}))?"
    rf"|(?:{_TIME})(?:[\s,@|·•-]*(?:\p{{Ll}}{{1,3}}\s+)?(?:{_WORD_DATE}|{_NUM_DATE}))?"
    rf"|\b\p{{L}}{{3,}}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:{_TIME}))"
    rf"(?:\s*(?:[A-Z]{{2,4}}T|GMT|UTC|Uhr))?"
)
# A name and a verb of saying, before a colon ("Ann wrote:", "Examiner reader said:").
_SAYS = regex.compile(r"^[^\s:].{0,60}\s\p{Ll}{3,}\s?:$")
# A numbered entry: "#12", "No. 1034" alone on its line, or after one word ("12." alone
# numbers the steps of a recipe or a list as often as comments: no record).
_NUMBERED = regex.compile(r"^(?:\p{L}+\.?\s+)?(?:#\s?\d{1,7}|No\.?\s?\d{1,7})$")
# A numbered comment's title: "12: Agreed, and more" (listicles number with "12." instead).
_NUMBERED_TITLE = regex.compile(r"^\d{1,4}:\s+\S")
_SENTENCE_END = frozenset(".!?…。！？\"”')")
_TOKEN = regex.compile(r"[\p{L}\p{M}'’]+|\d+")

RECORD_WORDS = 22  # a record is short: a name, a date, a few words of template
RECORD_REST_WORDS = 10  # words left once the date is taken out
CONTROL_WORDS = 10  # a control row is shorter still
MAX_GAP = 15  # blocks of comment text between two records of one thread
MIN_RECORDS = 3  # records of one shape that make a thread on their own ...
MIN_MARKED_RECORDS = 2  # ... or fewer, with a count header or a control row beside them
COUNT_HEADER_WORDS = 4  # "5 Kommentare", "(12) reacties": a count and a word or two
PROSE_WORDS = 8  # a comment's text is prose: this many words, or a sentence's end


@lru_cache(maxsize=4)
def _word_list(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in word_lines(name))


def control_words() -> frozenset[str]:
    """Words of comment controls and record templates, from ``words/comment_controls.txt``."""
    return _word_list("comment_controls.txt")


def header_words() -> frozenset[str]:
    """Words that name a comment thread in its header, from ``words/comment_headers.txt``."""
    return _word_list("comment_headers.txt")


# `_TOKEN` on ASCII text (most blocks), where its classes are these: `re`'s ASCII classes
# read it in a quarter of the time of the `regex` module's Unicode properties.
_ASCII_TOKEN = re.compile(r"[A-Za-z']+|[0-9]+")
# The same on text whose only characters beyond ASCII are no part of a token (curly
# quotes, dashes, no-break spaces: a third of the blocks that are not ASCII), or "’",
# which `_TOKEN` reads as "'".
_PLAIN_TOKEN = re.compile(r"[A-Za-z'’]+|[0-9]+")
_NOT_TOKEN = frozenset(c for c in map(chr, range(0x80, 0x3000)) if not _TOKEN.match(c))
_BEYOND_PLAIN = re.compile(f"[^\\x00-\\x7f’{_char_class(_NOT_TOKEN)}]")


def _token_pattern(text: str) -> re.Pattern[str] | regex.Pattern[str]:
    if text.isascii():
        return _ASCII_TOKEN
    return _PLAIN_TOKEN if _BEYOND_PLAIN.search(text) is None else _TOKEN


def _tokens(text: str) -> list[str]:
    # Lower-cased whole: the same tokens (a space is neither cased nor case-ignorable, so
    # a final sigma lower-cases as at a token's end), one call instead of one per token.
    found = _token_pattern(text).findall(text)
    return " ".join(found).lower().split() if found else []


@lru_cache(maxsize=8)
def _tokens_over(most: int, ascii: bool) -> re.Pattern[str] | regex.Pattern[str]:
    """Matches the start of a text that holds more than ``most`` tokens (`_TOKEN`'s runs,
    each taken whole: possessive), reading no further than that; with ``ascii``, for ASCII
    text only (see `_ASCII_TOKEN`)."""
    if ascii:
        return re.compile(rf"(?:[^A-Za-z'0-9]*+(?:[A-Za-z']++|[0-9]++)){{{most + 1}}}")
    return regex.compile(rf"(?:[^\p{{L}}\p{{M}}'’\d]*+(?:[\p{{L}}\p{{M}}'’]++|\d++)){{{most + 1}}}")


def _more_tokens_than(text: str, most: int) -> bool:
    """Whether ``text`` holds more than ``most`` tokens: most blocks do, and are no record."""
    return _tokens_over(most, text.isascii()).match(text) is not None


def date_in(text: str) -> regex.Match[str] | None:
    """The first date or time written in a text, in any of the common shapes.

    >>> date_in("Ann | 13. September 2018 um 17:23 Uhr").group(0)
    '13. September 2018 um 17:23 Uhr'
    >>> date_in("posted Jan 10, 2008 6:45:32 PM").group(0)
    'Jan 10, 2008 6:45:32 PM'
    >>> date_in("The vote was 12 to 3.") is None
    True
    """
    if not may_hold_date(text):
        return None
    # DATE_TIME.search, tried only where a date can start: every shape starts at a run of
    # digits, or at the word before one ("May 3"), found from the digits backwards. A
    # search tries the word-led shapes at every word (about 300 ns a character).
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        lead = _DATE_LEAD.match(text, 0, start)
        if lead is not None and (match := DATE_TIME.match(text, lead.start())):
            return match
        if match := DATE_TIME.match(text, start):
            return match
    return None


_DIGIT_RUN = regex.compile(r"\d+")
# The word a word-led shape of DATE_TIME starts with, up to its first digit; read
# backwards, so that it ends where the digits start.
_DATE_LEAD = regex.compile(r"(?r)\b\p{L}{3,}\.?\s+")


# What every shape of `DATE_TIME` holds (with its own \d and \s): a time's "9:" or "9 pm",
# a numeric date's "3/" or "3-", a year's four digits (word dates, and the month-day shape
# ends with a time). Most blocks hold none, and searching for it costs a tenth of
# `DATE_TIME`'s search, which tries its word-led shapes at every word.
_DATE_CUE = regex.compile(r"\d(?::\d|[./-]\d|\d{3})|\d\s*[AaPp]")


def may_hold_date(text: str) -> bool:
    """False only when `DATE_TIME` cannot match in ``text``.

    >>> may_hold_date("Page 3 of 12"), may_hold_date("at 9pm"), may_hold_date("May 2019")
    (False, True, True)
    """
    return _DATE_CUE.search(text) is not None


_QUOTE_CREDIT = regex.compile(r"\(@\w+\)")  # "— Ann (@ann) May 3, 2019": an embedded post
# A name alone ("Ann L.", "tom, Southampton", "J-F (Ottawa)"): a few words, no sentence.
NAME_WORDS = 5
_SIGNED = regex.compile(r"^\p{L}[\p{L} .'’-]{0,30}(?:,\s*[\p{L} .'’()-]{2,30}){1,3},?$")
_NAME_END = frozenset('.!?:;…"”')


def record_key(block: Block) -> str:
    """The shape of a comment's record, "" when the block is none: a short block naming a
    date or time and little else, a name with a verb of saying and a colon, or a numbered
    entry. Records of one thread share a shape: the key says which (the date's letters
    and digits as ``a`` and ``0``, the verb before the colon, or ``#``).

    >>> from cleaner.model import Block
    >>> record_key(Block(0, "", "Ann Lee | 3 May 2019 17:23"))
    'date:0a00:0'
    >>> record_key(Block(0, "", "A list of the artists who took part:"))
    ''
    """
    text = block.text.strip()
    if len(text) > RECORD_CHARS:  # most blocks: read no more
        return ""
    return _record_key(text, _tokens(text))


RECORD_CHARS = 200  # a record is short: tokenizing a block this long costs little


def _record_key(text: str, tokens: list[str]) -> str:
    """`record_key` of a block's stripped text of no more than `RECORD_CHARS`, and its
    tokens."""
    # Each pattern after the literal it holds: most short blocks hold none of them.
    if not tokens or len(tokens) > RECORD_WORDS or ("(@" in text and _QUOTE_CREDIT.search(text)):
        return ""
    if ("#" in text or "No" in text) and _NUMBERED.match(text):
        return "#"
    if len(tokens) <= 8 and ":" in text and _NUMBERED_TITLE.match(text):
        return "#:"
    if len(tokens) <= 5 and ":" in text and _SAYS.match(text):
        return "says:" + tokens[-1]
    match = date_in(text)
    if match is None:
        # A name alone; it counts only beside a header that names the thread (`_thread`).
        named = len(tokens) <= NAME_WORDS and len(text) <= 60 and text[-1:] not in _NAME_END
        named = named and header_words().isdisjoint(tokens)  # "Reader comments" heads it
        if named and _SIGNED.match(text):
            return "signed"  # "Ann, Leeds, UK": a reader's signature with a place
        return "name" if named else ""
    rest = text[: match.start()] + " " + text[match.end() :]
    if len(_tokens(rest)) > RECORD_REST_WORDS:
        return ""
    # A sentence that mentions a date ends like one; a record ends on its date, a name,
    # a colon or a control.
    if rest.strip().endswith(".") and len(_tokens(rest)) > 4:
        return ""
    skeleton = _SKELETON_DIGITS.sub("0", _SKELETON_LETTERS.sub("a", match.group(0)))
    return "date:" + _SKELETON_SPACE.sub("", skeleton)


_SKELETON_LETTERS = regex.compile(r"\p{L}+")
_SKELETON_DIGITS = regex.compile(r"\d+")
_SKELETON_SPACE = regex.compile(r"(?<=[a0]) (?=[a0])")


# A record run on into its comment in one block ("Ann Lee May 3, 2019 at 5:23 pm I agree
# ...", "Bo says: 3/5/2019 at 09:12 AM Not me ..."): a few words of name, then a date with
# its time, then the comment. Both a date and a time: a time alone opens race reports
# ("At 20 km, 59:40 ...") and a date alone the teasers of a list ("By Ann | May 3, 2019").
GLUED_HEAD_CHARS = 90  # the name and the date stand within the block's first characters
GLUED_NAME_WORDS = 6
_HAS_DAY = regex.compile(rf"{_WORD_DATE}|{_NUM_DATE}")
_HAS_TIME = regex.compile(_TIME)
_GLUED_TAIL = regex.compile(r"[\s,:|·•\])-]*(?:\p{Ll}{2,8}\s?:\s*)?")  # "] ", " said: "


def glued_record(text: str) -> tuple[str, str, str] | None:
    """(record, comment, key) of a block whose record runs on into its comment, else None.

    >>> glued_record("Ann Lee May 3, 2019 at 5:23 pm I agree with every word of this.")[::2]
    ('Ann Lee May 3, 2019 at 5:23 pm', 'glued:a0, 0a0:0a')
    >>> glued_record("At 20 km the time was 59:40, and the pace held up well.") is None
    True
    """
    match = date_in(text[:GLUED_HEAD_CHARS])
    if match is None or match.start() == 0:
        return None
    stamp = match.group(0)
    if _HAS_DAY.search(stamp) is None or _HAS_TIME.search(stamp) is None:
        return None
    name = text[: match.start()]
    if not 0 < len(_tokens(name)) <= GLUED_NAME_WORDS or any(c in name for c in "!?;"):
        return None
    tail = _GLUED_TAIL.match(text, match.end())
    rest = text[tail.end() if tail else match.end() :].strip()
    if len(_tokens(rest)) < PROSE_WORDS // 2:
        return None
    skeleton = _SKELETON_DIGITS.sub("0", _SKELETON_LETTERS.sub("a", stamp))
    record = text[: len(text) - len(rest)].strip()
    return record, rest, "glued:" + _SKELETON_SPACE.sub("", skeleton)


def is_record(block: Block) -> bool:
    """Whether a block is a comment's record (see `record_key`)."""
    return bool(record_key(block))


def is_control(block: Block) -> bool:
    """A row of comment controls: Reply, Report, Like (3), Antworten, Répondre."""
    if _more_tokens_than(block.text, CONTROL_WORDS):
        return False
    return _controls(_tokens(block.text))


def _controls(tokens: list[str]) -> bool:
    """`is_control` of a block's tokens."""
    if not tokens or len(tokens) > CONTROL_WORDS:
        return False
    listed = control_words()
    if listed.isdisjoint(tokens):  # most blocks: no hit, so no control row
        return False
    words = [t for t in tokens if not t.isdigit()]
    hits = sum(t in listed for t in words)
    return bool(words) and hits * 2 >= len(words) and hits >= 1


def _count_header(block: Block) -> bool:
    """A short line with a count that can head a thread ("34 responses to ...", "Comments
    (5)", "5 comments so far"): a number that is not a date, few words, no sentence end."""
    text = block.text.strip()
    tokens = _tokens(text)
    return (
        0 < len(tokens) <= COUNT_HEADER_WORDS
        and any(t.isdigit() and len(t) <= 5 for t in tokens)
        and date_in(text) is None
        and text[-1:] not in ".!"
    )


def _named_header(block: Block) -> bool:
    """A short line that names a comment thread ("Reader comments", "Kommentare",
    "Comments are now closed for this story")."""
    tokens = _tokens(block.text)
    return 0 < len(tokens) <= 10 and not header_words().isdisjoint(tokens)


def _prose(block: Block) -> bool:
    words = len(block.words)
    return words >= PROSE_WORDS or (words >= 3 and block.text.rstrip()[-1:] in _SENTENCE_END)


def _links(block: Block) -> bool:
    return bool(block.text) and block.link_chars >= 0.5 * len(block.text)


@dataclass
class Comment:
    """One comment: its record's author and date (empty when the record names none), and
    its text with its record's lines where the page has them, before the comment's
    paragraphs (after them in a thread whose records follow their comments): a reader of
    the comments wants who wrote each one and when, as the page says it."""

    author: str = ""
    date: str = ""
    blocks: list[Block] = field(default_factory=list)
    record: list[str] = field(default_factory=list)  # the record's lines, as on the page
    record_after: bool = False  # the record follows the comment ("Posted by: NAME | DATE")

    @property
    def text(self) -> str:
        paragraphs = [b.text for b in self.blocks]
        lines = [line.strip() for line in self.record]
        return "\n\n".join([*paragraphs, *lines] if self.record_after else [*lines, *paragraphs])

    def as_dict(self) -> dict[str, str]:
        return {"author": self.author, "date": self.date, "text": self.text}


@dataclass
class Thread:
    """A thread: blocks ``start`` to ``end`` (indices into the list it was found in)."""

    start: int
    end: int
    records: list[int]  # positions of the records
    controls: list[int]  # positions of control rows and the header
    footer_style: bool  # the record follows its comment ("text ... Posted by: NAME | DATE")
    glued: bool = False  # each record runs on into its comment (`glued_record`)


def find_threads(blocks: list[Block], start: int = 0) -> list[Thread]:
    """Threads among ``blocks`` from position ``start`` on: runs of records of one shape
    (`record_key`) no more than `MAX_GAP` blocks apart, at least `MIN_RECORDS` of them (or
    `MIN_MARKED_RECORDS` beside a count header or a control row), with prose (the
    comments) between them and no more than half of it links (a dated list of headlines
    is no thread). Where runs of two shapes overlap, the one with more records wins."""
    keys = [_key(b) if i >= start else "" for i, b in enumerate(blocks)]
    kinds = [k if k in ("control", "closed") else "record" if k else "text" for k in keys]
    found: list[Thread] = []
    for key in sorted({k for k, kind in zip(keys, kinds, strict=True) if kind == "record"}):
        records = [i for i, k in enumerate(keys) if k == key]
        i = 0
        while i < len(records):
            run = [records[i]]
            while i + 1 < len(records) and records[i + 1] - run[-1] <= MAX_GAP:
                i += 1
                run.append(records[i])
            i += 1
            thread = _thread(blocks, kinds, run)
            if thread is not None:
                found.append(thread)
    # Threads of records first (the most records wins), then those of controls alone.
    found += _control_threads(blocks, kinds, start)
    threads: list[Thread] = []
    for thread in sorted(found, key=lambda t: -len(t.records)):
        if all(thread.end < t.start or t.end < thread.start for t in threads):
            threads.append(thread)
    return sorted(threads, key=lambda t: t.start)


CONTROL_GAP = 4  # blocks of one comment's text between two control rows of a thread


def _control_threads(blocks: list[Block], kinds: list[str], start: int) -> list[Thread]:
    """Threads whose records the scraper dropped but whose control rows it kept: a control
    row ("Reply", "Delete", "Rate This: 1 0") after each comment, at least `MIN_RECORDS`
    of them, each after one to `CONTROL_GAP` blocks of prose. The first comment is the
    prose just before the first row, no longer than the thread's usual comment."""
    rows = _control_rows(kinds, start)
    threads: list[Thread] = []
    run: list[tuple[int, int]] = []
    for row in [*rows, (len(kinds) + CONTROL_GAP + 2, -1)]:
        if run and _comment_between(blocks, kinds, run[-1][1], row[0]):
            run.append(row)
            continue
        if len(run) >= MIN_RECORDS:
            threads.append(_control_thread(blocks, kinds, run))
        run = [row]
    return threads


def _control_rows(kinds: list[str], start: int) -> list[tuple[int, int]]:
    """(first, last) positions of each run of control blocks from ``start`` on."""
    rows: list[tuple[int, int]] = []
    for k in range(start, len(kinds)):
        if kinds[k] != "control":
            continue
        if rows and rows[-1][1] == k - 1:
            rows[-1] = (rows[-1][0], k)
        else:
            rows.append((k, k))
    return rows


def _comment_between(blocks: list[Block], kinds: list[str], after: int, before: int) -> bool:
    """Whether the blocks between two control rows are one comment's text: one to
    `CONTROL_GAP` blocks of text, prose among them, no heading and not mostly links."""
    inside = range(after + 1, before)
    if not 0 < len(inside) <= CONTROL_GAP or before >= len(kinds):
        return False
    texts = [blocks[k] for k in inside]
    if any(kinds[k] != "text" or blocks[k].kind == "heading" for k in inside):
        return False
    said = any(_prose(b) or b.text.rstrip()[-1:] in _SENTENCE_END for b in texts)  # "Wow!"
    return said and 2 * sum(map(_links, texts)) <= len(texts)


def _control_thread(blocks: list[Block], kinds: list[str], run: list[tuple[int, int]]) -> Thread:
    gaps = sorted(b[0] - a[1] - 1 for a, b in itertools.pairwise(run))
    gap = gaps[len(gaps) // 2]
    first = run[0][0]
    start = first
    while start - 1 >= 0 and first - start < gap and kinds[start - 1] == "text":
        block = blocks[start - 1]
        if block.kind == "heading" or _links(block) or not _prose(block):
            break
        start -= 1
    controls = [k for row in run for k in range(row[0], row[1] + 1)]
    return Thread(start, run[-1][1], [], controls, footer_style=False)


def _key(block: Block) -> str:
    if not block.is_open:  # a comment control a rule took still marks the thread
        return "control" if block.category == "comments" and block.label != "comment" else "closed"
    text = block.text.strip()
    if len(text) > RECORD_CHARS:  # no record; a control row, perhaps, of long words
        if is_control(block):
            return "control"
        return _glued_key(text)
    if _neither(text):  # most short paragraphs: read without tokenizing
        return ""
    tokens = _tokens(text)  # once for both tests (stripping changes no token)
    key = _record_key(text, tokens)  # a date before controls: "12:44 am" is a time
    if key.startswith("date:"):
        return key
    if _controls(tokens) or _glued_controls(text):
        return "control"
    return key or _glued_key(text)


_CAPITALISED = regex.compile(r"\p{Lu}\p{Ll}+")
GLUED_CONTROL_CHARS = 30


def _glued_controls(text: str) -> bool:
    """Control links the scraper ran together ("ReplyDelete"): capitalised control words
    with no space between them."""
    if len(text) > GLUED_CONTROL_CHARS or " " in text:
        return False
    words = _CAPITALISED.findall(text)
    return len(words) > 1 and "".join(words) == text and _controls([w.lower() for w in words])


def _glued_key(text: str) -> str:
    if not may_hold_date(text[:GLUED_HEAD_CHARS]):  # most blocks
        return ""
    glued = glued_record(text)
    return glued[2] if glued else ""


def _neither(text: str) -> bool:
    """True only when a short text is neither a record nor a control row: it holds more
    tokens than a control row, or a record but a numbered or a dated one ("says:", "#:"
    and a name alone are shorter), and neither a number sign, a "No" nor a date."""
    return (
        "#" not in text
        and "No" not in text
        and not may_hold_date(text)
        and _more_tokens_than(text, CONTROL_WORDS)
    )


def _thread(blocks: list[Block], kinds: list[str], run: list[int]) -> Thread | None:
    first, last = run[0], run[-1]
    inside = range(first, last + 1)
    texts = [blocks[k] for k in inside if kinds[k] == "text"]
    controls = [k for k in inside if kinds[k] == "control"]
    start, named = first, False
    for k in range(first - 1, max(first - 4, -1), -1):  # a header or a control just before
        is_named = kinds[k] != "record" and _named_header(blocks[k])
        if kinds[k] == "closed":
            # A header another rule took ("{ 12 comments }" as a share row) still names it.
            named = named or is_named
            continue
        if kinds[k] == "control" or is_named or (kinds[k] == "text" and _count_header(blocks[k])):
            start, named = k, named or is_named
            controls.insert(0, k)
        else:
            break
    if len(run) < (MIN_MARKED_RECORDS if controls else MIN_RECORDS):
        return None
    if _key(blocks[first]) == "name" and not (named and len(run) >= MIN_RECORDS):
        return None  # names alone make records only under a header that names the thread
    glued = _key(blocks[first]).startswith("glued:")
    if last - first == len(run) - 1 and not glued:
        return None  # records in a row, no comment between them: a list ("Name, Band")
    if glued:  # each record holds its comment
        texts += [blocks[k] for k in run]
    # The text after the last record: a comment (the record heads it) unless it is no prose.
    after = _comment_after(blocks, kinds, last, _median_gap(run))
    footer_style = not after and not glued
    end = after[-1] if after else last
    texts += [blocks[k] for k in after]
    prose = [b for b in texts if _prose(b)]
    if not prose or 2 * sum(map(_links, texts)) > len(texts):
        return None
    if len(prose) * 2 < len(run) - 1 and not controls:
        return None  # mostly records: a list of dated items, not a conversation
    while end + 1 < len(kinds) and kinds[end + 1] == "control":
        end += 1
        controls.append(end)
    records = [k for k in range(start, end + 1) if kinds[k] == "record"]
    return Thread(start, end, records, controls, footer_style, glued)


def _median_gap(run: list[int]) -> int:
    gaps = sorted(b - a - 1 for a, b in itertools.pairwise(run)) or [2]
    return max(gaps[len(gaps) // 2], 1)


def _comment_after(blocks: list[Block], kinds: list[str], last: int, most: int) -> list[int]:
    """Positions of the comment text that follows the last record: up to ``most`` blocks
    of prose or controls, stopping at anything else (a heading, links, page furniture)."""
    taken: list[int] = []
    k = last + 1
    while k < len(blocks) and len(taken) < most + 1:
        block = blocks[k]
        if kinds[k] == "control":
            taken.append(k)
        elif kinds[k] == "text" and block.kind != "heading" and not _links(block):
            if not _prose(block):
                break
            taken.append(k)
        else:
            break
        k += 1
    while taken and kinds[taken[-1]] == "control":
        taken.pop()
    return taken


def comments_of(blocks: list[Block], thread: Thread) -> list[Comment]:
    """The thread's comments, each with the author and date its record names."""
    comments: list[Comment] = []
    current: Comment | None = None
    skip = set(thread.controls)
    for k in range(thread.start, thread.end + 1):
        block = blocks[k]
        if k in skip or not block.is_open:
            if not thread.records and k in skip:  # a thread of controls: a row ends a comment
                current = None
            continue
        glued = glued_record(block.text) if thread.glued and k in thread.records else None
        if glued is not None:
            author, date = record_fields(glued[0])
            rest = Block(block.index, glued[1], glued[1])
            current = Comment(author, date, [rest], [glued[0]])
            comments.append(current)
            continue
        if k in thread.records:
            author, date = record_fields(block.text)
            if thread.footer_style:
                target = current or Comment()
                target.author, target.date = author, date
                target.record, target.record_after = [block.text], True
                if target.blocks:
                    comments.append(target)
                current = None
            elif current is not None and not current.blocks:  # records in a row: one comment
                current.author, current.date = current.author or author, current.date or date
                current.record.append(block.text)
            else:
                current = Comment(author, date, record=[block.text])
                comments.append(current)
            continue
        if current is None:
            current = Comment()
            if not thread.footer_style:
                comments.append(current)
        current.blocks.append(block)
    if thread.footer_style and current is not None and current.blocks:
        comments.append(current)
    return [c for c in comments if c.blocks]


_NAME_SEP = regex.compile(r"\s*[|·•@—–]\s*|\s+-\s+|\s*:\s+|\(\s*\)|\s+\?\s+")


def record_fields(text: str) -> tuple[str, str]:
    """(author, date) named by a record; either may be empty.

    >>> record_fields("Posted by: Ann Lee | Jan 10, 2008 4:49:12 PM")
    ('Ann Lee', 'Jan 10, 2008 4:49:12 PM')
    >>> record_fields("Bo Chan on December 3, 2012 said:")
    ('Bo Chan', '2012-12-03')
    >>> record_fields("Bernd am 13. September 2018 um 17:23 Uhr")
    ('Bernd', '13. September 2018 um 17:23 Uhr')
    >>> record_fields("Claire a écrit :")
    ('Claire', '')
    """
    match = date_in(text)
    date = ""
    if match is not None:
        date = dates.normalize(match.group(0))  # ISO when the form is known
        text = text[: match.start()] + " | " + text[match.end() :]
    if _NUMBERED.match(text.strip()):
        return "", date
    listed = control_words()
    names = []
    for part in _NAME_SEP.split(text):
        words = part.strip(" :,.?[]").split()
        while words and words[0].lower().strip(":,.") in listed:
            words.pop(0)
        while words and words[-1].lower().strip(":,.") in listed:
            words.pop()
        if words and any(w[:1].isalpha() for w in words):
            names.append(" ".join(words))
    return (names[0] if names else ""), date


# An article's head: a headline (a few words, no sentence's end, a capital first), its
# dateline under it (perhaps with a byline), then paragraph after paragraph. A comment is
# a paragraph or three under its record, and the record's shape comes again at the next
# comment: a "comment" shaped as an article is another article (texts joined into one
# document: a digest, a newsletter, a feed's dump).
HEADLINE_WORDS = (2, 16)
HEAD_LINES = 2  # short lines between the headline and its text: a dateline, a byline
ARTICLE_PARAGRAPHS = 4  # prose blocks in a row under a dated headline: an article's text
FULL_PARAGRAPH_WORDS = 20  # ... each this long under a headline without a date
_HEAD_END = frozenset(".,;:!?…)")


def _headline(block: Block) -> bool:
    text = block.text.strip()
    return (
        HEADLINE_WORDS[0] <= len(block.words) <= HEADLINE_WORDS[1]
        and "\n" not in text
        and "|" not in text  # a row of links or controls ("Newest | Oldest")
        and text[:1].isupper()
        and text[-1:] not in _HEAD_END
        and block.kind != "list_item"
        and not _links(block)
        and date_in(text) is None  # a name with a date: a comment's record
    )


def _paragraph(block: Block) -> bool:
    """Article text: prose that is no heading and not links (a table's rows count: a
    results table is text)."""
    return block.is_open and block.kind != "heading" and _prose(block) and not _links(block)


def article_head(blocks: list[Block], k: int, dated: bool = True) -> bool:
    """Whether an article starts at position ``k``: a headline, up to `HEAD_LINES` short
    lines with a date among them (its dateline, perhaps a byline), then
    `ARTICLE_PARAGRAPHS` paragraphs in a row. A date line whose shape comes again within
    `MAX_GAP` blocks is a comment's record, and a control under the headline ("Reply")
    makes it a reader's sign-off. Without ``dated``, a headline with no date line over
    paragraphs of `FULL_PARAGRAPH_WORDS` words starts one too.

    >>> from cleaner.model import Block
    >>> texts = ["Ferry Service Resumes", "4 May 2021"] + ["The ferry ran again today."] * 4
    >>> article_head([Block(i, t, t) for i, t in enumerate(texts)], 0)
    True
    >>> article_head([Block(i, t, t) for i, t in enumerate(texts[:1] + texts[2:])], 0)
    False
    """
    if not (blocks[k].is_open and _headline(blocks[k])) or is_control(blocks[k]):
        return False
    k, key = k + 1, ""
    for _ in range(HEAD_LINES):  # the dateline or byline under the headline
        if k >= len(blocks) or len(blocks[k].words) > RECORD_WORDS or is_control(blocks[k]):
            break
        if date_in(blocks[k].text) is not None:
            key = _key(blocks[k]) or "date"
        elif _prose(blocks[k]):
            break
        k += 1
    run = blocks[k : k + ARTICLE_PARAGRAPHS]
    if len(run) < ARTICLE_PARAGRAPHS or not all(map(_paragraph, run)):
        return False
    if not key:  # no dateline: full paragraphs, where the caller allows it
        return not dated and all(len(b.words) >= FULL_PARAGRAPH_WORDS for b in run)
    return all(_key(b) != key for b in blocks[k : k + MAX_GAP])


def thread_end(blocks: list[Block], first: int, end: int) -> int:
    """Where a thread that would run from ``first`` to ``end`` (exclusive) ends: before
    the first article that starts inside it (`article_head`), else at ``end``."""
    return next((k for k in range(first, end) if article_head(blocks, k)), end)


def counted_thread(blocks: list[Block], start: int = 0) -> list[int]:
    """A thread whose comments carry no record (the scraper kept their text, not their
    names and dates): a header that counts and names it ("7 comments:", "{ 12 Kommentare
    }", "19 Responses"), from ``start`` on, opens it, and it runs to the page's end or to
    the next article (`thread_end`), `COUNTED_BLOCKS` open blocks a counted comment at most.
    Returns the header's position and those of the open blocks after it but links (the
    page's furniture after the thread, left to the other stages); none without prose."""
    # A count that is a link ("[4 Comments](#comments)" under the headline) jumps to the
    # thread from the article's head; the header itself is plain text.
    header = next(
        (
            k
            for k in range(start, len(blocks))
            if thread_count(blocks[k].text) and not _links(blocks[k])
        ),
        None,
    )
    if header is None:
        return []
    end = thread_end(blocks, header + 1, len(blocks))
    after = [k for k in range(header + 1, end) if blocks[k].is_open and not _links(blocks[k])]
    budget = _counted(blocks[header].text) * COUNTED_BLOCKS
    beyond = (i for i in range(budget, len(after)) if article_head(blocks, after[i], dated=False))
    after = after[: next(beyond, len(after))]
    return [header, *after] if any(_prose(blocks[k]) for k in after) else []


# Open blocks a counted comment may take: its name, date and controls when the scraper kept
# them, and a few paragraphs. Past them, an article without a dateline ends the thread too:
# a header that counts two comments heads no digest of articles.
COUNTED_BLOCKS = 8


def _counted(text: str) -> int:
    """The count of a thread's header (`thread_count`)."""
    match = _NAMED_COUNT.match(text.strip())
    if match is not None:
        return int(match.group(2))
    match = _COUNT.match(text.strip())
    return int(match.group(1)) if match is not None else 0


# What may follow a thread's count and name: the post's title in quotes ("6 responses to
# “Title”", "4 commentaires sur « Titre »").
_QUOTED_TITLE = regex.compile(r"^\s*\p{L}{1,4}\s+[“\"«„‘'].{2,150}[”\"»“’']\s*$")
_COUNT = regex.compile(r"^\W*(\d{1,5})\s+(\p{L}+)(?:\s+(\p{L}+))?")
_NAMED_COUNT = regex.compile(r"^\W*(\p{L}+)\s*\((\d{1,5})\)\W*$")


def thread_count(text: str) -> bool:
    """A header that counts a thread's comments and names it: "7 comments:", "{ 12
    Kommentare }", "Comments (5)", "6 responses to “Title”", "2 Comments Leave a
    comment" (an invitation that names the thread again). A count of none heads no
    thread.

    >>> [thread_count(t) for t in ("19 Responses", "3 réactions sur « Le pont »", "Kommentare (4)")]
    [True, True, True]
    >>> [thread_count(t) for t in ("0 comments", "1 Comment | Posted in", "12 comments were read")]
    [False, False, False]
    """
    text = text.strip()
    if len(text) > 200:
        return False
    named = _NAMED_COUNT.match(text)
    match = None if named else _COUNT.match(text)
    # The anchored count patterns first: most blocks fail them, and a date search is dear.
    if (named is None and match is None) or date_in(text) is not None:
        return False
    headers = header_words()
    if named is not None:
        return named.group(1).lower() in headers and int(named.group(2)) > 0
    if int(match.group(1)) == 0:
        return False
    # The name right after the count, or after one word ("8 reader comments").
    for group in (2, 3):
        if (match.group(group) or "").lower() in headers:
            return _header_rest(text[match.end(group) :], headers)
    return False


def _header_rest(rest: str, headers: frozenset[str]) -> bool:
    """What may follow a thread's count and name: nothing, an invitation that names the
    thread again ("Leave a comment"), or the post's title in quotes."""
    tokens = _tokens(rest)
    if not tokens:
        return True
    return (len(tokens) <= 3 and tokens[-1] in headers) or _QUOTED_TITLE.match(rest) is not None


def is_comment_text(block: Block) -> bool:
    """Prose, as a comment's text is; shorter lines of a thread are its controls."""
    return _prose(block)
