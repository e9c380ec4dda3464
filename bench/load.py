"""`make load`: wrk against uvicorn on 127.0.0.1 (search, answer permalink, session page),
bounded in time; fails on any non-2xx response. Prints a markdown table for
docs/benchmarks.md.

    python -m bench.load [--data DIR] [--seconds 10] [--connections 16] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.server import serving

ROOT = Path(__file__).resolve().parent.parent


def ensure_archive(data: Path) -> None:
    """The seeds, ingested once into a folder of its own (never the user's archive)."""
    if (data / "presser.db").exists():
        return
    env = {**os.environ, "PRESSER_DATA_DIR": str(data)}
    subprocess.run(
        [sys.executable, "-m", "app.cli", "ingest", str(ROOT / "seeds")],
        env=env,
        check=True,
        capture_output=True,
    )


def targets(base: str) -> dict[str, str]:
    with urllib.request.urlopen(base + "/api/sessions") as r:
        session = json.load(r)["sessions"][0]["slug"]
    return {
        "search (term, facets, snippets)": f"{base}/search?q=president",
        "search (phrase + filter)": f"{base}/search?q=%22the+president%22+year:2022",
        "answer permalink": f"{base}/sessions/{session}/q/1",
        "session page": f"{base}/sessions/{session}",
    }


def settle(base: str, limit: float = 120.0) -> None:
    """Wait until the server has worked off what the last run left queued: wrk closes its
    connections after its time is up, but requests already accepted still run, and would
    be charged to the next page measured (1.6 permalinks/s after phrase searches)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(base + "/", timeout=limit) as response:
            response.read()
        if time.monotonic() - started < 0.25:
            return
        time.sleep(0.5)


def wrk(url: str, seconds: int, connections: int, threads: int = 2) -> dict[str, str]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": re.search(r"Requests/sec:\s+([\d.]+)", out).group(1),  # type: ignore[union-attr]
        "p50": re.search(r"50%\s+(\S+)", out).group(1),  # type: ignore[union-attr]
        "p99": re.search(r"99%\s+(\S+)", out).group(1),  # type: ignore[union-attr]
        "requests": re.search(r"(\d+) requests in", out).group(1),  # type: ignore[union-attr]
        "non2xx": non2xx.group(1) if non2xx else "0",
        "socket_errors": errors.group(1) if errors else "none",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "load")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    ensure_archive(args.data)
    failed = False
    print(f"wrk, {args.connections} connections, {args.seconds} s each, ", end="")
    print(f"uvicorn --workers {args.workers}\n")
    print("| page | requests/s | p50 | p99 | requests | non-2xx | socket errors |")
    print("|---|---:|---:|---:|---:|---:|---|")
    with serving(args.data, workers=args.workers) as base:
        for name, url in targets(base).items():
            settle(base)
            r = wrk(url, args.seconds, args.connections)
            failed |= r["non2xx"] != "0"
            cells = [name, *(r[k] for k in ("rps", "p50", "p99", "requests", "non2xx"))]
            print("| " + " | ".join([*cells, r["socket_errors"]]) + " |")
    if failed:
        print("\nFAILED: some responses were not 2xx", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
