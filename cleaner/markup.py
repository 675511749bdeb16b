"""Markup: detect the input format, read HTML through trafilatura, and undo Markdown.

Every format ends as the same thing: a list of `Line`s with a kind (heading, list item,
quote, table, ...) and plain text, so the later stages never see markup.
"""

from __future__ import annotations

import re

from cleaner import html_adapter, html_fast, knowledge
from cleaner.decode import utf8_bytes
from cleaner.model import Document, Line

FORMATS = ("text", "markdown", "html")
HTML_ENGINES = ("fast", "trafilatura")
# The hint of the lines trafilatura gives as the page's comments: the same as the fast
# engine's for an element that holds reader comments (`html_fast.label_by_hints`).
COMMENT_SECTION = frozenset({"comment"})

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</(?:p|div|span|a|li|td|h[1-6]|article|section)>", re.I)
# Markdown signals, each behind the one character it cannot match without: most scraped
# text lacks some of them, and a substring test is far cheaper than a regex scan.
_MD_SIGNALS = (
    ("#", re.compile(r"^#{1,6}\s+\S", re.M)),
    ("](", re.compile(r"\[[^\[\]\n]+\]\([^)\s\[]*\)")),  # stop at "[": linear, see below
    ("<http", re.compile(r"<https?://[^<>\s]+>")),
    ("[", re.compile(r"^\s*[-*+]\s+\[", re.M)),
    ("**", re.compile(r"\*\*\S[^*\n]*\*\*")),
)


def detect_format(text: str) -> str:
    """Guess "html", "markdown" or "text" from the content.

    >>> detect_format("# Title\\n\\nBody with a [link](https://x.org).")
    'markdown'
    >>> detect_format("Prices rose [sharply] on Monday.")
    'text'
    """
    head = text[:20000]
    if _HTML_START.match(head) or ("</" in head and len(_HTML_TAG.findall(head)) >= 3):
        return "html"
    markdown = any(needle in head and signal.search(head) for needle, signal in _MD_SIGNALS)
    return "markdown" if markdown else "text"


def has_tags(text: str) -> bool:
    """Whether the text holds any HTML tag or comment. A file named .html without one is plain text
    (or Markdown) that trafilatura would find no page in, and return nothing of.

    >>> has_tags("<p>One paragraph</p>"), has_tags("It costs 3 < 4 & so on.")
    (True, False)
    """
    head = text[:20000]
    return bool(_HTML_START.match(head) or _TAG.search(head) or "<!--" in head)


# --- Markdown inline markup -------------------------------------------------------------
# Linear time on hostile lines: no part of a pattern may run past the character that opens
# the next candidate ("[" for links, "<" for autolinks, the delimiter itself for emphasis).
# Otherwise every opener rescans the rest of the line ("[a](" * 100_000 is quadratic).

# Alt text may hold one level of brackets; a bare "[" ends it, so that a line of many "!["
# is read in one pass instead of one scan per "![".
_IMAGE = re.compile(
    r"!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?[^)\s>\[]*>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
# A link's text, like alt text, may hold one level of brackets ("[Ten Dishes [Photos]](/x)").
# Its destination is read up to its closing parenthesis, spaces, title and one level of
# parentheses included: converters from HTML copy a URL as the page wrote it, spaces and
# all ("[Share](https://x.org/post?text=A title)"), and a link left unread leaves its URL in
# the text, and its text uncounted as a link's. Possessive: each run is read once.
_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*+)\]\((?:[^()\[\]\n]|\([^()\n]*\))*+\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+)>")
# Flanked like emphasis, not inside a word or a run of asterisks: "Dia**** Co**" censors a
# name and stays as written.
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=[^\s*])((?:(?!\1).)+?)(?<=[^\s*])\1(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])((?:(?!\1).)+?)(?<=[^\s*_])\1(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_ESCAPED_BASE = 0xF0000  # escaped ASCII is parked in a private-use plane while markup is read
_SET_ASIDE = re.compile("[\U000f0000-\U000f007f]")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def strip_inline(raw: str) -> tuple[str, int]:
    """Markdown inline markup to plain text; returns the text and how much of it was link text.

    >>> strip_inline("By [Nikolaus von Twickel](#), **Moscow**")
    ('By Nikolaus von Twickel, Moscow', 20)
    >>> strip_inline("along the [Syrian] border")
    ('along the [Syrian] border', 0)
    """
    # Escaped characters are set aside first, so that "\\*" never opens emphasis.
    text = _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), raw)
    text = _IMAGE.sub("", text)
    link_chars = 0

    def link_text(match: re.Match[str]) -> str:
        nonlocal link_chars
        inner = match.group(1)
        link_chars += len(inner.strip("*_ "))
        return inner

    text = _LINK.sub(link_text, text)
    text = _REF_LINK.sub(link_text, text)
    text = _AUTOLINK.sub(link_text, text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _TAG.sub("", text)
    text = _SET_ASIDE.sub(lambda m: chr(ord(m.group(0)) - _ESCAPED_BASE), text)
    return " ".join(text.split()), link_chars


# --- Line kinds ---------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
# No two runs of \s* side by side (as in \s*\|?\s*): on a line of many spaces they try every
# split of the run, and 2,000-deep list indents took seconds a line.
_TABLE_SEP = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# Bullets seen in scraped text as well as Markdown's own (rules/data/text.yaml).
_LIST = re.compile(rf"^(\s*)([{re.escape(knowledge.bullets())}]|\d{{1,3}}[.)])\s+(\S.*)$")
# A bullet escaped where a list item starts ("\- Menu"): converters from HTML escape a
# bullet that opens a line of text, so that Markdown reads no list. Unescaped in the body,
# it would read as one there: cleaned again, the body would lose the bullet. So the escaped
# bullet is read now as the list's bullet it stands for. An escaped number ("2\. Step")
# stays text: the number is part of what the line says (as in plain text), and read as a
# list's, it was lost (dragnet-dev full/: a page of numbered steps fell from 0.93 to 0.77).
_ESCAPED_MARKER = re.compile(r"^(\s*)\\([-*+])(?=\s+\S)")
# A dash before a quotation mark opens a turn of dialogue ("– „Fine.“"): the line is still
# read as one of a run of items (each turn its own block, never joined as wrapped prose),
# but the dash is the text's, kept, or the body would say "„Fine.“" where the page said
# "– „Fine.“".
_DIALOGUE = re.compile(knowledge.dialogue_dash())


def _unescape_bullet(line: str) -> str:
    """The line with an escaped bullet at its start unescaped (see _ESCAPED_MARKER)."""
    if "\\" not in line:  # most lines: no regex
        return line
    return _ESCAPED_MARKER.sub(r"\1\2", line, count=1)


def _dialogue(item: re.Match[str]) -> bool:
    """Whether a list item's marker (`_LIST`) is a dialogue's dash (`_DIALOGUE`)."""
    return _DIALOGUE.match(item.string, item.start(2)) is not None


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))


def read_markdown_line(raw: str) -> Line:
    """Classify one Markdown line and strip its markup."""
    if not raw.strip():
        return Line(raw, "", "blank")
    # Runs of spaces inside the line are collapsed before the patterns see it, as they are
    # in the text anyway: a run of 100,000 spaces would make "\s+ ... \s*$" quadratic.
    lead = raw[: len(raw) - len(raw.lstrip())]
    line = lead + " ".join(raw.split())
    if _RULE.match(line) or _TABLE_SEP.match(line):
        return Line(raw, "", "rule")
    if m := _HEADING.match(line):
        text, links = strip_inline(m.group(2))
        return Line(raw, text, "heading", level=len(m.group(1)), link_chars=links)
    if _TABLE.match(line):
        cells = [strip_inline(c)[0] for c in line.strip().strip("|").split("|")]
        # Rows keep their outer pipes: read again as text, they are still a table's rows.
        return Line(raw, "| " + " | ".join(c for c in cells if c) + " |", "table")
    if m := _QUOTE.match(line):
        text, links = strip_inline(m.group(1))
        return Line(raw, text, "quote", link_chars=links)
    indent = _indent(raw)
    if m := _LIST.match(_unescape_bullet(line)):
        text, links = strip_inline(line.lstrip() if _dialogue(m) else m.group(3))
        return Line(raw, text, "list_item", level=indent // 2, indent=indent, link_chars=links)
    text, links = strip_inline(line)
    return Line(raw, text, "paragraph", indent=indent, link_chars=links)


# What a table row or a list item can start with (after spaces), digits aside: other lines
# skip both patterns.
_SHAPE_STARTS = frozenset("|" + knowledge.bullets())


def read_text_line(raw: str) -> Line:
    """Plain text keeps its characters; only the line's shape (list item, indent) is noted."""
    stripped = raw.lstrip()
    if not stripped:
        return Line(raw, "", "blank")
    indent = _indent(raw)
    text = " ".join(raw.split())
    if stripped[0] not in _SHAPE_STARTS and not stripped[0].isdecimal():  # \d is isdecimal
        return Line(raw, text, "paragraph", indent=indent)
    if _TABLE.match(raw):
        return Line(raw, text, "table", indent=indent)
    if m := _LIST.match(raw):
        # A bullet is markup; a number ("2.") is part of what the list says.
        bullet = not m.group(2)[0].isdigit() and not _dialogue(m)
        text = " ".join(m.group(3).split()) if bullet else text
        return Line(raw, text, "list_item", level=indent // 2, indent=indent)
    return Line(raw, text, "paragraph", indent=indent)


FENCE = "```"  # what opens and closes a code block in the body (`fenced`)


def fenced(code: str) -> str:
    """A code block's text as the body gives it: between fences, so that the body, read
    again as text or as Markdown, still holds one code block, not a paragraph a line."""
    return f"{FENCE}\n{code}\n{FENCE}"


def _fences(text: str, raws: list[str], fmt: str) -> set[int]:
    """The lines that open or close a code block: fences that pair up, in order. A fence
    left without its pair (a page's or a converter's slip) is read as a line of its own,
    not as the start of a code block that would swallow the rest of the document. Plain
    text knows only the body's fence (`FENCE`): a row of tildes there is a rule drawn in
    text, or a picture."""
    if FENCE not in text and (fmt == "text" or "~~~" not in text):  # most documents
        return set()
    if fmt == "text":
        found = [k for k, raw in enumerate(raws) if raw.lstrip().startswith(FENCE)]
    else:
        found = [k for k, raw in enumerate(raws) if _FENCE.match(raw)]
    return set(found[: len(found) - len(found) % 2])


# A link's title left open at the end of a line: Markdown lets it run on to the next lines
# (converters from HTML copy a title attribute's line breaks), up to a blank line.
_OPEN_TITLE = re.compile(r"\]\(\s*<?[^)\s>\[]*>?(\s+\"[^\"\n]*)$")
_TITLE_CLOSE = re.compile(r"^[^\"]*\"\s*\)")
TITLE_LINES = 8  # a title that runs on further is a stray quote, not a title


def _close_titles(raws: list[str]) -> list[str]:
    """The lines with each link title that runs over line breaks taken out: a title is a
    tooltip, not text, and its lines read alone would put it in the body (often a photo's
    caption, already given below the picture)."""
    out: list[str] = []
    k = 0
    while k < len(raws):
        raw = raws[k]
        m = _OPEN_TITLE.search(raw) if '"' in raw and "](" in raw else None
        end = _title_end(raws, k + 1) if m else -1
        if m is None or end < 0:
            out.append(raw)
            k += 1
            continue
        close = _TITLE_CLOSE.match(raws[end])
        assert close is not None
        out += [raw[: m.start(1)] + ")", raws[end][close.end() :]]
        k = end + 1
    return out


def _title_end(raws: list[str], start: int) -> int:
    """The line that closes a title opened before ``start``, or -1: none within
    `TITLE_LINES`, or a blank line first."""
    for j in range(start, min(start + TITLE_LINES, len(raws))):
        if not raws[j].strip():
            return -1
        if '"' in raws[j]:
            return j if _TITLE_CLOSE.match(raws[j]) else -1
    return -1


# A link's text broken by a hard line break ("[Title  " / "Subtitle](/url)"): converters from
# HTML write a line break inside a link so. Read line by line, neither part is a link, and
# the URL stays in the text. The line opens a link it does not close ...
_OPEN_LINK = re.compile(r"\[[^\[\]\n]*  $")
_CLOSE_LINK = re.compile(r"^[^\[\]\n]*\]\(")  # ... that a later line closes


def _join_broken_links(raws: list[str]) -> list[str]:
    """The lines with each link broken over hard line breaks (`_OPEN_LINK`) read as one
    line, up to the line that closes it; one without its close within `TITLE_LINES`, or
    with a blank line first, is left as written."""
    out: list[str] = []
    k = 0
    while k < len(raws):
        raw = raws[k]
        end = _link_end(raws, k + 1) if raw.endswith("  ") and _OPEN_LINK.search(raw) else -1
        if end < 0:
            out.append(raw)
            k += 1
            continue
        out.append(" ".join([raw.rstrip()] + [part.strip() for part in raws[k + 1 : end + 1]]))
        k = end + 1
    return out


def _link_end(raws: list[str], start: int) -> int:
    """The line that closes a link opened before ``start``, or -1 (`_join_broken_links`)."""
    for j in range(start, min(start + TITLE_LINES, len(raws))):
        if not raws[j].strip() or "[" in raws[j].split("](", 1)[0]:
            return -1
        if _CLOSE_LINK.match(raws[j]):
            return j
        if not raws[j].endswith("  "):
            return -1
    return -1


def read_lines(text: str, fmt: str) -> list[Line]:
    """The document's lines, each read (`read_text_line`, `read_markdown_line`) unless
    it is code: a code block's lines are code in either format, since the body gives them
    between fences (`fenced`)."""
    read = read_text_line if fmt == "text" else read_markdown_line
    raws = text.split("\n")
    if fmt != "text" and "](" in text and '"' in text:  # a link with a title, maybe open
        raws = _close_titles(raws)
    if fmt != "text" and "  \n" in text and "](" in text:
        raws = _join_broken_links(raws)
    fences = _fences(text, raws, fmt)
    if not fences:
        return [read(raw) for raw in raws]
    lines: list[Line] = []
    in_code = False
    for k, raw in enumerate(raws):
        if k in fences:
            in_code = not in_code
        elif not in_code:
            lines.append(read(raw))
        else:
            lines.append(Line(raw, raw.strip(), "code") if raw.strip() else Line(raw, "", "blank"))
    return lines


def extract(doc: Document, engine: str = "trafilatura") -> None:
    """Stage: an HTML page becomes its text and metadata, through the fast engine (lines
    with their DOM hints, `html_fast`) or the trafilatura adapter (Markdown-ish main text);
    other formats pass through. It comes before repair, so that repair reads text, not a
    page that is mostly markup and script."""
    if doc.format == "html" and engine == "fast":
        page = html_fast.extract(utf8_bytes(doc) or doc.text)
        doc.dom_lines = page.lines
        doc.text = "\n".join(line.text for line in page.lines)
        for name, value in page.meta.items():
            doc.set_meta(name, value)
    elif doc.format == "html":
        try:
            doc.text, doc.comment_lines, meta, doc.html_captions = html_adapter.extract(doc.text)
        except html_adapter.HtmlError as exc:
            # What trafilatura cannot read (nesting past libxml2's limit, text with a few
            # tags) is not lost: its visible text is cleaned instead, read as Markdown like
            # trafilatura's text, so visible_text escapes Markdown's characters.
            doc.text, meta = html_adapter.visible_text(doc.text), {}
            doc.warnings.append(f"{exc}: cleaned its visible text instead")
        for name, value in meta.items():
            doc.set_meta(name, value)


CAPTION_MIN_WORDS = 3  # a line this long that a marked caption holds repeats the caption


def _hint_captions(lines: list[Line], captions: frozenset[str]) -> None:
    """The trafilatura engine's lines that repeat a caption the page marks (`html_adapter`)
    get the fast engine's "caption" hint: the markup, not the text's shape, names them."""
    joined = "\n".join(captions)
    for line in lines:
        text = " ".join(line.text.split())
        if line.kind == "paragraph" and len(text.split()) >= CAPTION_MIN_WORDS and text in joined:
            line.hints = line.hints | {"caption"}


def markup(doc: Document) -> None:
    """Stage: every format read into lines (HTML's extracted text is read as Markdown; the
    fast engine's lines keep their kinds and hints, with the repaired text)."""
    _read(doc)
    if doc.html_captions:
        _hint_captions(doc.lines, doc.html_captions)


def _read(doc: Document) -> None:
    if doc.dom_lines is not None:
        texts = doc.text.split("\n")
        if len(texts) == len(doc.dom_lines):  # repair keeps one line per line
            for line, text in zip(doc.dom_lines, texts, strict=True):
                line.raw = line.text = text
            doc.lines, doc.dom_lines = doc.dom_lines, None
            return
        doc.dom_lines = None
    fmt = "text" if doc.format == "text" else "markdown"
    if doc.comment_lines:  # the trafilatura engine's comment section, read apart
        texts = doc.text.split("\n")
        cut = len(texts) - doc.comment_lines
        if cut > 0 and not texts[cut - 1]:  # the blank line before it: repair kept the lines
            comments = read_lines("\n".join(texts[cut:]), fmt)
            for line in comments:
                line.hints = COMMENT_SECTION
            doc.lines = read_lines("\n".join(texts[:cut]), fmt) + comments
            return
    doc.lines = read_lines(doc.text, fmt)
