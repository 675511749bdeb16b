"""The README's first commands are what CI runs, and the installed package finds its rules."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from cleaner import clean


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_commands_exactly():
    ci = [
        ln
        for ln in (ROOT / ".ci" / "run").read_text().splitlines()
        if ln.strip() and not ln.startswith(("#", "set ", "cd "))
    ]
    assert len(readme_commands()) == 2
    assert ci[-2:] == readme_commands()
    # The only steps before them install Java (the Spark test) and Chromium (the report's
    # test), each only where it is missing; the README says so beside the commands.
    assert len(ci) == 4
    for tool, package in (("java", "openjdk-17-jre-headless"), ("chromium", "chromium")):
        [line] = [ln for ln in ci[:-2] if ln.startswith(f"command -v {tool} ")]
        assert f"apt-get install -y -qq {package} " in line and "||" in line
    install = (ROOT / "README.md").read_text().split("```sh\n", 1)[1].split("## ", 1)[0]
    assert "Java" in install and "Chromium" in install
    # Command one installs the runtime only: no extras.
    assert "pip install -q . " in readme_commands()[0]


def test_packs_found_from_another_directory(tmp_path):
    code = (
        "from cleaner.ruleset import default_pack_dir; d = default_pack_dir(); "
        "print(len(list(d.glob('*.yaml'))), (d / 'words').is_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) >= 5 and out[1] == "True"


def test_a_second_checkout_reads_its_own_packs(tmp_path):
    """Code run from another checkout (PYTHONPATH=other, as when two versions are timed side
    by side) reads that checkout's rules, not those of the checkout that was installed."""
    other = tmp_path / "other"
    shutil.copytree(ROOT / "cleaner", other / "cleaner", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(ROOT / "rules", other / "rules")
    (other / "pyproject.toml").write_text("")
    code = "from cleaner.knowledge import pack_dir; print(pack_dir())"
    env = {**os.environ, "PYTHONPATH": str(other)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(out) == other / "rules"


def test_the_before_and_after_example_is_what_cleaner_gives():
    text = (ROOT / "README.md").read_text().split("## ", 1)[0]
    before, after = re.findall(r"```text\n(.*?)```", text, re.S)[:2]

    def unwrapped(block: str) -> str:  # the README wraps paragraphs; the file does not
        return "\n\n".join(" ".join(p.split("\n")) for p in block.strip().split("\n\n"))

    result = clean(unwrapped(before), "markdown")
    assert result.body == unwrapped(after)
    assert f'`title` "{result.title}"' in " ".join(text.split())
    for removed in result.removed:
        assert f"`{removed.category}`" in text
