"""Transcript files -> parsed transcripts, read and parsed in worker processes while the
ingest writes the database and the index, handed back in the order of the files.

Parsing is pure Python and costs more than the database does (0.85 against 0.3 ms of CPU
an exchange on the generated archives), and one process runs one core: parsed in the
ingest's own process, the stages took turns. Workers are spawned, not forked (a fork
would copy the ingest's open database connections and the progress bar's thread), and
leave when the ingest does, even when it is killed. As with any spawned process, a script
that ingests must guard its entry point (`if __name__ == "__main__":`): a worker imports
the script's main module.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from app.parsing import ParseError, Transcript, parse_bytes

# Below this many files an ingest parses in its own process: starting a worker (a fresh
# interpreter, the parser's modules, its first-name dictionary) costs about a second of CPU,
# the parse of 20 generated files.
MIN_FILES = 20
# Files handed out ahead of the one being stored, per worker: enough that the workers keep
# parsing while the ingest commits the index (a generated file of 40 exchanges is ~40 ms
# of parsing), few enough that parsed transcripts do not pile up in memory when the
# database or the index is the slower stage (16 such files hold a few MB).
AHEAD = 8


@dataclass
class Parsed:
    """One file, read and parsed; `error` ("file:line: reason") when it cannot be a session."""

    path: Path
    transcript: Transcript | None = None
    error: str = ""
    seconds: float = 0.0  # spent reading and parsing it
    pid: int = field(default_factory=os.getpid)  # the process that did


def read_transcript(path: Path, max_mb: float) -> Parsed:
    """Read and parse one file. A bad file is an error naming it, never an exception (a
    ParseError would cross back from a worker without its line: it pickles its reason only)."""
    started = time.perf_counter()
    try:
        size = path.stat().st_size
        if size > max_mb * 1_000_000:
            return Parsed(
                path,
                error=f"{path}:1: file is {size / 1_000_000:.0f} MB, over the limit of "
                f"{max_mb:g} MB (PRESSER_MAX_FILE_MB)",
            )
        data = path.read_bytes()
    except OSError as exc:
        return Parsed(path, error=f"{path}:1: cannot read file: {exc.strerror}")
    try:
        transcript = parse_bytes(data, str(path))
    except ParseError as exc:
        return Parsed(path, error=str(exc), seconds=time.perf_counter() - started)
    return Parsed(path, transcript, seconds=time.perf_counter() - started)


def parse_files(paths: Sequence[Path], procs: int, max_mb: float) -> Generator[Parsed, None, None]:
    """Every file parsed, in the order given: in `procs` worker processes, or in this one
    when `procs` is 1 or the files are few. Close the iterator (contextlib.closing) to stop
    the workers early."""
    if procs <= 1 or len(paths) < MIN_FILES:
        for path in paths:
            yield read_transcript(path, max_mb)
        return
    pool = ProcessPoolExecutor(
        procs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_started
    )
    queued: deque[tuple[Path, Future[Parsed]]] = deque()
    todo = iter(paths)
    try:
        for path in todo:
            queued.append((path, pool.submit(read_transcript, path, max_mb)))
            if len(queued) >= procs * AHEAD:
                break
        while queued:
            path, future = queued.popleft()
            try:
                parsed = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): the rest are parsed here, so the
                # batch still goes in, file by file, as it would have without workers.
                for rest in [path, *(p for p, _ in queued), *todo]:
                    yield read_transcript(rest, max_mb)
                return
            if (following := next(todo, None)) is not None:
                queued.append((following, pool.submit(read_transcript, following, max_mb)))
            yield parsed
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_started() -> None:
    """Ctrl-C is the ingest's to handle (it stops the workers); a worker whose ingest is
    gone, even killed, exits instead of waiting for files forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)
