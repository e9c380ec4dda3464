"""The Whoosh engine behind the search interface (app.search.engine)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter as WhooshWriter

from app.config import Settings
from app.search.documents import ExchangeDoc
from app.search.engine import IndexBusy
from app.search.query import ParsedSearch, SearchRequest
from app.search.results import Health, Hit, SearchResults
from app.search.whoosh import index
from app.search.whoosh.schema import build_schema, signature
from app.search.whoosh.searching import IndexReaders, search

# Searches slow down past this many segments; a reindex writes two.
MANY_SEGMENTS = 32

log = logging.getLogger(__name__)


class WhooshEngine:
    name = "whoosh"
    separate_index = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.index_root
        self.readers = IndexReaders(self.root)

    def writer(self) -> Writer:
        return Writer(self._open_writer(), self._open_writer)

    def _open_writer(self) -> WhooshWriter:
        """The live index's writer, waiting for another ingest or a reindex to finish. If a
        reindex swapped in a new folder meanwhile, the new folder is the one written."""
        timeout = self.settings.index_lock_timeout
        while True:
            ix = index.open_index(self.root)
            assert ix is not None
            try:
                w = index.writer(ix, timeout, self.settings.index_procs)
            except LockError:
                raise IndexBusy(timeout) from None
            if index.current_dir(self.root) == Path(ix.storage.folder):
                return w
            w.cancel()

    def rebuild(self, docs: Iterable[ExchangeDoc]) -> int:
        index.rebuild(self.root, docs, self.settings.index_lock_timeout, self.settings.index_procs)
        return index.doc_count(self.root)

    def search(self, parsed: ParsedSearch, request: SearchRequest) -> SearchResults:
        searcher = self.readers.searcher()
        if searcher is None:
            return SearchResults(request=request, total=0, hits=[])
        return search(searcher, parsed, request, self.readers.columns)

    def related(self, key: str, top: int = 5) -> list[Hit]:
        return self.readers.related(key, top)

    def health(self) -> Health:
        ix = index.open_index(self.root, create=False)
        if ix is None:
            return Health(engine=self.name, found=False)
        result = Health(engine=self.name, found=True)
        segments = len(ix._segments())
        if segments > MANY_SEGMENTS:
            result.advice.append(
                f"index segments: {segments} (searches slow down with many; "
                "`presser reindex` makes two)"
            )
        if signature(ix.schema) != signature(build_schema()):
            result.advice.append(
                "index schema: older than this version's; `presser reindex` to rebuild it "
                "(searches work meanwhile)"
            )
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                result.questions[fields["key"]] = fields.get("question", "")
        return result

    def close(self) -> None:
        self.readers.close()


class Writer:
    """Whoosh's writer with its own searcher for deletes, opened once per commit: left to
    itself, Whoosh opens every segment again for each delete (39 ms a file at 20 segments,
    against 1 ms)."""

    def __init__(self, writer: WhooshWriter, reopen: Callable[[], WhooshWriter]) -> None:
        self._writer = writer
        self._reopen = reopen
        self._searcher: Searcher | None = None
        self._slugs: set[str] = set()

    def replace_session(self, slug: str, docs: Sequence[ExchangeDoc]) -> None:
        if slug in self._slugs:
            # Replaced twice before a commit: a writer's deletes reach committed documents
            # only, so the first version is committed before it is deleted.
            self._commit_and_reopen()
        self._slugs.add(slug)
        index.replace_session(self._writer, slug, docs, self._deleting())

    def delete_session(self, slug: str) -> None:
        if slug in self._slugs:
            self._commit_and_reopen()
        self._writer.delete_by_term("session", slug, searcher=self._deleting())

    def commit(self) -> None:
        self._close_searcher()
        self._writer.commit(mergetype=index.merge_small)

    def cancel(self) -> None:
        self._close_searcher()
        self._writer.cancel()

    def _deleting(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self._writer.searcher()
        return self._searcher

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _commit_and_reopen(self) -> None:
        self.commit()
        self._writer = self._reopen()
        self._slugs = set()
