"""The stop-word vote that names a document's language without py3langid, and the rule
selection worked out once per language: both must answer as the slow path does."""

import pytest

from cleaner import language
from cleaner.language import leader
from cleaner.language_id import (
    STOP_WORD_CODES,
    identify,
    identify_blocks,
    sample,
    selected,
    selects,
)
from cleaner.model import Block, words
from cleaner.pipeline import default_rules

# Own sentences, several per language, so that the vote has enough stop words to decide.
PARAGRAPHS = {
    "en": [
        "The council said on Monday that it would not close the library, but that the "
        "opening hours would be shorter for as long as the repairs of the roof went on.",
        "Most of the people who spoke at the meeting were against the plan, and some of "
        "them asked why the money had not been spent on the school instead.",
        "She told reporters that there was no reason to wait, because the work had been "
        "planned for years and the builders were ready to start in the spring.",
    ],
    "de": [
        "Der Rat hat am Montag beschlossen, dass die Bibliothek nicht geschlossen wird, "
        "aber die Öffnungszeiten werden kürzer, solange das Dach repariert wird.",
        "Die meisten Leute, die bei der Sitzung gesprochen haben, waren gegen den Plan, "
        "und einige von ihnen fragten, warum das Geld nicht für die Schule ausgegeben wurde.",
        "Sie sagte, es gebe keinen Grund zu warten, denn die Arbeiten seien seit Jahren "
        "geplant und die Firma könne im Frühjahr mit dem Bau beginnen.",
    ],
    "fr": [
        "Le conseil a annoncé lundi que la bibliothèque ne serait pas fermée, mais que "
        "les horaires seraient réduits pendant toute la durée des travaux sur le toit.",
        "La plupart des personnes qui ont pris la parole lors de la réunion étaient "
        "contre le projet, et certaines ont demandé pourquoi cet argent n'avait pas été "
        "dépensé pour l'école.",
        "Elle a dit aux journalistes qu'il n'y avait aucune raison d'attendre, car les "
        "travaux étaient prévus depuis des années et que tout était prêt pour le printemps.",
    ],
}


def _blocks(paragraphs: list[str]) -> list[Block]:
    return [Block(index=i, raw=text, text=text) for i, text in enumerate(paragraphs * 3)]


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_a_decisive_vote_names_the_language_py3langid_names(code):
    blocks = _blocks(PARAGRAPHS[code])
    assert code in STOP_WORD_CODES.values()
    slow, slow_score = identify(sample(b.text for b in blocks))
    assert slow == code and slow_score > 0.99
    assert identify_blocks(blocks) == (code, 1.0)


def test_lists_in_another_script_are_no_rivals_but_those_in_the_same_are():
    tokens = words(" ".join(PARAGRAPHS["en"] * 3))
    votes = dict(zip(language._index()[0], language._votes([tokens])[0], strict=True))
    # Marathi's list, mostly in Devanagari, holds enough English words to come close.
    assert 0 < votes["English"] - votes["Marathi"] < 20
    assert leader([tokens], 30, 20, 0.2) == "English"
    latin = dict(zip(votes, language._LATIN_LISTS, strict=True))
    latin_rival = max(n for name, n in votes.items() if latin[name] and name != "English")
    lead = votes["English"] - latin_rival
    assert leader([tokens], 30, lead, 0.2) == "English"
    assert leader([tokens], 30, lead + 1, 0.2) == ""


def test_too_few_stop_words_leave_the_answer_to_py3langid():
    blocks = _blocks(["Berlin, Paris, Madrid: 12:30, 14:00, 16:45."])
    assert leader([words(blocks[0].text * 3)], 30, 12, 0.2) == ""
    assert identify_blocks(blocks) == identify(sample(b.text for b in blocks))


@pytest.mark.parametrize(
    "language,score", [("de", 0.99), ("fr", 0.95), ("en", 1.0), ("de", 0.5), ("", 0.0)]
)
def test_rules_selected_per_language_are_those_selects_keeps(language, score):
    rules = default_rules().rules
    expected = tuple(r for r in rules if selects(r.languages, language, score))
    assert selected(rules, language, score) == expected
    assert selected(rules, language, score) is selected(rules, language, score)  # cached


def test_a_pack_for_another_language_is_not_selected():
    rules = default_rules().rules
    assert any(r.languages == ("de",) for r in rules)
    chosen = selected(rules, "fr", 0.99)
    assert not any("de" in r.languages and "fr" not in r.languages for r in chosen)
    assert len(selected(rules, "fr", 0.5)) == len(rules)  # unsure: every rule
