"""The one place cleaner calls trafilatura: HTML in, Markdown-ish text and metadata out.

Options are fixed for recall: comments, tables and links stay in, so that cleaner's own rules
and heuristics (which see link density) decide what goes.
"""

from __future__ import annotations

from typing import Any

import trafilatura
from trafilatura.xml import xmltotxt

_OPTIONS: dict[str, Any] = {
    "favor_recall": True,
    "include_comments": True,
    "include_tables": True,
    "include_links": True,
    "include_formatting": True,
    "with_metadata": True,
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
    parts = [xmltotxt(result.body, include_formatting=True)]
    if result.commentsbody is not None and len(result.commentsbody):
        parts.append(xmltotxt(result.commentsbody, include_formatting=True))
    meta = {
        "title": result.title or "",
        "authors": _authors(result.author),
        "date": result.date or "",
        "source": result.sitename or "",
        "url": result.url or "",
    }
    return "\n\n".join(p for p in parts if p), meta
