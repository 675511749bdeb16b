"""Markdown undone, formats detected, lines grouped into blocks."""

import pytest

from cleaner.markup import detect_format, read_lines, strip_inline
from cleaner.segment import segment_lines


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("[Reuters](https://reuters.com) said", "Reuters said"),
        ("**bold** and *italic* and __strong__", "bold and italic and strong"),
        ("see <https://example.org/a>", "see https://example.org/a"),
        ("along the [Syrian] border", "along the [Syrian] border"),
        ("![a photo](img.png) Caption", "Caption"),
        (r"a \*literal\* star", "a *literal* star"),
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
        ("snake_case_name stays", "snake_case_name stays"),
        # Asterisks that censor a name or a word are no emphasis; emphasis beside them is.
        ("Ro**** Le** Ma**** denied it", "Ro**** Le** Ma**** denied it"),
        ("the f***ing *** mess", "the f***ing *** mess"),
        ("she said **** and ****.", "she said **** and ****."),
        ("P***y R**t *said* it", "P***y R**t said it"),
        # Converters from HTML copy a URL's spaces and parentheses as the page wrote them,
        # and a link's text may hold brackets: each is still one link.
        ("[Share](https://example.org/s?text=Tide tables for May) now", "Share now"),
        ("[Karte](https://example.org/wiki/Hafen_(Kiel)) zeigt", "Karte zeigt"),
        ("[Harbour views [Gallery]](/harbour) today", "Harbour views [Gallery] today"),
        ('[Ferry](/ferry "Timetable") runs', "Ferry runs"),
    ],
)
def test_strip_inline(raw, text):
    assert strip_inline(raw)[0] == text


def test_link_chars_are_counted():
    assert strip_inline("[abc](u) def")[1] == 3
    assert strip_inline("[Teilen](https://example.org/?t=Neue Fähre) jetzt")[1] == 6


def test_a_link_broken_by_a_hard_line_break_is_one_link():
    """A converter writes a line break inside a link as a hard break: the link's text is
    read as one line, with its characters counted as a link's, and no URL left in it."""
    text = (
        "* [Die Fähre nach Kiel  \nfährt wieder](https://example.org/faehre)\n"
        "* [Harbour walks  \nin winter](https://example.org/walks)\n"
    )
    lines = [ln for ln in read_lines(text, "markdown") if ln.text]
    assert [ln.text for ln in lines] == [
        "Die Fähre nach Kiel fährt wieder",
        "Harbour walks in winter",
    ]
    assert [ln.kind for ln in lines] == ["list_item", "list_item"]
    assert [ln.link_chars for ln in lines] == [len(ln.text) for ln in lines]


def test_a_bracket_before_a_paragraph_break_opens_no_link():
    text = "Notes [draft  \n\n](https://example.org/x) follow."
    lines = [ln.text for ln in read_lines(text, "markdown") if ln.text]
    assert lines[0] == "Notes [draft"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("# Title\n\nText.", "markdown"),
        ("Plain [bracketed] text, with a note.", "text"),
        ("A photo caption. [Photo/Agencies]", "text"),
    ],
)
def test_detect_format(text, fmt):
    assert detect_format(text) == fmt


def test_heading_and_list_kinds():
    lines = read_lines("# Head\n\n- [item](x)\n\n> quoted", "markdown")
    assert [(ln.kind, ln.text) for ln in lines if ln.kind != "blank"] == [
        ("heading", "Head"),
        ("list_item", "item"),
        ("quote", "quoted"),
    ]


def test_lines_without_blank_lines_are_blocks():
    blocks = segment_lines(read_lines("First paragraph.\nSecond paragraph.\n", "text"))
    assert [b.text for b in blocks] == ["First paragraph.", "Second paragraph."]


def test_hard_wrapped_text_is_joined():
    para = (
        "The council voted on Monday to keep the public library open for at\n"
        "least another year, after a campaign by residents who said that the\n"
        "building was the only place in town where children could study.\n"
    )
    text = "\n".join([para] * 3)
    blocks = segment_lines(read_lines(text, "text"))
    assert len(blocks) == 3
    assert blocks[0].text.startswith("The council voted") and "at least another" in blocks[0].text


def test_asterisks_that_censor_a_name_stay_as_written():
    from cleaner import clean

    text = "Ja** Do* Sm**** was named in the ruling the court published on Friday."
    assert clean(text, "markdown").body == text
    assert clean(
        "The **court** ruled on Friday that the appeal would go ahead next month.", "markdown"
    ).body == ("The court ruled on Friday that the appeal would go ahead next month.")


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        (r"\- Weather", "list_item", "Weather"),
        (r"\* the first reading passed", "list_item", "the first reading passed"),
        (r"  \+ a nested [point](https://example.org)", "list_item", "a nested point"),
        # A number is part of what the line says: escaped, it stays text.
        (r"3\. Stir in the flour", "paragraph", "3. Stir in the flour"),
        # Where no list item starts, the escape is only an escape.
        (r"\-5 degrees overnight", "paragraph", "-5 degrees overnight"),
        (r"\*\*not bold\*\*", "paragraph", "**not bold**"),
        (r"2024\. A year of floods", "paragraph", "2024. A year of floods"),
        (r"Prices \- and wages", "paragraph", "Prices - and wages"),
        ("\\-", "paragraph", "-"),
    ],
)
def test_an_escaped_list_marker_reads_as_the_marker(raw, kind, text):
    """A converter from HTML escapes a bullet that opens a line; the line reads as the
    list item it stands for, so the body holds no bullet a second pass would read."""
    (line,) = read_lines(raw, "markdown")
    assert (line.kind, line.text) == (kind, text)


def test_an_escaped_list_reads_as_the_list():
    escaped = read_lines("\\- Home\n\\- World\n  \\* inner\n\\+ last", "markdown")
    plain = read_lines("- Home\n- World\n  * inner\n+ last", "markdown")
    assert [(ln.kind, ln.text, ln.level) for ln in escaped] == [
        (ln.kind, ln.text, ln.level) for ln in plain
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_fenced_lines_are_code_in_either_format(fmt):
    lines = read_lines("Before it.\n```\nx  = 1\n**y**\n```\nAfter it.", fmt)
    assert [(ln.kind, ln.text) for ln in lines] == [
        ("paragraph", "Before it."),
        ("code", "x  = 1"),
        ("code", "**y**"),
        ("paragraph", "After it."),
    ]


def test_a_lone_fence_is_a_line_of_its_own():
    lines = read_lines("```\n**Bold** text after it.", "markdown")
    assert [(ln.kind, ln.text) for ln in lines] == [
        ("paragraph", "```"),
        ("paragraph", "Bold text after it."),
    ]


def test_a_row_of_tildes_in_plain_text_is_no_fence():
    lines = read_lines("~~~~~~~~\nA line of prose.\n~~~~~~~~", "text")
    assert [ln.kind for ln in lines] == ["paragraph"] * 3


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_dialogue_dash_before_a_quotation_mark_is_text(fmt):
    """A dash that opens a line of dialogue is the speaker's; an en dash before a plain
    word is a bullet, as before."""
    lines = read_lines("– „Kommst du mit?“\n— «Non, merci.»\n– Brot und Käse", fmt)
    assert [(ln.kind, ln.text) for ln in lines] == [
        ("list_item", "– „Kommst du mit?“"),
        ("paragraph", "— «Non, merci.»"),
        ("list_item", "Brot und Käse"),
    ]


def test_a_dialogue_keeps_its_dashes_in_the_body_cleaned_again():
    from invented import LEAD, MORE, clean_paragraphs

    dialogue = ["“Are you coming to the quay tonight?”", "– “Only if it stops raining.”"]
    dialogue.append("– “Then bring a coat.”")
    body = clean_paragraphs([LEAD, *dialogue, MORE]).body
    assert "– “Only if it stops raining.”\n\n– “Then bring a coat.”" in body
    assert clean_paragraphs([body]).body == body


def test_a_link_title_that_runs_over_a_line_break_is_no_text():
    """A converter copies a title attribute's line breaks: the title (a tooltip, often the
    photo's caption) must not come out as lines of text, and what follows it stays."""
    text = (
        'A dredger [](http://example.org/dredger.jpg "The dredger leaves the quay\n'
        'at dawn on Monday\n") Ann Lee/Harbour Photos\nThe channel reopens in May.'
    )
    lines = [ln.text for ln in read_lines(text, "markdown") if ln.text]
    assert lines == ["A dredger", "Ann Lee/Harbour Photos", "The channel reopens in May."]


def test_a_stray_quote_in_a_link_is_no_title_over_a_paragraph_break():
    text = 'See [the plan](http://example.org/plan "Plan\n\nThe channel reopens in May.'
    lines = [ln.text for ln in read_lines(text, "markdown") if ln.text]
    assert lines[-1] == "The channel reopens in May."
