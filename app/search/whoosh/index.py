"""The index on disk: a `CURRENT` pointer names the live folder, so a rebuild can be swapped
in at once while readers keep the folder they opened."""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.index import Index, LockError
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter, SegmentWriter

from app.search.documents import ExchangeDoc
from app.search.whoosh import fixes as whoosh_fixes
from app.search.whoosh.schema import build_schema

POINTER = "CURRENT"
# Segments under this many live documents are merged, ten of a size at a time. Whoosh
# merges at 3.9 ms a document, single-threaded (40,000 exchanges: 156 s), slower than
# indexing them afresh with two processes, so larger segments are left to `reindex`.
SMALL_SEGMENT = 2_000
# Memory for postings per writing process before they spill to disk: 5,000 exchanges'
# worth (by Whoosh's estimate of ~170 bytes a posting, ~240 postings an exchange).
WRITER_MB = 256
MERGE_FACTOR = 10

log = logging.getLogger(__name__)


def current_dir(root: Path) -> Path | None:
    pointer = root / POINTER
    if not pointer.exists():
        return None
    name = pointer.read_text().strip()
    return root / name if name else None


def _new_dir(root: Path) -> Path:
    path = root / f"ix-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path.mkdir(parents=True)
    whoosh_index.create_in(str(path), build_schema())
    return path


def _point_to(root: Path, path: Path) -> None:
    tmp = root / f".{POINTER}.{uuid.uuid4().hex}"
    tmp.write_text(path.name)
    os.replace(tmp, root / POINTER)  # atomic: readers see the old folder or the new one


def open_dir(path: Path) -> Index:
    whoosh_fixes.apply()
    return whoosh_index.open_dir(str(path))


def open_index(root: Path, create: bool = True) -> Index | None:
    path = current_dir(root)
    if path is None or not whoosh_index.exists_in(str(path)):
        if not create:
            return None
        root.mkdir(parents=True, exist_ok=True)
        path = _new_dir(root)
        _point_to(root, path)
    return open_dir(path)


def writer(ix: Index, timeout: float, procs: int = 1) -> IndexWriter:
    """A writer that waits for another process's writer instead of failing at once, and
    says so when it has to wait (an ingest that seems to hang is waiting its turn).

    With procs > 1, documents are analysed in that many worker processes (Whoosh's
    MpWriter): 2.0x the ingest throughput on two cores (317 vs 164 exchanges/s, index
    stage 8.8 -> 2.4 s, on 2,000 generated exchanges)."""
    try:
        return _writer(ix, 0, procs)
    except LockError:
        if timeout <= 0:
            raise
    log.warning(
        "waiting up to %g s for the search index: another ingest or reindex holds it", timeout
    )
    return _writer(ix, timeout, procs)


def _writer(ix: Index, timeout: float, procs: int) -> IndexWriter:
    if procs > 1:
        return ix.writer(
            timeout=timeout, delay=0.1, procs=procs, multisegment=True, limitmb=WRITER_MB
        )
    return ix.writer(timeout=timeout, delay=0.1, limitmb=WRITER_MB)


def merge_small(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A merge policy for ingest commits: when ten small segments of one order of
    magnitude (under 10, 100, 1,000 or SMALL_SEGMENT live documents) have gathered,
    merge them into one. Daily ingests of a file or two then stay a handful of segments,
    while bulk ingests, whose commits are larger than SMALL_SEGMENT, never pay for a merge.
    Whoosh's own MERGE_SMALL merged everything at some commits: 157 exchanges/s at 100k,
    against 423 at 10k."""
    tiers: dict[int, list[Segment]] = {}
    for segment in segments:
        live = segment.doc_count()
        if live < SMALL_SEGMENT:
            tiers.setdefault(len(str(live)), []).append(segment)
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) >= MERGE_FACTOR:
            for segment in group:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            merged = {id(segment) for segment in group}
            return [segment for segment in segments if id(segment) not in merged]
    return segments


def replace_session(
    w: IndexWriter, session_slug: str, docs: Iterable[ExchangeDoc], searcher: Searcher | None = None
) -> None:
    """`searcher`, the writer's own, opened once for many sessions: left to itself, Whoosh
    opens every segment again for each delete (39 ms a file at 20 segments, against 1 ms)."""
    w.delete_by_term("session", session_slug, searcher=searcher)
    for doc in docs:
        w.add_document(**doc.fields())


def rebuild(
    root: Path, docs: Iterable[ExchangeDoc], lock_timeout: float = 30.0, procs: int = 1
) -> Path:
    """Build a fresh index beside the live one, then swap the pointer; returns the new folder.

    The live index's writer lock is held throughout, so no ingest commits to the folder
    being replaced; `docs` is read after the lock is taken, so it holds every committed
    ingest. Ingests waiting for the lock then find the new folder (Ingester._writer)."""
    root.mkdir(parents=True, exist_ok=True)
    live = open_index(root)
    assert live is not None
    guard = writer(live, lock_timeout)
    try:
        path = _new_dir(root)
        w = writer(open_dir(path), lock_timeout, procs)
        try:
            for doc in docs:
                w.add_document(**doc.fields())
            # Not optimized: merging the workers' segments costs more than writing them
            # (Whoosh merges in one process), and searches barely notice 2 segments or 3.
            w.commit()
        except BaseException:
            w.cancel()
            shutil.rmtree(path, ignore_errors=True)
            raise
        _point_to(root, path)
    finally:
        guard.cancel()
    _remove_old(root, keep={path, Path(live.storage.folder)})
    return path


def _remove_old(root: Path, keep: set[Path]) -> None:
    """Folders from before the last swap. The one just replaced stays until the next
    rebuild: a reader may still be partway through a search in it."""
    for folder in root.glob("ix-*"):
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def doc_count(root: Path) -> int:
    ix = open_index(root, create=False)
    if ix is None:
        return 0
    with ix.searcher() as s:
        return int(s.doc_count())
