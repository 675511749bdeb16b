"""The one place cleaner calls trafilatura: HTML in, Markdown-ish text and metadata out.

Options are fixed for recall: comments, tables and links stay in, so that cleaner's own rules
and heuristics (which see link density) decide what goes. ``fast`` skips trafilatura's
fallback cascade (a second and third extraction with readability and jusText, kept when
they look better): on news-dev that cascade cost about 6 ms a page and picked worse text
(body F1 0.966 with it, 0.972 without). The page is parsed once.
"""

from __future__ import annotations

from typing import Any

import trafilatura

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


class HtmlError(ValueError):
    """trafilatura found no content in the page."""


def _authors(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def extract(html: str) -> tuple[str, dict[str, Any]]:
    """Return the page's main text (with comments appended) and its metadata."""
    result = trafilatura.bare_extraction(html, **_OPTIONS)
    if result is None or result.body is None:
        return "", {}
    # trafilatura has already turned body and comments into text with these options.
    parts = [result.text or "", result.comments or ""]
    meta = {
        "title": result.title or "",
        "authors": _authors(result.author),
        "date": result.date or "",
        "source": result.sitename or "",
        "url": result.url or "",
    }
    return "\n\n".join(p for p in parts if p), meta
