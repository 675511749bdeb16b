"""Regions by shape, one small invented document per decision (in the manner of jusText's
tests/test_classify_paragraphs.py): comment threads, teaser lists, captions, the article
core among several candidates, and a list-shaped article that stays."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.model import BOILERPLATE, Block
from cleaner.regions import (
    article_start,
    cut_summaries,
    dated_teasers,
    pair_runs,
    plain_runs,
    teaser_runs,
)
from cleaner.threads import COUNTED_BLOCKS, find_threads, record_fields

ARTICLE = [
    "The river authority said on Tuesday that the old weir would be rebuilt before the "
    "spring floods, after engineers found cracks along most of its length.",
    "Work is expected to take four months and will close the towpath between the two "
    "bridges, the authority said in a statement to residents.",
    "Anglers and rowing clubs have asked for a temporary path to be opened on the far "
    "bank while the work goes on, and the council has promised to look at it.",
]


def _clean(paragraphs: list[str]):
    return Cleaner().clean("\n\n".join(paragraphs))


def _blocks(texts: list[str]) -> list[Block]:
    return [Block(i, t, t) for i, t in enumerate(texts)]


def test_a_thread_of_name_and_date_records_without_a_header_goes_to_comments():
    thread = [
        "Marta Kowal on 4 March 2021 at 9:12 am said:",
        "The towpath has been a mess for years, I am glad something is happening.",
        "Jonas P. on 4 March 2021 at 11:40 am said:",
        "Four months is optimistic, the last repair took most of a year to finish.",
        "Ruth on 5 March 2021 at 8:03 pm said:",
        "Will the car park by the lock stay open while they do the work?",
    ]
    result = _clean(ARTICLE + thread)
    assert result.body == "\n\n".join(ARTICLE)
    assert len(result.comments) == 3
    assert result.comment_records[0]["author"] == "Marta Kowal"
    assert result.comment_records[0]["date"].startswith("4 March 2021")
    # The record's line belongs to the comment: who wrote it and when, then the text.
    assert result.comment_records[2]["text"] == (
        "Ruth on 5 March 2021 at 8:03 pm said:\n\n"
        "Will the car park by the lock stay open while they do the work?"
    )
    assert result.comments == [r["text"] for r in result.comment_records]


def test_a_german_thread_with_answer_controls_is_found():
    thread = [
        "Bernd am 13. September 2018 um 17:23 Uhr",
        "Endlich wird die Brücke gemacht, das hat viel zu lange gedauert.",
        "Antworten",
        "Heike am 13. September 2018 um 18:05 Uhr",
        "Und wer bezahlt das am Ende? Wieder einmal die Anwohner, wie immer.",
        "Antworten",
    ]
    result = _clean(ARTICLE + thread)
    assert result.body == "\n\n".join(ARTICLE)
    assert [r["author"] for r in result.comment_records] == ["Bernd", "Heike"]
    assert all("Antworten" not in c for c in result.comments)


def test_a_french_thread_with_reply_controls_is_found():
    thread = [
        "Claire | 2 mai 2020 14:10",
        "Très bonne nouvelle pour le quartier, merci pour cet article.",
        "Répondre",
        "Olivier | 2 mai 2020 15:32",
        "Je ne suis pas d'accord, les travaux vont durer bien plus longtemps.",
        "Répondre",
    ]
    result = _clean(ARTICLE + thread)
    assert result.body == "\n\n".join(ARTICLE)
    assert [r["author"] for r in result.comment_records] == ["Claire", "Olivier"]


def test_signatures_after_each_comment_name_the_comment_before_them():
    thread = [
        "I rowed there as a student, the weir was already leaking back then.",
        "Posted by: Sam | Mar 4, 2021 6:02:53 PM",
        "Good luck to the engineers, the current is strong in spring.",
        "Posted by: Lee | Mar 4, 2021 7:15:10 PM",
        "A temporary path on the far bank would be the sensible choice here.",
        "Posted by: Ana | Mar 5, 2021 9:44:01 AM",
    ]
    blocks = _blocks(ARTICLE + thread)
    (found,) = find_threads(blocks, 1)
    assert found.footer_style
    result = _clean(ARTICLE + thread)
    assert [r["author"] for r in result.comment_records][-2:] == ["Lee", "Ana"]
    # The signature follows its comment on the page, and in the comment's text.
    assert result.comment_records[-1]["text"] == (
        "A temporary path on the far bank would be the sensible choice here.\n\n"
        "Posted by: Ana | Mar 5, 2021 9:44:01 AM"
    )


def test_a_record_line_stays_with_its_comment_in_every_language():
    """Who wrote a comment and when is part of it: the record's line opens the comment's
    text (its fields are in ``comment_records`` too), and never goes to the body."""
    french = [
        "Claire | 2 mai 2020 14:10",
        "Très bonne nouvelle pour le quartier, merci pour cet article.",
        "Répondre",
        "Olivier | 2 mai 2020 15:32",
        "Je ne suis pas d'accord, les travaux vont durer bien plus longtemps.",
        "Répondre",
    ]
    german = [
        "Bernd am 13. September 2018 um 17:23 Uhr",
        "Endlich wird die Brücke gemacht, das hat viel zu lange gedauert.",
        "Antworten",
        "Heike am 13. September 2018 um 18:05 Uhr",
        "Und wer bezahlt das am Ende? Wieder einmal die Anwohner, wie immer.",
        "Antworten",
    ]
    for thread in (french, german):
        result = _clean(ARTICLE + thread)
        assert result.body == "\n\n".join(ARTICLE)
        assert result.comments == [f"{thread[0]}\n\n{thread[1]}", f"{thread[3]}\n\n{thread[4]}"]
        assert result.comments == [r["text"] for r in result.comment_records]
        assert result.comment_records[1]["author"] in ("Olivier", "Heike")


def test_dated_paragraphs_of_the_article_are_no_thread():
    """Records must repeat with one shape and stand apart from prose: an article that
    gives two dates in short lines keeps them."""
    texts = [*ARTICLE[:1], "Monday, 4 March 2021", *ARTICLE[1:2], "Friday, 8 March 2021"]
    assert find_threads(_blocks(texts + ARTICLE[2:]), 1) == []


def test_a_quoted_post_credit_is_no_record():
    texts = [ARTICLE[0], "— Ann Lee (@annlee) March 4, 2021", ARTICLE[1]] * 3
    assert find_threads(_blocks(texts), 1) == []


def test_names_alone_make_a_thread_only_under_a_header_that_names_it():
    thread = ["Tom R", "The bridge was fine last summer.", "Ines", "It was not, I walk it daily."]
    thread += ["Pavel K", "Both of you are right about the mud at least."]
    headed = _clean([*ARTICLE, "Reader comments", *thread])
    assert headed.body == "\n\n".join(ARTICLE)
    assert len(headed.comments) == 3
    bare = find_threads(_blocks([*ARTICLE, "Further reading", *thread]), 1)
    assert bare == []


def test_signatures_in_a_row_are_a_list_of_names_not_a_thread():
    """Records of a thread stand apart, each beside its comment: lines shaped like
    signatures one after the other ("Name, Band") are the article's list."""
    names = ["Ada Novak, The Lighthouse Trio", "Bram Oort, Saltmarsh", "Cleo Dune, Tidewater"]
    texts = [*ARTICLE[:2], "My own picks that did not make it:", *names, "Here is why."]
    assert find_threads(_blocks([*texts, ARTICLE[2]]), 1) == []
    thread = ["Ada, Leeds", "The weir was fine last year.", "Bram, York", "It was not at all."]
    thread += ["Cleo, Hull", "Both of you should walk it again."]
    assert len(find_threads(_blocks([*ARTICLE, *thread]), 1)) == 1


def test_record_fields_read_name_and_date():
    assert record_fields("Posted by: Ann Lee | Jan 10, 2008 4:49:12 PM")[0] == "Ann Lee"
    assert record_fields("Nadia wrote:") == ("Nadia", "")
    assert record_fields("#12") == ("", "")


def test_a_teaser_list_without_a_header_after_the_article_goes():
    teasers = [
        "Council Approves New Cycle Lanes In The Centre",
        "Local Bakery Wins Regional Bread Award",
        "School Choir Heads To National Final",
        "Storm Damage Closes Coastal Road For A Week",
        "Library Extends Opening Hours Over Winter",
    ]
    result = _clean(ARTICLE + teasers)
    assert result.body == "\n\n".join(ARTICLE)
    assert {r.category for r in result.removed} == {"related_links"}


SENTENCE_CASE_TEASERS = {
    "en": [
        "Council approves new cycle lanes in the centre",
        "Local bakery wins regional bread award",
        "School choir heads to national final",
        "Storm damage closes coastal road for a week",
        "Library extends opening hours over winter",
    ],
    "de": [
        "Stadtrat beschließt neue Radwege in der Innenstadt",
        "Bäckerei aus dem Ort gewinnt Preis für ihr Brot",
        "Schulchor fährt zum Finale nach Berlin",
        "Sturm sperrt die Küstenstraße für eine Woche",
    ],
}


def test_sentence_case_teasers_after_the_article_go_in_any_language():
    for teasers in SENTENCE_CASE_TEASERS.values():
        result = _clean(ARTICLE + teasers)
        assert result.body == "\n\n".join(ARTICLE)
        assert {r.category for r in result.removed} == {"related_links"}


def test_sentence_case_lines_before_the_article_ends_stay():
    """The same lines with article prose after them are the article's own list."""
    for teasers in SENTENCE_CASE_TEASERS.values():
        text = [*ARTICLE[:2], *teasers, ARTICLE[2]]
        assert _clean(text).body == "\n\n".join(text)


def test_a_sentence_case_paragraph_after_the_article_stays():
    """Short sentence-case lines that end with a full stop are sentences, not headlines."""
    lines = [t + "." for t in SENTENCE_CASE_TEASERS["en"]]
    assert _clean(ARTICLE + lines).body == "\n\n".join(ARTICLE + lines)


def test_markdown_teasers_of_a_linked_headline_and_its_summary_go():
    teasers = [
        "[Ferry Timetable Changes For Summer](/ferry-summer) The island ferry will sail "
        "twice more each day from June, the operator said.",
        "[New Bridge Opens To Cyclists](/bridge) Cyclists can cross the river on the new "
        "bridge from Saturday. Walkers must wait until the autumn.",
    ]
    result = Cleaner().clean("\n\n".join(ARTICLE + teasers), format="markdown")
    assert result.body == "\n\n".join(ARTICLE)
    assert {r.category for r in result.removed} == {"related_links"}


def test_article_paragraphs_that_open_with_a_link_stay():
    linked = [
        "[The Port Authority](/authority) said on Wednesday that the towpath would reopen "
        "in stages, starting with the stretch nearest the town bridge.",
        "[Mayor Ann Lee](/lee) told residents at a meeting that the council would pay for "
        "a ferry across the river while the path was shut.",
    ]
    text = [*ARTICLE[:1], *linked, *ARTICLE[1:]]
    body = Cleaner().clean("\n\n".join(text), format="markdown").body
    assert "towpath would reopen" in body and "ferry across the river" in body


def test_a_list_the_article_introduces_stays():
    items = [
        "Harbour Lights Trust, Northport, Kent",
        "Green Valley Farms, Ashby, Leicestershire",
        "Westbrook Rowing Club, Marlow, Buckinghamshire",
        "Old Mill Heritage Group, Bakewell, Derbyshire",
    ]
    text = [*ARTICLE, "The four groups chosen are:", *items]
    assert _clean(text).body == "\n\n".join(text)


def test_a_schedule_filled_in_from_one_template_is_no_teaser_list():
    dates = [
        "May 3 – Leeds @ City Varieties",
        "May 5 – York @ Grand Opera House",
        "May 9 – Hull @ New Theatre",
        "May 12 – Derby @ Guildhall Theatre",
        "May 15 – Bath @ Theatre Royal",
    ]
    headlines = [d.replace(" – ", " Fans Cheer In ").replace(" @ ", " As ") for d in dates]
    assert teaser_runs(_blocks(ARTICLE + dates), 1) == []
    assert teaser_runs(_blocks(ARTICLE + headlines), 1) == [(3, 7)]


def test_a_caption_with_a_parenthesised_credit_goes_without_a_credit_word():
    caption = "Engineers walk along the weir on Monday morning. (TOMASZ NOWAK / Riverside Daily)"
    result = _clean([*ARTICLE[:1], caption, *ARTICLE[1:]])
    assert result.body == "\n\n".join(ARTICLE)
    assert [r.category for r in result.removed] == ["caption"]


def test_a_file_photo_caption_and_a_reporting_credit_go():
    caption = "The weir at Long Ford is seen in this May 3, 2019, file photo."
    credit = "(Reporting by Ann Lee; Editing by Bo Chan)"
    result = _clean([*ARTICLE[:2], caption, *ARTICLE[2:], credit])
    assert result.body == "\n\n".join(ARTICLE)


def test_a_sentence_about_a_photographer_stays():
    sentence = (
        "The photographer who first spotted the cracks said she had been taking pictures of "
        "the weir for a local exhibition when she noticed water seeping through."
    )
    text = [*ARTICLE[:2], sentence, *ARTICLE[2:]]
    assert _clean(text).body == "\n\n".join(text)


def test_a_short_article_keeps_its_place_before_a_longer_footer_note():
    """The best-scoring region is a footer note; the article before it scores nearly as
    well, so both candidates are kept rather than the footer alone."""
    menu = ["Home", "World", "Sport", "Weather", "Contact", "Jobs", "Archive", "Help"]
    footer = [
        "This service may include material from news agencies and partners, which is "
        "reproduced with their permission and may not be copied in any form at all.",
        "All times shown on this site are local times unless a story says otherwise.",
    ]
    short = ARTICLE[:2]
    result = _clean(short + menu + footer)
    assert "\n\n".join(short) in result.body


def test_keep_comments_leaves_the_thread_in_the_body():
    thread = [
        "Ann on 4 March 2021 at 9:12 am said:",
        "Glad to see this at last, the towpath is a mess.",
        "Bo on 4 March 2021 at 9:40 am said:",
        "Four months sounds optimistic to me, honestly.",
        "Cy on 4 March 2021 at 10:02 am said:",
        "Will the lock car park stay open during the works?",
    ]
    result = Cleaner(keep={"comments"}).clean("\n\n".join(ARTICLE + thread))
    assert "Four months sounds optimistic" in result.body
    assert result.comments == [] and result.comment_records == []


def test_keeping_captions_keeps_the_lead_before_a_long_caption():
    """A caption taken out neither counts for the article's core nor breaks it, so the
    lead above it stays whether captions are kept or not."""
    lead = "The council approved its budget on Tuesday, raising spending on schools by a fifth."
    caption = (
        "Residents listen during a public hearing at the town hall on Monday evening, where "
        "dozens of people spoke about plans to extend the library and repave the main road "
        "through the old town before the summer season begins. (Photo: Ann Lee / Daily Post)"
    )
    text = [lead, caption, *ARTICLE]
    assert Cleaner().clean("\n\n".join(text)).body == "\n\n".join([lead, *ARTICLE])
    assert Cleaner(keep={"caption"}).clean("\n\n".join(text)).body == "\n\n".join(text)


def test_teasers_with_their_date_on_the_headline_line_go_whatever_their_case():
    """A "Headline DATE" line is a teaser's head in sentence case too: the list goes
    from its first line, not from its first capitalised headline."""
    teasers = [
        "Harbour café reopens after the flood 4. November 2021",
        "Neue Fähre Für Die Insel Ab Mai 3. November 2021",
        "Rowing club wins the county regatta 2 November 2021",
        "Bakery on the square changes hands November 1, 2021",
    ]
    assert teaser_runs(_blocks(ARTICLE + teasers), 1) == [(3, 6)]
    sentences = [t + ", the council said." for t in teasers]
    assert teaser_runs(_blocks(ARTICLE + sentences), 1) == []


def test_the_headline_over_a_teaser_summary_goes_with_it():
    """A rule takes a summary that ends in a "more" link; its headline above goes too, and
    a heading over a paragraph of the article stays."""
    teaser = [
        "Ferry to the island runs twice a day from May",
        "The island ferry will sail twice a day from May, the operator said on Monday. "
        "Tickets can be bought at the harbour office and online from today. Read more",
    ]
    assert _clean(ARTICLE + teaser).body == "\n\n".join(ARTICLE)
    heading = ["Work to start in spring", ARTICLE[2]]
    assert _clean([*ARTICLE[:2], *heading]).body == "\n\n".join([*ARTICLE[:2], *heading])


def test_a_paragraph_that_answers_another_reader_by_name_is_a_comment():
    reply = "@ Marta Kowal, the towpath was shut for a week last spring as well, so it can be done."
    result = _clean([*ARTICLE, reply])
    assert result.body == "\n\n".join(ARTICLE)
    assert [r.category for r in result.removed] == ["comments"]


def test_a_postal_address_closing_the_page_is_its_contact_card():
    address = "Uferstraße 14, 28195 Bremen"
    result = _clean([*ARTICLE, "River Authority North", address])
    assert address not in result.body
    # The same line near the article's start names its subject: it stays.
    assert address in _clean(ARTICLE[:1] + [address] + ARTICLE[1:] * 3).body


def _removed_at(blocks: list[Block], k: int) -> list[Block]:
    """The blocks, the one at ``k`` taken out by a rule (a newsletter prompt)."""
    blocks[k].mark(BOILERPLATE, "newsletter", "test.newsletter", "rules")
    return blocks


OTHER_STORIES = {
    "en": [
        "Harbour Café Reopens After The Flood",
        "The café on the quay served its first customers in three months on Saturday. The "
        "owners said the new floor had cost more than the old building.",
        "Rowing club wins the county regatta",
        "Eight crews from the club reached the finals, and four of them came home first. "
        "The club will send two boats to the national championships.",
        "Bakery on the square changes hands",
        "The family that baked on the square for forty years has sold the shop to two of its "
        "bakers. Bread will be sold there as before, they said.",
    ],
    "de": [
        "Hafencafé öffnet nach dem Hochwasser wieder",
        "Das Café am Kai hat am Samstag nach drei Monaten wieder Gäste bedient. Der neue Boden "
        "habe mehr gekostet als das alte Haus, sagen die Besitzer.",
        "Ruderverein gewinnt die Regatta im Landkreis",
        "Acht Boote des Vereins erreichten das Finale, vier davon als erste im Ziel. Zwei "
        "Boote fahren nun zur deutschen Meisterschaft.",
        "Bäckerei am Marktplatz hat neue Besitzer",
        "Die Familie, die vierzig Jahre am Markt gebacken hat, verkauft den Laden an zwei "
        "ihrer Bäcker. Brot gibt es dort weiter wie bisher.",
    ],
}


def test_headline_and_summary_pairs_closing_the_page_go_in_any_language():
    """Other stories as a headline over a summary, three in a row after a removed block
    and up to the page's end, go whatever their language."""
    for stories in OTHER_STORIES.values():
        blocks = _removed_at(_blocks([*ARTICLE, "Newsletter", *stories]), 3)
        assert pair_runs(blocks, 1) == [(4, 9)]
    result = _clean([*ARTICLE, "Sign up for our newsletter", *OTHER_STORIES["en"]])
    assert result.body == "\n\n".join(ARTICLE)


def test_sections_of_one_paragraph_stay_unless_they_close_the_page():
    """An article's sections (a heading over one paragraph) after a removed promo, with
    the article going on below them, or without a removed block above them, stay."""
    for stories in OTHER_STORIES.values():
        blocks = _removed_at(_blocks([*ARTICLE, "Newsletter", *stories, ARTICLE[2]]), 3)
        assert pair_runs(blocks, 1) == []
        assert pair_runs(_blocks([*ARTICLE, *stories]), 1) == []


DATED_TEASERS = {
    "en": (
        "Tuesday 3 May 2022 | 10:15",
        "Ferry operator adds a second boat to the island route",
        "Sunday 1 May 2022 | 18:40",
    ),
    "es": (
        "Martes 3 de mayo de 2022 | 10:15",
        "La naviera suma un segundo barco a la ruta de la isla",
        "Domingo 1 de mayo de 2022 | 18:40",
    ),
}


def test_a_dated_headline_set_into_the_article_goes_in_any_language():
    """Below the page's own date line, a headline with a date line of its own between two
    paragraphs is another story's teaser: both go."""
    for own_date, headline, date in DATED_TEASERS.values():
        text = [own_date, *ARTICLE[:2], headline, date, ARTICLE[2]]
        assert dated_teasers(_blocks(text), 2) == [(3, 4)]


def test_a_dated_line_is_no_teaser_without_the_pages_date_or_as_a_signature():
    """With no date line above it, the dated headline may be the page's own; a date line
    with a name is a comment's signature, and a heading with no prose after it may head a
    list of events."""
    for own_date, headline, date in DATED_TEASERS.values():
        assert dated_teasers(_blocks([*ARTICLE[:2], headline, date, ARTICLE[2]]), 1) == []
        signed = f"Ann Berg — {date}"
        assert dated_teasers(_blocks([own_date, *ARTICLE, headline, signed, ARTICLE[2]]), 2) == []
        assert dated_teasers(_blocks([own_date, *ARTICLE, headline, date]), 2) == []


CUT_SUMMARIES = {
    "en": "The harbour's new ferry made its first trip on Friday. Fifty passengers came "
    "aboard for the ...",
    "de": "Die neue Fähre des Hafens fuhr am Freitag zum ersten Mal los. Fünfzig Fahrgäste "
    "kamen an Bord, und die…",
}


def test_a_summary_cut_off_above_the_article_goes_in_any_language():
    """A sentence and the next one cut off, above the article's first paragraph, is
    another story's teaser; a line cut with no whole sentence before the cut, or cut
    inside the article, stays. (A cut summary as long as article prose is taken for the
    article's start: `article_start` reads a trailing "..." as a sentence's end.)"""
    for summary in CUT_SUMMARIES.values():
        blocks = _blocks(["Weir to be rebuilt", summary, *ARTICLE])
        assert cut_summaries(blocks, article_start(blocks)) == [1]
        first = summary.split(". ", 1)[1]
        blocks = _blocks(["Weir to be rebuilt", first, *ARTICLE])
        assert cut_summaries(blocks, article_start(blocks)) == []
        text = [*ARTICLE[:2], summary, ARTICLE[2]]
        assert _clean(text).body == "\n\n".join(text)


LONG_THREAD = [
    "Great news, the towpath is my way to work every morning.",
    "Hi Sam,",
    "the far bank path would help, but who pays for it?",
    "Four months sounds short to me, we will see in the summer.",
    "The rowing club should have been asked much earlier than this.",
    "Thanks for the update, I had no idea the weir was cracked.",
    "Will the lock keeper's cottage be affected by the works as well?",
    "Not for long, I hope.",
]


def test_a_thread_without_records_under_a_count_header_goes_to_comments():
    # The scraper kept the comments' text but not their names and dates: only the count
    # header says where the thread starts, before the page's last third.
    result = _clean([*ARTICLE, "7 comments:", *LONG_THREAD])
    assert result.body == "\n\n".join(ARTICLE)
    assert "Thanks for the update, I had no idea the weir was cracked." in result.comments


def test_a_count_header_in_another_language_opens_the_thread_too():
    thread = [
        "Endlich passiert etwas am Wehr, das war lange überfällig.",
        "Hallo Sam,",
        "wer bezahlt den Weg am anderen Ufer eigentlich?",
        "Vier Monate sind sehr knapp geplant, wir werden sehen.",
        "Der Ruderverein hätte viel früher gefragt werden müssen.",
        "Danke für den Bericht, das mit den Rissen wusste ich nicht.",
        "Ist das Haus am Schleusentor auch betroffen?",
        "Hoffentlich nicht lange.",
    ]
    result = _clean([*ARTICLE, "{ 8 Kommentare }", *thread])
    assert result.body == "\n\n".join(ARTICLE)
    assert "Hoffentlich nicht lange." not in result.body


def test_a_count_of_thoughts_on_the_post_opens_the_thread_in_any_language():
    """Blog templates head the thread with a count of "thoughts" on the post's title, in
    each language's words; the comments after it carry no record."""
    for header in ("3 thoughts on “Weir to be rebuilt”", "3 Gedanken zu „Das Wehr“"):
        page = [*ARTICLE, header, *LONG_THREAD[2:5]]
        result = _clean(page)
        assert result.body == "\n\n".join(ARTICLE)
        assert len(result.comments) == 3


def test_a_count_header_above_the_article_opens_no_thread():
    page = ["Posted by Sam Reed", "7 comments", *ARTICLE, *ARTICLE]
    assert "Anglers and rowing clubs" in _clean(page).body
    assert _clean(page).body.count("Work is expected") == 2


def test_a_count_of_no_comments_opens_no_thread():
    # A listing's post ends with "0 comments": the posts after it are not its thread.
    page = [*ARTICLE, "0 comments", *LONG_THREAD[2:6], *ARTICLE]
    assert "Four months sounds short" in _clean(page).body


def test_a_linked_count_under_the_headline_opens_no_thread():
    # Markdown of a whole page: the count links to the thread from the article's head.
    page = [
        "A summary of another story on the site, in a box beside the article, long enough "
        "to read as the first prose of the page to a reader that does not know better.",
        "# Weir to be rebuilt before the floods",
        "[4 Comments](https://example.org/weir#comments)",
        *ARTICLE,
        *ARTICLE,
    ]
    body = Cleaner().clean("\n\n".join(page), format="markdown").body
    assert body.count("Work is expected") == 2


def test_a_header_another_rule_took_still_names_a_thread_of_names_in_any_language():
    """A count header a rule removed first (as a share row, say) still tells that the
    names after it are commenters."""
    for header, thread in (
        ("{ 3 comments }", ["Tom R", "The bridge was fine last summer.", "Ines"]),
        ("{ 3 Kommentare }", ["Jörg M", "Die Brücke war im Sommer noch gut.", "Ines"]),
    ):
        thread = [*thread, "It was not, I walk across it every day.", "Pavel K"]
        thread.append("Both of you are right about the mud at least.")
        blocks = _blocks([*ARTICLE, header, *thread])
        blocks[len(ARTICLE)].mark(BOILERPLATE, "share_widget", "share.widget_row", "rules")
        (found,) = find_threads(blocks, 1)
        assert (found.start, found.end) == (len(ARTICLE) + 1, len(blocks) - 1)
        assert len(found.records) == 3


def test_records_run_on_into_their_comments_make_a_thread_in_any_language():
    """A scraper that flattens each comment into one line writes its record first: the
    name and a date with its time, then the comment; the comment keeps the record as its
    first line."""
    english = [
        "Marta Kowal 4 March 2021 at 9:12 am The towpath has been a mess for years, I am "
        "glad something is finally happening down there.",
        "Jonas P. says: 4 March 2021 at 11:40 am Four months is optimistic, the last repair "
        "on the lock took most of a year to finish.",
        "Ruth 5 March 2021 at 8:03 pm Will the car park by the lock stay open while they do "
        "the work on the weir this spring?",
    ]
    german = [
        "Bernd 13. September 2018 um 17:23 Uhr Endlich wird die Brücke gemacht, das hat "
        "wirklich viel zu lange gedauert in dieser Stadt.",
        "Heike 13. September 2018 um 18:05 Uhr Und wer bezahlt das am Ende? Wieder einmal "
        "die Anwohner, wie immer bei solchen Sachen.",
        "Jörg M. 14. September 2018 um 08:41 Uhr Die Umleitung über den Markt ist jedenfalls "
        "eine schlechte Idee, das sieht doch jeder.",
    ]
    for thread, first in ((english, "Marta Kowal"), (german, "Bernd")):
        result = _clean(ARTICLE + thread)
        assert result.body == "\n\n".join(ARTICLE)
        assert len(result.comments) == 3
        assert result.comment_records[0]["author"] == first
        record, text = result.comments[1].split("\n\n")
        assert record.split()[0] in ("Jonas", "Heike")
        assert text.split()[0] in ("Four", "Und")


def test_paragraphs_that_open_with_a_time_or_a_date_alone_are_no_thread():
    """A race report gives split times and a list of teasers its dates: neither is a
    name, a date and a time before the text."""
    splits = [
        "At 20 km the leaders passed in 59:40, and the pace had hardly changed since the "
        "start of the race.",
        "At 30 km the clock read 1:29:02, with the chasing group twenty seconds behind "
        "and losing ground.",
        "At 40 km it was 1:58:31, and the winner had a clear lead of almost a minute.",
    ]
    dated = [
        "By Ann Berg | 4 March 2021 The weir closes for four months while engineers "
        "repair the cracks along its crest.",
        "By Tom Rees | 5 March 2021 Rowing clubs ask the council for a path on the far "
        "bank of the river this spring.",
        "By Ida Holm | 6 March 2021 The lock keeper retires after thirty years of work "
        "on the canal and the river.",
    ]
    for texts in (splits, dated):
        assert find_threads(_blocks([*ARTICLE, *texts]), 1) == []


# What a reader needs for an offer, after the article: short noun lines that a teaser list
# would take, but one of them cuts a lower-case word short and goes on ("bzw. keine",
# "approx. two"), as a list item's note does and no headline does.
REQUIREMENTS = {
    "de": [
        "Was Sie für den Antrag brauchen",
        "Personalausweis oder Reisepass",
        "Girokonto bei einer Bank in Deutschland",
        "Telefonnummer für Rückfragen am Abend",
        "Wohnsitz in Deutschland bzw. eine Meldeadresse",
    ],
    "en": [
        "What you need to apply",
        "Passport or national identity card",
        "Current account with a local bank",
        "Telephone number for questions after work",
        "Proof of address approx. three months old",
    ],
}


def _runs(texts: list[str]) -> list[tuple[int, int]]:
    blocks = _blocks(texts)
    return teaser_runs(blocks, 1) + plain_runs(blocks)


def test_a_requirements_list_with_an_abbreviated_note_is_no_teaser_list():
    for lines in REQUIREMENTS.values():
        assert _runs(ARTICLE + lines) == [], lines
        # The same list without the note is read as headlines: the note decides.
        plain = [*lines[:-1], lines[-1].replace(" bzw.", " oder").replace(" approx.", " under")]
        assert _runs(ARTICLE + plain) != [], plain


def test_headlines_with_capitalised_abbreviations_still_make_a_teaser_list():
    # The look-alike: names cut short ("Dr.", "St.", "U.S.") and "vs." stand in headlines.
    teasers = [
        "Dr. Lee Opens New Clinic On Harbour Street",
        "St. Mary's Choir Heads To National Final",
        "U.S. Visitors Return To The Old Town",
        "Rovers vs. United Moved To Sunday",
    ]
    assert teaser_runs(_blocks(ARTICLE + teasers), 1) == [(3, 6)]


def test_control_rows_alone_make_a_thread_in_any_language():
    """A scraper that dropped the commenters' names and dates kept the controls under each
    comment ("Reply", "Delete", "Répondre | Signaler"): rows that repeat with a comment's
    text between them, after the article, are a thread; a short cheer is a comment too."""
    english = [
        "Lovely to read about the weir, my grandfather fished there every summer.",
        "ReplyDelete",
        "Great!",
        "Delete",
        "Does anyone know whether the far bank path will be lit in the evenings?",
        "Reply",
        "The towpath closure will hurt the café by the lock more than anyone admits.",
        "Reply",
    ]
    french = [
        "Enfin une bonne nouvelle pour les pêcheurs du quartier, il était temps.",
        "Répondre | Signaler",
        "Quatre mois de travaux, on en reparlera à la fin de l'été sans doute.",
        "Répondre | Signaler",
        "Et les rameurs, on leur propose quoi pendant tout ce temps-là ?",
        "Répondre | Signaler",
    ]
    for thread in (english, french):
        result = _clean(ARTICLE + thread)
        assert result.body == "\n\n".join(ARTICLE)
        texts = [t for t in thread if t not in ("ReplyDelete", "Delete", "Reply")]
        assert result.comments == [t for t in texts if "Répondre" not in t]


def test_headlines_with_comment_counts_are_no_thread_of_controls():
    """Control rows make a thread only with a comment's words between them: a list of
    other stories' headlines, each with its count of comments, is no thread."""
    for count in ("Comments", "Kommentare"):
        teasers = [
            "Ferry timetable changes from May",
            f"4 {count}",
            "New bridge opens to cyclists",
            f"12 {count}",
            "Harbour festival returns this summer",
            f"7 {count}",
        ]
        blocks = _blocks(ARTICLE + teasers)
        assert find_threads(blocks, 1) == []


def test_teasers_of_a_linked_headline_over_its_summary_go():
    """Headlines that link to other stories, each over a summary of a sentence or two, one
    of them cut off, make a teaser list; the same lines with no links stay, and so do
    linked names over summaries none of which is cut off (an article's list of places)."""
    teasers = [
        "Lighthouse keeper's cottage to become a museum",
        "The cottage at the end of the point will open to visitors next summer, the trust "
        "said. It has stood empty since the light was auto...",
        "Neue Fähre fährt ab Mai zur Insel",
        "Die Reederei hat ein zweites Schiff gekauft, das ab Mai zweimal am Tag zwischen dem "
        "Hafen und der Insel fahren soll.",
    ]
    blocks = _blocks(ARTICLE + teasers)
    assert teaser_runs(blocks, 1) == []
    for k in (3, 5):
        blocks[k].link_chars = len(blocks[k].text)
    assert teaser_runs(blocks, 1) == [(3, 6)]
    blocks[4].text = blocks[4].text.replace("auto...", "automated.")
    assert teaser_runs(blocks, 1) == []


def test_a_cut_summary_under_a_headline_a_rule_took_opens_the_teaser_list():
    teasers = [
        "Related stories",
        "Ferry timetable changes for the winter",
        "The island ferry will sail once a day from November and the last boat will lea...",
        "Harbour Café Wins Award",
        "Das Café am Kai hat einen Preis für seine Fischsuppe gewonnen, sagte die Jury am Mo...",
    ]
    blocks = _blocks(ARTICLE + teasers)
    for block in blocks[3:5]:
        block.mark(BOILERPLATE, "related_links", "related.list", "rules")
    assert teaser_runs(blocks, 1) == [(5, 7)]
    blocks[4].mark(BOILERPLATE, "navigation", "nav", "rules")  # no related list's line above
    assert teaser_runs(blocks, 1) == []


SCRIPTS = [
    "var shown = 0; function nextSlide() { shown = (shown + 1) % slides.length; "
    "render(slides[shown]); }",
    ".sidebar { float: right; width: 300px; } .sidebar a { color: #336; text-decoration: none; }",
    "window.onload=function(){loadAds('top');trackVisit(location.href);};",
]
# Prose with semicolons, brackets and a URL's "=": no code, in two languages.
SEMICOLON_PROSE = [
    "The ferry was late; the bus (the last one) had gone; we walked the coast road home "
    "and read the timetable at https://example.org/times?route=4 the next morning.",
    "Die Fähre kam zu spät; der Bus (der letzte) war weg; wir gingen die Küstenstraße zu "
    "Fuß nach Hause und lasen den Fahrplan am nächsten Morgen unter "
    "https://example.org/zeiten?linie=4 nach.",
]


def test_script_and_style_code_shown_as_text_goes():
    for script in SCRIPTS:
        result = _clean([ARTICLE[0], script, *ARTICLE[1:]])
        assert script not in result.body
        assert result.body == "\n\n".join(ARTICLE)


def test_prose_with_semicolons_brackets_and_a_link_stays():
    for prose in SEMICOLON_PROSE:
        result = _clean([ARTICLE[0], prose, *ARTICLE[1:]])
        assert prose in result.body


ARCHIVE_INDEXES = [
    "Archive November 2019 (4) October 2019 (9) September 2019 (7) August 2019 (2) "
    "July 2019 (11) June 2019 (6)",
    "Archiv Monat wählen November 2019 Oktober 2019 September 2019 August 2019 Juli 2019 "
    "Juni 2019 Mai 2019",
    "Blog-Archiv 10/27/19 - 11/03/19 (5) 10/20/19 - 10/27/19 (8) 10/13/19 - 10/20/19 (3)",
]
# Prose full of years, in two languages, and a team's ratings: sentences and lists with
# commas, not an index.
YEARS_PROSE = [
    "Goal: Sam Reid (7), defence: Tom Hale (6), Ben Cole (5), Dan Frost (6), Joe Marsh (4), "
    "Will Shaw (6), Rob Pike (5)",
    "Tor: Jonas Weber (7), Abwehr: Lukas Brandt (6), Tim Kraus (5), Felix Horn (6), "
    "Paul Engel (4), Mats Vogel (6), Jan Roth (5)",
    "The bridge was closed in 1998, opened again in 2004 and closed for good in 2011. "
    "Plans drawn up in 2015, 2017 and 2019 were all dropped when the money ran out.",
    "Die Brücke wurde 1998 gesperrt, 2004 wieder geöffnet und 2011 endgültig geschlossen. "
    "Pläne aus den Jahren 2015, 2017 und 2019 scheiterten alle am fehlenden Geld.",
]


def test_an_archive_index_run_into_one_line_goes():
    for index in ARCHIVE_INDEXES:
        result = _clean([*ARTICLE, index])
        assert index not in result.body
        assert result.body == "\n\n".join(ARTICLE)


def test_prose_full_of_years_stays():
    for prose in YEARS_PROSE:
        result = _clean([ARTICLE[0], prose, *ARTICLE[1:]])
        assert prose in result.body


# A digest: articles joined into one text, the first with its comment count and a reader's
# comment. Each article after it has a headline, a dateline and paragraphs.
DIGEST_EN = [
    "Harbour Cranes Return After Repairs",
    "Monday, 8 March 2021, 10:15",
    "The two cranes at the east quay are working again after a month of repairs to "
    "their rails, the port company said on Monday.",
    "Ships that had waited at anchor began unloading in the morning, and the backlog "
    "should be cleared by the end of the week.",
    "Dock workers said the repairs had taken longer than planned because parts had to "
    "be made to order in a workshop abroad.",
    "The company said it would replace the rails of the west quay next winter, when "
    "fewer ships call at the port.",
]
DIGEST_DE = [
    "Neue Buslinie verbindet die Dörfer im Tal",
    "Dienstag, 9. März 2021, 08:30",
    "Seit Dienstag fährt ein Bus jede Stunde von der Kreisstadt bis zum letzten Dorf "
    "im Tal, teilte der Verkehrsverbund mit.",
    "Bisher mussten die Bewohner am Wochenende auf ein Sammeltaxi warten, das nur auf "
    "Bestellung kam und an den Markttagen fast immer ausgebucht war.",
    "Der Bürgermeister sagte, die Linie werde zunächst zwei Jahre lang erprobt und "
    "danach vom Gemeinderat neu bewertet, wenn die Zahlen der Fahrgäste vorliegen.",
    "Fahrgäste können die gleichen Fahrkarten wie in der Stadt benutzen, auch die "
    "Monatskarte für Schüler und die Karte für Senioren über sechzig Jahre.",
]


def test_articles_joined_after_a_counted_thread_stay_in_the_body():
    for header, comment, article in (
        ("2 comments", "Good news for the anglers, at last someone listened.", DIGEST_EN),
        ("3 Kommentare", "Endlich tut sich etwas am Wehr, das war lange nötig.", DIGEST_DE),
    ):
        result = _clean([*ARTICLE, header, comment, *article])
        assert result.comments == [comment]
        for paragraph in article[2:]:
            assert paragraph in result.body


def test_a_comment_under_a_dated_sign_off_is_no_article():
    # A reader's sign-off and the next comment's dated record over four one-paragraph
    # comments: the record's shape comes again, so the thread goes on.
    thread = [
        "2 comments",
        "Will the path on the far bank be lit in the evenings as well?",
        "Best Wishes From Ruth",
        "Tom Vega 4 March 2021 9:12",
        *(p.replace("authority", "reader") for p in ARTICLE),
        "I walk there every day and never saw a single crack in the weir.",
        "Ann Moor 5 March 2021 7:30",
        "The rowing club has waited long enough for this, good luck to them.",
    ]
    result = _clean(ARTICLE + thread)
    assert result.body == "\n\n".join(ARTICLE)


def test_a_box_of_recent_comments_on_other_stories_leaves_the_body():
    # Markdown: each entry a commenter's name, a joining word and another story's linked
    # title; English and German.
    english = [
        "* [Mira Olsen](/u/1) on [Night Trains Return to the Coast](/night-trains#c4)",
        "* Dev Patel on [Night Trains Return to the Coast](/night-trains#c9)",
        "* [Joe](/u/7) on [Why the Market Hall Stays Shut](/market-hall#c2)",
    ]
    german = [
        "* [Lena Vogt](/u/2) zu [Neue Radwege am Kanal](/radwege#k1)",
        "* Tobias K. zu [Neue Radwege am Kanal](/radwege#k5)",
        "* [Grete](/u/3) zu [Warum das Freibad später öffnet](/freibad#k8)",
    ]
    for box in (english, german):
        result = Cleaner().clean("\n\n".join([*ARTICLE, "\n".join(box)]), "markdown")
        assert result.body == "\n\n".join(ARTICLE)
        assert result.comments == []  # comments on other stories, not on this one
        removed = [r for r in result.removed if r.category == "comments"]
        assert len(removed) == len(box)


def test_recent_comments_cut_off_before_the_name_leave_the_body():
    box = [
        "I have taken that bus for years and it was never this late in the ... "
        "Sam Reed, Hull on Bus Timetable Changes in May",
        "Nobody asked the people who live on the hill what they … Ana Ruiz on Bus Timetable "
        "Changes in May",
        "The old stop by the school was safer for the children … Kit on New Stop Opens",
    ]
    result = _clean(ARTICLE + box)
    assert result.body == "\n\n".join(ARTICLE)


def test_an_article_list_of_people_on_topics_stays():
    # No link and no excerpt: a list the article holds ("who said what").
    texts = [
        ARTICLE[0],
        "Three speakers were invited:",
        "Ann Lee on River Safety and Locks",
        "Bo Chan on Rowing Clubs in Winter",
        "Cy Dee on Anglers and the Weir",
        ARTICLE[1],
    ]
    assert _clean(texts).body == "\n\n".join(texts)


def test_a_counted_thread_takes_no_more_blocks_than_its_count_allows():
    # Articles without a dateline after a thread that counts one comment: past the blocks
    # the count allows, an article's headline over full paragraphs ends the thread.
    for header, comment, article in (
        ("1 comment", "Good news for the anglers, at last someone listened.", DIGEST_EN),
        ("1 Kommentar", "Endlich tut sich etwas am Wehr, das war lange nötig.", DIGEST_DE),
    ):
        undated = [article[0], *article[2:]] * 3
        result = _clean([*ARTICLE, header, comment, *undated])
        assert result.comments[0] == comment
        assert len(result.comments) <= 2 * COUNTED_BLOCKS
        assert result.body.endswith("\n\n".join(undated[-4:]))
