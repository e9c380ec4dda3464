"""Memory of a served archive; starting the server is tests/server.py's `serving`, shared
with the deploy test (re-exported here for the bench)."""

from __future__ import annotations

from pathlib import Path

from tests.server import serving

__all__ = ["memory_mb", "serving"]


def memory_mb(pid: int) -> float:
    """Memory of a process and its children (uvicorn's workers), in MB: the proportional
    set size, which counts the index's memory-mapped pages once across processes instead
    of once per process as RSS does."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(c) for c in task.read_text().split()]
    total = 0.0
    for p in pids:
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
    return total
