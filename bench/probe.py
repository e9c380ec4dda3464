"""One measured step in a process of its own, so its peak memory is its own: prints JSON.

python -m bench.probe ingest CORPUS_DIR     (PRESSER_DATA_DIR, PRESSER_DATABASE_URL and
python -m bench.probe reindex                PRESSER_SEARCH_ENGINE name the archive)
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from app.config import Settings
from app.ingest import Ingester, discover


def main() -> None:
    step = sys.argv[1]
    ingester = Ingester(Settings())
    started = time.perf_counter()
    out: dict[str, object] = {}
    if step == "ingest":
        results = ingester.ingest_paths(discover([Path(sys.argv[2])]))
        out["files"] = len(results)
        out["failed"] = sum(r.status == "failed" for r in results)
        out["exchanges"] = sum(r.exchanges for r in results if r.status != "failed")
    elif step == "reindex":
        out["exchanges"] = ingester.reindex()
    out["seconds"] = time.perf_counter() - started
    out["timings"] = dict(ingester.timings)
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    out["peak_mb"] = own.ru_maxrss / 1024
    # CPU seconds: this process's, and its workers' (parsing, an engine's analysers), which
    # say what the stages cost whatever else the machine was running.
    out["cpu"] = own.ru_utime + own.ru_stime
    out["cpu_workers"] = children.ru_utime + children.ru_stime
    out["procs"] = {"parse": ingester.settings.parse_procs, "index": ingester.settings.index_procs}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
