"""A byline that also gives the date ("By Ann Lee | May 3, 2024") fills both fields; what
follows the names that is no date (an outlet, an agency) leaves the date empty."""

from __future__ import annotations

import pytest

from cleaner import clean

ARTICLE = (
    "The ferry company said on Monday it would add a night crossing from June, "
    "after a year in which bookings rose by a third.\n\n"
    "The new sailing leaves at eleven and arrives before dawn, the company said, "
    "and cabins can be booked from next week.\n"
)


def _page(byline: str) -> str:
    return f"Night ferry added for the summer\n\n{byline}\n\n{ARTICLE}"


@pytest.mark.parametrize(
    ("byline", "authors", "date"),
    [
        ("By Ann Lee | May 3, 2024", ["Ann Lee"], "2024-05-03"),
        ("By Ann Lee | May 3rd, 2024", ["Ann Lee"], "2024-05-03"),
        ("Por Carla Muñoz | 3 de mayo de 2024", ["Carla Muñoz"], "2024-05-03"),
        ("By Ann Lee — 2024-05-03 10:20", ["Ann Lee"], "2024-05-03 10:20"),
        ("By Ann Lee | Reuters", ["Ann Lee"], ""),
        ("By Ann Lee", ["Ann Lee"], ""),
    ],
)
def test_a_bylines_trailing_date_is_the_pages_date(byline, authors, date):
    result = clean(_page(byline))
    assert result.authors == authors
    assert result.date == date
    assert byline not in result.body
