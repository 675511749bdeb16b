"""Languages: the identified language in the result, rules selected by it, --languages."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner, clean
from cleaner.cli import main
from cleaner.heuristics import count_words
from cleaner.language_id import identify
from cleaner.pipeline import default_rules
from cleaner.ruleset import RulePackError, load_pack

PROSE = {
    "de": "Die Stadt will die Bibliothek im Zentrum bis zum Sommer renovieren lassen, "
    "sagte die Bürgermeisterin am Montag vor dem Rat.",
    "fr": "La ville veut faire rénover la bibliothèque du centre avant l'été, a déclaré "
    "la maire lundi devant le conseil municipal.",
    "es": "La ciudad quiere renovar la biblioteca del centro antes del verano, dijo la "
    "alcaldesa el lunes ante el consejo.",
    "ru": "Город хочет отремонтировать библиотеку в центре до лета, заявила мэр в "
    "понедельник на заседании совета.",
    "zh": "市政府希望在夏天之前翻修市中心的图书馆，市长星期一在市议会上表示，工程将于三月开始。",
    "ja": "市は夏までに中心部の図書館を改修したいと、市長が月曜日に議会で述べた。"
    "工事は三月に始まる。",
    "ar": "تريد المدينة تجديد المكتبة في وسط البلد قبل الصيف، كما قالت رئيسة البلدية يوم "
    "الاثنين أمام المجلس.",
}


@pytest.mark.parametrize("code", sorted(PROSE))
def test_the_language_is_identified_as_an_iso_code(code):
    found, score = identify(PROSE[code])
    assert found == code
    assert 0.5 < score <= 1.0


def test_language_and_score_stand_at_the_top_of_the_result():
    result = clean(PROSE["fr"] + "\n\n" + PROSE["fr"].replace("lundi", "mardi"))
    data = result.to_dict()
    assert (data["language"], data["language_score"] > 0.9) == ("fr", True)
    assert clean("12 — 3:1").language == ""


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(body, encoding="utf-8")
    return path


PACK = """
pack: lang_test
languages: [de]
rules:
  - id: lang_test.marker
    category: junk
    kind: block
    why: A made-up label that only German pages carry.
    pattern: ^xyzzy$
    examples: {remove: [xyzzy], keep: [plugh]}
  - id: lang_test.everywhere
    category: junk
    kind: block
    why: The same label, for every language.
    languages: [de, fr]
    pattern: ^plugh$
    examples: {remove: [plugh], keep: [xyzzy]}
"""


def test_a_rule_runs_on_its_languages_and_on_unsure_documents(tmp_path):
    rules = load_pack(_pack(tmp_path, PACK))
    assert [r.languages for r in rules.rules] == [("de",), ("de", "fr")]
    cleaner = Cleaner(rules)
    fired = {
        code: {r.rule for r in cleaner.clean(f"{PROSE[code]}\n\nxyzzy\n\nplugh").removed}
        for code in ("de", "fr", "es")
    }
    marker, everywhere = "lang_test.marker", "lang_test.everywhere"
    assert {marker, everywhere} <= fired["de"]
    assert marker not in fired["fr"] and everywhere in fired["fr"]
    assert marker not in fired["es"] and everywhere not in fired["es"]
    # Too little text to tell the language: every language's rules run.
    unsure = cleaner.clean("xyzzy\n\nplugh")
    assert unsure.language_score < 0.9
    assert {r.rule for r in unsure.removed} == {marker, everywhere}


def test_a_language_that_is_not_a_code_is_refused(tmp_path):
    with pytest.raises(RulePackError, match="languages"):
        load_pack(_pack(tmp_path, PACK.replace("languages: [de]", "languages: [deu]")))


def test_shipped_vocabulary_follows_the_document_language():
    header = "Ähnliche Beiträge"
    german = clean(f"{PROSE['de']}\n\n{header}\n\n{PROSE['de']}")
    french = clean(f"{PROSE['fr']}\n\n{header}\n\n{PROSE['fr']}")
    assert any(r.rule == "i18n_de.related_header" for r in german.removed)
    assert not any(r.rule.startswith("i18n_de.") for r in french.removed)


def test_every_shipped_language_has_rules_with_examples():
    languages = {r.languages for r in default_rules().rules if r.languages}
    wanted = ["de", "fr", "es", "pt", "it", "nl", "pl", "ru", "uk", "tr", "zh", "ja", "ko", "ar"]
    assert {code for group in languages for code in group} >= set(wanted)
    for rule in default_rules().rules:
        if rule.languages:
            assert rule.remove_examples and rule.keep_examples, rule.id


def test_language_packs_are_what_the_generator_writes():
    script = Path(__file__).resolve().parent.parent / "rules" / "i18n" / "make_packs.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_generator_refuses_a_label_longer_than_its_template_allowed(tmp_path, monkeypatch):
    """Whole-block labels carry no max_words: that is safe only while no phrase is longer."""
    script = Path(__file__).resolve().parent.parent / "rules" / "i18n" / "make_packs.py"
    spec = importlib.util.spec_from_file_location("make_packs", script)
    make_packs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_packs)
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "advertisement.txt").write_text(
        "ad\none two three four five six seven eight nine\n"
    )
    monkeypatch.setattr(make_packs, "WORDS", tmp_path)
    make_packs._check_labels("xx", "copyright", "advertisement")  # no limit of its own
    with pytest.raises(SystemExit, match="one two three"):
        make_packs._check_labels("xx", "advertisement", "advertisement")


def test_chinese_words_are_counted_by_characters():
    text = "市政府今天宣布，明年春天开始扩建城东的公园。"
    assert count_words(text, ["市政府今天宣布", "明年春天开始扩建城东的公园"], True) == 10
    assert count_words("Two words", ["two", "words"], False) == 2


def test_chinese_prose_is_kept_and_furniture_goes():
    paragraphs = [
        "本报讯 今天上午，市政府召开新闻发布会，宣布将在明年春天开始扩建城东的城市公园。",
        "负责人说，扩建后公园面积将增加一倍。",
        "新公园将新增儿童游乐区、健身步道和一个小型图书馆，预计两年内完工。",
        "居民们对此表示欢迎。",
    ]
    result = clean("\n\n".join([*paragraphs, "相关阅读", "返回顶部"]))
    assert result.language == "zh"
    assert result.body.split("\n\n") == paragraphs


def test_clean_keeps_only_the_languages_asked_for(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "de.txt").write_text(PROSE["de"], encoding="utf-8")
    (src / "en.txt").write_text(
        "The city wants the central library renovated before the summer, the mayor "
        "told the council on Monday.",
        encoding="utf-8",
    )
    records = [{"text": PROSE["fr"], "id": 1}, {"text": PROSE["es"], "id": 2}]
    (src / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        main, ["clean", str(src), "-o", str(out), "--jobs", "1", "--languages", "de,FR"]
    )
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".cleaner") == ["de.txt", "r.jsonl"]
    kept = [json.loads(line) for line in (out / "r.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["cleaner"]["language"]) for r in kept] == [(1, "fr")]
    assert "filtered by language: 2 documents (1 en, 1 es)" in run.stderr
    assert "cleaned 2 documents" in run.stderr


def test_a_wrong_language_code_is_a_usage_error(tmp_path):
    run = CliRunner().invoke(
        main, ["clean", str(tmp_path), "-o", str(tmp_path / "o"), "--languages", "deu"]
    )
    assert run.exit_code == 2
    assert "not an ISO 639-1 code: deu" in run.stderr


@pytest.mark.parametrize(
    ("code", "note"),
    [
        # A bio: who the author is.
        ("de", "Lena Muster ist Redakteurin im Ressort Stadt und schreibt über Verkehr."),
        ("fr", "Paul Exemple est journaliste au service Ville et couvre les transports."),
        ("es", "Marta Ejemplo es periodista de la sección local y escribe sobre tráfico."),
        # A note on how to reach the author.
        ("de", "Lena Muster ist erreichbar unter lena.muster(at)stadtzeitung.example."),
        ("fr", "Paul Exemple peut être joint à l'adresse paul.exemple@quotidien.example."),
        ("es", "(Marta Ejemplo puede ser contactada en marta@diario.example.)"),
    ],
)
def test_an_author_note_at_the_end_goes_by_its_shape(code, note):
    article = "\n\n".join([PROSE[code]] * 4)
    result = clean(f"{article}\n\n{note}")
    assert result.body == article
    assert [(r.text, r.category) for r in result.removed] == [(note, "author_bio")]
    # The same words in the middle of the article, followed by more of it, stay.
    middle = clean(f"{PROSE[code]}\n\n{note}\n\n" + "\n\n".join([PROSE[code]] * 6))
    assert note in middle.body


@pytest.mark.parametrize(
    ("code", "note", "look_alike"),
    [
        (
            "de",
            "Dieser Artikel erschien zuerst im Wochenblatt Seetal.",
            "Dieser Artikel hat im Seetal viele Leserbriefe ausgelöst, schrieb die Redaktion.",
        ),
        (
            "fr",
            "Cet article est paru dans l'édition du 4 mai, page 9.",
            "Cet article a provoqué de nombreuses lettres de lecteurs, écrit la rédaction.",
        ),
    ],
)
def test_a_note_on_where_the_article_appeared_in_print_goes(code, note, look_alike):
    article = "\n\n".join([PROSE[code]] * 4)
    result = clean(f"{article}\n\n{note}")
    assert result.body == article
    assert [(r.text, r.category) for r in result.removed] == [(note, "credit")]
    # A sentence about the article itself is no note.
    assert look_alike in clean(f"{article}\n\n{look_alike}").body


@pytest.mark.parametrize(
    ("code", "line", "category"),
    [
        ("de", "Die Quittung finden Sie danach in Ihrem Kundenkonto unter Bestellungen.", "shop"),
        ("fr", "Votre reçu est ensuite disponible dans votre compte client.", "shop"),
        ("es", "Comprar como invitado", "shop"),
        ("de", "Kennen Sie schon unseren Wanderplaner? Er zeigt die Wege der Region.", "promo"),
        ("fr", "Connaissez-vous notre carte des marchés ? Elle couvre toute la région.", "promo"),
        ("es", "¿Ya conoces nuestra guía de mercados? Cubre toda la provincia.", "promo"),
    ],
)
def test_a_shop_control_or_a_promotion_of_the_sites_offers_goes(code, line, category):
    article = "\n\n".join([PROSE[code]] * 4)
    result = clean(f"{article}\n\n{line}")
    assert result.body == article
    assert [(r.text, r.category) for r in result.removed] == [(line, category)]


def test_a_sentence_about_a_customers_account_in_an_article_stays():
    # The shop's phrases address the reader ("Ihr", "your"); a report about customers does not.
    line = "Viele Kunden fanden am Montag in ihrem Kundenkonto doppelte Abbuchungen der Bank."
    article = "\n\n".join([PROSE["de"]] * 2)
    assert line in clean(f"{article}\n\n{line}\n\n{article}").body
