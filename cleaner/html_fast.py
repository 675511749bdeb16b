"""The fast HTML engine: lexbor (through selectolax) parses the page, one walk of the DOM
turns it into cleaner's lines, and each line keeps what the DOM says that text cannot.

What a line keeps: its kind (heading, list item, quote, table row, code), the characters
that sit inside links, and ``hints``: where it stands on the page, read off its own and its
ancestors' tags and class/id words (inside a ``nav``, a ``figcaption``, an element whose
class says ``comment`` or ``newsletter``, ...). The page's metadata (title, canonical URL,
site name, author and date, from ``<meta>``, ``<link>`` and JSON-LD) goes to ``meta``.

Nothing is judged here: the walk only describes. `label_by_hints` (run before the rules)
takes the strongest hints as decisions, and the heuristics read link density as they do
for any text. Scripts, styles, forms' controls and hidden elements are dropped before the
walk, in C.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import dates
from cleaner.model import BOILERPLATE, COMMENT, Block, Document, Line

# Elements whose content is never shown as text, dropped whole before the walk; and ruby
# annotations (a reading shown above Japanese or Chinese characters), which would cut
# the line's own text apart.
_DROPPED = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select", "button", "input", "textarea", "option", "head",
    "rt", "rp",
]  # fmt: skip
_HIDDEN = '[hidden], [aria-hidden="true"], [style*="display:none"], [style*="display: none"]'

# Elements that start and end a line; everything else is inline.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "ul",
        "legend",
        "noframes",
        "frameset",
        "frame",
    ]
)
# lexbor's tag ids, read once: an id is an int property, where the tag's name is a new
# string at each read (twice the cost, on every node of the page).
_NAMING = LexborHTMLParser("")
_BLOCK_IDS = {_NAMING.create_node(tag).tag_id: tag for tag in _BLOCK_TAGS}
_A, _BR = _NAMING.create_node("a").tag_id, _NAMING.create_node("br").tag_id
_DROPPED_IDS = frozenset(_NAMING.create_node(tag).tag_id for tag in _DROPPED)
_META, _SCRIPT = _NAMING.create_node("meta").tag_id, _NAMING.create_node("script").tag_id
_TEXT, _COMMENT = (n.tag_id for n in LexborHTMLParser("<p>x<!--y--></p>").css_first("p").iter(True))
# Inline elements the parser never gives children (void elements), and comments.
_VOID = ("img", "source", "wbr", "link", "meta", "area", "base", "col", "param", "track")
_CHILDLESS = frozenset({_COMMENT, *(_NAMING.create_node(tag).tag_id for tag in _VOID)})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_KEEPS_KIND = frozenset({"p", "div", "section", "article", "main", "td", "th"})  # as inherited
# A table is laid out as a grid of text (one line per row) unless it holds these: then it
# is page layout (common on older pages) and its cells are read as blocks.
_LAYOUT_INSIDE = "p, div, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, section"

# Tags that are themselves a hint.
_TAG_HINTS = {
    "nav": "nav",
    "aside": "aside",
    "footer": "footer",
    "header": "header",
    "figure": "figure",
    "figcaption": "caption",
    "menu": "nav",
}
# Class and id words that name a kind of page furniture, each with its hint. Words, not
# substrings: "ad" is a word of "ad-slot", not of "header" or "shadow".
_WORD_HINTS = {
    **dict.fromkeys(["nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs"], "nav"),
    **dict.fromkeys(["pagination", "pager", "skip", "toolbar", "masthead", "topbar"], "nav"),
    **dict.fromkeys(["footer", "colophon"], "footer"),
    **dict.fromkeys(["sidebar", "aside"], "aside"),
    **dict.fromkeys(["related", "recommended", "recirculation", "outbrain", "taboola"], "related"),
    **dict.fromkeys(["trending", "popular", "most", "teaser", "teasers"], "related"),
    **dict.fromkeys(["share", "sharing", "sharebar", "social", "addthis"], "share"),
    **dict.fromkeys(["newsletter", "subscribe", "subscription", "signup"], "newsletter"),
    **dict.fromkeys(["cookie", "cookies", "consent", "gdpr"], "consent"),
    **dict.fromkeys(["ad", "ads", "advert", "advertisement", "advertising", "sponsored"], "ad"),
    **dict.fromkeys(["promo", "promotion", "dfp", "adslot", "adunit"], "ad"),
    **dict.fromkeys(["comment", "comments", "commentlist", "disqus", "replies"], "comment"),
    **dict.fromkeys(["caption", "figcaption", "credit", "credits"], "caption"),
    **dict.fromkeys(["byline", "bio", "biography", "authorbio"], "byline"),
}
_CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Most values are lower-case ASCII ("site-header", "nav__item--2"), whose words are the runs
# of letters: a byte table turns the rest into spaces, and `split` gives the words, several
# times cheaper than the regex. Each value is read once per site, so on a crawl, once a page.
_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))
_BYTE_HINTS = {word.encode(): hint for word, hint in _WORD_HINTS.items()}


@dataclass(slots=True)
class Page:
    """What the walk gives: the lines (blank lines between blocks) and the metadata."""

    lines: list[Line] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=8192)  # a page repeats its class values; a site, across its pages
def class_hints(value: str) -> frozenset[str]:
    """The hints that a class or id value's words name.

    >>> sorted(class_hints("post-comments sidebarWidget"))
    ['aside', 'comment']
    >>> class_hints("header-shadow article-body")
    frozenset()
    """
    if value.isascii() and value.islower():  # no capital to start a word inside a run
        words = value.encode().translate(_LETTERS_ONLY).split()
        return frozenset(hint for word in words if (hint := _BYTE_HINTS.get(word)))
    return frozenset(
        hint for word in _CLASS_WORD.findall(value) if (hint := _WORD_HINTS.get(word.lower()))
    )


# Hints whose element is read as one line (its text from C, its children not walked): the
# furniture they name goes whole. Comments are walked, one line per paragraph of a comment.
_COLLAPSED = frozenset({"nav", "footer", "aside", "related", "share", "newsletter", "consent"})
_COLLAPSED |= {"ad", "caption", "byline"}
# A hint that covers more of the page's text than this names the page's frame (a
# <div class="content-with-sidebar">, WordPress's <body class="comments-open">), not a part.
MAX_SHARE = {"comment": 0.8}
FRAME_SHARE = 0.5
LONG_PARAGRAPH = 250  # chars: furniture (menus, teasers, share rows, captions) is shorter
LONG_TEXT = 1000  # chars: more than this in an element ...
FURNITURE_LINKS = 0.3  # ... with less of it in links is prose, not furniture
PROMO_PARAGRAPHS = 1  # long paragraphs a box of links may hold: a promo's blurb


_ELEMENT_HINTS: dict[tuple[str, str | None, str | None], frozenset[str]] = {}


SLUG_WORDS = 6  # an id of this many words is a heading's text made an anchor, not a name


def _element_hints(tag: str, class_: str | None, id_: str | None) -> frozenset[str]:
    """The hints of an element's tag and its class and id words. An id as long as a
    sentence is the element's own text ("the-most-read-poet-of-her-time"): no hint.

    >>> sorted(_element_hints("h2", None, "comments"))
    ['comment']
    >>> _element_hints("h2", None, "why-most-of-us-stay-home")
    frozenset()
    """
    if id_ and id_.count("-") + id_.count("_") >= SLUG_WORDS - 1:
        id_ = None
    words = f"{class_} {id_}" if class_ and id_ else class_ or id_
    found = class_hints(words) if words else frozenset()
    own = _TAG_HINTS.get(tag)
    return found | {own} if own else found


def _is_grid(table: LexborNode) -> bool:
    """A table of data, not of layout: no blocks and no other table inside (the selector
    matches the table itself), and no cell as long as a paragraph (older pages lay out
    their text in cells, with <br> between paragraphs)."""
    return (
        table.css_first(_LAYOUT_INSIDE) is None
        and len(table.css("table")) == 1
        and all(len(cell.text(deep=True)) < LONG_PARAGRAPH for cell in table.css("td, th"))
    )


# A link leaves the page, or works it (a bare "#" or an <a> with no address but a
# script's, as a tab, "show more", a form's button). A named anchor (an old page's
# <a name>, which the parser reopens around every paragraph after it) is no link, nor is
# one to a heading of the page (a table of contents): both are the article's own text. A
# jump to another part of the page ("#comments", "#about-this-blog") is furniture, as a
# link is.
_HEADINGS_CSS = "h1, h2, h3, h4, h5, h6"


class HeadingTargets:
    """The names an in-page link may give to reach a heading: the ids of headings and of
    what they hold, the names of anchors in them. Read off the page when first asked:
    many pages link to no place on themselves."""

    def __init__(self, tree: LexborHTMLParser | None = None) -> None:
        self.tree, self.names = tree, None if tree is not None else frozenset[str]()

    def __contains__(self, name: object) -> bool:
        if self.names is None:
            self.names = self._read()
        return name in self.names

    def _read(self) -> frozenset[str]:
        names: set[str] = set()
        for heading in self.tree.css(_HEADINGS_CSS) if self.tree is not None else ():
            inner = [heading, *heading.css("[id], a[name]")]
            names.update(n.attrs.get("id") or n.attrs.get("name") or "" for n in inner)
        names.discard("")
        return frozenset(names)


def is_link(anchor: LexborNode, targets: HeadingTargets) -> bool:
    """Whether an anchor is a link (see `HeadingTargets` for ``targets``).

    >>> html = '<h2 id="s">S</h2><a href="/x">1</a><a name="n">2</a><a href="#s">3</a>'
    >>> tree = LexborHTMLParser(html + '<a href="#">4</a><a href="#talk">5</a><a>6</a>')
    >>> [is_link(a, HeadingTargets(tree)) for a in tree.css("a")]
    [True, False, False, True, True, True]
    """
    attributes = anchor.attrs
    href = attributes.get("href")
    if href is None:
        return attributes.get("name") is None
    return not (href[:1] == "#" and href[1:] in targets)


def _link_chars(node: LexborNode, targets: HeadingTargets) -> int:
    return sum(len(a.text(deep=True).strip()) for a in node.css("a") if is_link(a, targets))


def _teasers(node: LexborNode, targets: HeadingTargets, headline: int | None) -> bool:
    """Whether an element called a teaser or related can be other stories': it does not
    hold the page's headline (its first h1), and it links off the page or is too short for
    a lead (a box's header, "Trending"). Many sites call their article's lead a teaser: a
    lead links nowhere, or stands in one element with the headline."""
    h1 = node.css_first("h1")
    if h1 is not None and h1.mem_id == headline:
        return False
    short = len(node.text(deep=True).split()) < LEAD_WORDS
    return short or any(is_link(a, targets) for a in node.css("a"))


class _Walk:
    """One walk of the body: text gathered into the current line, lines into ``lines``."""

    def __init__(self, total_chars: int, targets: HeadingTargets | None = None) -> None:
        self.targets = targets or HeadingTargets()  # in-page links to the article's own
        self.headline: int | None = None  # the page's first h1
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.hints: frozenset[str] = frozenset()
        self.kind = "paragraph"
        self.level = 0
        self.total = max(total_chars, 1)
        self.article: int | None = None  # the element the page marks as its article's body

    def flush(self) -> None:
        """End the current line, if it holds text."""
        text = " ".join("".join(self.parts).split())
        self.parts.clear()
        if text:
            self._line(text, self.kind, self.level, min(self.link_chars, len(text)))
        self.link_chars = 0

    def _line(self, text: str, kind: str, level: int, links: int) -> None:
        if self.lines and (kind != "code" or self.lines[-1].kind != kind):
            self.lines.append(Line("", "", "blank"))
        self.lines.append(Line(text, text, kind, level, link_chars=links, hints=self.hints))

    def walk(self, root: LexborNode) -> None:
        """Depth first, without recursion (pages nest thousands deep): a stack of the open
        elements' child iterators, each with the state to restore when it is done."""
        stack: list[tuple[Iterator[LexborNode], tuple[Any, ...] | None]] = [
            (root.iter(include_text=True), None)
        ]
        link_depth = 0  # > 0 inside an anchor
        list_depth = 0
        parts = self.parts
        # Bound once: the loop runs once a node (about 1,000 a page).
        add, push, pop, block_tag, after = (
            parts.append,
            stack.append,
            stack.pop,
            _BLOCK_IDS.get,
            next,
        )
        while stack:
            children, restore = stack[-1]
            child = after(children, None)
            if child is None:
                pop()
                if restore is not None:  # an anchor's or a block's end
                    saved, link_depth, list_depth = restore
                    if saved is not None:
                        if parts:
                            self.flush()
                        self.hints, self.kind, self.level = saved
                continue
            tag_id = child.tag_id
            if tag_id == _TEXT:
                text = child.text_content
                # White space that opens a line is none of its text: most text nodes are
                # the white space between tags, and kept out, they leave no line to flush
                # when the next block starts.
                if text and (parts or not text.isspace()):
                    add(text)
                    if link_depth:
                        self.link_chars += len(text.strip())
                continue
            tag = block_tag(tag_id)
            if tag is None:  # inline: its text joins the line
                if tag_id in _CHILDLESS:  # an image, a comment: no text, nothing inside
                    continue
                if tag_id == _A:
                    push((child.iter(include_text=True), (None, link_depth, list_depth)))
                    link_depth += is_link(child, self.targets)
                elif tag_id == _BR:
                    self.flush()
                else:
                    push((child.iter(include_text=True), None))
                continue
            if parts:
                self.flush()
            saved = (self.hints, self.kind, self.level)
            if self._enter(child, tag, list_depth):
                self.hints = saved[0]
                continue  # read whole
            if tag == "table" and _is_grid(child):
                self._grid(child)
            elif tag == "pre":
                self._code(child)
            else:
                stack.append((child.iter(include_text=True), (saved, link_depth, list_depth)))
                list_depth += tag in _LISTS
                continue
            self.hints, self.kind, self.level = saved
        self.flush()

    def _hints(self, node: LexborNode, tag: str) -> frozenset[str]:
        """The element's own hints (its tag's and its class and id words') that cover no
        more of the page than a part does."""
        attributes = node.attributes
        key = (tag, attributes.get("class"), attributes.get("id"))
        found = _ELEMENT_HINTS.get(key)
        if found is None:
            found = _element_hints(*key)
            if len(_ELEMENT_HINTS) >= 8192:  # a site's pages repeat their classes; a crawl's do not
                _ELEMENT_HINTS.clear()
            _ELEMENT_HINTS[key] = found
        if found and not found <= self.hints:  # a hint its ancestors do not give
            found = frozenset(h for h in found if self._part(node, h))
        return found

    def _part(self, node: LexborNode, hint: str) -> bool:
        """Whether an element can be the part of the page its hint names. Not when it
        covers most of the page's text (it is the frame), nor, for furniture, when it holds
        paragraphs as long as an article's (a class word misread: "layout-with-rail"), but
        for one promo's blurb among many links; reader comments hold long paragraphs, but
        not the headline."""
        chars = len(node.text(deep=True))
        if chars > MAX_SHARE.get(hint, FRAME_SHARE) * self.total:
            return False
        if hint == "comment":
            return node.css_first("h1") is None
        if hint == "byline":  # an author's box may hold a long paragraph, not an article
            return chars <= LONG_TEXT
        if hint == "related" and not _teasers(node, self.targets, self.headline):
            return False
        long = 0
        if chars >= LONG_PARAGRAPH:
            long = sum(len(p.text(deep=True)) >= LONG_PARAGRAPH for p in node.css("p"))
        # A box of links may hold one promo's blurb; an article holds several paragraphs.
        if long > PROMO_PARAGRAPHS:
            return False
        # Much text (or a long paragraph) and few links is prose, whatever the class says.
        if not long and chars <= LONG_TEXT:
            return True
        return _link_chars(node, self.targets) >= FURNITURE_LINKS * chars

    def _enter(self, node: LexborNode, tag: str, list_depth: int) -> bool:
        """A block element opens: its hints join its ancestors', its tag sets the kind.
        Returns True when it was read whole, as one line (furniture, `_COLLAPSED`)."""
        if self.article is not None and node.mem_id == self.article:
            self.hints = self.hints | {"article"}
        if found := self._hints(node, tag):
            self.hints = self.hints | found
            if found & _COLLAPSED:
                text = " ".join(node.text(deep=True, separator=" ").split())
                if text:
                    links = _link_chars(node, self.targets)
                    self._line(text, "paragraph", 0, min(links, len(text)))
                return True
        if tag in _HEADINGS:
            self.kind, self.level = "heading", _HEADINGS[tag]
        elif tag == "li":
            self.kind, self.level = "list_item", max(list_depth - 1, 0)
        elif tag == "blockquote":
            self.kind, self.level = "quote", 0
        elif tag not in _KEEPS_KIND and self.kind not in ("list_item", "quote"):
            self.kind, self.level = "paragraph", 0
        return False

    def _grid(self, table: LexborNode) -> None:
        """A data table: one line per row, its cells between pipes, as Markdown writes it;
        a blank line between rows, so that each row is judged alone (a table of links beside
        a table of figures)."""
        self.flush()
        for row in table.css("tr"):
            cells = [" ".join(c.text(deep=True).split()) for c in row.css("td, th")]
            cells = [c for c in cells if c]
            if cells:
                text = "| " + " | ".join(cells) + " |"
                links = _link_chars(row, self.targets)
                self._line(text, "table", 0, min(links, len(text)))

    def _code(self, pre: LexborNode) -> None:
        """Preformatted text keeps its lines."""
        self.flush()
        rows = [" ".join(r.split()) for r in (pre.text(deep=True) or "").split("\n")]
        for row in filter(None, rows):
            self._line(row, "code", 0, 0)


# --- metadata -----------------------------------------------------------------------------

# <meta> names and properties for each field, in order of trust.
_META_FIELDS = {
    "title": ("og:title", "twitter:title", "title", "dc.title"),
    "url": ("og:url",),
    "source": ("og:site_name", "application-name", "publisher"),
    "date": (
        "article:published_time", "datepublished", "pubdate", "publishdate", "date",
        "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "og:published_time",
    ),
    "authors": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"),
}  # fmt: skip
_META_NAMES = {name: f for f, names in _META_FIELDS.items() for name in names}


def _json_ld(scripts: list[LexborNode]) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks, graphs unrolled."""
    for script in scripts:
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        todo = data if isinstance(data, list) else [data]
        while todo:
            item = todo.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    todo.extend(graph)


_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "WebPage")


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (a string, an object, or a list of them)."""
    values = value if isinstance(value, list) else [value]
    names = [v.get("name") if isinstance(v, dict) else v for v in values]
    return [" ".join(n.split()) for n in names if isinstance(n, str) and n.strip()]


def _is_json_ld(node: LexborNode) -> bool:
    """What ``script[type="application/ld+json"]`` matches: lexbor compares a ``type``
    value ignoring ASCII case."""
    kind = node.attributes.get("type")
    return kind is not None and kind.lower() == "application/ld+json"


def _by_tag(tree: LexborHTMLParser) -> tuple[list[LexborNode], list[LexborNode], list[LexborNode]]:
    """The page's elements of a `_DROPPED` tag, its ``meta[content]`` and its JSON-LD
    scripts, in the page's order, read off one pass over its elements by their tag ids:
    a query of the 20 tags' selectors tests each element against each (twice the cost)."""
    dropped: list[LexborNode] = []
    metas: list[LexborNode] = []
    scripts: list[LexborNode] = []
    if tree.root is None:
        return dropped, metas, scripts
    wanted = _DROPPED_IDS | {_META}
    for node in tree.root.traverse():
        tag_id = node.tag_id
        if tag_id not in wanted:
            continue
        if tag_id == _META:
            if "content" in node.attributes:
                metas.append(node)
            continue
        dropped.append(node)
        if tag_id == _SCRIPT and _is_json_ld(node):
            scripts.append(node)
    return dropped, metas, scripts


def read_meta(
    tree: LexborHTMLParser,
    metas: list[LexborNode] | None = None,
    scripts: list[LexborNode] | None = None,
) -> dict[str, Any]:
    """Title, URL, site name, date and authors from the page's head (before scripts go):
    ``metas`` and ``scripts`` are its ``meta[content]`` and JSON-LD scripts, searched for
    when not given."""
    if metas is None or scripts is None:
        _, metas, scripts = _by_tag(tree)
    meta: dict[str, Any] = {}
    for item in _json_ld(scripts):
        types = item.get("@type")
        types = types if isinstance(types, list) else [types]
        if not any(t in _ARTICLE_TYPES for t in types if isinstance(t, str)):
            continue
        if isinstance(item.get("headline"), str):
            meta.setdefault("title", " ".join(item["headline"].split()))
        if isinstance(item.get("datePublished"), str):
            meta.setdefault("date", item["datePublished"])
        if authors := _names(item.get("author")):
            meta.setdefault("authors", authors)
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            meta.setdefault("source", publisher["name"].strip())
    found: dict[str, str] = {}
    for tag in metas:
        attributes = tag.attributes
        key = (attributes.get("property") or attributes.get("name") or "").lower()
        name = _META_NAMES.get(key) or _META_NAMES.get(attributes.get("itemprop") or "")
        content = " ".join((attributes.get("content") or "").split())
        if name and content:
            # The first of a field's names in _META_FIELDS wins, whatever the page's order.
            rank = _META_FIELDS[name].index(key) if key in _META_FIELDS[name] else 99
            if name not in found or rank < found[name][0]:
                found[name] = (rank, content)  # type: ignore[assignment]
    headline = "title" in meta  # JSON-LD's headline is the headline alone
    for name, (_, content) in found.items():  # type: ignore[misc]
        if name == "authors":
            meta.setdefault("authors", [a.strip() for a in content.split(";") if a.strip()])
        else:
            meta.setdefault(name, content)
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and (href := (canonical.attributes.get("href") or "").strip()):
        meta["url"] = href if href.startswith("http") else meta.get("url", href)
    title = tree.css_first("title") if "title" not in meta else None
    if title is not None and (text := " ".join(title.text(deep=True).split())):
        meta["title"] = text
    if not headline and meta.get("title"):
        meta["title"] = page_headline(meta["title"], tree.css_first("h1"))
    if meta.get("date"):
        meta["date"] = _date(meta["date"])
    return meta


# What joins a headline and the site's name in a page title: "Headline | Site", "Site - Headline".
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—:»·-]|::|\|\|)\s+")
MIN_HEADLINE = 10  # chars: a shorter h1 is a logo or a section name


def page_headline(title: str, h1: LexborNode | None) -> str:
    """The headline in a page title: the page's h1 where the title holds it, else the
    longest part of a title joined with the site's name.

    >>> page_headline("Pier to be rebuilt | The Coast Gazette", None)
    'Pier to be rebuilt'
    """
    heading = " ".join(h1.text(deep=True).split()) if h1 is not None else ""
    if len(heading) >= MIN_HEADLINE and heading.casefold() in title.casefold():
        return heading
    parts = _TITLE_SEPARATOR.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


def _date(value: str) -> str:
    """The day of an ISO date-time (trafilatura's form); other forms as dates.py reads them."""
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return dates.normalize(value)


# schema.org's mark of the article's text; one such element with this much text is trusted.
_ARTICLE_BODY = '[itemprop="articleBody"]'
MIN_ARTICLE = 500  # chars


# --- the engine ----------------------------------------------------------------------------


def extract(html: str | bytes) -> Page:
    """Parse a page (text, or bytes in UTF-8) and walk it once into lines and metadata.

    >>> page = extract("<nav><a href='/'>Home</a></nav><p>One <a href='x'>two</a>.</p>")
    >>> [(line.text, line.kind, line.link_chars, sorted(line.hints)) for line in page.lines]
    [('Home', 'paragraph', 4, ['nav']), ('', 'blank', 0, []), ('One two.', 'paragraph', 3, [])]
    """
    tree = LexborHTMLParser(html)
    dropped, metas, scripts = _by_tag(tree)
    meta = read_meta(tree, metas, scripts)
    # Removing an element unlinks it (nothing is freed): an element inside one removed
    # before it is removed from the removed element, which is no matter.
    for node in [*tree.css(_HIDDEN), *dropped]:
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return Page([], meta)
    walk = _Walk(len(root.text(deep=True)), HeadingTargets(tree))
    if (h1 := tree.css_first("h1")) is not None:
        walk.headline = h1.mem_id
    marked = tree.css(_ARTICLE_BODY)
    if len(marked) == 1 and len(marked[0].text(deep=True)) >= MIN_ARTICLE:
        walk.article = marked[0].mem_id
    walk.walk(root)
    return Page(walk.lines, meta)


# --- hints taken as decisions ---------------------------------------------------------------

# Hint -> category for a block whose container says what it is. Comments go to comments.
_STRONG = {
    "nav": "navigation",
    "footer": "navigation",
    "aside": "navigation",
    "related": "related_links",
    "share": "share_widget",
    "newsletter": "newsletter",
    "consent": "consent",
    "ad": "advertisement",
    "caption": "caption",
    "byline": "byline",
}
# Which hint decides when a block has several: the most specific first.
_ORDER = ("comment", "caption", "byline", "share", "newsletter", "consent", "ad", "related")
_ORDER += ("nav", "footer", "aside")


def label_by_hints(doc: Document) -> None:
    """Blocks inside page furniture that the markup names (a ``nav``, a ``footer``, an
    element whose class says ``related`` or ``newsletter``, ...) go, in the hint's
    category; captions go as captions, reader comments to ``doc.comments``. Where the
    page marks its article's text (schema.org's ``articleBody``), what stands outside it
    goes. The walk has already left out hints that cover too much of the page to name a
    part of it."""
    if not any(block.hints for block in doc.blocks):
        return  # text and Markdown: no DOM, no hints
    marked = any("article" in block.hints for block in doc.blocks)
    lead = _lead(doc.blocks) if marked else set()
    for block in doc.blocks:
        if not block.is_open:
            continue
        if block.index in lead:
            continue
        if marked and "article" not in block.hints:
            block.mark(BOILERPLATE, "low_text", "dom:outside_article", "rules")
            continue
        hint = next((h for h in _ORDER if h in block.hints), None)
        if hint is None:
            continue
        if hint == "comment":
            block.mark(COMMENT, "comments", "dom:comment", "rules")
            doc.comments.append(block.text)
        else:
            block.mark(BOILERPLATE, _STRONG[hint], f"dom:{hint}", "rules")


LEAD_BLOCKS = 2  # the lead paragraphs a page sets just above its marked article body ...
LEAD_WORDS = 8  # ... each of this many words at least (a headline or a credit is shorter)


def _lead(blocks: list[Block]) -> set[int]:
    """The lead (standfirst) just above the marked article body: pages often set it apart
    from the body's element. Up to `LEAD_BLOCKS` blocks of prose right before the first
    block of the body, with no hint of furniture (but the one right above it may be called
    a teaser: many sites name their lead so); the heuristics judge them as any block."""
    first = next(i for i, block in enumerate(blocks) if "article" in block.hints)
    lead: set[int] = set()
    for block in reversed(blocks[:first]):
        if len(lead) == LEAD_BLOCKS or not block.is_open:
            break
        if block.kind == "blank":
            continue
        allowed = {"related"} if not lead else set()
        if any(h in block.hints for h in _ORDER if h not in allowed):
            break
        if len(block.words) < LEAD_WORDS:
            break
        lead.add(block.index)
    return lead


_WHY = {
    "comment": "inside an element the markup names as reader comments",
    "caption": "a figure's caption or credit (figcaption, or a class saying caption)",
    "share": "inside a share or social-media widget (by its class or id)",
    "newsletter": "inside a newsletter or subscription box (by its class or id)",
    "consent": "inside a cookie or consent notice (by its class or id)",
    "ad": "inside an advertisement or promotion (by its class or id)",
    "related": "inside a list of related or popular stories (by its class or id)",
    "nav": "inside navigation: a nav or menu element, or a class saying nav, menu, breadcrumb",
    "footer": "inside the page's footer",
    "aside": "inside an aside or sidebar",
    "byline": "a byline or an author's box (by its class or id)",
    "outside_article": "outside the element the page marks as its article body (articleBody)",
}


def why(block: Block) -> str:
    """The reason behind a ``dom:`` decision, for ``cleaner explain``."""
    return _WHY.get(block.decided_by.removeprefix("dom:"), "")
