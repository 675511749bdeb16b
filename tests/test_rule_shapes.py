"""Page furniture that rules take by its shape inside an article, one small invented
document per decision (in the manner of tests/test_heuristic_shapes.py): a question
that leads to a call to share the story, a blog's "Related post:" link between
paragraphs. Each has a look-alike that must stay."""

from __future__ import annotations

from invented import LEAD, MORE
from invented import clean_paragraphs as _clean


def test_a_question_that_asks_the_reader_to_share_the_story_goes():
    for prompt in ("Enjoyed this article? Send it to a neighbour!", "Like this post?"):
        result = _clean([LEAD, prompt, MORE])
        assert result.body == f"{LEAD}\n\n{MORE}", prompt
        assert [r.category for r in result.removed] == ["share_widget"]


def test_a_question_about_the_story_that_goes_on_as_prose_stays():
    # The look-alike: the reader's question answered by the article's own sentence.
    question = "Did you like the story of the stranded whale? It swam out to sea on Sunday."
    assert _clean([LEAD, question, MORE]).body == f"{LEAD}\n\n{question}\n\n{MORE}"


def test_a_related_post_link_between_paragraphs_goes():
    result = _clean([LEAD, "Related post: Five walks along the old canal", MORE])
    assert result.body == f"{LEAD}\n\n{MORE}"
    assert [r.category for r in result.removed] == ["related_links"]


def test_a_sentence_that_opens_with_related_post_stays():
    # The look-alike: "related" and "post" in a sentence, with no label's colon.
    sentence = "Related post office closures were announced by the company on Friday."
    assert _clean([LEAD, sentence, MORE]).body == f"{LEAD}\n\n{sentence}\n\n{MORE}"


def test_a_wires_note_after_its_rights_line_goes_with_it():
    # The rights line opens with its mark; the wire's one sentence after it, whatever it
    # says, is the wire's, in English as in German ("Alle Rechte vorbehalten").
    for notice in (
        "(© 2008 Valley Wire. All Rights Reserved. Stories reach this page straight from the "
        "wire and our desk does not check them. )",
        "© 2008 Talbote. Alle Rechte vorbehalten. Meldungen erscheinen hier ohne Prüfung.",
    ):
        result = _clean([LEAD, MORE, notice])
        assert result.body == f"{LEAD}\n\n{MORE}", notice
        assert [r.category for r in result.removed] == ["copyright"]


def test_a_rights_line_that_an_article_runs_on_after_stays():
    # The look-alike: two sentences of the story after the rights line are not a wire's note.
    block = (
        "© 2008 Valley Wire. All rights reserved. The ferry left the harbour at dawn. "
        "It reached the island an hour late."
    )
    assert block in _clean([LEAD, block, MORE]).body


def test_a_note_that_the_story_appeared_in_print_goes():
    note = "A version of this story appeared May 4, 2010, on page B3 of the Valley Herald."
    result = _clean([LEAD, MORE, note])
    assert result.body == f"{LEAD}\n\n{MORE}"
    assert [r.category for r in result.removed] == ["credit"]
