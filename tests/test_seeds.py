"""What each of the five seed documents must give (issue: foundation)."""

import re

import pytest
from conftest import SAMPLES

from cleaner import clean


def seed(prefix: str):
    path = next(SAMPLES.glob(f"{prefix}_*"))
    return path.read_bytes().decode("utf-8"), clean(path.read_bytes())


def paragraphs(result):
    return result.body.split("\n\n")


def removed(result, category=None):
    return [r.text for r in result.removed if category is None or r.category == category]


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_body_is_source_text_in_order(prefix):
    """Every body paragraph is a paragraph of the source, in the source's order."""
    source, result = seed(prefix)
    flat = norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", source).replace("**", ""))
    position = 0
    for para in paragraphs(result):
        found = flat.find(norm(para), position)
        assert found >= 0, para
        position = found + len(norm(para))


def test_000_moscow_times():
    source, r = seed("000")
    assert r.title == "Russia Opposes NATO Missile Deployment on Turkey-Syria Border"
    assert len(paragraphs(r)) == 8
    assert paragraphs(r)[0].startswith("Russia opposes the possible deployment by NATO")
    assert paragraphs(r)[-1].startswith("Russia has vetoed three UN Security Council")
    assert "\u00a0" not in r.body and "\u00a0" in source
    assert "Support The Moscow Times!" in removed(r, "donation_appeal")
    assert "Related articles:" in removed(r, "related_links")
    news = removed(r, "newsletter")
    assert news[0] == "Sign up for our free weekly newsletter"
    assert news[-1] == "Subscribers agree to the Privacy Policy"
    appeal = removed(r, "donation_appeal")
    for line in (
        "A Message from The Moscow Times:",
        "Dear readers,",
        "Once",
        "Monthly",
        "Annual",
        "Continue",
        "paiment methods",
        "Not ready to support today?",
        "Remind me later.",
    ):
        assert line in appeal
    assert "Read more" in removed(r)
    assert not r.comments and not r.authors


def test_001_xinhua():
    _, r = seed("001")
    assert r.title == "Russia concerned about NATO missiles in Turkey"
    assert r.date == "2012-12-05 07:38"
    assert r.source == "Xinhua"
    assert len(paragraphs(r)) == 8
    assert paragraphs(r)[0].startswith("BRUSSELS - Russian Foreign Minister Sergey Lavrov")
    assert any("分享按钮" in t for t in removed(r, "share_widget"))
    assert any(t.endswith("[Photo/Agencies]") for t in removed(r, "caption"))
    assert r.title not in r.body


def test_002_markdown():
    _, r = seed("002")
    assert r.format == "markdown"
    assert r.title == "Lavrov Yields to NATO Missile Plan in Turkey"
    assert r.authors == ["Nikolaus von Twickel"]
    assert r.date == "2012-12-03"
    assert r.url.startswith("https://www.themoscowtimes.com/2012/12/03/lavrov-yields")
    assert len(paragraphs(r)) == 21
    assert "along the [Syrian] border" in r.body
    assert paragraphs(r)[-1].startswith("Turkish media reported that Lavrov was rushed")
    assert paragraphs(r)[-2].startswith("The Foreign Ministry on Tuesday denied reports")
    assert any("Yves Herman" in t for t in removed(r, "caption"))
    assert len(removed(r, "related_links")) == 4
    assert "**" not in r.body and "](" not in r.body and "Original url" not in r.body


def test_003_voice_of_russia():
    _, r = seed("003")
    assert r.title == "Lavrov: Russia, NATO agree Syrian conflict cannot be resolved by armed force"
    assert r.source == "Voice of Russia, Interfax, RT"
    assert len(paragraphs(r)) == 19
    assert "Turkey’s request" in r.body  # curly apostrophes stay
    assert "-" in removed(r) and "and share via" in removed(r)
    assert not r.body.endswith("\n")


def test_004_comments():
    _, r = seed("004")
    assert r.title == ""
    assert paragraphs(r)[0].startswith("Russia on Thursday accused Turkey")
    assert len(paragraphs(r)) == 17
    assert len(r.comments) == 5
    assert r.comments[0].startswith("Turkey's action seems")
    assert r.comments[2].startswith('"We consider these Turkish actions')
    assert r.comments[3].startswith("Legally speaking")
    assert all(c not in r.body for c in r.comments)
    assert "Comments are closed." in removed(r, "comments")
