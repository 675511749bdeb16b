"""What the package declares: every module it imports comes from a declared dependency
(optional ones from their extra), and every folder of shipped data (the packs and their
word lists; rules/i18n holds the sources the language packs are made from, not shipped) is
a declared package (setuptools warns about, and will stop shipping, one that is not)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Modules behind an extra: imported only by the module that needs it.
EXTRA_MODULES = {
    "cleaner/spark.py": "spark",
    "cleaner/warc.py": "warc",
    "cleaner/parquet.py": "parquet",
    "cleaner/integrations/datatrove.py": "datatrove",
}

VIA_EXTRA = {"loguru"}  # datatrove's own logger, which the datatrove step logs to


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _modules(nodes) -> set[str]:
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"cleaner"}


def imported(path) -> tuple[set[str], set[str]]:
    """The modules a file imports when it is imported, and those it imports only when
    asked (inside a function, or in a try that allows them to be missing)."""
    tree = ast.parse(path.read_text())
    eager = _modules(tree.body)
    return eager, _modules(ast.walk(tree)) - eager


def _distributions(module: str, distributions) -> set[str]:
    return {_name(d) for d in distributions.get(module, [module])}


def test_every_import_is_declared():
    distributions = packages_distributions()
    runtime = {_name(r) for r in PROJECT["dependencies"]}
    extras = {k: {_name(r) for r in v} for k, v in PROJECT["optional-dependencies"].items()}
    optional = set().union(*extras.values())
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        declared = runtime | extras.get(EXTRA_MODULES.get(relative, ""), set())
        eager, lazy = imported(path)
        for module in eager:
            names = _distributions(module, distributions)
            assert names & declared or module in VIA_EXTRA, f"{relative}: {module}"
        for module in lazy:  # an extra's module, loaded where it is needed
            names = _distributions(module, distributions)
            assert names & (declared | optional) or module in VIA_EXTRA, f"{relative}: {module}"


def test_justext_is_a_declared_dependency():
    assert "justext" in {_name(r) for r in PROJECT["dependencies"]}


def test_every_folder_of_shipped_data_is_a_package():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {folder: package for package, folder in setuptools["package-dir"].items()}
    words = ROOT / "rules" / "words"
    for folder in [ROOT / "rules", words, *(p for p in words.rglob("*") if p.is_dir())]:
        relative = folder.relative_to(ROOT).as_posix()
        if relative not in folders:  # a subpackage of a mapped one: its folder below it
            parent = next(
                f for f in sorted(folders, key=len, reverse=True) if relative.startswith(f + "/")
            )
            folders[relative] = folders[parent] + relative[len(parent) :].replace("/", ".")
        assert relative in folders, f"{relative} ships data but is no declared package"
        package = folders[relative]
        assert package in setuptools["packages"]
        data = setuptools["package-data"]
        patterns = data.get(package, []) + data.get("*", [])
        assert any(folder.glob(pattern) for pattern in patterns)
