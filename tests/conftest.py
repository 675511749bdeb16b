from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "golden"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
