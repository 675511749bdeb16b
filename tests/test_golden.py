"""Golden files for every sample: one per pipeline step, the body, and what was removed.

Regenerate on purpose with ``pytest tests/test_golden.py --force-regen`` and read the diff.
"""

from functools import cache
from pathlib import Path

import pytest
from conftest import GOLDEN, SAMPLES

from cleaner.golden import STEP_FILES, golden_dir, samples, snapshot

SAMPLE_FILES = samples(SAMPLES)
FILE_NAMES = [name for name, _ in STEP_FILES.values()] + ["body.txt", "removed.yml", "meta.yml"]


@cache
def cached_snapshot(sample: Path) -> dict[str, str]:
    return snapshot(sample)


def test_samples_present():
    assert len(SAMPLE_FILES) >= 5


def test_snapshot_names_every_file():
    assert set(cached_snapshot(SAMPLE_FILES[0])) == set(FILE_NAMES)


@pytest.mark.parametrize("name", FILE_NAMES)
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_golden(sample, name, file_regression):
    folder = golden_dir(GOLDEN, SAMPLES, sample)
    file_regression.check(cached_snapshot(sample)[name], fullpath=folder / name)
