"""Site furniture learned across a site's pages (cleaner.sites, --sites, cleaner sites)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.sites import CATEGORY, MIN_PAGES, SiteProfiles, host, normalise

SUBJECTS = ["The harbour board", "A local bakery", "The county court", "Two teachers", "The mayor"]
VERBS = ["agreed on", "argued about", "postponed", "announced", "voted against", "welcomed"]
OBJECTS = [
    "a plan to widen the coastal road",
    "the price of bread in the old market",
    "a new timetable for the ferry to the islands",
    "the closure of the swimming pool for repairs",
    "a grant for the youth football club",
    "the opening hours of the public library",
]
MENU = ["Home", "World", "Business", "Sport", "Weather"]
FOOTER = [
    "Copyright 2021 The Gull Coast Courier. All rights reserved.",
    "Write to the newsroom or call our tip line any day of the week.",
    "Terms of use | Privacy policy | Cookie settings",
]
QUOTE = (
    "“We will keep reporting on the harbour until every family has an answer about the "
    "flood money,” the editors wrote when this series began."
)


def paragraph(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on day "
        f"{rng.randint(1, 900)}, and {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} "
        f"{rng.choice(OBJECTS)} after a meeting that ran {rng.randint(2, 90)} minutes."
        for _ in range(3)
    ]
    return " ".join(sentences)


def page(number: int, quote: bool = False) -> str:
    """A page of the imaginary site: menu, headline, article, footer. Each page's
    article is its own; the menu and the footer are the site's."""
    rng = random.Random(number)
    article = [paragraph(rng) for _ in range(4)]
    if quote:
        article.insert(2, QUOTE)
    return "\n\n".join(
        [
            *(f"* [{item}](https://courier.example/{item.lower()})" for item in MENU),
            f"# Story number {number} from the coast",
            *article,
            f"Posted on March {number % 28 + 1}, 2021",
            *FOOTER,
        ]
    )


def site_pages(count: int, quote_on: set[int] = frozenset()) -> list[str]:
    return [page(n, n in quote_on) for n in range(count)]


def test_normalise_folds_numbers_dates_and_case():
    one, other = "posted on may 4 2021", "Posted on June 30 1999"
    assert normalise(one.split()) == normalise(other.lower().split())


def test_host():
    assert host("https://www.Courier.example/a?b=1") == "courier.example"
    assert host("no url here") is None


def test_a_footer_on_every_page_goes_with_its_count():
    pages = site_pages(8)
    profiles = SiteProfiles.learn(("courier", text, "markdown") for text in pages)
    cleaner = Cleaner(site_profiles=profiles)
    result = cleaner.clean(pages[3], "markdown", site="courier")
    plain = Cleaner().clean(pages[3], "markdown")
    assert "All rights reserved" not in result.body
    assert "tip line" not in result.body
    # The article is what the page alone keeps; the site's text is what goes.
    for text in pages[3].split("\n\n")[6:10]:
        assert text in result.body
    assert len(result.body) <= len(plain.body)
    gone = [r for r in result.removed if r.category == CATEGORY]
    assert any("tip line" in r.text for r in gone)
    doc = cleaner.run(pages[3], "markdown", site="courier")
    footer = next(b for b in doc.blocks if "tip line" in b.text)
    assert footer.scores["why"] == "on 8 of 8 pages of courier"


def test_a_series_shared_quote_stays_inside_the_article():
    pages = site_pages(8, quote_on={0, 1, 2, 3, 4, 5, 6, 7})
    profiles = SiteProfiles.learn(("courier", text, "markdown") for text in pages)
    assert profiles["courier"].learned
    result = Cleaner(site_profiles=profiles).clean(pages[2], "markdown", site="courier")
    assert QUOTE in result.body
    assert "All rights reserved" not in result.body


def test_a_site_with_too_few_pages_learns_nothing():
    pages = site_pages(MIN_PAGES - 1)
    profiles = SiteProfiles.learn(("courier", text, "markdown") for text in pages)
    assert not profiles["courier"].learned and profiles["courier"].counts == {}
    learned = Cleaner(site_profiles=profiles).clean(pages[0], "markdown", site="courier")
    assert learned.body == Cleaner().clean(pages[0], "markdown").body


def test_learning_does_not_depend_on_order():
    docs = [("courier", text, "markdown") for text in site_pages(12, quote_on={1, 5})]
    docs += [("other", text, "markdown") for text in site_pages(6)]
    first = SiteProfiles.learn(docs)
    random.Random(7).shuffle(docs)
    second = SiteProfiles.learn(docs)
    assert {s: p.to_json() for s, p in first.sites.items()} == {
        s: p.to_json() for s, p in second.sites.items()
    }


def test_the_sample_of_pages_is_the_same_whatever_the_order(monkeypatch):
    monkeypatch.setattr("cleaner.sites.SAMPLE_PAGES", 5)
    docs = [("courier", text, "markdown") for text in site_pages(9)]
    first = SiteProfiles.learn(docs)
    second = SiteProfiles.learn(reversed(docs))
    assert first["courier"].pages == 5 and first["courier"].seen == 9
    assert first["courier"].counts == second["courier"].counts


def test_site_learning_never_empties_a_body():
    text = page(1)
    profiles = SiteProfiles.learn(("copies", text, "markdown") for _ in range(6))
    result = Cleaner(site_profiles=profiles).clean(text, "markdown", site="copies")
    assert result.body and result.body == Cleaner().clean(text, "markdown").body


def test_profiles_round_trip(tmp_path):
    pages = site_pages(7)
    profiles = SiteProfiles.learn(("courier", text, "markdown") for text in pages)
    profiles.save(tmp_path)
    loaded = SiteProfiles.load(tmp_path)
    assert loaded.by == "folder"
    assert loaded["courier"].counts == profiles["courier"].counts
    assert loaded["courier"].pages == 7
    cleaned = Cleaner(site_profiles=loaded).clean(pages[0], "markdown", site="courier")
    assert cleaned == Cleaner(site_profiles=profiles).clean(pages[0], "markdown", site="courier")


def test_a_broken_profile_is_named(tmp_path):
    (tmp_path / "bad.json").write_text('{"site": "x"}', "utf-8")
    with pytest.raises(ValueError, match=r"bad\.json: not a site profile"):
        SiteProfiles.load(tmp_path)


# --- Command line -------------------------------------------------------------------------


def write_sites(root: Path, order: list[int]) -> None:
    """Two sites of 8 and 3 pages, files written in the given order."""
    pages = {("courier", n): page(n, quote=n % 3 == 0) for n in range(8)}
    pages |= {("tiny", n): page(100 + n) for n in range(3)}
    keys = sorted(pages)
    for i in order:
        site, n = keys[i % len(keys)]
        path = root / site / f"p{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages[site, n], "utf-8")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in folder.rglob("*.txt")}


def run(*args: str | Path) -> None:
    outcome = CliRunner().invoke(main, [str(a) for a in args])
    assert outcome.exit_code == 0, outcome.output


def test_clean_with_sites_gives_one_tree_whatever_the_order_and_jobs(tmp_path):
    write_sites(tmp_path / "a", list(range(11)))
    write_sites(tmp_path / "b", list(reversed(range(11))))
    run("clean", tmp_path / "a", "-o", tmp_path / "out1", "--sites", "folder", "--jobs", "1")
    run("clean", tmp_path / "b", "-o", tmp_path / "out2", "--sites", "folder", "--jobs", "2")
    first, second = tree(tmp_path / "out1"), tree(tmp_path / "out2")
    assert first == second
    assert "tip line" not in first["courier/p4.txt"]
    assert "tip line" in first["tiny/p1.txt"]  # 3 pages: nothing learned
    assert QUOTE in first["courier/p3.txt"]
    # A resumed run (some outputs lost) gives the same tree.
    (tmp_path / "out1" / "courier" / "p2.txt").unlink()
    run("clean", tmp_path / "a", "-o", tmp_path / "out1", "--sites", "folder", "--jobs", "2")
    assert tree(tmp_path / "out1") == first


def test_outputs_cleaned_without_what_a_site_taught_are_not_up_to_date(tmp_path):
    write_sites(tmp_path / "in", list(range(11)))
    out = tmp_path / "out"
    run("clean", tmp_path / "in", "-o", out)
    assert "tip line" in tree(out)["courier/p4.txt"]
    # The same inputs with --sites: the options that shape the outputs changed.
    run("clean", tmp_path / "in", "-o", out, "--sites", "folder")
    assert "tip line" not in tree(out)["courier/p4.txt"]


def test_sites_command_writes_profiles_that_clean_reuses(tmp_path):
    write_sites(tmp_path / "in", list(range(11)))
    run("sites", tmp_path / "in", "-o", tmp_path / "profiles", "--jobs", "1")
    names = sorted(p.name for p in (tmp_path / "profiles").iterdir())
    assert names == ["courier.json", "tiny.json"]
    data = json.loads((tmp_path / "profiles" / "courier.json").read_text("utf-8"))
    assert data["pages"] == 8 and data["by"] == "folder" and data["lines"]
    assert "tip line" not in json.dumps(data)  # hashes, not texts
    run("clean", tmp_path / "in", "-o", tmp_path / "learned", "--sites", "folder")
    run(
        "clean",
        tmp_path / "in",
        "-o",
        tmp_path / "reused",
        "--site-profiles",
        tmp_path / "profiles",
    )
    assert tree(tmp_path / "learned") == tree(tmp_path / "reused")


def test_jsonl_records_grouped_by_url_host(tmp_path):
    records = [
        {"url": f"https://www.courier.example/story/{n}", "text": page(n)} for n in range(6)
    ] + [{"url": f"https://gazette.example/{n}", "text": page(50 + n)} for n in range(2)]
    random.Random(3).shuffle(records)
    source = tmp_path / "crawl.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    run("clean", source, "-o", tmp_path / "out", "--sites", "url", "--jobs", "1")
    lines = (tmp_path / "out" / "crawl.jsonl").read_text("utf-8").splitlines()
    out = [json.loads(line) for line in lines]
    assert [r["url"] for r in out] == [r["url"] for r in records]  # order kept
    for record in out:
        courier = "courier.example" in record["url"]
        assert ("tip line" in record["text"]) is not courier
        categories = record["cleaner"]["stats"]["removed_by_category"]
        assert (CATEGORY in categories) is courier


def test_explain_names_the_site_and_the_count(tmp_path):
    write_sites(tmp_path / "in", list(range(11)))
    run("sites", tmp_path / "in", "-o", tmp_path / "profiles", "--jobs", "1")
    outcome = CliRunner().invoke(
        main,
        [
            "explain",
            str(tmp_path / "in" / "courier" / "p1.md"),
            "--site-profiles",
            str(tmp_path / "profiles"),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    assert "on 8 of 8 pages of courier" in outcome.output


def html_page(number: int) -> str:
    body = "".join(f"<p>{text}</p>" for text in page(number).split("\n\n")[6:])
    return (
        f'<html><head><title>Story {number}</title><link rel="canonical" '
        f'href="https://www.courier.example/story/{number}"></head>'
        f"<body><article><h1>Story number {number}</h1>{body}</article></body></html>"
    )


def test_by_url_the_site_is_the_host_of_a_page_canonical_url():
    profiles = SiteProfiles.learn(((None, html_page(n), "html") for n in range(5)), by="url")
    assert list(profiles.sites) == ["courier.example"]
    assert profiles["courier.example"].pages == 5
    cleaner = Cleaner(site_profiles=profiles)
    doc = cleaner.run(html_page(2), "html")  # no site given: found from the page's URL
    assert any(b.category == CATEGORY for b in doc.blocks)
