"""Dates found in bylines and datelines, normalised to ISO 8601 where the form is known.

The forms and the month names of other languages than English are data, in
``rules/data/text.yaml`` (`cleaner.knowledge`).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from cleaner import knowledge

_TRAILING_ZONE = re.compile(r"\s*(?:\(?(?:UTC|GMT|[A-Z]{2,4}T)\)?|[+-]\d{2}:?\d{2})$")
_DIRECTIVE = re.compile(r"%.")


@lru_cache(maxsize=64)
def _marks(form: str) -> frozenset[str]:
    """The characters a value must hold for ``form`` to read it: the form's own, outside
    its directives, but white space (strptime reads any run of it) and letters (read
    ignoring case). Trying a form costs strptime a compiled pattern each time: it keeps
    five, and the forms are more, so each try compiled one (0.46 -> 0.20 ms a date)."""
    return frozenset(c for c in _DIRECTIVE.sub("", form) if not (c.isspace() or c.isalpha()))


@lru_cache(maxsize=1)
def _ordinal() -> re.Pattern[str]:
    """A day's number with its ordinal ending ("3rd", "1er", "1º"), the ending dropped."""
    endings = "|".join(map(re.escape, knowledge.day_ordinals()))
    return re.compile(rf"(?<!\d)(\d{{1,2}})(?:{endings})(?=[\s,.]|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _named_month() -> tuple[re.Pattern[str], dict[str, int]]:
    """A day, a month named in a listed language and a year ("22 de janeiro de 2018",
    "5. März 2020"), with an optional time after it; and each name's month number."""
    number = {
        name.casefold(): month
        for names in knowledge.months().values()
        for month, name in enumerate(names, start=1)
    }
    names = "|".join(sorted(map(re.escape, number), key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\d)(\d{{1,2}})\.?\s+(?:de\s+)?({names})\.?\s+(?:de\s+)?(\d{{4}})"
        r"(?:,?\s+(?:\S{1,6}\s+)?(\d{1,2})[:h](\d{2}))?\s*$",
        re.IGNORECASE,
    )
    return pattern, number


def _named(value: str) -> str | None:
    pattern, number = _named_month()
    if not (m := pattern.search(value)):
        return None
    day, month, year, hour, minute = m.groups()
    try:
        parsed = datetime(int(year), number[month.casefold()], int(day))
    except ValueError:
        return None
    if hour is None:
        return parsed.strftime("%Y-%m-%d")
    return f"{parsed:%Y-%m-%d} {int(hour):02d}:{minute}"


def normalize(text: str) -> str:
    """ISO form of a date or date-time; the text unchanged when its form is not known.

    >>> normalize("December 03, 2012")
    '2012-12-03'
    >>> normalize("2012-12-05 07:38")
    '2012-12-05 07:38'
    >>> normalize("segunda-feira, 22 de janeiro de 2018 às 0:13")
    '2018-01-22 00:13'
    >>> normalize("Monday, December 3rd, 2012")
    '2012-12-03'
    >>> normalize("sometime last week")
    'sometime last week'
    """
    value = _TRAILING_ZONE.sub("", " ".join(text.replace(" at ", " ").split()).strip(" .,"))
    value = _ordinal().sub(r"\1", value)
    held = set(value)
    for form in knowledge.date_formats():
        if not _marks(form) <= held:
            continue  # a character the form reads literally is not there
        try:
            parsed = datetime.strptime(value, form)
        except ValueError:
            continue
        if "%H" in form or "%I" in form:
            return parsed.strftime("%Y-%m-%d %H:%M:%S" if "%S" in form else "%Y-%m-%d %H:%M")
        return parsed.strftime("%Y-%m" if form == "%B %Y" else "%Y-%m-%d")
    return _named(value) or text.strip()
