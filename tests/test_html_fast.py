"""The fast HTML engine: the DOM walk's lines and hints, the page's metadata, the hints
taken as decisions, and both engines through `clean` and the command line."""

import json

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.decode import decode, utf8_bytes
from cleaner.html_fast import class_hints, extract
from cleaner.model import BODY, Document
from cleaner.pipeline import Config

# An invented article: long enough prose for the heuristics to keep on its own.
PARAGRAPHS = [
    "The harbour board agreed on Tuesday to rebuild the old stone pier before the winter "
    "storms, after engineers warned that its northern wall could give way within a year.",
    "Fishermen who use the pier every morning said they had asked for the repairs for a "
    "decade, and that the cracks had grown wider after every storm since the spring.",
    "The work will take four months and the ferry to the island will leave from the new "
    "landing stage on the other side of the bay while the builders are on the site.",
]
ARTICLE = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def fast(html: str, **options):
    return Cleaner(config=Config(html_engine="fast", **options)).clean(html, format="html")


def test_article_paragraphs_are_the_body():
    result = fast(page(ARTICLE))
    assert result.body == "\n\n".join(PARAGRAPHS)


def test_nav_is_removed_as_navigation():
    nav = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>Weather</a></li></ul></nav>"
    menu = "<div class='main-menu'><a href='/s'>Sport</a> <a href='/m'>Money</a></div>"
    result = fast(page(nav + menu + ARTICLE))
    assert result.body == "\n\n".join(PARAGRAPHS)
    gone = {r.text: (r.category, r.rule) for r in result.removed}
    assert gone["Home Weather"] == ("navigation", "dom:nav")
    assert gone["Sport Money"] == ("navigation", "dom:nav")


def test_class_words_are_words_not_substrings():
    assert class_hints("site-header shadow-box download") == frozenset()
    assert class_hints("ad-slot") == {"ad"}
    assert class_hints("relatedStories") == {"related"}
    assert class_hints("newsletter-signup") == {"newsletter"}


def test_figcaption_is_a_caption_and_can_be_kept():
    figure = "<figure><img src='p.jpg'><figcaption>The pier at low tide.</figcaption></figure>"
    html = page(f"<p>{PARAGRAPHS[0]}</p>{figure}<p>{PARAGRAPHS[1]}</p>")
    result = fast(html)
    assert "low tide" not in result.body
    assert [(r.text, r.category) for r in result.removed] == [("The pier at low tide.", "caption")]
    kept = fast(html, keep=frozenset({"caption"}))
    assert "The pier at low tide." in kept.body.split("\n\n")


def test_comment_container_goes_to_comments():
    comments = (
        "<section id='comments'><h3>2 Comments</h3><ol class='comment-list'>"
        "<li class='comment'><p>About time too, the wall has looked unsafe for years.</p></li>"
        "<li class='comment'><p>Will the ferry timetable change while the work goes on?</p></li>"
        "</ol></section>"
    )
    result = fast(page(ARTICLE + comments))
    assert result.body == "\n\n".join(PARAGRAPHS)
    assert result.comments[-2:] == [
        "About time too, the wall has looked unsafe for years.",
        "Will the ferry timetable change while the work goes on?",
    ]
    assert "unsafe" not in result.body


def test_a_class_that_covers_the_page_is_its_frame_not_a_part():
    # WordPress puts "comments-open" on <body>; a layout div may say "sidebar" too.
    html = page(f"<div class='layout-with-sidebar'>{ARTICLE}</div>").replace(
        "<body>", "<body class='single comments-open'>"
    )
    result = fast(html)
    assert result.body == "\n\n".join(PARAGRAPHS)
    assert result.comments == []


def test_link_density_comes_from_the_anchors():
    html = page(
        "<p>Read <a href='/a'>the council's full report</a> on the pier.</p>"
        "<ul><li><a href='/x'>Storm warning for the coast</a></li></ul>"
    )
    lines = [line for line in extract(html).lines if line.kind != "blank"]
    assert [(line.kind, line.link_chars) for line in lines] == [
        ("paragraph", len("the council's full report")),
        ("list_item", len("Storm warning for the coast")),
    ]
    assert lines[1].link_chars == len(lines[1].text)


def test_anchors_that_stay_on_the_page_are_not_links():
    # An old page's named anchor is never closed: the parser reopens it around every
    # paragraph after the heading. A table of contents links to places on the page.
    sections = "".join(
        f"<h2><a name='s{n}'>Part {n}</h2><p>{text}</p>" for n, text in enumerate(PARAGRAPHS)
    )
    contents = "<ul><li><a href='#s0'>Part 0</a></li><li><a href='#s1'>Part 1</a></li></ul>"
    lines = [line for line in extract(page(contents + sections)).lines if line.text]
    assert [line.link_chars for line in lines] == [0] * len(lines)
    # Out of the page, to no heading, or a bare "#" (a script's button): links.
    for href in ("/s0", "#talk", "#"):
        jump = f"<ul><li><a href='{href}'>Part 0</a></li></ul><div id='talk'>Say hello</div>"
        assert extract(page(jump)).lines[0].link_chars == len("Part 0")
    body = fast(page(sections)).body
    assert all(text in body for text in PARAGRAPHS)


def test_a_table_of_contents_does_not_cut_the_intro_off():
    intro = (
        "Three questions for the harbour board, and what the engineers who inspected the "
        "pier this summer told the town about each of them."
    )
    titles = ["Why now", "What it costs", "Who builds it"]
    contents = "".join(f"<li><a href='#q{n}'>{t}</a></li>" for n, t in enumerate(titles))
    sections = "".join(
        f"<h2 id='q{n}'>{t}</h2><p>{text}</p>"
        for n, (t, text) in enumerate(zip(titles, PARAGRAPHS, strict=True))
    )
    result = fast(page(f"<p>{intro}</p><ul>{contents}</ul>{sections}"))
    assert result.body.startswith(intro)
    assert all(text in result.body for text in PARAGRAPHS)


def test_a_lead_called_teaser_is_no_list_of_other_stories():
    lead = (
        "The old stone pier will be rebuilt before the winter, the harbour board decided, "
        "and the island ferry moves to a new landing meanwhile."
    )
    # Other stories' teasers link to them, even under an h1 of their own.
    others = (
        "<div class='teaser-list'><h1><a href='/hall'>Village hall reopens after restoration"
        "</a></h1> <a href='/fair'>Summer fair raises money for the roof</a></div>"
    )
    for head in (
        f"<h1>Pier to be rebuilt</h1><div class='teaser-text'><p>{lead}</p></div>",
        f"<div class='top-teaser'><a href='/'>Back</a><h1>Pier to be rebuilt</h1>"
        f"<p>{lead}</p></div>",
    ):
        result = fast(page(head + ARTICLE + others))
        assert result.body.endswith("\n\n".join([lead, *PARAGRAPHS]))
        assert "Village hall" not in result.body


def test_an_id_made_of_a_headings_text_is_no_hint():
    quote = "“The most useful thing a harbour can do is stay open in every weather.”"
    slug = "the-most-useful-thing-a-harbour-can-do"
    html = page(f"<p>{PARAGRAPHS[0]}</p><h3 id='{slug}'>{quote}</h3>{ARTICLE}")
    assert quote in fast(html).body


def test_scripts_styles_forms_and_hidden_elements_are_not_text():
    html = page(
        "<script>var x = 'not text';</script><style>p { color: red }</style>"
        "<div hidden>Hidden promo</div><div style='display: none'>Invisible</div>"
        "<form><input value='Search'><button>Go</button></form><p>Visible words.</p>"
    )
    texts = [line.text for line in extract(html).lines if line.text]
    assert texts == ["Visible words."]


def test_ruby_readings_do_not_cut_the_text_apart():
    html = page(
        "<p>新しい<ruby>図書館<rt>としょかん</rt></ruby>は<ruby>来月<rp>(</rp><rt>らいげつ</rt>"
        "<rp>)</rp></ruby>開館します。</p>"
    )
    texts = [line.text for line in extract(html).lines if line.text]
    assert texts == ["新しい図書館は来月開館します。"]


def test_headings_lists_and_tables_keep_their_kind():
    html = page(
        "<h2>Section</h2><ol><li>first</li><li>second<ul><li>inner</li></ul></li></ol>"
        "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2024</td><td>3m</td></tr></table>"
    )
    lines = [(ln.kind, ln.level, ln.text) for ln in extract(html).lines if ln.kind != "blank"]
    assert lines == [
        ("heading", 2, "Section"),
        ("list_item", 0, "first"),
        ("list_item", 0, "second"),
        ("list_item", 1, "inner"),
        ("table", 0, "| Year | Cost |"),
        ("table", 0, "| 2024 | 3m |"),
    ]


def test_json_ld_and_meta_tags_give_the_metadata():
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Not the headline"},
            {
                "@type": "NewsArticle",
                "headline": "Harbour pier to be rebuilt",
                "datePublished": "2031-03-04T09:30:00+00:00",
                "author": [{"@type": "Person", "name": "Ada Quill"}, {"name": "Ben Ross"}],
            },
        ],
    }
    head = (
        "<title>Pier | The Coast Gazette</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<meta property='og:site_name' content='The Coast Gazette'>"
        "<link rel='canonical' href='https://gazette.example/pier'>"
    )
    result = fast(page(ARTICLE, head))
    assert result.title == "Harbour pier to be rebuilt"
    assert result.date == "2031-03-04"
    assert result.authors == ["Ada Quill", "Ben Ross"]
    assert result.source == "The Coast Gazette"
    assert result.url == "https://gazette.example/pier"


def test_meta_tags_alone_give_the_metadata():
    head = (
        "<meta property='og:title' content='Ferry moves to the new landing'>"
        "<meta name='author' content='Cy Dunn'>"
        "<meta property='article:published_time' content='2030-11-02T07:00:00Z'>"
        "<meta property='og:url' content='https://gazette.example/ferry'>"
    )
    meta = extract(page(ARTICLE, head)).meta
    assert meta == {
        "title": "Ferry moves to the new landing",
        "authors": ["Cy Dunn"],
        "date": "2030-11-02",
        "url": "https://gazette.example/ferry",
    }


def test_outside_a_marked_article_body_goes():
    teaser = (
        "<div class='more'><h3>Elsewhere</h3><p>A village hall on the hill reopened after a "
        "long restoration paid for by a summer of fairs, and its new roof is already leaking, "
        "say the people who raised the money for it.</p></div>"
    )
    extra = "Builders from the town will be hired first, the board said in its statement."
    html = page(f"<div itemprop='articleBody'>{ARTICLE}<p>{extra}</p></div>{teaser}")
    result = fast(html)
    assert result.body == "\n\n".join([*PARAGRAPHS, extra])
    assert any(r.rule == "dom:outside_article" for r in result.removed)
    # Without the mark, the same teaser is left to the heuristics, which keep it.
    assert "village hall" in fast(html.replace(" itemprop='articleBody'", "")).body


def test_the_lead_above_a_marked_article_body_stays():
    lead = (
        "The old stone pier will be rebuilt before the winter, the harbour board decided, "
        "and the island ferry moves to a new landing meanwhile."
    )
    extra = "Builders from the town will be hired first, the board said in its statement."
    body = f"<div itemprop='articleBody'>{ARTICLE}<p>{extra}</p></div>"
    for box in ("div", "div class='article-teaser'"):
        html = page(f"<h1>Pier to be rebuilt</h1><{box}>{lead}</div>{body}")
        assert fast(html).body == "\n\n".join([lead, *PARAGRAPHS, extra])
    # A credit line (too short for a lead) stays out, and so does what stands above it.
    credit = "<p>Photo: Ann Lee</p>"
    html = page(f"<div>{lead}</div>{credit}{body}")
    assert fast(html).body == "\n\n".join([*PARAGRAPHS, extra])


def test_deep_nesting_is_walked_without_recursion():
    html = page("<div>" * 5000 + ARTICLE + "</div>" * 5000)
    assert fast(html).body == "\n\n".join(PARAGRAPHS)


def test_blocks_carry_their_hints():
    html = page(f"<aside class='share-tools'><p>Share this</p></aside>{ARTICLE}")
    doc = Cleaner(config=Config(html_engine="fast")).run(html, format="html")
    share = next(b for b in doc.blocks if b.text == "Share this")
    assert {"aside", "share"} <= share.hints
    assert share.category == "share_widget"
    assert all(not b.hints for b in doc.blocks if b.label == BODY)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="html_engine"):
        Config(html_engine="regex")


@pytest.mark.parametrize("engine", ["fast", "trafilatura"])
def test_both_engines_run_through_clean(tmp_path, engine):
    (tmp_path / "in").mkdir()
    nav = "<nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
    (tmp_path / "in" / "pier.html").write_text(page(nav + ARTICLE), encoding="utf-8")
    out = tmp_path / "out"
    args = ["clean", str(tmp_path / "in"), "-o", str(out), "--html-engine", engine, "-q"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    body = (out / "pier.txt").read_text(encoding="utf-8").rstrip("\n")
    assert body.split("\n\n") == PARAGRAPHS
    assert body == Cleaner(html_engine=engine).clean(page(nav + ARTICLE), format="html").body


def test_the_title_is_the_headline_without_the_site_name():
    head = "<title>Harbour pier to be rebuilt - The Coast Gazette</title>"
    assert extract(page(ARTICLE, head)).meta["title"] == "Harbour pier to be rebuilt"
    # The page's h1, where the title holds it, whatever the separator.
    head = "<title>Coast Gazette: News: Harbour pier to be rebuilt</title>"
    h1 = "<h1>Harbour pier to be rebuilt</h1>"
    assert extract(page(h1 + ARTICLE, head)).meta["title"] == "Harbour pier to be rebuilt"
    # A title with no site name in it stays whole.
    head = "<title>Harbour pier to be rebuilt</title>"
    assert extract(page(ARTICLE, head)).meta["title"] == "Harbour pier to be rebuilt"


@pytest.mark.parametrize("engine", ["fast", "trafilatura"])
def test_both_engines_set_the_comment_section_apart(engine):
    comments = (
        "<section id='comments'><h3>2 Comments</h3><ol class='comment-list'>"
        "<li class='comment'><p>About time too, the wall has looked unsafe for years.</p></li>"
        "<li class='comment'><p>Will the ferry timetable change while the work goes on?</p></li>"
        "</ol></section>"
    )
    html = page("<article>" + ARTICLE + "</article>" + comments)
    result = Cleaner(html_engine=engine).clean(html, format="html")
    assert result.body == "\n\n".join(PARAGRAPHS)
    assert "Will the ferry timetable change while the work goes on?" in result.comments
    assert "About time too, the wall has looked unsafe for years." in result.comments


def test_trafilatura_engine_keeps_headings_and_list_items():
    listed = "<ul><li>the northern wall</li><li>the landing stage</li></ul>"
    html = page(f"<article><h2>What the work covers</h2>{ARTICLE}{listed}</article>")
    doc = Cleaner(html_engine="trafilatura").run(html, format="html")
    kinds = [(block.text, block.kind) for block in doc.blocks]
    assert kinds[0] == ("What the work covers", "heading")
    assert kinds[-2:] == [("the northern wall", "list_item"), ("the landing stage", "list_item")]
    fast_doc = Cleaner(html_engine="fast").run(html, format="html")
    assert kinds == [(block.text, block.kind) for block in fast_doc.blocks]


@pytest.mark.parametrize(
    ("encoding", "prefix", "as_bytes"),
    [("utf-8", b"", True), ("utf-8", b"\xef\xbb\xbf", False), ("cp1252", b"", False)],
)
def test_a_page_in_utf8_is_parsed_from_its_bytes(encoding, prefix, as_bytes):
    """The fast engine reads a UTF-8 page's bytes as they came (no second encoding of the
    decoded text), and gives the same lines as from the text; a byte-order mark or another
    encoding leaves it the text."""
    html = page("<nav><a href='/'>Accueil</a></nav><p>Café, crème brûlée et thé.</p>")
    doc = Document(prefix + html.encode(encoding), format="html")
    decode(doc)
    assert (utf8_bytes(doc) == doc.data) is as_bytes
    lines = [(line.text, line.kind, line.link_chars, line.hints) for line in extract(html).lines]
    from_bytes = extract(html.encode("utf-8")).lines
    assert [(line.text, line.kind, line.link_chars, line.hints) for line in from_bytes] == lines
    assert fast(prefix + html.encode(encoding)).body == "Café, crème brûlée et thé."


def test_a_sidebar_of_links_with_one_promo_blurb_goes_and_one_with_the_article_stays():
    blurb = (
        "Our reporters spent a year on the island's ferries, talking to the crews, the "
        "passengers and the engineers who keep the old boats running through the winter "
        "gales, and they found a service held together by goodwill and spare parts bought "
        "second-hand from harbours all along the coast."
    )
    links = "".join(
        f"<li><a href='/s{n}'>{t}</a></li>"
        for n, t in enumerate(
            [
                "Lifeboat crew rescues two walkers from the cliffs at dawn",
                "Harbour café wins a prize for its fish soup and its bread",
                "Council votes to keep the coastal bus running all year",
                "New footpath opens along the estuary after three years",
                "Rowing club celebrates its hundredth summer regatta",
            ]
        )
    )
    more = [
        "Builders will start on the northern wall, where the cracks are widest, and move "
        "south along the pier as the weather allows, the harbour master told the meeting.",
        "The board will pay for the work from its reserves and a loan from the county, and "
        "mooring fees will not rise this year, its chairwoman promised the fishermen.",
    ]
    text = [*PARAGRAPHS, *more]
    article = "".join(f"<p>{p}</p>" for p in text)
    side = f"<div class='sidebar'><h2>Ferry special</h2><p>{blurb}</p><ul>{links}</ul></div>"
    result = fast(page(article + side))
    assert result.body == "\n\n".join(text)
    # The article's paragraphs in an element misnamed "sidebar": prose, whatever the class.
    misnamed = f"<div class='with-sidebar'>{ARTICLE}<ul>{links}</ul></div><p>{blurb}</p>"
    assert all(p in fast(page(misnamed)).body for p in PARAGRAPHS)


@pytest.mark.parametrize(
    "caption",
    [
        "The mayor and her husband talk with fishermen on the old pier before the vote.",
        "Die Bürgermeisterin spricht vor der Abstimmung mit Fischern auf der alten Mole.",
    ],
)
@pytest.mark.parametrize("engine", ["fast", "trafilatura"])
def test_both_engines_take_out_a_caption_the_markup_marks(engine, caption):
    # A caption with no credit reads like prose; the class that names it decides.
    figure = f"<div class='photoCaption'>{caption}</div>"
    html = page(f"<article>{figure}{ARTICLE}</article>")
    result = Cleaner(html_engine=engine).clean(html, format="html")
    assert result.body == "\n\n".join(PARAGRAPHS)
    assert [(r.text, r.category) for r in result.removed] == [(caption, "caption")]
