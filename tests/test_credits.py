"""Reporting credits in each language's words (rules/words/LANG/credit_*.txt): invented
credit lines that must go, look-alike prose that must stay, and every entry of every list
used by one of the credits here."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, credits
from cleaner.captions import is_caption
from cleaner.knowledge import language_lines, pack_dir
from cleaner.model import Block
from cleaner.tails import tail_start

# language -> (credits to remove, look-alikes to keep), written for these tests.
EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        [
            "(Reporting by Tom Field in Westhaven; Editing by Ruth Kane)",
            "Additional reporting by Lia Moor; writing by Sam Ode",
            "Additional writing by Dan Roe",
            "Editing by Pia Lund",
            "Lia Moor in Westhaven contributed to this report.",
            "Lia Moor contributed to this report from the border crossing.",
            "Tom Field and Ruth Kane contributed to this story.",
            "Sam Ode contributed to this article.",
            "Pia Lund contributed reporting.",
            "Pia Lund contributed reporting from Westhaven.",
        ],
        [
            "Reporting on the flood was hard because the roads were closed for days.",
            "The volunteers who contributed to this article's research were thanked by name, "
            "and the library will keep their notes.",
        ],
    ),
    "de": (
        [
            "Mitarbeit: Jana Feld",
            "Mit Material von dpa und Reuters",
            "mit Material der Nachrichtenagenturen",
            "Mit Informationen von Lukas Brandt, Studio Süd",
        ],
        ["Die Mitarbeit im Verein ist freiwillig und wird nicht bezahlt, sagte der Vorstand."],
    ),
    "fr": (
        ["Avec AFP", "Avec Reuters", "avec agences"],
        ["Le ministre a parlé avec Reuters de la réforme des retraites mardi soir."],
    ),
    "es": (
        [
            "Con información de EFE y Reuters",
            "Con información del diario local",
            "Con informaciones de agencias",
            "La periodista Ana Ruiz contribuyó a este despacho.",
            "Los reporteros Luis Gil y Eva Sanz contribuyeron a este despacho.",
            "Ana Ruiz contribuyó a este despacho desde Lima.",
            "Ana Ruiz contribuyó con este despacho.",
            "Luis Gil y Eva Sanz contribuyeron a este despacho desde Quito.",
            "Luis Gil y Eva Sanz contribuyeron con este despacho.",
        ],
        ["La información de la policía llegó tarde, según los vecinos del barrio."],
    ),
    "pt": (
        [
            "Com informações de agências internacionais",
            "Com informações da Reuters",
            "Com informações do jornal regional",
            "Com informações das agências",
            "Com informações dos correspondentes",
        ],
        ["As informações da polícia chegaram tarde, disseram os moradores do bairro."],
    ),
    "it": (
        ["Hanno collaborato Anna Bianchi e Marco Neri", "Con la collaborazione di Sara Villa"],
        ["Il sindaco ha detto che i due comuni hanno collaborato bene durante l'alluvione."],
    ),
    "nl": (
        ["Met medewerking van Anna de Boer"],
        ["De medewerking van de gemeente was goed, zei de voorzitter van de club."],
    ),
    "pl": (
        ["Współpraca: Anna Nowak", "Opracowanie: Jan Kowal"],
        ["Współpraca z gminą układa się dobrze, powiedział prezes klubu."],
    ),
    "ru": (
        [
            "По материалам агентств",
            "По материалам РИА Новости",
            "По материалам ТАСС",
            "По материалам Интерфакс",
            "С использованием материалов местных СМИ",
        ],
        ["По словам мэра, ремонт моста закончится весной, а материалы уже закуплены."],
    ),
}


def _block(text: str) -> Block:
    return Block(0, text, text)


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_each_language_credit_goes_and_its_look_alike_stays(language):
    remove, keep = EXAMPLES[language]
    for text in remove:
        assert is_caption(_block(text), (language,)), text
    for text in keep:
        assert not is_caption(_block(text), (language,)), text


def test_every_language_with_credit_words_has_examples_for_each_entry():
    assert set(credits.credit_languages()) == set(EXAMPLES)
    for language, (remove, _) in EXAMPLES.items():
        said = [" ".join(text.lower().split()) for text in remove]
        for name in (credits.OPENERS, credits.CLOSERS):
            for entry in language_lines(name, (language,)):
                stem = " ".join(entry.removesuffix(credits.FOLLOWED).lower().split())
                assert any(stem in text for text in said), (language, name, entry)


def test_a_sure_language_reads_its_own_credit_words_and_an_unsure_one_every_language():
    assert credits.for_document("de", 0.99) == ("de",)
    assert credits.for_document("fi", 0.99) == ()  # no credit words: none apply
    assert credits.for_document("de", 0.2) == credits.credit_languages()
    assert not is_caption(_block("Mitarbeit: Jana Feld"), ("en",))


def test_the_lists_are_files_of_the_language_folders():
    words = pack_dir() / "words"
    for language in credits.credit_languages():
        assert (words / language).is_dir()


GERMAN = (
    "Der Stadtrat hat am Montag beschlossen, die alte Brücke über den Fluss bis zum Sommer "
    "zu sanieren, nachdem im Winter zwei Lastwagen dort stecken geblieben waren. "
    "Die Arbeiten beginnen im April und dauern sechs Wochen, in denen die Brücke für "
    "schwere Fahrzeuge gesperrt ist. Radfahrer und Fußgänger können sie weiter nutzen.\n\n"
    "Die Händler in der Altstadt hatten gefordert, die Arbeiten nachts zu erledigen, damit "
    "die Kunden weiter in die Geschäfte kommen. Der Bürgermeister sagte, das sei zu teuer "
    "und würde die Anwohner stören, die schon jetzt über den Lärm klagen."
)
SPANISH = (
    "El ayuntamiento aprobó el lunes la reparación del viejo puente sobre el río antes del "
    "verano, después de que dos camiones quedaran atascados allí durante el invierno. "
    "Las obras empezarán en abril y durarán seis semanas, durante las cuales el puente "
    "estará cerrado para los vehículos pesados. Los ciclistas y peatones podrán seguir "
    "usándolo.\n\nLos comerciantes del casco antiguo habían pedido que las obras se "
    "hicieran de noche para que los clientes siguieran llegando a las tiendas. El alcalde "
    "dijo que eso sería demasiado caro y molestaría a los vecinos, que ya se quejan del "
    "ruido."
)


@pytest.mark.parametrize(
    ("article", "credit"),
    # (agencies alone after the words, "Con información de EFE", go to the source field:
    # i18n_es.agency_credit)
    [(GERMAN, "Mitarbeit: Jana Feld"), (SPANISH, "Con información de Ana Ruiz y Luis Mora")],
)
def test_a_credit_under_an_article_in_its_language_goes(article, credit):
    result = Cleaner().clean(f"{article}\n\n{credit}")
    assert result.body == article
    assert [r.category for r in result.removed] == ["caption"]


def test_a_credit_glued_to_the_last_sentence_in_spanish_is_cut_off():
    credit = "La periodista Ana Ruiz en Lima contribuyó a este despacho."
    text = f"{SPANISH} {credit}"
    assert text[tail_start(text) :] == credit
    assert Cleaner().clean(text).body == SPANISH
