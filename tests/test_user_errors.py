"""Mistakes a user makes, answered clearly: unknown names, wrong argument types, pack
folders and files with several errors, and NO_COLOR."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GOOD_RULE

from cleaner import Cleaner, clean
from cleaner.cli import main
from cleaner.pipeline import UnknownName
from cleaner.ruleset import validate_packs

PACK = "pack: mine\nrules:" + GOOD_RULE
TEXT = "Try our app!\n\nThe council voted on Monday to keep the library open."


@pytest.mark.parametrize(
    ("options", "option", "name"),
    [({"keep": {"captoin"}}, "keep", "captoin"), ({"disable": {"shaer"}}, "disable", "shaer")],
)
def test_unknown_keep_and_disable_names_are_refused(options, option, name):
    with pytest.raises(ValueError, match=name) as info:
        Cleaner(**options)
    assert isinstance(info.value, UnknownName) and info.value.option == option


def test_known_names_are_accepted():
    Cleaner(keep={"caption", "low_text"}, disable={"share", "share_widget", "share.prompt"})


def test_the_cli_refuses_them_with_the_same_message():
    result = CliRunner().invoke(main, ["explain", "--keep", "captoin", "README.md"])
    assert result.exit_code == 2
    assert "Invalid value for --keep: no category called captoin" in result.stderr


@pytest.mark.parametrize(
    ("data", "words"),
    [(None, "not NoneType"), (Path("a.txt"), "not a path"), (42, "not int")],
)
def test_wrong_types_get_a_clear_type_error(data, words):
    with pytest.raises(TypeError, match=words):
        clean(data)


def test_bytearray_and_memoryview_are_read_as_bytes():
    data = TEXT.encode()
    assert clean(bytearray(data)).body == clean(data).body == clean(memoryview(data)).body


def test_packs_as_one_string_is_one_location(tmp_path):
    (tmp_path / "mine.yaml").write_text(PACK)
    for packs in (str(tmp_path), str(tmp_path) + "/", tmp_path):
        result = Cleaner(packs=packs).clean(TEXT)
        assert [r.rule for r in result.removed] == ["mine.promo"]


def test_a_folder_of_yml_packs_is_read(tmp_path):
    (tmp_path / "mine.yml").write_text(PACK)
    assert "mine.promo" in [r.rule for r in Cleaner(packs=[tmp_path]).clean(TEXT).removed]
    result = CliRunner().invoke(main, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == 0 and "ok " in result.stdout


def test_validate_reports_every_error_of_a_file(tmp_path):
    second = PACK.split("rules:\n", 1)[1]
    bad = (
        PACK.replace("pattern: ^Try our app!$", "patern: x")
        + second.replace("mine.promo", "mine.other").replace("^Try our app!$", "'(unclosed'")
        + second.replace("mine.promo", "mine.third").replace("kind: block", "kind: blok")
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    _, errors = validate_packs(path)
    found = {(e.rule, e.key) for e in errors}
    assert ("mine.promo", "patern") in found
    assert ("mine.other", "pattern") in found
    assert ("mine.third", "kind") in found
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert result.exit_code == 1 and result.stderr.count("error ") == len(errors) >= 3


def test_no_color_turns_colour_off(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT)
    coloured = CliRunner().invoke(main, ["explain", str(doc)], color=True)
    assert "\x1b[" in coloured.stdout
    plain = CliRunner(env={"NO_COLOR": "1"}).invoke(main, ["explain", str(doc)], color=True)
    assert plain.exit_code == 0 and "\x1b[" not in plain.stdout
    forced = CliRunner(env={"NO_COLOR": "1"}).invoke(
        main, ["explain", "--color", str(doc)], color=True
    )
    assert "\x1b[" in forced.stdout  # asked for on the command line: the user's word wins
