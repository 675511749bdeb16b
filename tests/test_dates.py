"""Dates normalised to ISO 8601 (`cleaner.dates`)."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import dates, knowledge

FORMS = knowledge.date_formats()


def _reads(value: str, form: str) -> bool:
    try:
        datetime.strptime(value, form)
    except ValueError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from(FORMS),
    st.sampled_from(FORMS),
    st.sampled_from(["", " ", ".", ",", "-", ":"]),
)
def test_a_form_is_skipped_only_where_strptime_cannot_read_the_value(moment, made, form, cut):
    """`normalize` tries a form only on a value holding the form's literal characters
    (`_marks`): a form it skips is one strptime would refuse anyway."""
    value = moment.strftime(made).replace(cut, " ") if cut else moment.strftime(made)
    if not dates._marks(form) <= set(value):
        assert not _reads(value, form), (value, form)


def test_marks_are_the_literal_characters_of_a_form():
    assert dates._marks("%Y-%m-%dT%H:%M") == {"-", ":"}  # letters read ignoring case: left
    assert dates._marks("%B %d, %Y") == {","}
    assert any(not dates._marks(form) <= set("12 March 2020") for form in FORMS)


def test_an_ordinal_day_is_read_in_each_listed_form():
    """Ordinal endings ("3rd", "1er", "1º") are data (`day_ordinals`): without dropping them
    no form reads the date and the byline keeps the raw text."""
    assert dates.normalize("3rd May 2024") == "2024-05-03"
    assert dates.normalize("May 21st, 2024") == "2024-05-21"
    assert dates.normalize("Tuesday, April 2nd, 2019") == "2019-04-02"
    assert dates.normalize("1er mai 2024") == "2024-05-01"
    assert dates.normalize("1º de maio de 2024") == "2024-05-01"


def test_an_ordinal_ending_inside_a_word_is_left():
    assert dates.normalize("the 4th estate") == "the 4th estate"
    assert dates.normalize("May 2024") == "2024-05"


def test_a_twelve_hour_time_is_read_into_the_day():
    assert dates.normalize("Jan. 5, 2020 at 3:45 pm") == "2020-01-05 15:45"
    assert dates.normalize("May 3, 2024 10:05 AM") == "2024-05-03 10:05"
