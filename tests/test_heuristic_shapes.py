"""What the heuristics take for a headline and where they end the article, judged by shape,
one small invented document per decision (in the manner of tests/test_regions.py): a
paragraph cut in two, a quoted motto, a noun-laden German line, a list the article's
region ends inside, a short opening under the byline, an interview's first question.
Each has a look-alike that must still go."""

from __future__ import annotations

import pytest
from invented import LEAD, MORE
from invented import clean_paragraphs as _clean

from cleaner import Cleaner
from cleaner.heuristics import (
    GOOD,
    LINKS,
    NEAR,
    SHORT,
    carries_on,
    continues_sentence,
    find_cores,
    measure,
)
from cleaner.model import Block


def test_a_paragraph_cut_in_two_keeps_its_first_part():
    start = "The poster contest for young readers"
    rest = (
        "takes place for the sixth time this spring, and children between six and twelve "
        "may send in one drawing each about the river and its birds."
    )
    result = _clean([start, rest, MORE])
    assert result.body.startswith(f"{start}\n\n{rest}")
    assert result.title == ""


def test_a_headline_above_a_paragraph_that_starts_anew_still_goes():
    headline = "Harbour Board Orders Dredging Of Eastern Channel"
    result = _clean([headline, LEAD, MORE])
    assert result.title == headline
    assert headline not in result.body


def test_a_line_that_starts_in_lower_case_carries_on_a_sentence():
    assert continues_sentence("for the recipe of the almond cake")
    assert continues_sentence("– and then the rain came")
    assert not continues_sentence("iPhone sales fall for a third quarter")
    assert not continues_sentence("https://example.org/harbour-dredging-story")
    assert not continues_sentence("Almond cake from the old mill")


def test_a_quoted_sentence_with_its_footnote_mark_is_no_headline():
    motto = "“We do not lack the time we have, we waste the time we do not use.”1"
    result = _clean([motto, LEAD, MORE])
    assert result.title == ""
    assert result.body.startswith(motto)


def test_a_quoted_headline_without_a_full_stop_still_goes():
    headline = "“We will rebuild the bridge by autumn”"
    result = _clean([headline, LEAD, MORE])
    assert result.title == headline


def test_a_list_item_in_lower_case_does_not_finish_the_line_above_it():
    # The look-alike of a paragraph cut in two: a shop's list entry written in lower case
    # ("garden tools ...") under a caption is an entry of its own, not the caption's end.
    caption = _block("The mayor opens the new footbridge over the river")
    entry = _block("garden tools Buy garden tools at fair prices.")
    entry.kind = "list_item"
    rest = _block("and the council will pay for its upkeep.")
    assert not carries_on(caption, entry)
    assert carries_on(caption, rest)
    assert not carries_on(_block("The mayor opened it."), rest)
    assert not carries_on(caption, _block("more stories from the river..."))  # a label


def _block(text: str) -> Block:
    return Block(0, text, text)


def test_capitals_tell_no_headline_in_a_language_that_capitalises_nouns():
    line = "Vortrag von Anna Berger beim Städtetag in Basel"
    assert measure(_block(line), frozenset(), False)["headline"] == 1.0
    assert measure(_block(line), frozenset(), False, noun_case=True)["headline"] == 0.0


def test_a_title_case_line_before_an_english_article_still_goes():
    # The look-alike: in English, a title-cased line above the article is a teaser.
    teaser = "Council Names New Head Of Libraries"
    result = _clean(["Home", teaser, LEAD, MORE, LEAD])
    assert teaser not in result.body


def _texts(texts: list[str], kinds: list[str]) -> list[Block]:
    return [Block(k, t, t, kind=kind) for k, (t, kind) in enumerate(zip(texts, kinds, strict=True))]


def test_a_region_that_ends_inside_a_list_takes_the_rest_of_the_list():
    texts = [LEAD, "What you need", "a phone", "an email address", "a photo ID", "a bank card"]
    kinds = ["paragraph", "paragraph", "list_item", "list_item", "list_item", "list_item"]
    blocks = _texts(texts, kinds)
    classes = [GOOD, NEAR, SHORT, NEAR, SHORT, SHORT]
    assert find_cores(blocks, classes)[0] == (0, 5)


def test_a_region_stops_at_a_lists_link_and_leaves_a_list_it_never_reached():
    texts = [LEAD, "a phone", "an email address", "Sport news", "Weather news"]
    kinds = ["paragraph"] + ["list_item"] * 4
    blocks = _texts(texts, kinds)
    assert find_cores(blocks, [GOOD, NEAR, SHORT, LINKS, SHORT])[0] == (0, 2)
    assert find_cores(blocks, [GOOD, SHORT, SHORT, SHORT, SHORT])[0] == (0, 0)


def test_a_label_and_value_headline_above_prose_still_goes():
    # The look-alike: one "label: value" line above the article is a headline.
    headline = "Harbour: Board Orders Dredging"
    result = _clean([headline, LEAD, MORE])
    assert result.title == headline


OPENING = "Many parties stand in the vote, so we kept to the largest of them all."
BIO = [
    "About the author",
    "Born in 1980, she has covered city politics for the paper since 2012 and writes "
    "mostly about housing, transport and the budgets of the towns along the river.",
    "Before that she worked for a radio station in the north, where she presented the "
    "morning news and a weekly programme about the region's farms and markets.",
]
FURNITURE = ["Support our journalism", "Share | Tweet | Email", "Facebook Twitter LinkedIn"]


def test_a_short_opening_under_the_byline_stays_beside_a_longer_note_after_it():
    # The page's furniture splits the short opening from the author's longer note; the
    # byline above it says where the article starts.
    result = _clean(["By Jane Roe", "Share this article", OPENING, *FURNITURE, *BIO])
    assert result.body.startswith(OPENING)
    assert BIO[1] in result.body


def test_a_short_paragraph_under_a_menu_line_still_gives_way_to_a_longer_one():
    # The look-alike: without the byline above it, the short paragraph is one candidate
    # among others, and the longer text after it outweighs it.
    result = _clean(["Home", OPENING, *FURNITURE, *BIO])
    assert OPENING not in result.body


INTERVIEWS = [
    [
        "Life on the island after the ferry stopped",
        "Maria Lind: When did you first notice the change?",
        "Oskar Berg: The winter the ferry stopped running, the shop closed within a month and "
        "half of the young families moved to the mainland before the spring.",
    ],
    [
        "Ein Winter auf der Insel ohne Fähre",
        "Maria Lind: Wann haben Sie die Veränderung zuerst bemerkt?",
        "Oskar Berg: In dem Winter, als die Fähre nicht mehr fuhr, schloss der Laden nach einem "
        "Monat, und die Hälfte der jungen Familien zog vor dem Frühjahr aufs Festland.",
    ],
]


def test_an_interviews_first_question_is_no_deck():
    # Under the headline, a question opened by one speaker's name and answered by
    # another's is the transcript's first turn, not a subtitle.
    for title, question, answer in INTERVIEWS:
        result = _clean([title, question, answer, LEAD, MORE])
        assert result.title == title
        assert result.body.startswith(question), question


def test_a_deck_under_the_headline_still_goes():
    # The look-alike: a headline-shaped line under the headline, with no speaker's name.
    title, deck = "Life on the island after the ferry stopped", "Why the young families left"
    result = _clean([title, deck, LEAD, MORE])
    assert result.title == title
    assert deck not in result.body


def test_a_line_that_trails_off_under_the_headline_is_the_articles_start():
    # "…" says the line goes on, as "..." does: a verse the writer opens with, a sentence
    # left open, the article's first line and no deck (the look-alike is the deck above).
    lines = [
        ("Night over the harbour", "The town lies dark and silent…"),
        ("Nacht über dem Hafen", "Die Stadt liegt dunkel und still…"),
        ("Noche en el puerto", "La ciudad duerme a oscuras…"),
    ]
    for title, line in lines:
        result = _clean([title, line, LEAD, MORE])
        assert result.title == title
        assert result.body.startswith(line), line


# An article's lead opened by its dateline: the place (its state, the agency) and perhaps
# the date before a dash. Under the headline such a line is the lead, not a deck; on a
# line of its own it opens the paragraph after it.
DE_LEAD = (
    "Die Hafenbehörde hat am Montag beschlossen, die östliche Fahrrinne noch vor dem Sommer "
    "auszubaggern, nachdem dort innerhalb eines Monats zwei Frachter auf Grund gelaufen sind."
)
DE_MORE = (
    "Die Arbeiten beginnen im April und sperren die Rinne sechs Wochen lang für größere "
    "Schiffe. Fischerboote können weiter die westliche Einfahrt nutzen, sagte die Behörde."
)
DATELINE_LEADS = [
    (
        "Mayor opens the autumn fair",
        "Linz, 14.03.2021 - Address by the mayor at the fair",
        LEAD,
        MORE,
    ),
    (
        "Bürgermeisterin eröffnet die Messe",
        "Graz, 3. Mai 2021 – Rede der Bürgermeisterin zur Eröffnung der Messe",
        DE_LEAD,
        DE_MORE,
    ),
]
LONE_DATELINES = [
    ("HARBOUR CITY, Maine --", LEAD, MORE),
    ("PORT ELLEN (AP) —", LEAD, MORE),
    ("Bad Homburg –", DE_LEAD, DE_MORE),
]


def test_a_line_opened_by_a_dateline_under_the_headline_is_the_lead():
    for title, line, lead, more in DATELINE_LEADS:
        result = _clean([title, line, lead, more])
        assert result.title == title
        assert result.body.startswith(line), line


def test_a_dateline_on_a_line_of_its_own_opens_the_first_paragraph():
    title = "Harbour Board Orders Dredging Of Eastern Channel"
    for dateline, lead, more in LONE_DATELINES:
        result = _clean([title, dateline, lead, more])
        assert result.title == title
        assert result.body.startswith(f"{dateline}\n\n{lead}"), dateline


def test_a_deck_with_a_comma_and_a_dash_still_goes():
    # The look-alike: a comma and a dash, but no place and date before the dash.
    title, deck = "The year on the coast", "Storms, floods - and the summer that never came"
    result = _clean([title, deck, LEAD, MORE])
    assert result.title == title
    assert deck not in result.body


# A fact box that closes the article: an event's time, place and price in English; a
# book's publisher and pages in German; a dish's nutrition, line by line.
FACT_BOXES = [
    ["Open day at the harbour", "Date: Saturday 14 June", "Meeting point: Pier 3", "Entry: 5 EUR"],
    ["Anna Weber (Hg.)", "Die Fähre fährt nicht mehr", "Hafenverlag, 312 Seiten", "24 Euro"],
    ["Per serving", "410 kcal", "12 g protein", "18 g fat"],
]


def test_a_fact_box_closing_the_article_stays():
    # Short lines after the last paragraph, half of them facts (a label and its value, a
    # number and what it counts): the article's end, not fragments outside its core.
    for box in FACT_BOXES:
        result = _clean([LEAD, MORE, *box])
        assert result.body.endswith("\n\n".join(box)), box


def test_a_book_box_without_a_price_closing_a_review_stays():
    # The editor's name with the role cut short in brackets is a fact as the pages are;
    # the reviewer's name under them goes with the box.
    for box in (
        ["Ann Lee (ed.)", "The Last Ferry", "Harbour Press, 312 pages", "Tom Roe"],
        ["Anna Weber (Hrsg.)", "Die letzte Fähre", "Hafenverlag, 312 Seiten", "Jonas Roth"],
    ):
        result = _clean([LEAD, MORE, *box])
        assert result.body.endswith("\n\n".join(box)), box


def test_short_lines_without_facts_after_the_article_still_go():
    # The look-alike: short lines after the article that hold no fact are page furniture.
    lines = ["Read more", "Our newsroom", "Sign in"]
    result = _clean([LEAD, MORE, *lines])
    assert not any(line in result.body for line in lines)


def test_a_contact_box_or_a_comment_after_the_article_still_goes():
    # The look-alikes: a press office's contact lines (an e-mail address, a telephone
    # number, a web address) and a reader's comment under its stamp are no fact box of the article.
    contact = ["Press office", "Harbour Board", "Quay Street 7", "Phone: 0301 234 5678"]
    comment = ["Comment by Ola", "3 June 2021, 16:19", "Great news for the port"]
    # Where to listen or follow: label-and-value lines whose values are web addresses.
    listen = ["Hear the harbour show", "Stream: https://example.org/ep9", "App: www.example.org"]
    for lines in (contact, comment, listen):
        result = _clean([LEAD, MORE, *lines])
        assert lines[0] not in result.body, lines


def test_years_ordinals_and_empty_fields_make_no_fact_box():
    # The look-alikes: a year that labels a line and an ordinal (a page's links to its
    # events), a form's empty fields, place names: no fact among them.
    lines = ["2019: The year in pictures", "The 5th Harbour Festival", "Port Town", "Old Quay"]
    fields = ["Name: |", "Email: |", "Message: |", "Harbour news"]
    for box in (lines, fields):
        result = _clean([LEAD, MORE, *box])
        assert not any(line in result.body for line in box), box


def test_a_ranking_after_the_article_is_no_fact_box():
    # The look-alike: a "most read" ranking's places ("1 ...", "2 ...") are numbers with a
    # word, but one after the other.
    ranking = ["Most read", "1 ferry", "2 lighthouse", "3 storm", "4 regatta"]
    result = _clean([LEAD, MORE, *ranking])
    assert "1 ferry" not in result.body


def test_a_long_run_of_label_lines_is_a_spec_sheet_and_goes():
    # More lines than a fact box holds: a product's spec sheet, a table of its own.
    specs = [f"Part {k}: {k * 10} mm" for k in range(1, 25)]
    result = _clean([LEAD, MORE, *specs])
    assert specs[0] not in result.body
    assert _clean([LEAD, MORE, *specs[:6]]).body.endswith(specs[5])


def test_a_fact_box_ends_at_a_teaser_list():
    # Past a related-list header and its teasers, a line with a number is the page's, not
    # the article's: two removed lines in a row end the box.
    teasers = ["Related articles", "Ferry Service Resumes Next Week", "New Lighthouse Opens"]
    lines = ["Tickets: 5 EUR", "Meeting point: Pier 3"]
    after = ["2 tickets left", "3 seats free"]
    result = _clean([LEAD, MORE, *lines, *teasers, *after])
    assert result.body.endswith("\n\n".join(lines))


def test_an_emoticon_that_closes_the_prose_stays_and_a_row_of_symbols_goes():
    """A line of punctuation that is an emoticon is a writer's word; one of separators is
    none, wherever it stands."""
    result = _clean([LEAD, MORE, ";-)"])
    assert result.body.endswith(f"{MORE}\n\n;-)")
    assert _clean([LEAD, "* * *", MORE, "| |"]).body == f"{LEAD}\n\n{MORE}"


def test_an_emoticon_between_paragraphs_stays():
    assert _clean([LEAD, "=)", MORE]).body == f"{LEAD}\n\n=)\n\n{MORE}"


# An event's cast above its programme: who moderates, who hosts, in English and German
# (roles per language in words/LANG/event_roles.txt), then the programme's lines.
PROGRAMMES = [
    ("Moderator: Ann Lee", ["Agenda", "Welcome and coffee (30 mins)"]),
    ("Moderation: Jonas Roth", ["Ablauf", "Begrüßung und Kaffee (30 Minuten)"]),
]


def test_a_role_line_above_the_article_stays():
    for role, lines in PROGRAMMES:
        result = _clean(["Open day at the harbour", role, *lines, LEAD, MORE])
        assert role in result.body, role


def test_a_short_line_above_the_article_that_names_no_role_still_goes():
    # The look-alikes: a label of no role before a name, a role before no name.
    for line in ("Photos: Ann Lee", "Moderator: the town council"):
        lines = ["Open day at the harbour", line, "Agenda", "Welcome and coffee (30 mins)"]
        result = _clean([*lines, LEAD, MORE])
        assert line not in result.body, line


@pytest.mark.parametrize(
    ("menu", "headline"),
    [
        (
            "[Home](/) | [News](/news) | [Sport](/sport) | [Weather](/weather)",
            "Ferry back on the water",
        ),
        ("[Start](/) | [Nachrichten](/n) | [Sport](/s) | [Wetter](/w)", "Die Fähre fährt wieder"),
    ],
)
def test_a_line_of_links_first_on_the_page_is_no_headline(menu, headline):
    # A menu of several links above the headline is not the page's title.
    page = "\n\n".join([menu, headline, "Sunday, 14 October 2012", LEAD, MORE])
    result = Cleaner().clean(page, format="markdown")
    assert "|" not in result.title


# A blog page: the motto, the post's date and linked title, a short post, its footer
# (labels, older posts), then the sidebar's profile, longer than the post.
BLOG_PAGES = [
    {
        "motto": "Notes from a small allotment by the river",
        "date": "Saturday, 12 October 2019",
        "title": "First frost on the pumpkins",
        "post": "The first frost came early this year and caught the last pumpkins still "
        "on the vine. Most of them will keep, but the small ones went soft by noon.",
        "footer": ["Labels: [garden](/l/garden), [autumn](/l/autumn)", "[Older post](/p/41)"],
        "heading": "About me",
        "profile": [
            "I have kept a plot on the river allotments for eleven years and write here "
            "about what grows, what fails and what the slugs get to first, mostly on "
            "weekends and always with muddy hands.",
            "Before the allotment I kept a balcony garden in the city, where tomatoes grew "
            "in buckets and the neighbours complained about the watering every summer.",
            "If you want to swap seeds or ask about the plot, write to me through the "
            "form below and I will answer as soon as the weather lets me indoors.",
        ],
    },
    {
        "motto": "Notizen aus einem kleinen Garten am Fluss",
        "date": "Samstag, 12. Oktober 2019",
        "title": "Der erste Frost auf den Kürbissen",
        "post": "Der erste Frost kam in diesem Jahr früh und hat die letzten Kürbisse noch "
        "an der Ranke erwischt. Die meisten halten sich, aber die kleinen wurden weich.",
        "footer": ["Labels: [Garten](/l/garten), [Herbst](/l/herbst)", "[Ältere Posts](/p/41)"],
        "heading": "Über mich",
        "profile": [
            "Ich habe seit elf Jahren einen Garten in der Anlage am Fluss und schreibe hier "
            "darüber, was wächst, was nicht gelingt und was die Schnecken zuerst fressen, "
            "meist am Wochenende und immer mit schmutzigen Händen.",
            "Vor dem Garten hatte ich einen Balkon in der Stadt, wo die Tomaten in Eimern "
            "wuchsen und sich die Nachbarn jeden Sommer über das Gießen beschwerten.",
            "Wer Samen tauschen oder etwas über den Garten fragen möchte, kann mir über das "
            "Formular unten schreiben, und ich antworte, sobald das Wetter es zulässt.",
        ],
    },
]


def _blog_page(page: dict, dates: list[str]) -> list[str]:
    return [
        page["motto"],
        *dates,
        f"## [{page['title']}](/2019/10/post)",
        page["post"],
        *page["footer"],
        f"### {page['heading']}",
        *page["profile"],
    ]


def test_a_short_dated_post_stays_beside_a_longer_sidebar_profile():
    # The date above the post says where the article is, however short it is beside the
    # sidebar's profile after it; the blog's motto above the date stays out.
    for page in BLOG_PAGES:
        result = _clean(_blog_page(page, [page["date"]]), format="markdown")
        assert result.body.startswith(page["post"]), page["title"]
        assert page["motto"] not in result.body


def test_a_short_post_without_a_date_still_gives_way_to_the_longer_profile():
    # The look-alikes: with no date above it, or with dates on several items (a list's),
    # the short paragraph is one candidate among others, and the longer text outweighs it.
    for page in BLOG_PAGES:
        for dates in ([], [page["date"], f"[{page['date']}](/2019/10/list)", page["date"]]):
            result = _clean(_blog_page(page, dates), format="markdown")
            assert page["post"] not in result.body, (page["title"], dates)
            assert page["profile"][0] in result.body
