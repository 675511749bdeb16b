"""The HTML report: one self-contained page; removed blocks shown in place, coloured by
category and labelled with what removed them. Checked in the HTML, then in headless
Chromium (Debian's `chromium`): the page is rendered, a probe reads back what is on
screen, and a screenshot is taken."""

import json
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, HTML, write_tree

from cleaner import Cleaner, clean
from cleaner.cli import main
from cleaner.model import BODY
from cleaner.report import colours, document_page, site_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGE = (
    "Old ferry pier to be rebuilt\n\n"
    "Support our journalism: donate today\n\n"
    "The harbour authority said on Tuesday that the old ferry pier will be rebuilt "
    "over the next two summers, with the work paid for by the port's own reserves.\n\n"
    "Share this article\n\n"
    "Fishermen who use the pier said they had been asking for the repairs for years, "
    "and that the timetable was better news than they had expected.\n\n"
    "Sign up for our newsletter"
)


class Blocks(HTMLParser):
    """The report's blocks: (css classes, data-category, label text, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[dict[str, str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "block" in (attrs.get("class") or "").split():
            self.blocks.append({"class": attrs["class"], "category": attrs.get("data-category")})
            self.blocks[-1].update(label="", text="")
        elif self.blocks and tag == "span" and attrs.get("class") == "label":
            self._in = "label"
        elif self.blocks and tag == "p":
            self._in = "text"

    def handle_endtag(self, tag):
        if tag in ("span", "p"):
            self._in = None

    def handle_data(self, data):
        if self._in and self.blocks:
            self.blocks[-1][self._in] += data


def parse(page: str) -> list[dict[str, str]]:
    parser = Blocks()
    parser.feed(page)
    return parser.blocks


def test_each_block_is_shown_in_place_with_its_label():
    cleaner = Cleaner()
    doc = cleaner.run(PAGE)
    blocks = parse(document_page(doc, cleaner, "pier.txt"))
    assert [b["text"] for b in blocks] == [block.text for block in doc.blocks]
    for shown, block in zip(blocks, doc.blocks, strict=True):
        if block.label == BODY:
            assert "kept" in shown["class"] and not shown["label"]
        else:  # the category and the rule or heuristic, in the label
            assert (
                block.category in shown["label"]
                and block.decided_by.split(":")[-1] in (shown["label"])
            )
            assert shown["category"] == block.category
    assert sum("removed" in b["class"] for b in blocks) >= 3


def test_the_page_is_self_contained():
    cleaner = Cleaner()
    page = document_page(cleaner.run(HTML, "html"), cleaner, "a.html")
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_colours_are_distinct_and_stable():
    palette = colours(["caption", "share_widget", "title"])
    assert len(set(palette.values())) == 3
    assert colours(["caption", "x"])["caption"] == palette["caption"]


def test_sites_from_urls_else_the_top_folder():
    from pathlib import Path

    assert site_of("https://www.example.org/a/b", Path("x/y.txt")) == "example.org"
    assert site_of("", Path("agency/2024/a.txt")) == "agency/"
    assert site_of("", Path("a.txt")) == "(top folder)"


def batch_report(tmp_path) -> str:
    records = [
        {"text": PAGE.replace("Tuesday", f"day {i}"), "url": f"https://site{i % 2}.example/{i}"}
        for i in range(6)
    ]
    write_tree(
        tmp_path / "in",
        {
            "wire/a.txt": ARTICLE,
            "wire/b.html": HTML,
            "feed.jsonl": "".join(json.dumps(r) + "\n" for r in records),
        },
    )
    report = tmp_path / "report.html"
    args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1"]
    result = CliRunner().invoke(main, ["clean", *args, "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert f"report: {report}" in result.stderr
    return report.read_text()


def test_a_batch_report_charts_categories_and_sites(tmp_path):
    page = batch_report(tmp_path)
    assert page.count("<svg") == 2
    assert 'aria-label="characters removed by category"' in page
    for site in ("site0.example", "site1.example", "wire/"):
        assert f">{site}</text>" in page
    expected = {r.category for text in (PAGE, ARTICLE) for r in clean(text).removed}
    assert len(expected) >= 3
    for category in expected:
        assert f">{category}</text>" in page
    # The documents with most removed are listed, linked to their detail, in place.
    assert re.search(r'<a href="#doc-1">[^<]*feed.jsonl: line \d</a>', page)
    assert 'id="doc-1"' in page and parse(page)


# --- In a browser ---------------------------------------------------------------------------

PROBE = """<script>
const shown = [...document.querySelectorAll('.block.removed')].map(b => {
  const box = b.getBoundingClientRect(), style = getComputedStyle(b);
  const label = b.querySelector('.label');
  return {height: box.height, width: box.width, visible: style.visibility === 'visible'
    && style.display !== 'none', background: style.backgroundColor,
    label: label ? label.innerText : '',
    labelHeight: label ? label.getBoundingClientRect().height : 0,
    category: b.dataset.category};
});
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify(shown);
document.body.appendChild(out);
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    return subprocess.run(command + list(args), capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_in_chromium_removed_blocks_are_visible_and_labelled(tmp_path):
    page = batch_report(tmp_path)
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "</body>"))
    dom = chromium("--dump-dom", probed.as_uri()).stdout
    shown = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1))
    assert len(shown) >= 6
    backgrounds = set()
    for block in shown:
        assert block["visible"] and block["height"] > 10 and block["width"] > 300
        assert block["labelHeight"] > 5 and block["category"] in block["label"]
        assert block["background"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
        backgrounds.add(block["background"])
    assert len(backgrounds) >= 3  # coloured by category

    shot = tmp_path / "report.png"
    chromium("--window-size=1000,1600", f"--screenshot={shot}", (tmp_path / "report.html").as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1000, 1600)
    assert len(data) > 20_000  # a rendered page, not a blank one
