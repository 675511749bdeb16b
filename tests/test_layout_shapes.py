"""Shapes a scraper leaves when it flattens a page, one small invented document per
decision (in the manner of tests/test_regions.py): a layout table's row split into its
cells, a comment thread run on into the article's line, teaser records that end alike,
a head glued to the article's first sentence, and the captions, credits and datelines
found by their shape. Each has a look-alike that must stay."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.cells import is_layout_row, same_ending, split_layout_rows
from cleaner.heads import head_end
from cleaner.model import Block, Line
from cleaner.regions import record_runs
from cleaner.runon import thread_start
from cleaner.tails import tail_start

LEAD = (
    "The harbour board voted on Monday to dredge the eastern channel before the summer, "
    "after two cargo ships ran aground there in a month. "
)
REST = (
    "Dredging will start in April and close the channel to larger ships for six weeks. "
    "Fishing boats will still be able to use the western entrance, the board said. "
    "Shipping firms had asked for the work to be done at night to keep the port open. "
)
ARTICLE = LEAD + REST


def _clean(text: str, fmt: str = "text"):
    return Cleaner().clean(text, format=fmt)


# Layout tables ---------------------------------------------------------------------------


def test_a_layout_row_is_split_and_its_menu_and_caption_leave_the_article():
    row = (
        "| | Home | | Port | | Weather | | The eastern channel at low tide. (Ann Lee / "
        f"Harbour Agency) | | {ARTICLE}|"
    )
    result = _clean(row)
    assert result.body == ARTICLE.strip()
    assert any(r.category == "caption" for r in result.removed)


def test_a_spanish_layout_row_is_split_as_well():
    article = (
        "El ayuntamiento aprobó el lunes la reforma del mercado central, que cerrará tres "
        "meses. Los comerciantes podrán vender en la plaza durante las obras. El alcalde "
        "dijo que el proyecto estará terminado antes de las fiestas del verano."
    )
    row = f"| | Inicio | | Noticias | | Deportes | | {article} |"
    lines = split_layout_rows([Line(row, row, "table")], "text")
    assert [ln.text for ln in lines if ln.text] == ["Inicio", "Noticias", "Deportes", article]


def test_a_data_table_of_short_cells_stays_one_table():
    rows = ["| Team | Won | Lost |", "| Harbour Rovers | 12 | 3 |", "| Port Athletic | 9 | 6 |"]
    lines = [Line(r, r, "table") for r in rows]
    assert split_layout_rows(lines, "text") == lines
    assert not any(map(is_layout_row, lines))


def test_a_table_cell_of_one_long_description_without_sentences_is_no_layout():
    cell = " ".join(["dredger", "crane", "tug", "barge", "pilot", "buoy"] * 6)
    row = f"| Equipment | {cell} |"
    assert not is_layout_row(Line(row, row, "table"))


# Run-on lines ----------------------------------------------------------------------------


def test_a_thread_run_on_into_the_article_line_goes_to_comments():
    thread = (
        "Comments are closed for this story Mara Tell The board should have done this "
        "years ago and nobody would have been hurt in the first place "
        + "Olek Bors Six weeks is far too long for the firms that use the port. "
        * 6
    )
    line = ARTICLE * 14 + thread
    result = _clean(line)
    assert result.body.startswith("The harbour board voted")
    assert "Comments are closed" not in result.body
    assert result.comments and result.comments[0].startswith("Comments are closed")


def test_a_long_paragraph_with_a_sentence_that_starts_with_comments_is_not_cut():
    sentence = "Comments from the minister came later. "
    assert thread_start(ARTICLE * 14 + sentence + ARTICLE * 2) == -1


def test_a_short_paragraph_is_never_cut():
    text = ARTICLE + "Kommentare Anna Das dauert viel zu lange und kostet zu viel Geld hier"
    assert thread_start(text) == -1


# Teaser records ---------------------------------------------------------------------------


def test_teasers_that_end_with_one_link_label_are_a_related_list():
    teasers = [
        "Ferry fares to rise Operators say fuel costs leave them no choice this spring "
        "Full coverage",
        "Lighthouse reopens The restored tower welcomes visitors again after ten years "
        "Full coverage",
        "New pier approved Councillors back the plan despite objections from residents "
        "Full coverage",
    ]
    result = _clean("\n\n".join([LEAD.strip(), REST.strip(), *teasers]))
    assert result.body == "\n\n".join([LEAD.strip(), REST.strip()])
    assert sum(r.category == "related_links" for r in result.removed) == 3


def test_a_french_row_of_teaser_cells_is_split_into_records():
    cells = [
        "Le port ferme ses quais Les travaux commencent lundi pour six semaines Lire la suite",
        "Les ferries augmentent leurs prix Le carburant coûte plus cher Lire la suite",
        "Un nouveau phare sur la côte La tour sera ouverte au public en mai Lire la suite",
    ]
    assert same_ending(cells)
    row = "| " + " | ".join(cells) + " |"
    assert is_layout_row(Line(row, row, "table"))


def test_paragraphs_that_end_alike_with_a_full_stop_are_no_teasers():
    quotes = [
        '"We had no choice after the second ship ran aground in the channel," he said.',
        '"The firms will lose money, but the channel has to be safe first," she said.',
        '"Night work would have cost twice as much and taken just as long," he said.',
    ]
    blocks = [Block(i, t, t) for i, t in enumerate([LEAD, *quotes])]
    assert record_runs(blocks, 1) == []


def test_a_schedule_whose_lines_end_alike_stays_in_the_article():
    schedule = [
        "May 3 – Northport, Harbour Hall",
        "May 9 – Eastby, Harbour Hall",
        "May 14 – Westfield, Harbour Hall",
    ]
    assert not same_ending(schedule)  # short items: no teaser summaries in them


# Glued heads -----------------------------------------------------------------------------


def test_a_byline_and_age_glued_to_the_first_sentence_become_metadata():
    text = f"By ANN LEE, Harbour Staff Writer 35 minutes ago EASTPORT - {ARTICLE}"
    result = _clean(text)
    assert result.body == f"EASTPORT - {ARTICLE}".strip()
    assert any(r.category == "byline" for r in result.removed)


def test_a_headline_and_date_glued_to_the_first_sentence_are_cut_off():
    text = f"Channel To Be Dredged Monday, March 4, 2024 {ARTICLE}"
    assert text[head_end(text) :] == ARTICLE


def test_a_caption_and_its_credit_glued_to_the_first_sentence_are_cut_off():
    spanish = (
        "El consejo del puerto decidió el lunes dragar el canal oriental antes del verano, "
        "después de que dos buques de carga encallaran allí en un mes. Las obras empezarán "
        "en abril y cerrarán el canal a los barcos grandes durante seis semanas. "
    )
    for caption, article in (
        ("A dredger waits at the quay in Eastport on Friday. (Ann Lee / Harbour Daily) ", ARTICLE),
        ("Una draga espera en el muelle el viernes. (Foto: Ana Ruiz/Diario del Puerto) ", spanish),
    ):
        result = _clean(caption + article)
        assert result.body == article.strip(), caption
        assert [r.category for r in result.removed] == ["caption"]
    # A ratio in brackets after a sentence names no photographer: the paragraph stays whole.
    ratio = f"Trade rose by a tenth last year. (Exports/Imports) {ARTICLE}"
    assert _clean(ratio).body == ratio.strip()


def test_a_head_whose_date_follows_a_separator_is_cut_off():
    german = (
        "Der Hafenrat hat am Montag beschlossen, die östliche Fahrrinne vor dem Sommer "
        "auszubaggern, nachdem dort zwei Frachter innerhalb eines Monats auf Grund gelaufen "
        "waren. Die Arbeiten beginnen im April und dauern sechs Wochen."
    )
    for head, article in (
        ("Channel to be dredged Northern Wire - March 4, 2024 9:15 AM ", ARTICLE),
        ("Fahrrinne wird ausgebaggert Nordpresse – 4. März 2024 ", german),
    ):
        text = head + article
        assert text[head_end(text) :] == article, head
        assert "2024" in _clean(text).date, head  # the date goes to the metadata
    sentence = f"The vote was held on Monday - March 4, 2024 was the deadline. {ARTICLE}"
    assert head_end(sentence) == -1


def test_a_labelled_dateline_before_a_bold_lead_is_cut_off():
    text = f"UPDATED: 9:15 am CET May 6, 2024**Eastport --** {ARTICLE}"
    assert text[head_end(text) :] == f"**Eastport --** {ARTICLE}"


def test_bold_cells_on_both_sides_of_a_date_are_no_head():
    """A row of teaser cells ("**Section**Headline**Author** DATE**Section**...") is no
    article's head: nothing is cut out of it."""
    text = f"**Ports**Channel Dredging Begins**Ann Lee** Monday 4:08PM**Weather**{ARTICLE}"
    assert head_end(text) == -1


def test_a_sentence_that_dates_itself_keeps_its_date():
    assert head_end(f"The board met on Monday, March 4, 2024 and voted. {ARTICLE}") == -1
    assert head_end(f"Im März 2024 stimmte der Hafenrat ab und beschloss viel. {ARTICLE}") == -1


# Captions, credits and datelines ------------------------------------------------------------


def test_a_caption_led_by_its_pictures_control_is_a_caption():
    caption = "Click photo to enlargeA dredger works in the eastern channel on Monday."
    result = _clean("\n\n".join([LEAD.strip(), caption, REST.strip()]))
    assert caption not in result.body
    assert any(r.category == "caption" for r in result.removed)


def test_a_reporting_credit_set_as_a_heading_is_a_credit():
    text = f"{LEAD.strip()}\n\n{REST.strip()}\n\n## Ann Lee in Eastport contributed to this report."
    result = _clean(text, "markdown")
    assert "contributed" not in result.body


def test_a_dateline_with_a_publication_and_an_update_date_is_the_date():
    dateline = "Posted: 9:12 AM May 3, 2024 Last Updated: 6:40 PM May 4, 2024"
    result = _clean("\n\n".join([dateline, LEAD.strip(), REST.strip()]))
    assert dateline not in result.body
    assert result.date.startswith("2024-05-03") or "May 3, 2024" in result.date


def test_a_dateline_that_closes_with_the_category_it_is_filed_under_is_the_date():
    for dateline in (
        "Posted on : 05/03/2024 Category : Harbour news",
        "Veröffentlicht: 3. Mai 2024 | Kategorie: Hafen und Verkehr",
        "May 3, 2024 | Tags: dredging, shipping, eastern channel",
    ):
        result = _clean("\n\n".join([LEAD.strip(), REST.strip(), dateline]))
        assert dateline not in result.body, dateline
        assert "2024" in result.date or "05" in result.date


def test_a_sentence_that_names_a_category_after_a_date_is_no_dateline():
    # The label must follow a separator and a colon; a sentence about categories is prose.
    line = "On May 3, 2024 the board added a new category of permits for the smaller boats"
    result = _clean("\n\n".join([LEAD.strip(), line, REST.strip()]))
    assert line in result.body


def test_opening_hours_are_no_dateline():
    hours = "9.30 A.M. / 7.00 P.M."
    result = _clean("\n\n".join([LEAD.strip(), hours, REST.strip()]))
    assert not result.date


def test_a_wire_licence_after_the_rights_line_goes_in_any_wording():
    notice = (
        "© 2024 Northern Wire. All rights reserved. This story may not be reprinted or "
        "redistributed."
    )
    result = _clean("\n\n".join([LEAD.strip(), REST.strip(), notice]))
    assert "reserved" not in result.body


def test_a_label_or_a_weekday_before_a_glued_date_makes_a_head():
    for head in ("Posted: 8:15 am May 3, 2024 ", "Freitag, 3. Mai 2024 "):
        text = head + ARTICLE
        assert text[head_end(text) :] == ARTICLE
    assert head_end(f"3. Mai 2024 {ARTICLE}") == -1  # a date alone may open a sentence


def test_a_time_before_the_date_of_a_dateline_is_part_of_it():
    for dateline in ("2:18pm Tuesday 3rd May 2024", "14:05 Uhr, Freitag, 3. Mai 2024"):
        result = _clean("\n\n".join([dateline, LEAD.strip(), REST.strip()]))
        assert dateline not in result.body, dateline
        assert "2024" in result.date and ":" not in result.date, result.date  # the day's


def test_a_caption_credited_to_a_picture_agency_goes():
    caption = "Fans wave flags on the quay as the ferry arrives on Monday. (Okafor/WireImage)"
    result = _clean("\n\n".join([LEAD.strip(), caption, REST.strip()]))
    assert caption not in result.body


def test_a_sentence_without_a_full_stop_beside_a_lone_credit_is_its_caption():
    for caption in (
        "A dredger clears sand from the eastern channel on Monday while two cargo ships "
        "wait outside the harbour",
        "Ein Bagger räumt am Montag den Sand aus der östlichen Fahrrinne, während zwei "
        "Frachter vor dem Hafen auf die Einfahrt warten",
    ):
        text = "\n\n".join([LEAD.strip(), "[Ann Lee/Reuters](/pictures)", caption, REST.strip()])
        result = _clean(text, "markdown")
        assert caption not in result.body, caption
        assert LEAD.strip() in result.body and REST.strip() in result.body


def test_a_headline_or_a_finished_sentence_beside_a_credit_stays():
    headline = "Harbour board votes to dredge the eastern channel"  # too short for a caption
    finished = (
        "The dredger, which the board hired from a firm in the north, will work through the "
        "night to keep the port open."
    )
    for line in (headline, finished):
        text = "\n\n".join([LEAD.strip(), "[Ann Lee/Reuters](/pictures)", line, REST.strip()])
        assert line in _clean(text, "markdown").body, line


# Glued tails -----------------------------------------------------------------------------


def test_a_rights_notice_glued_to_the_last_sentence_is_cut_off():
    german = (
        "Der Hafenrat hat am Montag beschlossen, die östliche Fahrrinne vor dem Sommer "
        "auszubaggern, nachdem dort zwei Frachter innerhalb eines Monats auf Grund gelaufen "
        "waren. Die Arbeiten beginnen im April. "
    )
    for article, notice in (
        (ARTICLE, "Copyright 2024 Northern Wire. All rights reserved."),
        (ARTICLE, "(© 2024 Northern Wire. All Rights Reserved.)"),
        (german, "© 2024 Nordpresse GmbH. Alle Rechte vorbehalten."),
    ):
        result = _clean(article + notice)
        assert result.body == article.strip(), notice
        assert [r.category for r in result.removed] == ["copyright"]


def test_a_rights_notice_with_a_name_and_no_year_closing_the_line_is_cut_off():
    german = (
        "Der Hafenrat hat am Montag beschlossen, die östliche Fahrrinne vor dem Sommer "
        "auszubaggern, nachdem dort zwei Frachter innerhalb eines Monats auf Grund gelaufen "
        "waren. Die Arbeiten beginnen im 'April.' "
    )
    for article, notice in (
        (ARTICLE, "Copyright Northern Wire Service |  |"),
        (german, "Copyright Nordpresse Agentur"),
    ):
        result = _clean(article + notice)
        assert result.body == article.strip(), notice
        assert [r.category for r in result.removed] == ["copyright"]
    # "Copyright" opening a sentence that goes on is the article's.
    for sentence in ("Copyright Law Reform Group members met.", "Copyright Northern Wire said so"):
        assert tail_start(ARTICLE + sentence) == -1, sentence


def test_a_reporting_credit_glued_to_the_last_sentence_is_cut_off():
    credit = "Ann Lee in Eastport and Bo Chan contributed to this report."
    result = _clean(ARTICLE + credit)
    assert result.body == ARTICLE.strip()
    assert [r.category for r in result.removed] == ["caption"]


def test_a_sentence_about_copyright_or_contributors_closing_a_paragraph_stays():
    for tail in (
        "Copyright law, the board said, does not cover the old charts.",
        "Three firms contributed to this report on the channel, which the board will "
        "publish in full next month together with the divers' photographs and the costs "
        "of each option it looked at, from a narrower channel to a second breakwater, and "
        "the views of the fishing crews and the ferry company.",
    ):
        assert tail_start(ARTICLE + tail) == -1, tail
    assert tail_start("© 2024 Northern Wire. All rights reserved.") == -1  # alone: the rules'
    act = "The court ruled under the Copyright 1998 Act that the charts were free to copy"
    assert tail_start(f"{ARTICLE}{act}") == -1  # a mark inside a sentence, no rights reserved


def test_a_rights_notice_after_a_sentence_cut_short_is_cut_off_when_it_reserves_rights():
    article = ARTICLE.rstrip(". ")  # the last sentence lost its full stop
    for notice in (
        "Copyright 2024 Northern Wire. All rights reserved.",
        "© 2024 Nordpresse GmbH. Alle Rechte vorbehalten.",
    ):
        text = f"{article} {notice}"
        assert text[tail_start(text) :] == notice


def test_a_dateline_filed_under_a_long_list_of_tags_is_the_date():
    tags = ", ".join(["Eastport", "Harbour board", "Dredging", "Cargo ships", "Ferries"] * 3)
    for dateline in (
        f"Posted by Ann Lee @ 5:56 am Categories: Ports, Shipping Tags: {tags}",
        f"Veröffentlicht am 3. Mai 2024 Schlagworte: {tags}",
    ):
        result = _clean("\n\n".join([dateline, LEAD.strip(), REST.strip()]))
        assert "Ann Lee @" not in result.body and "Schlagworte" not in result.body, dateline
        assert result.date, dateline


def test_a_rights_notice_in_brackets_or_before_a_cell_separator_goes():
    for notice in (
        "(Copyright 2024 by Northern Wire. All Rights Reserved.)",
        "Copyright 2024 Northern Wire. All rights reserved. It may not be reprinted. |",
        "© 2024 Northern Wire and Bay Radio. All rights reserved. :",
    ):
        result = _clean(f"{LEAD.strip()}\n\n{REST.strip()}\n\n{notice}")
        assert result.body == f"{LEAD.strip()}\n\n{REST.strip()}", notice
        assert [r.category for r in result.removed] == ["copyright"]


def test_an_agency_named_in_full_or_bringing_the_story_is_its_source():
    for line, agency in (
        ("The Associated Press", "The Associated Press"),
        ("Press Trust of India", "Press Trust of India"),
        ("Brought to you by NZPA", "NZPA"),
        ("Staff and agencies", "Staff and agencies"),
    ):
        result = _clean(f"{LEAD.strip()}\n\n{REST.strip()}\n\n{line}")
        assert result.body == f"{LEAD.strip()}\n\n{REST.strip()}", line
        assert result.source == agency
