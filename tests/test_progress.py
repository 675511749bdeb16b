"""Progress: a total, a percentage and an ETA for record streams (from the files' sizes),
and progress lines when standard error is not a terminal."""

import json

from conftest import ARTICLE, write_tree

from cleaner import Cleaner
from cleaner.batch import Batch, plan
from cleaner.progress import Ticker
from cleaner.sources import discover


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_ticker_says_share_rate_and_time_left_at_most_every_period():
    clock, said = Clock(), []
    ticker = Ticker(1000, "B", said.append, every=10, clock=clock)
    clock.now = 5
    ticker.update(100)
    assert said == []  # not yet: one line per period
    clock.now = 20
    ticker.update(300)
    assert said == ["progress: 40% (400 B of 1,000 B) in 20 s, 20 B/s, ETA 30 s"]
    clock.now = 25
    ticker.update(100)
    assert len(said) == 1


def records(count: int) -> str:
    return "".join(
        json.dumps({"text": ARTICLE.replace("Monday", f"day {i}")}) + "\n" for i in range(count)
    )


def test_a_record_stream_reports_bytes_of_a_known_total(tmp_path):
    write_tree(tmp_path / "in", {"a.jsonl": records(200), "b.txt": ARTICLE})
    found, _ = discover([tmp_path / "in"])
    jobs, _ = plan(found, tmp_path / "out", "txt")
    said: list[str] = []
    Batch(Cleaner(), progress_every=0, say=said.append).run(jobs)
    lines = [line for line in said if line.startswith("progress: ")]
    total = sum(p.stat().st_size for p in (tmp_path / "in").iterdir())
    assert len(lines) >= 3  # one a unit of 32 records, and the file
    assert all(f"of {total / 1024:,.1f} kB" in line and "ETA" in line for line in lines)
    shares = [int(line.split()[1].rstrip("%")) for line in lines]
    assert shares == sorted(shares) and shares[-1] == 100 and shares[0] < 100


def test_no_lines_from_a_quiet_run(tmp_path):
    write_tree(tmp_path / "in", {"a.jsonl": records(40)})
    found, _ = discover([tmp_path / "in"])
    jobs, _ = plan(found, tmp_path / "out", "txt")
    said: list[str] = []
    Batch(Cleaner(), say=said.append).run(jobs)
    assert not [line for line in said if line.startswith("progress")]
