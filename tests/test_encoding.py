"""Decode and repair, one behaviour at a time (issue 5). The corpus tests are in
test_encoding_corpus.py."""

import codecs
import re

import ftfy
import pytest
from encoding_corpus import cases, damageable
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, badness, clean
from cleaner.decode import declared_charset, decode_bytes
from cleaner.pipeline import Config
from cleaner.repair import (
    _CP1251_PAIR,
    _SUSPECT,
    FIXES,
    FTFY_CONFIG,
    fix_mojibake,
    fix_zero_width,
    fixes_for,
    repair_text,
)

_C1 = re.compile("[\x80-\x9f]")
RU = "Правительство России в четверг объявило о новых мерах поддержки малого бизнеса."
PT = "A programação da Câmara começa às nove horas, disse o secretário à imprensa local."


def fixed(text: str, fmt: str = "text") -> str:
    return repair_text(text, fixes_for(fmt))[0]


def edits(text: str) -> dict[str, int]:
    return {e.fix: e.count for e in repair_text(text)[1]}


# --- decode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16"),
        ("Café".encode("utf-32"), "utf-32"),
        ("Café society, and more.".encode("utf-16-le"), "utf-16-le"),
        ("Café society, and more.".encode("utf-16-be"), "utf-16-be"),
        (RU.encode("utf-16-le"), "utf-16-le"),  # Cyrillic in UTF-16 LE is all ASCII bytes
    ],
)
def test_boms_and_utf16(data, encoding):
    text, found = decode_bytes(data)
    assert found == encoding
    assert text.rstrip() in ("Café", "Café society, and more.", RU)


def test_detected_encoding_is_in_the_result():
    assert clean(RU.encode("cp1251")).encoding == "cp1251"
    assert clean(RU.encode("utf-8")).encoding == "utf-8"
    assert clean(RU).encoding == "str"


def test_a_tie_between_code_pages_goes_to_the_common_one():
    # Portuguese reads as well in Windows-1250, where "ã" would be "ă".
    assert decode_bytes(PT.encode("cp1252")) == (PT, "cp1252")


def test_declared_charset_is_honoured():
    # Too short for detection to get right on its own; the declaration settles it.
    short = "Привет, мир! Новости дня."
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R"><p>{short}</p>'
    data = page.encode("koi8-r")
    assert decode_bytes(data) == (page, "koi8-r")
    assert decode_bytes(short.encode("koi8-r"), html=False)[0] != short


@pytest.mark.parametrize(
    ("label", "codec"),
    [("ISO-8859-1", "cp1252"), ("GB2312", "gb18030"), ("Shift_JIS", "cp932"), ("utf-16", "utf_8")],
)
def test_declared_labels_read_as_browsers_read_them(label, codec):
    assert declared_charset(f'<meta charset="{label}">'.encode()) == codec


def test_bytes_that_contradict_the_declaration_win():
    utf8_page = f'<meta charset="iso-8859-1"><p>{PT}</p>'
    assert decode_bytes(utf8_page.encode("utf-8")) == (utf8_page, "utf-8")
    russian_page = f'<meta charset="windows-1252"><p>{RU}</p>'  # reads "Ïðàâèòåëüñòâî"
    assert decode_bytes(russian_page.encode("cp1251")) == (russian_page, "cp1251")


def test_truncated_utf8_stays_utf8_and_the_loss_is_counted():
    data = ("Café au lait, très bon — " * 20).encode("utf-8")[:-3]  # cut inside the dash
    result = clean(data)
    assert result.encoding == "utf-8"
    assert result.body.startswith("Café au lait")
    assert result.stats["lost_chars"] == 1


# --- repair -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "repaired", "fix"),
    [
        ("The governorâ€™s office", "The governor’s office", "mojibake"),
        ("The governorÃ¢â‚¬â„¢s office", "The governor’s office", "mojibake"),  # twice
        ("The governorвЂ™s office", "The governor’s office", "mojibake"),  # read as cp1251
        ("A programaГ§ГЈo da CГўmara", "A programação da Câmara", "mojibake"),  # ftfy misses it
        ("гЃ®гЃ“гЃЁ", "のこと", "mojibake"),  # and this
        ("He said \x93yes\x94 twice", "He said “yes” twice", "mojibake"),  # C1 controls
        ("AT&amp;T said &#8220;no&#8221;", "AT&T said “no”", "entities"),
        ("it&amp;#8217;s", "it’s", "entities"),  # escaped twice
        ("line one\r\nline two\rthree", "line one\nline two\nthree", "line_breaks"),
        ("В\u00a0Москве и\u202fв 10\u2009000 км", "В Москве и в 10 000 км", "odd_spaces"),
        ("Donau\u00addampf\u00adschiff", "Donaudampfschiff", "soft_hyphens"),
        ("Cafe\u0301", "Café", "nfc"),
    ],
)
def test_each_fix_repairs_and_is_recorded(broken, repaired, fix):
    assert fixed(broken) == repaired
    assert fix in edits(broken)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two\u200bwords", "two words"),  # the only separator: a space, not glued
        ("end.\u200bNext", "end. Next"),
        ("two \u200bwords\u200b here", "two words here"),  # beside a space or at the end
        ("\ufeffStart and wo\u2060rd", "Start and word"),  # BOM and word joiner always go
        ("中文\u200b文本", "中文文本"),  # no spaces between words in Chinese
        ("family 👨\u200d👩\u200d👧 emoji", "family 👨\u200d👩\u200d👧 emoji"),  # ZWJ joins emoji
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is spelling in Persian
        ("fin\u200cger and fin\u200dger", "finger and finger"),  # and noise in English
    ],
)
def test_zero_width_characters(text, expected):
    assert fix_zero_width(text) == expected


def test_entities_that_would_invent_markup_stay_escaped():
    assert fixed("a &lt;b&gt; tag &amp; more", "markdown") == "a &lt;b&gt; tag & more"
    assert fixed("a &lt;b&gt; &amp; &rsquo;", "html") == "a &lt;b&gt; &amp; ’"
    assert fixed("a &lt;b&gt; &amp; &rsquo;", "text") == "a <b> & ’"


def test_no_break_spaces_in_html_become_spaces_like_in_text():
    sentence = "Он сказал, что в{0}Москве и{1}в области всё спокойно."
    paragraph = sentence.format("&nbsp;", "&#160;")
    page = f"<html><body><article><p>{paragraph}</p></article></body></html>"
    body = clean(page).body
    assert body == clean(sentence.format("\u00a0", "\u00a0")).body
    assert body == sentence.format(" ", " ")


@pytest.mark.parametrize(
    "text",
    [
        "Curly “quotes”, ‘single’, dashes – —, ellipsis…, «guillemets», „Gänsefüßchen“",
        "全角：（１２３）、「引用」。ＡＢＣ　全角スペース",
        "Emoji 👍🏽 ❤️ 🏳️‍🌈 and kaomoji ¯\\_(ツ)_/¯",
        "Größe 4288×3000, 5×£35, −5 °C, √π, 2012—∞, NESTLÉ®, Ôôô, QUEM É¿, SENSЕ",
        "Её зовут Пётр, он живёт в Орле. Ёлка, ёж, объём.",
        "В…\nЯ…\nИ»\nТ№",  # Russian lines that re-encode to valid UTF-8 by chance
    ],
)
def test_correct_text_is_left_alone(text):
    assert repair_text(text) == (text, [])


def test_edits_count_characters():
    counts = edits("a\u00a0b\u00a0c governorâ€™s")
    assert counts == {"mojibake": 3, "odd_spaces": 2}


def test_text_already_lost_is_counted():
    result = clean("The \ufffd\ufffd file was damaged before it reached us, sadly.")
    assert result.stats["lost_chars"] == 2
    assert clean("Nothing lost here at all, as far as we can tell.").stats["lost_chars"] == 0


# --- options ------------------------------------------------------------------------------


def test_ascii_quotes_and_nfkc_are_options():
    text = "He said “it’s ＡＢＣ ﬁne”.\n\nThe second paragraph is here."
    assert clean(text).body.startswith("He said “it’s ＡＢＣ ﬁne”.")
    result = Cleaner(config=Config(ascii_quotes=True, normalization="NFKC")).clean(text)
    assert result.body.startswith('He said "it\'s ABC fine".')
    assert {"ascii_quotes", "nfkc"} <= {e.fix for e in result.edits}


def test_options_do_not_touch_html_markup():
    page = (
        '<html><body><article><p title="a “b”">He said “it’s fine” today, and more.</p>'
        "<p>Full-width ＜b＞ is text, not a tag.</p></article></body></html>"
    )
    body = Cleaner(config=Config(ascii_quotes=True, normalization="NFKC")).clean(page).body
    assert body == 'He said "it\'s fine" today, and more.\n\nFull-width <b> is text, not a tag.'


def test_unknown_normalization_is_refused():
    with pytest.raises(ValueError, match="NFKC"):
        Config(normalization="NFD")


# --- ftfy adapter -------------------------------------------------------------------------

MOJIBAKE_ALPHABET = st.sampled_from(
    list("aeoz .,'\n\t\x85\x92")
    + list("ÂÃâ€™œ“”–—…·´°±²³µ¶×÷ÐÑØÙàáâãäåæçèéêëìíîïðñòóôõöøùúûü")
    + list("вЂВГРСТабвгдежзРСЃЈЎў║╗├┤│┼¬√≈‚ΒΓΞΟβāĀ¿¡«»®©™№€£¥")
)


@settings(max_examples=400, deadline=None)
@given(st.text(MOJIBAKE_ALPHABET, max_size=40))
def test_ftfy_only_skipped_where_it_changes_nothing(text):
    """The per-line gate never skips a line ftfy would change: same output as ftfy itself
    (apart from the cp1251 pairs we fix on top)."""
    for line in text.split("\n"):
        if ftfy.badness.is_bad(line):
            assert _SUSPECT.search(line)
    by_ftfy = ftfy.fix_text(text, FTFY_CONFIG)
    ours = fix_mojibake(text)
    if not _CP1251_PAIR.search(by_ftfy):
        assert ours == by_ftfy
    assert not _C1.search(ours) or _C1.search(by_ftfy)  # our extra never makes controls


@settings(max_examples=1000, deadline=None)
@given(st.text(MOJIBAKE_ALPHABET, max_size=12))
def test_badness_by_re2_is_ftfys(text):
    """RE2 runs ftfy's own pattern: the same answer for every line, and the one pass over a
    whole text misses no bad line."""
    assert badness._searcher(False) is not None  # the rewrite works on the installed ftfy
    for line in text.split("\n"):
        assert badness.is_bad(line) == ftfy.badness.is_bad(line), line
        if ftfy.badness.is_bad(line):
            assert badness.may_be_bad(text)


def test_badness_by_re2_agrees_on_the_corpus():
    texts = [c.data for c in cases() if isinstance(c.data, str)] + [o.text for o in damageable()]
    lines = [line for text in texts for line in text.split("\n")]
    bad = [line for line in lines if ftfy.badness.is_bad(line)]
    assert len(bad) > 200  # the corpus holds mojibake to judge
    assert [badness.is_bad(line) for line in lines] == [ftfy.badness.is_bad(x) for x in lines]


def test_fixes_are_named_once():
    names = [name for name, _ in FIXES]
    assert len(names) == len(set(names))
    assert names[:4] == ["line_breaks", "entities", "nul", "mojibake"]
