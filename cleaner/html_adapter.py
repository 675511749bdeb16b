"""The one place cleaner calls trafilatura: HTML in, Markdown-ish text and metadata out.

Options are fixed for recall: comments, tables and links stay in, so that cleaner's own rules
and heuristics (which see link density) decide what goes. Headings, lists, quotes and tables
come as Markdown, read into lines of those kinds as the fast engine's are; the comments
trafilatura finds come after the body, and the caller reads those lines apart, as the page's
comment section (on dragnet-dev body F1 0.854 -> 0.899: trafilatura's comments no longer
count as the article; on gn1-dev the share of comment text found as comments 0.54 -> 0.65).

``fast`` skips trafilatura's fallback cascade (a second and third extraction with
readability and jusText, kept when they look better): about 1 ms a page on news-dev; body
F1 without ``fast`` news-dev 0.980 -> 0.976, dragnet-dev 0.899 -> 0.894, gn1-dev 0.897 ->
0.928 (bench/THROUGHPUT.md). The page is parsed once.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from cleaner.errors import InputError

_OPTIONS: dict[str, Any] = {
    "fast": True,
    "favor_recall": True,
    "include_comments": True,
    "include_tables": True,
    "include_links": True,
    "include_formatting": True,
    "with_metadata": True,
    # The date from the page's markup and URL, not a search of every text node for one.
    "date_extraction_params": {"original_date": True, "extensive_search": False},
}


class HtmlError(Exception):
    """trafilatura failed on the page or found no text in it; the caller falls back on
    `visible_text`. Internal: it never leaves the extract stage."""


def _authors(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


# A picture's caption as the page marks it: a figcaption, or an element whose class says
# caption (what the fast engine reads as the "caption" hint). Once trafilatura has made
# it text, it reads like prose; its text names the lines that repeat it.
_CAPTIONS = "//figcaption | //*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')]"
CAPTION_WORDS = 80  # longer: an element that holds more than a caption


def _captions(tree: Any) -> frozenset[str]:
    """The texts of the page's marked captions, white space collapsed."""
    found = (" ".join(node.text_content().split()) for node in tree.xpath(_CAPTIONS))
    return frozenset(text for text in found if 0 < len(text.split()) <= CAPTION_WORDS)


def extract(html: str) -> tuple[str, int, dict[str, Any], frozenset[str]]:
    """Return the page's main text with its comments after it, how many of its last lines
    are the comments, the page's metadata and its marked captions' texts (`_captions`);
    raise `HtmlError` when trafilatura fails or finds no text."""
    # Imported here: with jusText, which it imports, 18 MB that a process reading no HTML
    # with this engine does not need (a batch's warm-up imports it before the workers fork).
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)  # parsed once: trafilatura works on a copy of it
        captions = _captions(tree) if tree is not None else frozenset()
        result = trafilatura.bare_extraction(html if tree is None else tree, **_OPTIONS)
    except InputError:  # the document's time limit, not a failure of the parser
        raise
    except Exception as exc:  # a third-party parser on hostile input: fall back, do not crash
        raise HtmlError(f"trafilatura failed on the page ({type(exc).__name__})") from exc
    if result is None or result.body is None:
        raise HtmlError("trafilatura found no article in the page")
    # trafilatura has already turned body and comments into text with these options.
    parts = [result.text or "", result.comments or ""]
    if not any(p.strip() for p in parts):
        raise HtmlError("trafilatura found no text in the page")
    meta = {
        "title": result.title or "",
        "authors": _authors(result.author),
        "date": result.date or "",
        "source": result.sitename or "",
        "url": result.url or "",
    }
    body, comments = (p.strip("\n") for p in parts)
    text = "\n\n".join(p for p in (body, comments) if p)
    return text, comments.count("\n") + 1 if comments else 0, meta, captions


# --- Fallback: the page's text without trafilatura ------------------------------------------
# For what trafilatura cannot read: nesting deeper than libxml2's 256 levels, a fragment.
# Scans once from "<" to "<" (no tree, no backtracking), skips scripts, styles and comments,
# turns block-level tags into paragraph breaks, and escapes Markdown's characters: the text
# is read as Markdown next, as trafilatura's is, and must come out as it stands.

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>|<[!?/][^<>]*>")
# Elements whose content is not shown, each with the pattern of its end tag.
_SKIPPED = {name: re.compile(f"</{name}", re.I) for name in ("script", "style", "noscript")}
_BLOCK_TAG = re.compile(
    r"address|article|aside|blockquote|br|d[dlt]|div|fig(?:caption|ure)|footer|form|h[1-6r]"
    r"|header|li|main|nav|ol|p|pre|section|t[dhr]|table|title|ul"
)
_MARKDOWN_CHAR = re.compile(r"[\\`*_{}\[\]()#+\-.!|>~<]")


def visible_text(html: str) -> str:
    """The text a browser would show, paragraphs separated by blank lines, Markdown's
    characters escaped.

    >>> visible_text("<p>One &amp; two</p><script>x()</script><div>Three <b>#4</b></div>")
    'One & two\\n\\nThree \\\\#4'
    """
    out: list[str] = []
    pos = 0
    while (lt := html.find("<", pos)) >= 0:
        out.append(html[pos:lt])
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            pos = len(html) if end < 0 else end + 3
            continue
        tag = _TAG.match(html, lt)
        if tag is None:  # a lone "<" is text
            out.append("<")
            pos = lt + 1
            continue
        pos = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _SKIPPED and not tag.group(1):
            end = _SKIPPED[name].search(html, pos)
            pos = len(html) if end is None else end.start()
        elif _BLOCK_TAG.fullmatch(name):
            out.append("\n\n")
    out.append(html[pos:])
    text = html_lib.unescape("".join(out))
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return "\n\n".join(_MARKDOWN_CHAR.sub(r"\\\g<0>", p) for p in paragraphs if p)
