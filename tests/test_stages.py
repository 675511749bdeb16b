"""Each removal records the stage that made it: the stage after which its block first
stood outside the body, as the pipeline's trace sees it. A rule applied to the article's
head or tail by the article stage records "article", not "rules"; a heuristic records
its own stage. The golden files' ``removed.yml`` come from the same results, so they agree
(tests/test_golden.py)."""

import pytest
from conftest import SAMPLES

from cleaner.golden import samples
from cleaner.model import BODY, COMMENT, Document
from cleaner.pipeline import default_cleaner
from cleaner.sources import format_for, read_bytes

# What a stage may record besides its own name: learned site furniture is marked inside the
# rules stage, before the heuristics, and says so ("sites").
_ALSO = {"rules": {"sites"}}

P1 = (
    "The harbour authority said on Wednesday that the old ferry pier would close for "
    "repairs from the first week of May."
)
P2 = (
    "Boats to the islands will leave from the northern quay instead, and the timetable "
    "stays the same until the autumn."
)
P3 = (
    "Engineers found cracks in two of the concrete pillars during a routine inspection "
    "last winter, the authority said."
)
FURNITURE = "Share this article\n\nAdvertisement\n\nSkip to content\n\nSign up for our newsletter"
THREAD = "\n\n".join(
    [
        "Ann on 4 March 2024 at 9:12 am said:",
        "About time, the pier was in a sorry state.",
        "Bo on 4 March 2024 at 9:40 am said:",
        "Will the cafe on the quay stay open?",
        "Cy on 4 March 2024 at 10:02 am said:",
        "Not before June, I heard.",
    ]
)
# Each document has removals its name says which stage makes.
DOCUMENTS = {
    "rules and a tail rule on the article's tail (article)": (
        f"{P1}\n\n{P2}\n\nComments are moderated and will appear after approval.\n\n"
        f"{FURNITURE}\n\nNext article\n\n{FURNITURE}"
    ),
    "a comment thread (regions)": f"{P1}\n\n{P2}\n\n{P3}\n\n{THREAD}",
    "a headline (features) and its subtitle (neighbours)": (
        f"Ferry pier to close for repairs\n\nIsland boats move to the northern quay\n\n{P1}\n\n{P2}"
    ),
}


def _first_out(text: str | bytes, fmt: str | None = None) -> tuple[Document, dict[int, str]]:
    """The document, and for each block that left the body the stage it left in."""
    first: dict[int, str] = {}

    def trace(stage: str, doc: Document) -> None:
        for block in doc.blocks:
            if block.label != BODY:
                first.setdefault(id(block), stage)

    return default_cleaner().run(text, fmt, trace=trace), first


def _recorded_and_made(text: str | bytes, fmt: str | None = None) -> list[tuple[str, str]]:
    doc, first = _first_out(text, fmt)
    return [(b.stage, first[id(b)]) for b in doc.blocks if id(b) in first]


def _agree(pairs: list[tuple[str, str]]) -> bool:
    return all(recorded in {made} | _ALSO.get(made, set()) for recorded, made in pairs)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_removal_records_the_stage_that_made_it(name):
    pairs = _recorded_and_made(DOCUMENTS[name])
    assert pairs and _agree(pairs), pairs


def test_every_deciding_stage_is_seen():
    """The documents above reach every stage that removes text, so the test above could
    fail for each of them."""
    made = {made for text in DOCUMENTS.values() for _, made in _recorded_and_made(text)}
    assert made == {"rules", "regions", "features", "neighbours", "article"}


@pytest.mark.parametrize("sample", samples(SAMPLES), ids=lambda p: p.stem)
def test_the_samples_record_the_stage_that_made_each_removal(sample):
    pairs = _recorded_and_made(read_bytes(sample), format_for(sample))
    assert pairs and _agree(pairs), pairs
    doc, _ = _first_out(read_bytes(sample), format_for(sample))
    assert [r.stage for r in doc.result.removed] == [
        b.stage for b in doc.blocks if b.label not in (BODY, COMMENT)
    ]
