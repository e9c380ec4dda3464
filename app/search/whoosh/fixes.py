"""Corrections to whoosh-reloaded 2.7.5, applied by whoever opens an index (never at import).

Each one was found in a profile or a failing test; see the docstring of each. They patch
that release's internals, so another release is refused rather than patched blindly."""

from __future__ import annotations

from typing import Any

_applied = False
COPY_LIMIT = 256 * 2**10  # bytes of a mapped file part that are still copied (see below)


# The release these corrections were written for and tested against (pyproject pins it).
WRITTEN_FOR = (2, 7, 5)


class UnsupportedWhoosh(RuntimeError):
    pass


def apply() -> None:
    """Idempotent: safe to call every time an index is opened."""
    global _applied
    if _applied:
        return
    check_version()
    _cache_missing_length_columns()
    _read_lengths_as_bytes()
    _children_die_with_parent()
    _read_mapped_files_in_place()
    _applied = True


def check_version(found: tuple[int, ...] | None = None) -> None:
    if found is None:
        import whoosh

        found = tuple(whoosh.__version__)
    if found != WRITTEN_FOR:
        raise UnsupportedWhoosh(
            f"whoosh-reloaded {'.'.join(map(str, found))} is installed, but Presser's fixes "
            f"(app/search/whoosh/fixes.py) were written for {'.'.join(map(str, WRITTEN_FOR))} "
            "and patch its internals: install the pinned release (pip install -e .)"
        )


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


def _read_lengths_as_bytes() -> None:
    """A field's length in a document (one byte a document) was read through a column
    reader, a file read and a struct unpack per call: writing a segment asks for it once
    per posting (11% of indexing, cProfile: 936,000 calls for 3,900 exchanges), and
    BM25 once per scored document. The column is read once per segment reader instead,
    as bytes (a million documents: 1 MB a field)."""
    from whoosh.codec import whoosh3
    from whoosh.columns import NumericColumn

    reader_class: Any = whoosh3.W3PerDocReader
    original = reader_class.doc_field_length
    byte_to_length = whoosh3.byte_to_length
    lenfield = whoosh3._lenfield

    def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
        cache = self.__dict__.setdefault("_presser_lengths", {})
        lengths = cache.get(fieldname)
        if lengths is None:
            column = self._cached_reader(lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            if column is None:
                lengths = cache[fieldname] = False  # a field without lengths
            elif not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
                return original(self, docnum, fieldname, default)  # not the usual layout
            else:
                lengths = cache[fieldname] = column._dbfile.get(column._basepos, column._count)
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        if lengths is False:
            return default
        if docnum >= len(lengths):
            return None  # as Whoosh: a document past the column has length byte 0
        code = lengths[docnum]
        return byte_to_length(code) if code else None

    doc_field_length.__wrapped__ = original  # type: ignore[attr-defined]
    reader_class.doc_field_length = doc_field_length


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


def _read_mapped_files_in_place() -> None:
    """Whoosh maps each segment file into memory, then wraps every part it opens in
    `BytesIO(memoryview)`, which copies the part: a searcher's first open at 100k
    exchanges copied the 280 MB postings file into the heap, once per thread's searcher
    (5.6 GB of server memory with 2 workers x 4 threads). A file that reads the mapping in
    place costs only the pages a search touches, shared by every thread and process.
    Parts under COPY_LIMIT are still copied, as BytesIO reads them in C; the limit is low
    because an ingest leaves many small segments: at 500k exchanges in 100 segments, a
    4 MB limit still copied 190 MB per searcher, 256 KB copies 54 MB."""
    from whoosh.filedb import structfile

    buffer_class: Any = structfile.BufferFile
    original_init = buffer_class.__init__

    def __init__(self: Any, buf: Any, name: Any = None, onclose: Any = None) -> None:
        if len(buf) <= COPY_LIMIT:
            original_init(self, buf, name, onclose)
            return
        original_init(self, b"", name, onclose)
        self._buf = buf
        self.file = ViewFile(buf)

    buffer_class.__init__ = __init__


class ViewFile:
    """The read side of a file, over a buffer it does not copy (read, readline, seek,
    tell: what Whoosh's readers and `pickle.load` call)."""

    def __init__(self, buf: Any) -> None:
        self._view = memoryview(buf)
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else start + size
        chunk = bytes(self._view[start:end])
        self._pos = start + len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._pos
        end = len(view) if size is None or size < 0 else min(len(view), start + size)
        stop = start
        while stop < end:  # lines are rare here (pickles): scan in small steps
            chunk = bytes(view[stop : min(end, stop + 256)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                stop += newline + 1
                break
            stop += len(chunk)
        return self.read(stop - start)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._view))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view.release()

    def __iter__(self) -> Any:
        while line := self.readline():
            yield line
