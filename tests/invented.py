"""An invented article's two paragraphs, shared by the shape tests that put one piece of
page furniture (or its look-alike) beside them and check what the body keeps."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.model import CleanResult

LEAD = (
    "The harbour board voted on Monday to dredge the eastern channel before the summer, "
    "after two cargo ships ran aground there within a month."
)
MORE = (
    "Dredging will start in April and close the channel to larger ships for six weeks. "
    "Fishing boats will still be able to use the western entrance, the board said."
)


def clean_paragraphs(paragraphs: list[str], format: str = "text") -> CleanResult:
    """The paragraphs cleaned as one document, blank lines between them."""
    return Cleaner().clean("\n\n".join(paragraphs), format=format)
