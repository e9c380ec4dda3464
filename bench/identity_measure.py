"""Measure first-name resolution on a corpus before trusting it (docs/corpus-report.md).

`python -m bench.identity_measure DIR...` parses every transcript, takes the journalists named
in full (label, introduction or call), hides all but the first name of each, resolves it
against the rest of the archive with each window and minimum, and prints precision and
coverage; then what share of all exchanges would carry a named asker and an outlet."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from app.identity.resolve import FullMention, Resolver, first_key, measure
from app.parsing import ParseError, parse_file

STATED = ("label", "self", "call")


def _one(path: str) -> list[tuple[Any, ...]]:
    try:
        t = parse_file(path)
    except ParseError:
        return []
    return [(path, t.meta.date, e.questioner, e.outlet, e.basis) for e in t.exchanges]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args()
    files = sorted(
        str(p)
        for d in args.paths
        for p in (d.rglob("*") if d.is_dir() else [d])
        if p.suffix in (".txt", ".md") and p.name != "SOURCES.md"
    )
    with ProcessPoolExecutor(2) as pool:
        rows = [r for batch in pool.map(_one, files, chunksize=8) for r in batch]
    sessions = {path: i for i, path in enumerate(files)}
    named = [
        FullMention(q, d, sessions[p], o)
        for p, d, q, o, b in rows
        if q and d and b in STATED and first_key(q) is None and len(q.split()) >= 2
    ]
    print(f"{len(rows):,} exchanges; {len(named):,} name a journalist in full\n")
    print(
        "| window (days) | others excluded within (days) | min. sessions | tried | resolved "
        "| right | precision | coverage |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for window in (90, 180, 365):
        for conflict in (window, 730, 3650):
            for minimum in (1, 2, 3):
                m = measure(named, window, minimum, conflict)
                print(
                    f"| {window} | {conflict} | {minimum} | {m.tried} | {m.resolved} | {m.right} "
                    f"| {m.precision:.3f} | {m.coverage:.3f} |"
                )
    resolver = Resolver(named)
    asked = [r for r in rows if r[2]]
    linked = [r for r in asked if first_key(r[2]) is None and len(r[2].split()) >= 2]
    inferred = [r for r in asked if first_key(r[2]) and resolver.resolve(r[2], r[1])]
    with_outlet = sum(bool(r[3]) for r in rows)
    gained_outlet = sum(
        1
        for r in asked
        if not r[3] and first_key(r[2]) and (link := resolver.resolve(r[2], r[1])) and link.outlet
    )
    n = len(rows)
    print(
        f"\nNamed asker: {len(asked) / n:.1%} of exchanges (in full: {len(linked) / n:.1%}); "
        f"first-name calls linked by inference: {len(inferred):,} "
        f"({len(inferred) / max(1, len(asked) - len(linked)):.1%} of first-name calls), "
        f"so {(len(linked) + len(inferred)) / n:.1%} of exchanges link to a journalist page.\n"
        f"Outlet: {with_outlet / n:.1%} as stated; {(with_outlet + gained_outlet) / n:.1%} "
        f"with the linked journalist's outlet as of the date."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
