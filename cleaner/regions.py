"""Regions: parts of the page found by their shape before any block is judged alone.

A page is an article among other regions: a reader-comment thread (`cleaner.threads`), a
teaser list (runs of headline-shaped lines, each perhaps with a date or a one-line
summary), captions and credits beside the article (`cleaner.captions`). Each region is
found by the shape of its blocks, not by its wording, so that sites never seen are read
as well as known ones; none of them can be the article, and the heuristics that come
next look for the article among what is left.
"""

from __future__ import annotations

import regex

from cleaner import captions, cells, dates, recent_comments, threads
from cleaner.heads import HEAD_HINT
from cleaner.heuristics import headline_case
from cleaner.model import BODY, BOILERPLATE, COMMENT, META, Block, Document, words
from cleaner.runon import THREAD_HINT
from cleaner.tails import TAIL_HINT, is_rights

STAGE = "regions"
PROSE_START_WORDS = 20  # the article has started at its first block of this many words ...
_SENTENCE_END = frozenset(".!?…。！？\"”’')")  # ... that ends like a sentence

TEASER_RUN = 4  # headline-shaped lines in a row that make a teaser list ...
MARKED_TEASER_RUN = 2  # ... or under a related-list header, or with cut-off summaries
TEASER_WORDS = 16  # a teaser headline is short
TEASER_CASE = 0.7  # share of its longer words that start with a capital ...
TEASER_CASE_WORDS = 2  # ... of two at least: a two-word teaser is read by its case too
DATE_WORDS = 8  # words a date may take, alone or after a headline ("Monday, 4 May 2021, 9 am")
SUMMARY_WORDS = 40  # a teaser's one-line summary is no longer than this
PLAIN_TEASER_WORDS = (3, 12)  # a headline in sentence case: a few words, a clause at most
_TRUNCATED = regex.compile(r"(?:\.\.\.|…)\s*$")
_CUT_WORD = regex.compile(r"\p{L}\s*(?:\.\.\.|…)\s*$")  # cut off after a letter: mid-word
_INNER_END = regex.compile(r"\p{Ll}{3}[.!?]\s")  # a sentence ends inside the line
# A Markdown paragraph that opens with a link and goes on: "[Headline](/url) Summary ..."
_JOINT = regex.compile(r"[^\w\s]*")  # what joins a linked headline to its summary: "-", ":"
_LINK_LED = regex.compile(r"^\[([^\[\]\n]{3,160})\]\([^()\s]*\)\s*(\S.*)$", regex.DOTALL)


def article_start(blocks: list[Block]) -> int:
    """Position of the first open block shaped like article prose (many words, a sentence's
    end), not a linked headline's summary; regions of the article's tail (threads) are
    looked for only after it."""
    for k, block in enumerate(blocks):
        if block.is_open and _prose(block) and not linked_teaser(block):
            return k
    return len(blocks)


# Why a region's blocks went, by the name they record in ``decided_by`` (for explain).
REGION_REASONS = {
    "comment_thread": "part of a reader-comment thread: records of one shape (a name with a "
    "date or time, a numbered entry, a signature) repeat with prose between them",
    "recent_comments": "a box of recent comments on other stories: entries that each end in "
    "a commenter's name, a joining word and another story's title",
    "teaser_list": "a run of headline-shaped lines after the article: other stories' teasers",
    "caption": "a picture's caption or credit, or a reporting credit, by its shape",
    "dateline": "a short line made of a date: the date field",
    "glued_head": "the article's head (headline, byline, date) run into its first sentence",
    "glued_tail": "a rights notice or a reporting credit run onto the article's last sentence",
    "credited_caption": "a sentence with no full stop beside a lone photo credit: its caption",
    "archive": "an archive's index flattened into one line: months or weeks, each with its "
    "year or its count of posts, and no sentence",
    "code": "script or style code shown as text: statements ended by semicolons among "
    "braces, calls and assignments, which no language's prose has",
}


def _mark(block: Block, label: str, category: str, name: str) -> None:
    block.mark(label, category, f"region:{name}", STAGE)


def mark_threads(doc: Document) -> None:
    """Each comment thread's comments go to ``doc.comments`` (with their records' author
    and date in ``doc.comment_records``); its records are comment blocks, its controls and
    header boilerplate of the category ``comments``."""
    blocks = doc.blocks
    for block in blocks:  # a thread cut out of a run-on line (`cleaner.runon`) is one comment
        if block.is_open and THREAD_HINT in block.hints:
            doc.comments.append(block.text)
            doc.comment_records.append(threads.Comment(blocks=[block]).as_dict())
            _mark(block, COMMENT, "comments", "comment_thread")
    for thread in threads.find_threads(blocks, article_start(blocks) + 1):
        for comment in threads.comments_of(blocks, thread):
            doc.comments.append(comment.text)
            doc.comment_records.append(comment.as_dict())
        for k in range(thread.start, thread.end + 1):
            block = blocks[k]
            if block.is_open:
                label = BOILERPLATE if k in thread.controls else COMMENT
                _mark(block, label, "comments", "comment_thread")
    _mark_counted_thread(doc)


def _mark_counted_thread(doc: Document) -> None:
    """A thread without records under a count header (`threads.counted_thread`): each of
    its prose blocks is one comment."""
    blocks = doc.blocks
    header, *after = threads.counted_thread(blocks, article_start(blocks) + 1) or [None]
    if header is None:
        return
    if blocks[header].is_open:
        _mark(blocks[header], BOILERPLATE, "comments", "comment_thread")
    for k in after:
        block = blocks[k]
        if threads.is_comment_text(block):
            doc.comments.append(block.text)
            doc.comment_records.append(threads.Comment(blocks=[block]).as_dict())
            _mark(block, COMMENT, "comments", "comment_thread")
        else:
            _mark(block, BOILERPLATE, "comments", "comment_thread")


def _headline_words(text: str, word_count: int, fewest: int, most: int) -> bool:
    """A few words, and no sentence's full stop nor a clause's mark at the end: what a
    teaser's headline and a sentence-case headline share (`is_teaser_headline`,
    `is_plain_headline`). Two other headline tests ask otherwise, on purpose: the page's
    own headline (`heuristics._headline_text`) may run to 25 words and must not end as a
    sentence in any way ("!", a quoted full stop, two sentences), since taking a
    paragraph for it costs the article its first paragraph; the `headline` feature of
    `heuristics.measure` reads the sentence marks every feature reads, and tells nothing
    in languages that capitalise every noun."""
    return fewest <= word_count <= most and text[-1:] not in ".:;,"


def is_teaser_headline(block: Block) -> bool:
    """Shaped like a teaser's headline: a few words, no sentence's full stop at the end,
    most longer words capitalised (or all capitals), or a link."""
    return _teaser_headline(block.text.strip(), len(block.words), block.link_chars)


def _teaser_headline(text: str, word_count: int, link_chars: int = 0) -> bool:
    """`is_teaser_headline` on a stripped text, for a part of a block (a link's label)."""
    if not _headline_words(text, word_count, 2, TEASER_WORDS):
        return False
    return (
        link_chars >= LINKED_HEAD * len(text)
        or headline_case(text, TEASER_CASE_WORDS) >= TEASER_CASE
    )


def is_plain_headline(block: Block) -> bool:
    """Shaped like a headline in sentence case ("Police seek owner of lost coins"): a
    few words, opened with a capital, no sentence's full stop or a colon at the end. Many
    article lines look so too, so such lines make a teaser list only in a run after the
    article's last paragraph (`plain_runs`)."""
    text = block.text.strip()
    return (
        _headline_words(text, len(block.words), *PLAIN_TEASER_WORDS)
        and text[:1].isupper()
        and block.kind != "heading"
    )


def is_dated_headline(block: Block) -> bool:
    """A teaser's headline with its date run onto the same line ("Port reopens after the
    storm 4. November 2021"): the date ends the line, and what comes before it is a
    headline in any case (a few words, no sentence's full stop, a capital first)."""
    if len(block.words) > TEASER_WORDS + DATE_WORDS:
        return False
    text = block.text.strip()
    match = threads.date_in(text)
    if match is None or match.end() != len(text):
        return False
    head = text[: match.start()].rstrip(" ,|·•-–—")
    return head[:1].isupper() and _headline_words(head, len(words(head)), 2, TEASER_WORDS)


def linked_teaser(block: Block) -> bool:
    """A teaser written as one paragraph: a link whose label is a headline, then the
    story's summary of a sentence or two ("[Port Reopens After Storm](/port) The harbour
    opened again on ..."), as an article's paragraph that opens with a link is not."""
    return bool(_linked_headline(block))


LINKED_SUMMARY_WORDS = 60  # a summary of one or two sentences beside a linked headline
LINKED_HEAD = 0.8  # share of a teaser's headline in its link


def _linked_headline(block: Block) -> str:
    """The headline of a teaser written as one paragraph (`linked_teaser`), with the marks
    that join it to its summary ("[Name](/url) - ..." keeps its " -"), else ""."""
    if not block.raw.startswith("["):
        return ""  # most blocks: read before the pattern runs
    match = _LINK_LED.match(block.raw.strip())
    if match is None:
        return ""
    label, rest = match.group(1), match.group(2)
    if not _teaser_headline(label.strip(), len(words(label))):
        return ""
    if len(words(rest)) > LINKED_SUMMARY_WORDS:
        return ""
    return label + " " + _JOINT.match(rest).group(0)


def _is_teaser_extra(block: Block) -> bool:
    """What may stand under a teaser's headline: its date, or a one-line summary cut off."""
    return (len(block.words) <= DATE_WORDS and threads.date_in(block.text) is not None) or (
        len(block.words) <= SUMMARY_WORDS and bool(_TRUNCATED.search(block.text))
    )


def _linked_summary(blocks: list[Block], k: int) -> bool:
    """A teaser's summary under its headline: a block of a sentence or two (or a cut-off
    line, `_is_teaser_extra`) with few links, right below a headline that is all a link
    to another page."""
    block, head = blocks[k], blocks[k - 1] if k else None
    if head is None or head.link_chars < LINKED_HEAD * len(head.text.strip()):
        return False
    if 2 * block.link_chars >= len(block.text) or not is_teaser_headline(head):
        return False
    if _is_teaser_extra(block):
        return True
    return _pair_summary(block) and len(block.words) <= LINKED_SUMMARY_WORDS


def _under_taken_headline(blocks: list[Block], k: int) -> bool:
    """A cut-off summary (`_is_teaser_extra`) right below a headline a rule took as a
    related link: the first teaser of a list whose header the rule read with its first
    line; the run starts at the summary."""
    return (
        k > 0
        and blocks[k].is_open
        and blocks[k - 1].category == "related_links"
        and _is_teaser_extra(blocks[k])
    )


def _teaser_head(block: Block) -> bool:
    return is_teaser_headline(block) or linked_teaser(block) or is_dated_headline(block)


def teaser_runs(blocks: list[Block], start: int) -> list[tuple[int, int]]:
    """Runs of at least `TEASER_RUN` teaser headlines (each perhaps followed by its date or
    a cut-off summary) after ``start``; `MARKED_TEASER_RUN` are enough under a header a
    rule took as a related list, or when the summaries are cut off ("..."), which no
    article's list does. A list the article holds stays (`_in_article`)."""
    runs: list[tuple[int, int]] = []
    k = start
    while k < len(blocks):
        taken = _under_taken_headline(blocks, k)
        if not (blocks[k].is_open and (taken or _teaser_head(blocks[k]))):
            k += 1
            continue
        first, heads, cut, pairs, end = k, int(taken), 0, 0, k
        while k < len(blocks) and blocks[k].is_open:
            if linked_teaser(blocks[k]):
                heads += 1
                # Headline and summary in one, twice in a row: as cut summaries, a mark.
                # Apart (a section's heading between them), they may be an article's list.
                if k > first and linked_teaser(blocks[k - 1]):
                    cut = max(cut, MARKED_TEASER_RUN)
            elif is_teaser_headline(blocks[k]) or is_dated_headline(blocks[k]):
                heads += 1
            elif heads and _linked_summary(blocks, k):
                pairs += 1  # a summary under its headline that links away: a teaser
                cut += bool(_TRUNCATED.search(blocks[k].text))
            elif heads and _is_teaser_extra(blocks[k]):
                cut += bool(_TRUNCATED.search(blocks[k].text))
            else:
                break
            end = k
            k += 1
        # Linked headlines over summaries may be an article's list of things it links to
        # (products, places): as teasers, one of the summaries at least is cut off.
        marked = (
            cut >= MARKED_TEASER_RUN
            or (pairs >= MARKED_TEASER_RUN and cut > 0)
            or (first > 0 and blocks[first - 1].category == "related_links")
        )
        if heads >= (MARKED_TEASER_RUN if marked else TEASER_RUN) and not _in_article(
            blocks, first, end
        ):
            runs.append((first, end))
    return runs


def plain_runs(blocks: list[Block]) -> list[tuple[int, int]]:
    """Runs of at least `TEASER_RUN` sentence-case headlines (`is_plain_headline`) after
    the article's last paragraph: the page's list of other stories in whatever case its
    site writes headlines. Before that paragraph, or introduced by a colon, or filled in
    from one template, such lines are the article's own list and stay."""
    # The article's last paragraph: its last long block, whatever its end (a scraper may
    # cut a paragraph's full stop along with a link).
    last = max((k for k, b in enumerate(blocks) if b.is_open and _long(b)), default=-1)
    if last < 0:
        return []
    runs: list[tuple[int, int]] = []
    k = last + 1
    while k < len(blocks):
        end = k
        while end < len(blocks) and blocks[end].is_open and is_plain_headline(blocks[end]):
            end += 1
        if end - k >= TEASER_RUN and not _in_article(blocks, k, end - 1):
            runs.append((k, end - 1))
        k = max(end, k + 1)
    return runs


def _in_article(blocks: list[Block], first: int, end: int) -> bool:
    """Whether a run of short lines is a list the article holds: a paragraph introduces it
    ("The five are:"), article prose follows right after it, or its lines share one
    template (a schedule's "DATE – CITY @ VENUE"), as headlines of other stories do not."""
    if _templated(blocks[first : end + 1]) or any(
        _ABBREVIATED.search(b.text) for b in blocks[first : end + 1]
    ):
        return True
    before = next((b for b in reversed(blocks[:first]) if b.is_open), None)
    if before is not None and before.text.rstrip().endswith(":"):
        return True
    return any(b.is_open and _prose(b) for b in blocks[end + 1 : end + 3])


# A lower-case word of three letters or more cut short inside the line, running on in lower
# case ("bzw. keine", "approx. two", "etc. and"): a list item's note, which no headline
# abbreviates ("Lakers vs. Celtics", "Dr. Lee" and "U.S. Open" are headlines' marks).
_ABBREVIATED = regex.compile(r"(?<!\p{L})\p{Ll}{3,}\.\s+\p{Ll}")
_NOT_PUNCT = regex.compile(r"[\w\s'’.-]+")  # "St. Louis", "All-Star": marks inside names
TEMPLATE_SHARE = 0.6  # share of a list's lines with the same punctuation: a template


def _templated(run: list[Block]) -> bool:
    """Most lines of the run hold the same mark ("Address: ...", "DATE – CITY @ VENUE"):
    one template filled in, as a fact box or a schedule is and a list of headlines is not."""
    # A teaser's summary is prose, whose commas are no template: its headline is read,
    # and the mark that joins the summary to it (a product list's "[Name](/url) - ...").
    marks = [set(_NOT_PUNCT.sub("", _linked_headline(b) or b.text)) for b in run]
    common = [
        m for m in set().union(*marks) if sum(m in ms for ms in marks) >= TEMPLATE_SHARE * len(run)
    ]
    return bool(common)


def _long(block: Block) -> bool:
    return len(block.words) >= PROSE_START_WORDS and not linked_teaser(block)


def _prose(block: Block) -> bool:
    return len(block.words) >= PROSE_START_WORDS and block.text.rstrip()[-1:] in _SENTENCE_END


def record_runs(blocks: list[Block], start: int) -> list[tuple[int, int]]:
    """Runs of at least `cells.RECORDS` open blocks after ``start`` that end alike with a
    link's label (`cells.ending`: "... Full story"): teasers of one template, whatever
    their headlines look like."""
    runs: list[tuple[int, int]] = []
    # Each open block's ending, read once (with the words the block has counted).
    ends = [
        cells.ending(b.text, len(b.words)) if k >= start and b.is_open else ()
        for k, b in enumerate(blocks)
    ]
    k = start
    while k < len(blocks):
        shared = ends[k]
        end = k
        while shared and end + 1 < len(blocks) and blocks[end + 1].is_open:
            nxt = blocks[end + 1]
            common = cells.common_ending(shared, ends[end + 1])
            if not common or not cells.is_record(nxt.text, common, len(nxt.words)):
                break
            shared, end = common, end + 1
        run = blocks[k : end + 1]
        if (
            len(run) >= cells.RECORDS
            and all(cells.is_record(b.text, shared, len(b.words)) for b in run)
            and not _in_article(blocks, k, end)
        ):
            runs.append((k, end))
            k = end + 1
        else:
            k += 1
    return runs


def summary_heads(blocks: list[Block]) -> list[int]:
    """Positions of headlines whose teaser's summary a rule took as a related link (a
    summary that ends in a "more" link): the headline above it belongs to the same teaser."""
    found = []
    for k, block in enumerate(blocks[:-1]):
        summary = blocks[k + 1]
        if (
            block.is_open
            and summary.category == "related_links"
            and len(summary.words) > TEASER_WORDS
            and is_plain_headline(block)
        ):
            found.append(k)
    return found


PAIR_RUN = 3  # headline-and-summary pairs in a row that close the page: other stories
PAIR_SUMMARY_WORDS = 90  # a teaser's summary: two or three sentences at most


def _pair_headline(block: Block) -> bool:
    return block.is_open and (is_teaser_headline(block) or is_plain_headline(block))


def _pair_summary(block: Block) -> bool:
    """A teaser's summary: a sentence or three, ended as a sentence is."""
    return (
        block.is_open
        and PLAIN_TEASER_WORDS[1] < len(block.words) <= PAIR_SUMMARY_WORDS
        and block.text.rstrip()[-1:] in _SENTENCE_END
    )


def pair_runs(blocks: list[Block], start: int) -> list[tuple[int, int]]:
    """Runs of at least `PAIR_RUN` teasers of a headline over a summary of a sentence or
    three, after a block a rule removed (a newsletter prompt, a related list's header)
    and up to the page's end: the other stories a site shows under the article. An
    article's sections of one paragraph each go on after such a block, or end before the
    page does."""
    runs: list[tuple[int, int]] = []
    for k in range(max(start, 1), len(blocks)):
        if blocks[k - 1].label != BOILERPLATE or not _pair_headline(blocks[k]):
            continue
        end, pairs = k, 0
        while (
            end + 1 < len(blocks) and _pair_headline(blocks[end]) and _pair_summary(blocks[end + 1])
        ):
            end, pairs = end + 2, pairs + 1
        if pairs >= PAIR_RUN and all(not b.is_open for b in blocks[end:]):
            runs.append((k, end - 1))
    return runs


DATED_HEAD_WORDS = (5, 24)  # a headline with its date line: no name, as long as the page's


_YEAR = regex.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")  # a publication's date names its year


def dated_teasers(
    blocks: list[Block], start: int, datelines: list[str] | None = None
) -> list[tuple[int, int]]:
    """A headline and its date line inside the article, the page's own date line above
    them both and the article's prose going on below: another story's teaser set into the
    text ("Read also"), whose date says it is no section of this one (an event's date
    names no year's publication, and a list of them has no prose between its lines).
    Each as ``(headline, date line)``. ``datelines``: each open block's
    `captions.dateline`, where the caller has them."""
    if datelines is None:
        datelines = captions.datelines(blocks)
    found: list[tuple[int, int]] = []
    dated = False  # a date line (or a rule's date) stands above
    for k, block in enumerate(blocks[:-1]):
        # Once a date stands above, every later block is asked: the date line below, read
        # already for the open ones, rules out most before the headline's shape is read.
        if dated and k >= start and block.is_open:
            line = blocks[k + 1]
            date = datelines[k + 1] if line.is_open else captions.dateline(line)
            if (
                _bare_date(line, date)
                and _dated_head(block)
                and any(_prose(b) for b in blocks[k + 2 : k + 3])
            ):
                found.append((k, k + 1))
        dated = dated or block.category == "date" or bool(block.is_open and datelines[k])
    return found


def _bare_date(block: Block, date: str) -> bool:
    """A date line of a date with its year and a weekday at most: no one's signature
    ("Ann — 3 May 2021, 9:12"), no byline ("by Ann on ..."). ``date``: the block's
    `captions.dateline`."""
    if not (date and _YEAR.search(date)):
        return False
    return len(words(captions.DATE_TIME.sub(" ", block.text))) <= 1


_LETTER = regex.compile(r"\p{L}")


def _dated_head(block: Block) -> bool:
    text = block.text.strip()
    first = _LETTER.search(text)
    return (
        block.is_open
        and first is not None
        and first.group(0).isupper()
        and threads.date_in(text) is None
        and not _INNER_END.search(text)
        and _headline_words(text, len(block.words), DATED_HEAD_WORDS[0], DATED_HEAD_WORDS[1])
        and text[-1:] not in _SENTENCE_END - {'"', "”", "’", "'", ")"}
    )


def cut_summary(block: Block) -> bool:
    """A summary of a sentence and the next one cut off mid-word or mid-clause ("The port
    reopened. It was the first time the ..."): a teaser cut at a length, as an article's
    standfirst is not. A line cut with no sentence before the cut may be a headline or a
    writer's trailing off."""
    return (
        block.is_open
        and PLAIN_TEASER_WORDS[1] < len(block.words) <= SUMMARY_WORDS
        and _CUT_WORD.search(block.text) is not None
        and _INNER_END.search(block.text) is not None
    )


def cut_summaries(blocks: list[Block], start: int) -> list[int]:
    """Cut summaries (`cut_summary`) above the article's first paragraph: other stories'."""
    return [k for k, block in enumerate(blocks[:start]) if cut_summary(block)]


def mark_teasers(doc: Document, datelines: list[str] | None = None) -> None:
    """Teaser lists and other stories' teasers, by shape (``datelines``: see
    `dated_teasers`)."""
    blocks = doc.blocks
    start = article_start(blocks)
    if start == len(blocks):  # no block ends like a sentence (a scraper ran the page's
        # links into the article's last line): the article starts at its first long block
        start = next((k for k, b in enumerate(blocks) if b.is_open and _long(b)), start)
    start += 1
    runs = teaser_runs(blocks, start) + record_runs(blocks, start) + plain_runs(blocks)
    runs += [(k, k) for k in summary_heads(blocks)] + pair_runs(blocks, start)
    runs += dated_teasers(blocks, start, datelines)
    runs += [(k, k) for k in cut_summaries(blocks, start - 1)]
    for first, end in runs:
        for block in blocks[first : end + 1]:
            _mark(block, BOILERPLATE, "related_links", "teaser_list")


def mark_heads(doc: Document) -> None:
    """A head cut off the article's first sentence (`cleaner.heads`): its byline and date
    are metadata, the date in the date field."""
    for block in doc.blocks:
        if block.is_open and HEAD_HINT in block.hints:
            if match := threads.date_in(block.text):
                doc.set_meta("date", dates.normalize(match.group(0)))
            _mark(block, META, "byline", "glued_head")


def mark_tails(doc: Document) -> None:
    """A rights notice or a reporting credit cut off the article's last sentence
    (`cleaner.tails`): the page's, not the story's."""
    for block in doc.blocks:
        if block.is_open and TAIL_HINT in block.hints:
            category = "copyright" if is_rights(block.text) else "caption"
            _mark(block, BOILERPLATE, category, "glued_tail")


# Script or style code a converter kept as text (a page's inline JavaScript or CSS):
# statements end in semicolons, with braces, calls ("f(", "x.y(") and assignments written
# without spaces between them. Prose in any language may have a semicolon or two, a
# bracket after a space, a URL's "=", but not all of them this densely.
_CODE_SHAPE = regex.compile(r"[{}]|\w\(")  # a brace, a call
_ASSIGNMENT = regex.compile(r"\w=|=[\w\"'(]")
CODE_STATEMENTS = 2  # semicolons at least ...
CODE_MARKS_PER_CHAR = 0.03  # ... and code marks this dense (a mark every 33 characters)


def is_code(text: str) -> bool:
    """Whether a block is script or style code rather than prose, by its punctuation alone.

    >>> is_code("var n = 0; function tick() { n++; show(n); }")
    True
    >>> is_code("It rained; the match (a final) was moved; fans left early.")
    False
    """
    ends = text.count(";")
    if ends < CODE_STATEMENTS:
        return False
    shapes = len(_CODE_SHAPE.findall(text))
    marks = ends + shapes + len(_ASSIGNMENT.findall(text))
    return shapes > 0 and marks >= CODE_MARKS_PER_CHAR * len(text)


# An archive's index (a blog's "posts by month" list or drop-down) flattened into one
# line: entries of a month's or a week's name and its year, its span of dates or its
# count of posts ("March 2012 (14)", "10/07/12 - 10/14/12 (9)"), in any language, side by
# side with no comma between them. A sentence, a comma or a semicolon (a list of players
# and their ratings, a sentence of years), in any script, is prose's.
_ENTRY_NUMBER = regex.compile(r"\(\d+\)|(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_PROSE_MARK = regex.compile(r"\p{Ll}{2}[.!?]\s+\p{Lu}|[,;，；。！？、]")
ARCHIVE_ENTRIES = 6  # numbers at least ...
ARCHIVE_SHARE = 0.2  # ... and this share of the words: an index, not prose full of years


def is_archive_index(text: str) -> bool:
    """Whether a block is an archive's index run into one line, by its numbers alone.

    >>> is_archive_index("Archive May 2020 (3) April 2020 (5) March 2020 (2) February 2020 (4)")
    True
    >>> is_archive_index("Prices rose in 2019, 2020, 2021, 2022, 2023 and in 2024.")
    False
    """
    numbers = len(_ENTRY_NUMBER.findall(text))
    return (
        numbers >= ARCHIVE_ENTRIES
        and numbers >= ARCHIVE_SHARE * len(text.split())
        and not _PROSE_MARK.search(text)
    )


def mark_code(doc: Document) -> None:
    """Code shown as text (`is_code`) and an archive's index run into one line
    (`is_archive_index`) are no part of any region: they go before the others are
    looked for."""
    for block in doc.blocks:
        if block.is_open and is_code(block.text):
            _mark(block, BOILERPLATE, "junk", "code")
        elif block.is_open and is_archive_index(block.text):
            _mark(block, BOILERPLATE, "navigation", "archive")


def restore_kept(doc: Document, keep: frozenset[str]) -> None:
    """Blocks of a category the user keeps are body before anything is classified: the
    heuristics then weigh a kept caption as the body text it will be, instead of a removed
    block that breaks the article around it."""
    for block in doc.blocks:
        if block.category in keep and block.label != BODY:
            block.label = BODY  # decided_by stays: no later stage takes it out again


def regions(doc: Document, keep: frozenset[str] = frozenset()) -> None:
    """Stage: code shown as text, boxes of recent comments on other stories, comment
    threads, teaser lists, then captions and credits, each by shape; then what the user
    keeps goes back to the body (`restore_kept`)."""
    mark_code(doc)
    recent_comments.mark_boxes(doc, STAGE)  # before the threads: no comments on this page
    mark_threads(doc)
    mark_heads(doc)
    mark_tails(doc)
    # Each open block's dateline, read once for the teasers and the captions: marking a
    # block changes no block's text, and blocks only close.
    datelines = captions.datelines(doc.blocks)
    mark_teasers(doc, datelines)
    captions.mark_captions(doc, STAGE, datelines)
    restore_kept(doc, keep)
