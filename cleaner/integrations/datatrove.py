"""cleaner as a datatrove pipeline step: one line in a datatrove recipe.

    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    pipeline = [
        WarcReader("crawl/"),            # doc.text: the page's HTML
        CleanerStep(keep={"caption"}),   # doc.text: the article body
        JsonlWriter("clean/"),
    ]

Each document's text (HTML, Markdown or plain text: the format is detected) becomes its
body; what cleaner found goes to ``doc.metadata["cleaner"]``: title, authors, date,
source, url, comments and removed (text, category, rule). Documents left with no body are
dropped (``drop_empty=False`` keeps them), and so are documents cleaner cannot read; the
step's stats count cleaned documents, drops by reason, and removed blocks by category,
as datatrove's own steps do. Needs the ``datatrove`` extra.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from loguru import logger  # datatrove's logger

from cleaner.errors import InputError
from cleaner.model import CleanResult
from cleaner.pipeline import Cleaner


class CleanerStep(PipelineStep):
    """Clean each document's text into its article body (see the module's docstring)."""

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        *,
        keep: Iterable[str] = (),
        disable: Iterable[str] = (),
        packs: Iterable[str] = (),
        format: str | None = None,
        drop_empty: bool = True,
        metadata_key: str = "cleaner",
    ) -> None:
        super().__init__()
        self.options = (tuple(packs), tuple(sorted(keep)), tuple(sorted(disable)))
        self.format, self.drop_empty, self.metadata_key = format, drop_empty, metadata_key
        self._cleaner: Cleaner | None = self._build()  # bad names or packs fail here, at once

    def _build(self) -> Cleaner:
        packs, keep, disable = self.options
        return Cleaner(packs=packs, keep=keep, disable=disable)

    @property
    def cleaner(self) -> Cleaner:
        if self._cleaner is None:  # after unpickling in a worker
            self._cleaner = self._build()
        return self._cleaner

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_cleaner": None}  # rebuilt where it runs

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                try:
                    result = self.cleaner.clean(doc.text, self.format)
                except InputError as exc:
                    self.stat_update("dropped_unreadable")
                    logger.warning(f"{doc.id}: {exc}")
                    continue
            for removed in result.removed:
                self.stat_update(f"removed_{removed.category}")
            if self.drop_empty and not result.body:
                self.stat_update("dropped_empty")
                continue
            doc.text = result.body
            doc.metadata[self.metadata_key] = metadata(result)
            self.stat_update("forwarded")
            self.update_doc_stats(doc)
            yield doc


def metadata(result: CleanResult) -> dict[str, Any]:
    """What the step keeps of a result beside the body (JSON-ready, for any writer)."""
    return {
        **result.metadata(),
        "comments": result.comments,
        "removed": [
            {"text": r.text, "category": r.category, "rule": r.rule} for r in result.removed
        ],
    }
