"""The tantivy engine behind the search interface (app.search.engine)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence

import tantivy

from app.config import Settings
from app.search.documents import ExchangeDoc
from app.search.query import ParsedSearch, SearchRequest
from app.search.results import Health, Hit, SearchResults
from app.search.tantivy import index
from app.search.tantivy.schema import LAYOUT, document
from app.search.tantivy.searching import Readers, search, stored_questions

# Memory for documents not yet written out, shared by the writer's threads (tantivy wants
# at least 15 MB a thread). An ingest commits every 10,000 exchanges, about 40 MB of text.
WRITER_HEAP = 128_000_000
# A rebuild writes larger segments, so fewer are left to merge.
REBUILD_HEAP = 512_000_000
# tantivy merges segments as they gather; this many means merging fell behind.
MANY_SEGMENTS = 32


class TantivyEngine:
    name = "tantivy"
    separate_index = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = index.root_of(settings.index_root)
        self.readers = Readers(self.root)

    def _threads(self) -> int:
        return max(1, self.settings.index_procs)

    def writer(self) -> Writer:
        lock = index.WriteLock(self.root, self.settings.index_lock_timeout)
        try:
            live = index.open_dir(index.live_dir(self.root))
            return Writer(live.writer(WRITER_HEAP, self._threads()), lock)
        except BaseException:
            lock.release()
            raise

    def rebuild(self, docs: Iterable[ExchangeDoc]) -> int:
        """A fresh folder, filled and committed under the write lock, then the pointer
        swapped; `docs` is read with the lock held, so it sees every committed ingest."""
        with index.locked(self.root, self.settings.index_lock_timeout):
            old = index.current_dir(self.root)
            path = index.new_dir(self.root)
            fresh = index.open_dir(path)
            w: tantivy.IndexWriter | None = None
            try:
                w = fresh.writer(REBUILD_HEAP, self._threads())
                for doc in docs:
                    w.add_document(document(doc))
                w.commit()
                w.wait_merging_threads()  # merges finish in the new folder, not after the swap
            except BaseException:
                w = None  # tantivy's writer stops its threads before the folder goes
                shutil.rmtree(path, ignore_errors=True)
                raise
            index.point_to(self.root, path)
        index.remove_old(self.root, keep={path} | ({old} if old else set()))
        fresh.reload()
        return fresh.searcher().num_docs

    def search(self, parsed: ParsedSearch, request: SearchRequest) -> SearchResults:
        view = self.readers.view()
        if view is None:
            return SearchResults(request=request, total=0, hits=[])
        return search(view, parsed, request)

    def related(self, key: str, top: int = 5) -> list[Hit]:
        return self.readers.related(key, top)

    def health(self) -> Health:
        path = index.current_dir(self.root)
        if path is None or not tantivy.Index.exists(str(path)):
            return Health(engine=self.name, found=False)
        result = Health(engine=self.name, found=True)
        searcher = index.open_dir(path).searcher()
        if searcher.num_segments > MANY_SEGMENTS:
            result.advice.append(
                f"index segments: {searcher.num_segments} (searches slow down with many; "
                "`presser reindex` makes few)"
            )
        if index.layout(path) != LAYOUT:
            result.advice.append(
                "index layout: older than this version's; `presser reindex` to rebuild it "
                "(searches work meanwhile)"
            )
        result.questions = dict(stored_questions(searcher))
        return result

    def close(self) -> None:
        self.readers.close()


class Writer:
    """tantivy's writer and the index's write lock, held until commit or cancel. A delete
    reaches documents added before it in the same writer too, so a session replaced twice
    before a commit keeps only its last version."""

    def __init__(self, writer: tantivy.IndexWriter, lock: index.WriteLock) -> None:
        self._writer: tantivy.IndexWriter | None = writer
        self._lock = lock

    def _open(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise RuntimeError("the index writer was committed or cancelled")
        return self._writer

    def replace_session(self, slug: str, docs: Sequence[ExchangeDoc]) -> None:
        w = self._open()
        w.delete_documents_by_term("session", slug)
        for doc in docs:
            w.add_document(document(doc))

    def delete_session(self, slug: str) -> None:
        self._open().delete_documents_by_term("session", slug)

    def commit(self) -> None:
        w = self._open()
        try:
            w.commit()
            w.wait_merging_threads()  # the merges this commit started, then the writer ends
        finally:
            self._finish()

    def cancel(self) -> None:
        try:
            self._open().rollback()
        finally:
            self._finish()

    def _finish(self) -> None:
        # Dropping tantivy's writer releases its own lock on the folder; then ours goes.
        self._writer = None
        self._lock.release()
