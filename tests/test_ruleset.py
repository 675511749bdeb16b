"""Rule packs: validated when loaded, errors name file, rule and key."""

import pickle
import textwrap
from typing import Any, ClassVar

import pytest
import regex
from click.testing import CliRunner
from conftest import GOOD_RULE
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, RulePackError, load_packs
from cleaner.cli import main
from cleaner.rule_examples import check_example
from cleaner.rule_kinds import KINDS, Kind
from cleaner.ruleset import compile_source, default_pack_dir


def write(tmp_path, body, name="mine.yaml"):
    path = tmp_path / name
    path.write_text("pack: mine\nrules:\n" + textwrap.dedent(body).strip("\n") + "\n")
    return path


def error_of(path) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        load_packs(path)
    return info.value


def test_default_packs_ship_with_the_package():
    assert sorted(p.name for p in default_pack_dir().glob("*.yaml"))
    assert (default_pack_dir() / "words" / "agencies.txt").exists()


def test_a_good_pack_loads_and_removes(tmp_path):
    rules = load_packs(write(tmp_path, GOOD_RULE))
    assert [r.id for r in rules.rules] == ["mine.promo"]
    result = Cleaner(packs=[tmp_path / "mine.yaml"]).clean("Try our app!\n\nThe vote was close.")
    assert result.body == "The vote was close."
    assert result.removed[0].rule == "mine.promo"


def test_yaml_error_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("pack: x\nrules:\n  - id: [unclosed\n")
    err = error_of(path)
    assert str(path) in str(err) and "YAML error" in str(err)
    assert (err.rule, err.key) == ("-", "line 4")  # the id itself is what cannot be read


def test_yaml_error_names_the_rule_and_line(tmp_path):
    broken = GOOD_RULE.replace("mine.promo", "mine.other").replace(
        "pattern: ^Try our app!$", "pattern: [unclosed"
    )
    err = error_of(write(tmp_path, GOOD_RULE + broken))
    assert "mine.yaml" in str(err) and "YAML error" in err.problem
    assert err.rule == "mine.other" and err.key.startswith("line ")


def test_unknown_key_is_named(tmp_path):
    err = error_of(write(tmp_path, GOOD_RULE.replace("pattern:", "pattren:")))
    assert (err.rule, err.key) == ("mine.promo", "pattren")
    assert "mine.yaml" in str(err)


def test_missing_key_is_named(tmp_path):
    err = error_of(write(tmp_path, GOOD_RULE.replace("    why: Our site's own promo line.\n", "")))
    assert (err.rule, err.key, err.problem) == ("mine.promo", "why", "missing")


def test_kind_outside_the_closed_set(tmp_path):
    err = error_of(write(tmp_path, GOOD_RULE.replace("kind: block", "kind: magic")))
    assert (err.rule, err.key) == ("mine.promo", "kind")


def test_invalid_regex_is_named(tmp_path):
    err = error_of(write(tmp_path, GOOD_RULE.replace("^Try our app!$", "^Try (our app!$")))
    assert (err.rule, err.key) == ("mine.promo", "pattern")
    assert "invalid regex" in err.problem and "mine.yaml" in str(err)


def test_duplicate_id_in_one_pack(tmp_path):
    err = error_of(write(tmp_path, GOOD_RULE + GOOD_RULE))
    assert (err.rule, err.key) == ("mine.promo", "id")
    assert "duplicate id" in err.problem and "mine.yaml" in str(err)


def test_duplicate_id_across_packs(tmp_path):
    write(tmp_path, GOOD_RULE, "a.yaml")
    write(tmp_path, GOOD_RULE, "b.yaml")
    err = error_of(tmp_path)
    assert (err.rule, err.key) == ("mine.promo", "id")
    assert "b.yaml" in str(err) and "a.yaml" in str(err)


def test_rule_without_keep_example_is_refused(tmp_path):
    err = error_of(
        write(tmp_path, GOOD_RULE.replace('      keep: ["Try our app, he said."]\n', ""))
    )
    assert err.key == "examples.keep" or err.key == "keep"


def test_runaway_pattern_costs_the_rule_not_the_document(tmp_path):
    # The negative lookahead is dropped by the screen (cleaner.screen), so it lets the block
    # through and the backtracking search itself has to time out.
    rule = GOOD_RULE.replace("^Try our app!$", "^(a|aa)+(?!.)").replace(
        'remove: ["Try our app!"]', 'remove: ["aaaa"]'
    )
    cleaner = Cleaner(packs=[write(tmp_path, rule)])
    result = cleaner.clean("a" * 60 + "b\n\nThe vote was close on Monday, officials said.")
    assert "The vote was close" in result.body
    assert any("mine.promo" in w for w in result.stats["warnings"])


def test_screen_spares_a_runaway_pattern_in_a_document_it_cannot_match(tmp_path):
    """The screen rules the rule out for the whole document, so its pattern never runs on
    the block it would choke on; where some block matches, the time bound takes over."""
    rule = GOOD_RULE.replace("^Try our app!$", "^(a|aa)+$").replace(
        'remove: ["Try our app!"]', 'remove: ["aaaa"]'
    )
    cleaner = Cleaner(packs=[write(tmp_path, rule)])
    near_miss = "a" * 60 + "b"
    result = cleaner.clean(near_miss + "\n\nThe vote was close on Monday, officials said.")
    assert result.body.startswith(near_miss)
    assert not result.stats["warnings"]
    result = cleaner.clean("aaaa\n\nThe vote was close on Monday, officials said.")
    assert [r.text for r in result.removed if r.rule == "mine.promo"] == ["aaaa"]


def test_catastrophic_backtracking_is_reported_and_the_other_rules_still_apply(tmp_path):
    """A nested quantifier that backtracks exponentially on a near-match: stopped by the
    regex timeout, named in the warnings; the document goes on without that rule only."""
    runaway = GOOD_RULE.replace("^Try our app!$", "^(\\w|\\s|\\w\\s)+(?!.)").replace(
        'remove: ["Try our app!"]', 'remove: ["Try our app"]'
    )
    cleaner = Cleaner(packs=[write(tmp_path, runaway)])
    text = (
        "Share this article\n\n"
        "The council voted on Monday to keep the public library open for another year.\n\n"
        + "word " * 40
        + "!\n\nAdvertisement"
    )
    result = cleaner.clean(text)
    assert [w for w in result.stats["warnings"] if "timed out" in w] == [
        "rule mine.promo timed out after 0.5s"
    ]
    assert "The council voted on Monday" in result.body
    assert "word word" in result.body  # the block the runaway rule choked on stays
    assert {r.rule for r in result.removed} >= {"share.prompt", "junk.advertisement"}
    assert "mine.promo" not in {r.rule for r in result.removed}


def test_ruleset_pickles():
    cleaner = Cleaner(disable={"share_widget"})
    again = pickle.loads(pickle.dumps(cleaner))
    text = "Share this article\n\nThe council met on Monday."
    assert again.clean(text).body == cleaner.clean(text).body


def test_dropped_kinds_are_refused(tmp_path):
    """span and tail were dropped: no shipped rule used them."""
    for kind in ("span", "tail"):
        err = error_of(write(tmp_path, GOOD_RULE.replace("kind: block", f"kind: {kind}")))
        assert (err.rule, err.key) == ("mine.promo", "kind")


@pytest.mark.parametrize(
    ("kind", "key", "value"),
    [
        ("block", "end", "^x$"),
        ("block", "max_blocks", "3"),
        ("block", "next", "^x$"),
        ("block", "words", "share_widget.txt"),
        ("block", "continue_links", "true"),
    ],
)
def test_a_key_the_kind_does_not_take_is_named(tmp_path, kind, key, value):
    """Each kind owns its keys: a key of another kind is an error, not silently ignored."""
    rule = GOOD_RULE.replace("    why:", f"    {key}: {value}\n    why:")
    err = error_of(write(tmp_path, rule))
    assert (err.rule, err.key) == ("mine.promo", key)
    assert "unknown key (kind block takes:" in err.problem and "pattern" in err.problem
    assert "mine.yaml" in str(err)


SECTION = """
  - id: mine.box
    category: promo
    kind: section
    why: Our site's promo box, from its header to its button.
    start: ^Our offers$
    end: ^Buy now$
    examples:
      remove: ["Our offers\n\nTwo for one.\n\nBuy now"]
      keep: ["Our offers are good, he said."]
"""


def test_other_kinds_refuse_foreign_keys(tmp_path):
    err = error_of(write(tmp_path, SECTION.replace("    why:", "    field: date\n    why:")))
    assert (err.rule, err.key) == ("mine.box", "field")
    assert "unknown key (kind section takes:" in err.problem
    loaded = load_packs(write(tmp_path, SECTION.replace("    why:", "    max_blocks: 3\n    why:")))
    assert loaded.rules[0].max_blocks == 3


def test_comments_kind_needs_a_start_or_an_end(tmp_path):
    rule = SECTION.replace("kind: section", "kind: comments")
    rule = rule.replace("    start: ^Our offers$\n", "")
    load_packs(write(tmp_path, rule))
    err = error_of(write(tmp_path, rule.replace("    end: ^Buy now$\n", "")))
    assert err.rule == "mine.box" and "start" in err.key and "end" in err.key


def test_languages_key_is_kept_on_the_rule(tmp_path):
    rule = GOOD_RULE.replace("    why:", "    languages: [en, pt]\n    why:")
    assert load_packs(write(tmp_path, rule)).rules[0].languages == ("en", "pt")
    err = error_of(write(tmp_path, rule.replace("[en, pt]", "[english]")))
    assert err.key.startswith("languages")


def test_pattern_as_a_list_of_branches(tmp_path):
    rule = GOOD_RULE.replace(
        "pattern: ^Try our app!$",
        'pattern:\n      - ^Try our app!$\n      - {re: "^Get our app!$", remove: "Get our app!"}',
    )
    loaded = load_packs(write(tmp_path, rule)).rules[0]
    assert loaded.pattern.search("Get our app!") and loaded.pattern.search("Try our app!")
    assert not loaded.pattern.search("Try our app! Get our app!")
    assert loaded.branch_examples == (
        {"key": "pattern", "re": "^Get our app!$", "text": "Get our app!"},
    )


def test_phrase_lists(tmp_path):
    rule = GOOD_RULE.replace(
        "pattern: ^Try our app!$",
        "pattern: ^(?:{phrases:verbs}) our app!$\n    phrases:\n      verbs:"
        '\n        - try\n        - {re: "get", remove: "Get our app!"}',
    )
    loaded = load_packs(write(tmp_path, rule)).rules[0]
    assert loaded.pattern.search("Get our app!") and not loaded.pattern.search("Buy our app!")
    assert loaded.branch_examples == (
        {"key": "phrases.verbs", "re": "get", "text": "Get our app!"},
    )
    err = error_of(write(tmp_path, rule.replace("{phrases:verbs}", "{phrases:verb}")))
    assert (err.rule, err.key) == ("mine.promo", "pattern") and "verb" in err.problem
    err = error_of(write(tmp_path, rule.replace("{phrases:verbs}", "try|get")))
    assert (err.rule, err.key, err.problem) == (
        "mine.promo",
        "phrases.verbs",
        "no pattern uses this list",
    )


def test_provenance_is_checked(tmp_path):
    rule = GOOD_RULE.replace("    examples:\n", "    examples:\n      provenance: {}\n")
    load_packs(write(tmp_path, rule.format("written for the project")))
    err = error_of(write(tmp_path, rule.format("from a news site")))
    assert (err.rule, err.key) == ("mine.promo", "examples.provenance")


def test_rules_test_guards_on_the_shipped_packs():
    """The core packs; the language packs' guards are held to a ceiling in
    test_rule_examples.py."""
    core = [str(p) for p in sorted(default_pack_dir().glob("[0-8]*.yaml"))]
    result = CliRunner().invoke(main, ["rules", "test", "--guards", *core])
    assert result.exit_code == 0, result.output
    assert "guards: 0 undefended" in result.stderr


def test_rules_test_guards_names_an_undefended_guard(tmp_path):
    """max_words on the good rule: no example is longer than the limit."""
    path = write(tmp_path, GOOD_RULE.replace("    why:", "    max_words: 5\n    why:"))
    result = CliRunner().invoke(main, ["rules", "test", "--guards", str(path)])
    assert result.exit_code == 1
    assert "UNDEFENDED mine.promo max_words" in result.output
    assert "UNDEFENDED mine.promo pattern ^" in result.output
    assert "3 guards: 3 undefended" in result.stderr
    defended = (
        GOOD_RULE.replace("    why:", "    max_words: 5\n    why:")
        .replace("^Try our app!$", "^Try our app!.*")
        .replace(
            'keep: ["Try our app, he said."]',
            'keep: ["Do try our app!", "Try our app! It has maps, tickets and a chat for help"]',
        )
    )
    result = CliRunner().invoke(main, ["rules", "test", "--guards", str(write(tmp_path, defended))])
    assert result.exit_code == 0, result.output
    assert "2 guards: 0 undefended" in result.stderr
    # A failing example defends nothing: the guards it "catches" stay undefended.
    broken = GOOD_RULE.replace("    why:", "    max_words: 5\n    why:").replace(
        'keep: ["Try our app, he said."]', 'keep: ["Try our app!"]'
    )
    result = CliRunner().invoke(main, ["rules", "test", "--guards", str(write(tmp_path, broken))])
    assert "FAIL mine.promo keep" in result.output
    assert "3 guards: 3 undefended" in result.stderr


def test_rules_validate_names_a_foreign_key(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("    why:", "    max_blocks: 3\n    why:"))
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert result.exit_code == 1
    assert "rule mine.promo: key 'max_blocks': unknown key (kind block takes:" in result.stderr


class ShoutKind(Kind):
    """A kind made for the test: drops blocks in capitals of at least ``min_letters``."""

    name = "shout"
    keys: ClassVar[dict[str, Any]] = {"min_letters": {"type": "integer", "minimum": 1}}
    required = ("min_letters",)

    def triggers(self, rule):
        return None

    def apply(self, rule, doc):
        least = dict(rule.extra)["min_letters"]
        for block in doc.blocks:
            letters = [c for c in block.text if c.isalpha()]
            if block.is_open and len(letters) >= least and all(c.isupper() for c in letters):
                block.mark("boilerplate", rule.category, rule.id, "rules")


SHOUT = """
  - id: mine.shout
    category: promo
    kind: shout
    why: A block in capitals is a banner.
    min_letters: 6
    examples:
      remove: ["BUY NOW!"]
      keep: ["The NATO summit ended."]
"""


def test_a_new_kind_is_one_class(tmp_path, monkeypatch):
    """Registering the class is all a new kind needs: its schema, loading, the pipeline."""
    monkeypatch.setitem(KINDS, "shout", ShoutKind())
    path = write(tmp_path, SHOUT)
    rule = load_packs(path).rules[0]
    assert rule.extra == (("min_letters", 6),)
    result = Cleaner(packs=[path]).clean("BUY NOW!\n\nThe council voted on Monday.")
    assert [r.rule for r in result.removed] == ["mine.shout"]
    assert check_example(rule, "keep", "OK GO") is None  # fewer than 6 letters
    err = error_of(write(tmp_path, SHOUT.replace("    min_letters: 6\n", "    pattern: x\n")))
    assert (err.rule, err.key) == ("mine.shout", "pattern")


LOOKAHEADS = [
    r"(?=.*\byou\b)(?=.*\bcookies?\b).*",
    r"(?=.*(?:a|b))(?=.*c)",
    r"(?=.*[|]x)(?=.*\bc)\w*",
]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("abcxyou |\n.COKIES"), max_size=30))
def test_lookahead_patterns_anchored_at_lines_match_where_they_did(text):
    """compile_source anchors "(?=.*A)(?=.*B)" patterns at line starts (they were
    quadratic in a block's length): each matches the same texts, at the same place."""
    for source in LOOKAHEADS:
        anchored = compile_source(source, case=False)
        plain = regex.compile(source, regex.V0 | regex.IGNORECASE)
        assert anchored.pattern != plain.pattern
        mine, theirs = anchored.search(text), plain.search(text)
        assert (mine and mine.span()) == (theirs and theirs.span()), (source, text)


def test_alternatives_at_the_top_are_not_anchored():
    assert compile_source(r"(?=.*you).*|^thanks", case=False).pattern == r"(?=.*you).*|^thanks"
