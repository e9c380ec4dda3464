"""A served archive, measured from outside: requests timed one at a time over a kept-alive
connection, and the memory of `presser serve`'s processes. Starting the server is
tests/server.py's `serving`, shared with the deploy test (re-exported here for the bench)."""

from __future__ import annotations

import http.client
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.server import serving

__all__ = ["Client", "memory_mb", "peak_rss_mb", "serving"]


class Client:
    """GETs one at a time, as one reader's browser would send them; seconds until the whole
    body has arrived."""

    def __init__(self, base: str, timeout: float = 120.0) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.failures: list[str] = []

    def get(self, path: str) -> float:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                response.read()
            except TimeoutError:
                # A page slower than the timeout is a finding, not the end of the run: it
                # is counted as a failure at the timeout's length.
                self.close()
                self.failures.append(f"timeout ({self.timeout:.0f} s) {path}")
                return self.timeout
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection: once more on a new one.
                self.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            if response.status != 200:
                self.failures.append(f"{response.status} {path}")
            return seconds
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _family(pid: int) -> list[int]:
    """A process and its children (uvicorn's workers)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(c) for c in task.read_text().split()]
    return pids


def _kb(pid: int, field: str, file: str = "status") -> int:
    """One field of /proc/<pid>/status (or smaps_rollup), in kB; 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """The peak resident set (VmHWM) of a server's processes since they started, in MB:
    summed over the supervisor and its workers, and the largest worker's alone. A sum of
    RSS counts pages the workers share (the index's mapped files) once per worker."""
    peaks = [_kb(p, "VmHWM") / 1024 for p in _family(pid)]
    return sum(peaks), max(peaks[1:] or peaks)


def memory_mb(pid: int) -> float:
    """Memory of a process and its children now, in MB: the proportional set size, which
    counts the index's memory-mapped pages once across processes instead of once per
    process as RSS does."""
    return sum(_kb(p, "Pss", "smaps_rollup") for p in _family(pid)) / 1024


def memory_split_mb(pid: int) -> tuple[float, float]:
    """A server's memory now, in MB, in two parts: anonymous (what its processes allocated:
    heaps, caches; RssAnon summed, as no worker shares it) and file-backed (pages of mapped
    files such as tantivy's index, Pss_File: each page once however many workers map it).
    The second part is the kernel's page cache seen through the mappings: clean, shared,
    and dropped under memory pressure, to be read again from disk."""
    family = _family(pid)
    anon = sum(_kb(p, "RssAnon") for p in family) / 1024
    return anon, sum(_kb(p, "Pss_File", "smaps_rollup") for p in family) / 1024
