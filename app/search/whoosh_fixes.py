"""Corrections to whoosh-reloaded 2.7.5, applied by whoever opens an index (never at import).

Each one was found in a profile or a failing test; see the docstring of each."""

from __future__ import annotations

from typing import Any

_applied = False


def apply() -> None:
    """Idempotent: safe to call every time an index is opened."""
    global _applied
    if _applied:
        return
    _cache_missing_length_columns()
    _children_die_with_parent()
    _applied = True


def _cache_missing_length_columns() -> None:
    """A segment's per-document reader remembers the length columns it found, but not the
    ones it did not: fields without lengths (IDs, numbers, dates) cost an `os.path.exists`
    per posting. Committing 10,000 exchanges made 290,000 such calls (6 of 17 s, cProfile).
    Segments are immutable once written, so remembering "no column" is always right."""
    from whoosh.codec import whoosh3

    reader_class: Any = whoosh3.W3PerDocReader
    original = reader_class._cached_reader

    def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        if fieldname in self._readers:
            return self._readers[fieldname]
        reader = original(self, fieldname, column)
        self._readers[fieldname] = reader
        return reader

    reader_class._cached_reader = _cached_reader


def _children_die_with_parent() -> None:
    """MpWriter's worker processes are forked with the index lock's file open (flock locks
    follow the open file into children). If the ingest is killed, orphaned workers wait on
    their job queue forever and hold the lock: the next ingest waited its timeout for every
    file (the SIGKILL fault test hung). On Linux each worker now asks to be killed with
    its parent."""
    import ctypes
    import os
    import signal

    from whoosh import multiproc

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return  # not Linux: nothing to ask for
    task_class: Any = multiproc.SubWriterTask
    original_run = task_class.run
    parent = os.getpid

    def run(self: Any) -> Any:
        pr_set_pdeathsig = 1
        prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != self._presser_parent:
            os._exit(1)  # the parent died before the request took effect
        return original_run(self)

    original_start = task_class.start

    def start(self: Any) -> Any:
        self._presser_parent = parent()
        return original_start(self)

    task_class.run = run
    task_class.start = start
