import hashlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Every property test runs the same examples every time and without a time limit per
# example, whichever files are run: a red build is never luck nor a loaded machine (the
# default profile, loaded when a file was run alone, failed
# test_repair_counts.py under load on its 200 ms deadline). Hunting for new counterexamples
# is done by hand: HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py
settings.register_profile(
    "cleaner",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", parent=settings.get_profile("cleaner"), max_examples=3000, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cleaner"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "golden"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for the Spark tests (the test extra installs pyspark)."""
    from pyspark.sql import SparkSession

    # Workers must run this interpreter: it is the one cleaner is installed in.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleaner-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    yield session
    session.stop()


# Short documents for the command-line tests: each has article prose and boilerplate that
# the shipped rules remove, so an output that is not cleaned shows.
ARTICLE = (
    "Share this article\n\n"
    "The council voted on Monday to keep the public library open for another year.\n\n"
    "Residents had campaigned for months, and the vote was closer than expected.\n\n"
    "Advertisement"
)
MARKDOWN = (
    "# Council keeps library open\n\n"
    "The council voted on **Monday** to keep the [public library](https://x.org) open "
    "for another year, after residents had campaigned for months.\n\n"
    "Share this article"
)
HTML = (
    "<html><head><title>Council keeps library open</title></head><body><article>"
    "<h1>Council keeps library open</h1>"
    + "".join(
        f"<p>The council voted on Monday to keep the public library open, residents "
        f"said, in paragraph {i} of the story.</p>"
        for i in range(6)
    )
    + "<p>Advertisement</p></article></body></html>"
)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files below root from {relative path: content}; return root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file below root (hidden ones too, but a run's own records in .cleaner/):
    relative path -> bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cleaner" not in p.relative_to(root).parts
    }


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file below root, and the target of every symlink (not followed)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# One rule of a user's own pack, with its examples (rule pack tests edit copies of it).
GOOD_RULE = """
  - id: mine.promo
    category: promo
    kind: block
    why: Our site's own promo line.
    pattern: ^Try our app!$
    examples:
      remove: ["Try our app!"]
      keep: ["Try our app, he said."]
"""
