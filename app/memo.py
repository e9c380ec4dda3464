"""Results that only an ingest can change, kept in the process until the archive changes.

The statistics that read every answer's text (a principal's answer lengths and
deflections) cost a quarter of a second of the database's time for the busiest principal
of the real archive, and /stats reads the whole archive; both change only when an ingest
does. Each request asks the database for the archive's version, a digest of every
session's id and content hash (under 2 ms for 921 sessions), and a memo of another
version is dropped. Nothing is written anywhere: each
worker process keeps its own, and a restart starts empty."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from app.models import PressSession

T = TypeVar("T")


def archive_version(db: Session) -> str:
    """Changes whenever an ingest changes anything a statistic reads: a session added,
    replaced (its content hash changes) or removed. Askers are relinked across the
    archive (app.identity.archive) only after an ingest that adds or replaces a session,
    so a relink never happens without such a change. (A digest of the exchanges'
    attribution columns would cover it directly but costs a scan of the table, 15 ms.)"""
    digest = hashlib.sha256()
    for session_id, content_hash in db.exec(
        select(PressSession.id, PressSession.content_hash).order_by(col(PressSession.id))
    ):
        digest.update(f"{session_id}:{content_hash};".encode())
    return digest.hexdigest()


class Memo:
    """A bounded map from (archive version, key) to a computed value."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._version = ""
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, db: Session, key: Hashable, compute: Callable[[], T]) -> T:
        version = archive_version(db)
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                found: T = self._items[key]
                return found
        # Computed outside the lock: two threads may both compute a missing key once.
        value = compute()
        with self._lock:
            if self._version == version:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
