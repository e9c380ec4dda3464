"""The index on disk: a `CURRENT` pointer names the live folder, so a rebuild can be swapped
in at once while readers keep the folder they opened; one lock file beside it lets one
writer (an ingest or a rebuild) in at a time, across processes."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import tantivy

from app.search.engine import IndexBusy
from app.search.tantivy.schema import LAYOUT, build_schema, register

POINTER = "CURRENT"
LOCK = "write.lock"
LAYOUT_FILE = "presser-layout"
FOLDER_PREFIX = "tv-"
# How often a writer waiting for the lock tries again.
LOCK_POLL = 0.05

log = logging.getLogger(__name__)


def root_of(index_root: Path) -> Path:
    """Beside Whoosh's folders (index_root/ix-*, index_root/CURRENT), never among them."""
    return index_root / "tantivy"


def current_dir(root: Path) -> Path | None:
    try:
        name = (root / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return root / name if name else None


def open_dir(path: Path) -> tantivy.Index:
    return register(tantivy.Index.open(str(path)))


def layout(path: Path) -> str:
    try:
        return (path / LAYOUT_FILE).read_text().strip()
    except FileNotFoundError:
        return ""


def new_dir(root: Path) -> Path:
    path = root / f"{FOLDER_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path.mkdir(parents=True)
    tantivy.Index(build_schema(), path=str(path), reuse=False)
    (path / LAYOUT_FILE).write_text(LAYOUT)
    return path


def point_to(root: Path, path: Path) -> None:
    tmp = root / f".{POINTER}.{uuid.uuid4().hex}"
    tmp.write_text(path.name)
    os.replace(tmp, root / POINTER)  # atomic: readers see the old folder or the new one


def live_dir(root: Path) -> Path:
    """The live folder, made (empty) if there is none yet. Call with the write lock held."""
    path = current_dir(root)
    if path is None or not tantivy.Index.exists(str(path)):
        path = new_dir(root)
        point_to(root, path)
    return path


def remove_old(root: Path, keep: set[Path]) -> None:
    """Folders from before the last swap. The one just replaced stays until the next
    rebuild: a reader may still be partway through a search in it."""
    for folder in root.glob(f"{FOLDER_PREFIX}*"):
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)


class WriteLock:
    """An exclusive lock on the index root (flock: released if the process dies), waited
    for up to `timeout` seconds; a rebuild holds it across the swap, so a writer that
    waited always finds the live folder."""

    def __init__(self, root: Path, timeout: float) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = open(root / LOCK, "a")  # noqa: SIM115 (held until release)
        deadline = time.monotonic() + timeout
        warned = False
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    raise IndexBusy(timeout) from None
            if not warned:
                log.warning(
                    "waiting up to %g s for the search index: another ingest or reindex holds it",
                    timeout,
                )
                warned = True
            time.sleep(LOCK_POLL)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the lock
            self._file = None


@contextlib.contextmanager
def locked(root: Path, timeout: float) -> Iterator[None]:
    lock = WriteLock(root, timeout)
    try:
        yield
    finally:
        lock.release()
