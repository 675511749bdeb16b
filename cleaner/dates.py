"""Dates found in bylines and datelines, normalised to ISO 8601 where the form is known."""

from __future__ import annotations

import re
from datetime import datetime

# Forms seen in news bylines; tried in order, first match wins.
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%B %d, %Y %H:%M",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A %d %B %Y",
    "%d.%m.%Y",
    "%B %Y",
)
_TRAILING_ZONE = re.compile(r"\s*(?:\(?(?:UTC|GMT|[A-Z]{2,4}T)\)?|[+-]\d{2}:?\d{2})$")


def normalize(text: str) -> str:
    """ISO form of a date or date-time; the text unchanged when its form is not known.

    >>> normalize("December 03, 2012")
    '2012-12-03'
    >>> normalize("2012-12-05 07:38")
    '2012-12-05 07:38'
    >>> normalize("sometime last week")
    'sometime last week'
    """
    value = _TRAILING_ZONE.sub("", " ".join(text.replace(" at ", " ").split()).strip(" .,"))
    for form in _FORMATS:
        try:
            parsed = datetime.strptime(value, form)
        except ValueError:
            continue
        if "%H" in form:
            return parsed.strftime("%Y-%m-%d %H:%M:%S" if "%S" in form else "%Y-%m-%d %H:%M")
        return parsed.strftime("%Y-%m" if form == "%B %Y" else "%Y-%m-%d")
    return text.strip()
