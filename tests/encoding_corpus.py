"""The encoding corpus: clean originals, the ways scraped text gets damaged, and the check that
cleaning a damaged copy gives exactly the body that cleaning the original gives.

Originals live in tests/data/encoding/ (news-dev article bodies and texts of our own in
Russian, German, Chinese and Korean). Damaged copies are made here, never stored. Run this
file to print the table per mechanism:

    python tests/encoding_corpus.py
"""

from __future__ import annotations

import codecs
import html
import itertools
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.entities import codepoint2name
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs used below)

from cleaner import clean
from cleaner.decode import decode_bytes
from cleaner.heuristics import Thresholds, _headline_text
from cleaner.repair import repair_text

DATA = Path(__file__).resolve().parent / "data" / "encoding"
# Correct text that looks a little like damage: only ever checked to come out unchanged.
NEGATIVE_ONLY = {"own/tricky"}


@dataclass(frozen=True)
class Original:
    name: str  # "news-dev/06ee193de4bd", "own/ru-1"
    text: str

    @property
    def script(self) -> str:
        stem = self.name.split("/")[-1]
        if stem.startswith("zh-Hant"):
            return "zh-Hant"
        for script, pattern in _SCRIPTS:
            if pattern.search(self.text):
                return script
        return "latin"


_SCRIPTS = (
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("ja", re.compile("[\u3040-\u30ff]")),
    ("ko", re.compile("[\uac00-\ud7af]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
)
# The legacy encodings each script is found in (the list).
LEGACY = {
    "latin": ("cp1252", "latin-1"),
    "ru": ("cp1251", "koi8-r"),
    "zh": ("gb18030", "gbk"),
    "zh-Hant": ("big5",),
    "ja": ("shift_jis",),
    "ko": ("euc-kr",),
}


@cache
def originals() -> tuple[Original, ...]:
    return tuple(
        Original(f"{p.parent.name}/{p.stem}", p.read_text(encoding="utf-8"))
        for p in sorted(DATA.glob("*/*.txt"))
    )


def damageable() -> tuple[Original, ...]:
    return tuple(o for o in originals() if o.name not in NEGATIVE_ONLY)


# --- damage: str -> str ---------------------------------------------------------------------


def _mojibake(*codecs: str) -> Callable[[str], str]:
    def damage(text: str) -> str:
        for codec in codecs:
            text = text.encode("utf-8").decode(codec)
        return text

    return damage


def _one_paragraph(damage: Callable[[str], str]) -> Callable[[str], str]:
    """Damage only the second paragraph, as when one pasted quote arrives broken."""

    def partly(text: str) -> str:
        paras = text.split("\n")
        index = next((i for i, p in enumerate(paras) if i and not p.isascii()), 0)
        paras[index] = damage(paras[index])
        return "\n".join(paras)

    return partly


def _short_word_nbsp(text: str, space: str = "\u00a0") -> str:
    """The Moscow Times style: a no-break space after every word of one to three letters."""
    return re.sub(r"(?<!\w)(\w{1,3}) (?=\S)", lambda m: m.group(1) + space, text)


def _c1_controls(text: str) -> str:
    """Windows-1252 punctuation read as Latin-1: ’ becomes U+0092."""

    def as_c1(ch: str) -> str:
        try:
            byte = ch.encode("cp1252")
        except UnicodeEncodeError:
            return ch
        return chr(byte[0]) if 0x80 <= byte[0] <= 0x9F else ch

    return "".join(as_c1(ch) for ch in text)


def _numeric_entities(text: str) -> str:
    return html.escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _named_entities(text: str) -> str:
    def ref(ch: str) -> str:
        if ord(ch) < 128:
            return ch
        name = codepoint2name.get(ord(ch))
        return f"&{name};" if name else f"&#x{ord(ch):X};"

    text = "".join(ref(ch) for ch in html.escape(text, quote=True))
    return _short_word_nbsp(text, "&nbsp;")


def _odd_spaces(text: str) -> str:
    spaces = itertools.cycle([" ", "\u00a0", "\u2009", "\u202f", "\u2007", "\u2002", " "])
    return re.sub(" ", lambda m: next(spaces), text)


_CJK = "\u3040-\u30ff\u4e00-\u9fff"


def _zero_width(text: str) -> str:
    """Zero-width characters where scraped pages have them: at paragraph starts, beside
    spaces, inside CJK runs, as the only separator between two words, and word joiners."""
    turn = itertools.count()

    def at_space(match: re.Match[str]) -> str:
        return ("\u200b", " \u200b", "\u200b ", " ")[next(turn) % 4]

    out = []
    for i, para in enumerate(text.split("\n")):
        if para:
            para = re.sub(r"(?<=[\w,.;:!?]) (?=\w)", at_space, para)
            para = re.sub(
                f"(?<=[{_CJK}])(?=[{_CJK}])", lambda m: "\u200b" * (next(turn) % 3 == 0), para
            )
            para = para.replace(", ", ",\u2060 ")
            para = ("\ufeff", "\u200b")[i % 2] + para
        out.append(para)
    return "\n".join(out)


def _soft_hyphens(text: str) -> str:
    """Hyphenation points in every long word, as CMSs insert them."""
    return re.sub(r"\w{8,}", lambda m: "\u00ad".join(re.findall(r"\w{1,4}", m.group(0))), text)


TEXT_DAMAGE: dict[str, Callable[[str], str]] = {
    "mojibake: UTF-8 read as Windows-1252": _mojibake("sloppy-windows-1252"),
    "mojibake: UTF-8 read as Latin-1": _mojibake("latin-1"),
    "mojibake: UTF-8 read as Windows-1251": _mojibake("sloppy-windows-1251"),
    "mojibake: read as Windows-1252 twice": _mojibake("sloppy-windows-1252", "sloppy-windows-1252"),
    "mojibake in one paragraph only": _one_paragraph(_mojibake("sloppy-windows-1252")),
    "mojibake of no-break spaces": lambda t: _mojibake("sloppy-windows-1252")(_short_word_nbsp(t)),
    "C1 controls (1252 read as Latin-1)": _c1_controls,
    "entities, numeric": _numeric_entities,
    "entities, named (&nbsp; too)": _named_entities,
    "entities escaped twice (&amp;#8217;)": lambda t: _numeric_entities(t).replace("&", "&amp;"),
    "no-break space after short words": _short_word_nbsp,
    "no-break/thin/narrow/figure spaces": _odd_spaces,
    "zero-width characters": _zero_width,
    "soft hyphens": _soft_hyphens,
    "CRLF": lambda t: t.replace("\n", "\r\n"),
    "CR": lambda t: t.replace("\n", "\r"),
    "NFD (decomposed accents)": lambda t: unicodedata.normalize("NFD", t),
}

# --- damage: str -> bytes -------------------------------------------------------------------


# Every format gets the same headline, so that no format has the body's first paragraph
# taken for the title.
HEADLINE = "Report of the day"


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def as_text(text: str) -> str:
    return "\n\n".join([HEADLINE, *paragraphs(text)])


# The labels pages use in their meta tags, for each codec.
LABELS = {
    "cp1252": "windows-1252",
    "latin-1": "ISO-8859-1",
    "cp1251": "windows-1251",
    "koi8-r": "KOI8-R",
    "gb18030": "GB2312",  # pages say GB2312 and are written in its supersets
    "gbk": "GBK",
    "big5": "Big5",
    "shift_jis": "Shift_JIS",
    "euc-kr": "EUC-KR",
    "utf-8": "utf-8",
}


# A paragraph that opens with a bullet is a list item in plain text, so it is one in the
# other formats too: the bullet is markup everywhere, not text.
_BULLET = re.compile(r"^[-*+•] (?=\S)")


def _html_para(p: str) -> str:
    if _BULLET.match(p):
        return f"<ul><li>{html.escape(_BULLET.sub('', p))}</li></ul>\n"
    return f"<p>{html.escape(p)}</p>\n"


def _md_para(p: str) -> str:
    body = _BULLET.sub("", p)
    escaped = _MD_LINE_START.sub(_escape_line_start, _MD_SPECIAL.sub(r"\\\1", body))
    return f"- {escaped}" if body != p else escaped


def as_html(text: str, codec: str | None = None) -> str:
    meta = f'<meta charset="{LABELS[codec]}">' if codec else ""
    paras = "".join(_html_para(p) for p in paragraphs(text))
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{HEADLINE}</title></head>"
        f"<body><article><h1>{HEADLINE}</h1>\n{paras}</article></body></html>\n"
    )


# Markdown syntax characters are escaped, so the Markdown says the same as the text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(?:([#>]|[-+](?= ))|(\d{1,3})([.)])(?= ))")


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):  # heading, quote or bullet
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)  # "1\." is not a numbered list


def as_markdown(text: str) -> str:
    paras = [_md_para(p) for p in paragraphs(text)]
    return "\n\n".join([f"# {HEADLINE}", *paras])


BOM_DAMAGE: dict[str, Callable[[str], bytes]] = {
    "BOM: UTF-8": lambda t: t.encode("utf-8-sig"),
    "BOM: UTF-16 LE": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "BOM: UTF-16 BE": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "BOM: UTF-32": lambda t: t.encode("utf-32"),
    "UTF-16 LE without BOM": lambda t: t.encode("utf-16-le"),
}


@dataclass(frozen=True)
class Case:
    mechanism: str
    original: Original
    data: str | bytes  # the damaged input
    html: bool = False  # compare with the original wrapped as HTML

    @property
    def id(self) -> str:
        return f"{self.mechanism} | {self.original.name}"


def _encodable(text: str, codec: str) -> bytes | None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return None
    return None if data.isascii() else data


def cases() -> list[Case]:
    """Every damaged copy that can be made and differs from its original."""
    found: list[Case] = []
    for orig in damageable():
        text = orig.text
        for name, damage in TEXT_DAMAGE.items():
            damaged = damage(text)
            if damaged != text:
                found.append(Case(name, orig, damaged))
        found += [Case(name, orig, damage(text)) for name, damage in BOM_DAMAGE.items()]
        for codec in LEGACY[orig.script]:
            data = _encodable(text, codec)
            page = _encodable(as_html(text, codec), codec)
            if data is not None:
                found.append(Case(f"legacy: {codec}", orig, data))
            if page is not None:
                found.append(Case("HTML: declared charset honoured", orig, page, html=True))
        if not text.isascii():
            lying = as_html(text, "latin-1").encode("utf-8")
            found.append(Case("HTML: declares Latin-1, bytes are UTF-8", orig, lying, html=True))
            legacy = _encodable(as_html(text, "utf-8"), LEGACY[orig.script][0])
            if legacy is not None:
                found.append(
                    Case("HTML: declares UTF-8, bytes are legacy", orig, legacy, html=True)
                )
    return found


# --- checks -------------------------------------------------------------------------------


@cache
def reference_body(orig: Original, wrapped_html: bool = False) -> str:
    return clean(as_html(orig.text) if wrapped_html else orig.text).body


_WORD = re.compile(r"\w+")


def harmed(expected: str, damaged: str, got: str) -> bool:
    """Cleaning took away or changed a word that the damaged input still had right."""
    intact = Counter(_WORD.findall(expected)) & Counter(_WORD.findall(damaged))
    return bool(intact - Counter(_WORD.findall(got)))


@dataclass(frozen=True)
class Outcome:
    restored: bool
    harmed: bool
    expected: str
    got: str


def run_case(case: Case) -> Outcome:
    expected = reference_body(case.original, case.html)
    got = clean(case.data).body
    if got == expected:
        return Outcome(True, False, expected, got)
    # Damage done to the bytes only leaves every word right, once read in the right encoding.
    readable = case.original.text if isinstance(case.data, bytes) else case.data
    return Outcome(False, harmed(expected, readable, got), expected, got)


def unchanged(orig: Original) -> tuple[bool, str]:
    """Cleaning a correct original changes no character: repair leaves the text as it is,
    and its UTF-8 bytes decode to it."""
    repaired, _ = repair_text(orig.text)
    decoded, _ = decode_bytes(orig.text.encode("utf-8"))
    return repaired == orig.text and decoded == orig.text, repaired


def same_body_across_formats(orig: Original) -> dict[str, bool]:
    body = clean(as_text(orig.text), format="text").body
    # Plain text cannot mark its headline: above a run of three short lines (a calendar)
    # the first line is not taken for one, as the run's own first line would be if the
    # body were cleaned again. HTML and Markdown mark it, so they leave it out.
    head = paragraphs(orig.text)[:3]
    if len(head) == 3 and all(_headline_text(line, Thresholds()) for line in head):
        body = body.removeprefix(f"{HEADLINE}\n\n")
    return {
        "html": clean(as_html(orig.text), format="html").body == body,
        "markdown": clean(as_markdown(orig.text), format="markdown").body == body,
    }


def mechanisms() -> list[str]:
    """Every mechanism, in the order the table shows them."""
    legacy = dict.fromkeys(f"legacy: {codec}" for codecs in LEGACY.values() for codec in codecs)
    html_rows = [
        "HTML: declared charset honoured",
        "HTML: declares Latin-1, bytes are UTF-8",
        "HTML: declares UTF-8, bytes are legacy",
    ]
    return [*TEXT_DAMAGE, *BOM_DAMAGE, *legacy, *html_rows]


def table() -> str:
    rows: dict[str, list[int]] = {name: [0, 0, 0] for name in mechanisms()}
    for case in cases():
        outcome = run_case(case)
        row = rows[case.mechanism]
        row[0] += 1
        row[1] += outcome.restored
        row[2] += outcome.harmed
    negatives = [unchanged(o)[0] for o in originals()]
    rows["none: correct original, cleaned"] = [
        len(negatives),
        sum(negatives),
        len(negatives) - sum(negatives),
    ]
    for fmt in ("html", "markdown"):
        same = [same_body_across_formats(o)[fmt] for o in damageable()]
        rows[f"same body as plain text: {fmt}"] = [len(same), sum(same), 0]
    width = max(map(len, rows))
    lines = [f"| {'mechanism':<{width}} | cases | restored exactly | harmed |"]
    lines.append(f"|{'-' * (width + 2)}|------:|-----------------:|-------:|")
    total = [0, 0, 0]
    for name, (n, ok, bad) in rows.items():
        lines.append(f"| {name:<{width}} | {n:>5} | {ok:>16} | {bad:>6} |")
        total = [total[0] + n, total[1] + ok, total[2] + bad]
    lines.append(f"| {'total':<{width}} | {total[0]:>5} | {total[1]:>16} | {total[2]:>6} |")
    lines += [
        "",
        "restored exactly: the damaged copy cleans to the body the original cleans to; for",
        "'none', repair and decoding left every character of the original as it was; for",
        "'same body', the HTML or Markdown gives the body the plain text gives.",
        "harmed: not restored, and a word the damaged input still had right came out changed.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(table() + "\n")
