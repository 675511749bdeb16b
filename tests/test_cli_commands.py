"""`cleaner explain`, `cleaner check`, `cleaner rules` and the help texts, through CliRunner."""

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, GOLDEN, SAMPLES, write_tree

from cleaner import Cleaner, clean
from cleaner.cli import main
from cleaner.golden import compare
from cleaner.pipeline import default_rules
from cleaner.rule_examples import examples

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def invoke(*args: str, color: bool = False):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, color=color)


# --- explain ------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path):
    return write_tree(tmp_path, {"a.txt": ARTICLE}) / "a.txt"


def test_explain_names_what_decided_each_block(article):
    result = invoke("explain", str(article))
    assert result.exit_code == 0
    rules = {r.id: r for r in default_rules().rules}
    for removed in clean(ARTICLE).removed:
        # The block, its category and its rule, with the rule's reason beneath.
        line = next(ln for ln in result.stdout.splitlines() if ln.endswith(f"rule {removed.rule}"))
        assert removed.category in line
        assert f"why: {rules[removed.rule].why}" in result.stdout
    flowing = " ".join(result.stdout.split())  # long blocks are wrapped to the terminal
    for paragraph in clean(ARTICLE).body.split("\n\n"):
        assert paragraph in flowing
    assert result.stdout.count(" kept ") == len(clean(ARTICLE).body.split("\n\n"))
    assert "scores: chars " in result.stdout and "stop words" in result.stdout


LINKY = """Markets rally as rates hold

The central bank kept its main rate unchanged on Thursday, saying that inflation had eased \
over the summer and that it would wait for more data before it moved again.

Traders had expected the decision, and shares rose in early trading as the statement was \
read out in the capital.

[Markets](https://x.org/m) | [Rates](https://x.org/r) | [Banks](https://x.org/b)
"""


def test_explain_gives_the_heuristics_reasons(tmp_path):
    path = write_tree(tmp_path, {"m.md": LINKY}) / "m.md"
    doc = Cleaner().run(path.read_bytes(), "markdown")
    decided = [b for b in doc.blocks if b.decided_by.startswith("heuristic:")]
    assert {b.decided_by for b in decided} >= {"heuristic:headline", "heuristic:neighbours"}
    out = invoke("explain", str(path)).stdout
    for block in decided:
        assert (
            f"[{block.index:02d}] {block.label:<11} {block.category:<16} {block.decided_by}" in out
        )
        if "why" in block.scores:  # the second pass says why it took the block
            assert f"; then {block.scores['why']}" in out


def test_explain_is_plain_when_piped_and_coloured_on_request(article):
    assert not ANSI.search(invoke("explain", str(article)).stdout)
    coloured = invoke("explain", str(article), "--color", color=True).stdout
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == invoke("explain", str(article)).stdout


def test_explain_shows_kept_categories(article):
    result = invoke("explain", str(article), "--keep", "advertisement")
    assert "(but kept: --keep advertisement)" in result.stdout


def test_explain_a_jsonl_record(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": "x"}) + "\n" + json.dumps({"body": ARTICLE}) + "\n")
    result = invoke("explain", str(path), "--line", "2", "--text-field", "body")
    assert result.exit_code == 0
    assert "rule junk.advertisement" in result.stdout
    missing = invoke("explain", str(path), "--line", "5")
    assert missing.exit_code == 1 and "no record on line 5" in missing.stderr


def test_explain_bad_file_is_one_line(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(bytes(range(256)))
    result = invoke("explain", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path}: not text: no encoding fits these bytes"


# --- check --------------------------------------------------------------------------------


def test_check_passes_on_the_projects_own_goldens():
    """The same comparison as tests/test_golden.py, through the command."""
    result = invoke("check", str(SAMPLES), str(GOLDEN))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "0 of 5 documents changed" in result.stderr


def test_check_shows_a_diff_and_update_rewrites(tmp_path):
    samples = write_tree(tmp_path / "samples", {"one.txt": ARTICLE, "two.md": "Text.\n"})
    golden = tmp_path / "golden"
    created = invoke("check", str(samples), str(golden), "--update")
    assert created.exit_code == 0 and (golden / "one" / "body.txt").exists()
    assert invoke("check", str(samples), str(golden)).exit_code == 0

    body = golden / "one" / "body.txt"
    body.write_text(body.read_text().replace("Monday", "Tuesday"))
    changed = invoke("check", str(samples), str(golden))
    assert changed.exit_code == 1
    assert f"--- {body}" in changed.stdout
    assert "-The council voted on Tuesday" in changed.stdout
    assert "+The council voted on Monday" in changed.stdout
    assert "1 of 2 documents changed (1 golden files)" in changed.stderr
    assert list(compare(samples, golden)) != []

    assert invoke("check", str(samples), str(golden), "--update").exit_code == 0
    assert list(compare(samples, golden)) == []


def test_check_uses_the_run_options(tmp_path):
    samples = write_tree(tmp_path / "samples", {"one.txt": ARTICLE})
    golden = tmp_path / "golden"
    invoke("check", str(samples), str(golden), "--update")
    kept = invoke("check", str(samples), str(golden), "--keep", "advertisement")
    assert kept.exit_code == 1 and "+Advertisement" in kept.stdout


# --- rules --------------------------------------------------------------------------------

MY_PACK = """
pack: mine
rules:
  - id: mine.podcast_plug
    category: promo
    kind: block
    pattern: '^listen to our podcast\\b'
    why: A podcast plug between paragraphs is an advert for the outlet.
    examples:
      remove: ["Listen to our podcast on any app"]
      keep: [KEEP]
"""


def my_pack(tmp_path, keep: str = "Our podcast guests argued, the mayor said on Monday."):
    return write_tree(tmp_path / "packs", {"mine.yaml": MY_PACK.replace("KEEP", repr(keep))})


def test_rules_list_shows_every_rule():
    result = invoke("rules", "list")
    assert result.exit_code == 0
    for rule in default_rules().rules:
        line = next(ln for ln in result.stdout.splitlines() if ln.split()[:1] == [rule.id])
        assert line.split()[1:3] == [rule.category, rule.kind]
        assert line.endswith(rule.why)
    packs = {rule.pack for rule in default_rules().rules}
    assert sum(ln.startswith("pack ") for ln in result.stdout.splitlines()) == len(packs)


def test_rules_list_of_own_packs(tmp_path):
    result = invoke("rules", "list", str(my_pack(tmp_path)))
    assert result.stdout.splitlines()[0] == "pack mine (1 rule)"
    assert "mine.podcast_plug" in result.stdout and "share.prompt" not in result.stdout


def test_rules_validate(tmp_path):
    shipped = invoke("rules", "validate")
    assert shipped.exit_code == 0 and shipped.stdout.count("ok ") >= 5
    assert invoke("rules", "validate", str(my_pack(tmp_path))).exit_code == 0

    bad = tmp_path / "bad.yaml"
    bad.write_text(MY_PACK.replace("pattern:", "patern:").replace("KEEP", "'x'"))
    result = invoke("rules", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: rule mine.podcast_plug: key 'patern': unknown key" in result.stderr

    clash = tmp_path / "clash.yaml"
    clash.write_text(MY_PACK.replace("mine.podcast_plug", "share.prompt").replace("KEEP", "'x'"))
    result = invoke("rules", "validate", str(clash))
    assert result.exit_code == 1
    assert "rule share.prompt: key 'id': duplicate id (also in the shipped packs)" in result.stderr


def test_rules_test(tmp_path):
    shipped = invoke("rules", "test")
    assert shipped.exit_code == 0
    total = sum(len(list(examples(r))) for r in default_rules().rules)
    assert f"{total} examples of {len(default_rules().rules)} rules: all pass" in shipped.stderr

    assert invoke("rules", "test", str(my_pack(tmp_path))).exit_code == 0
    shutil.rmtree(tmp_path / "packs")
    # A keep look-alike the pattern does eat: the command must say so.
    failing = invoke("rules", "test", str(my_pack(tmp_path, "Listen to our podcast hosts")))
    assert failing.exit_code == 1
    assert failing.stdout.startswith("FAIL mine.podcast_plug keep example 1:")
    assert "1 failed" in failing.stderr


def test_rules_with_a_broken_pack_fail_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: [unclosed\n")
    for command in ("list", "test"):
        result = invoke("rules", command, str(bad))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {bad}: rule -: key 'line ")


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], ["clean", "explain", "check", "rules"]),
        (["clean"], ["--output", "--format", "--jobs", "--force", "--rules", "--keep"]),
        (["explain"], ["--line", "--color"]),
        (["check"], ["--update"]),
        (["rules"], ["list", "validate", "test"]),
        (["rules", "list"], ["PATHS"]),
        (["rules", "validate"], ["PATHS"]),
        (["rules", "test"], ["PATHS"]),
    ],
)
def test_help(args, words):
    result = invoke(*args, "--help")
    assert result.exit_code == 0
    truncated = [ln for ln in result.stdout.splitlines()[1:] if ln.endswith("...")]
    assert truncated == []
    for word in words:
        assert word in result.stdout
