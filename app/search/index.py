"""The index on disk: a `CURRENT` pointer names the live folder, so a rebuild can be swapped
in at once while readers keep the folder they opened."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import IndexWriter

from app.search import whoosh_fixes
from app.search.documents import ExchangeDoc
from app.search.schema import build_schema

POINTER = "CURRENT"


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


def writer(ix: Index, timeout: float) -> IndexWriter:
    """A writer that waits for another process's writer instead of failing at once."""
    return ix.writer(timeout=timeout, delay=0.1)


def replace_session(w: IndexWriter, session_slug: str, docs: Iterable[ExchangeDoc]) -> None:
    w.delete_by_term("session", session_slug)
    for doc in docs:
        w.add_document(**doc.fields())


def rebuild(root: Path, docs: Iterable[ExchangeDoc]) -> Path:
    """Build a fresh index beside the live one, then swap the pointer; returns the new folder."""
    root.mkdir(parents=True, exist_ok=True)
    old = current_dir(root)
    path = _new_dir(root)
    ix = open_dir(path)
    w = ix.writer(limitmb=256)
    try:
        for doc in docs:
            w.add_document(**doc.fields())
        w.commit(optimize=True)
    except BaseException:
        w.cancel()
        shutil.rmtree(path, ignore_errors=True)
        raise
    _point_to(root, path)
    if old is not None and old != path:
        shutil.rmtree(old, ignore_errors=True)
    return path


def doc_count(root: Path) -> int:
    ix = open_index(root, create=False)
    if ix is None:
        return 0
    with ix.searcher() as s:
        return s.doc_count()
