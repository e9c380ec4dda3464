"""Attribution over a whole corpus, parsed (not ingested): who asks, for which outlet, and
what becomes a numbered question. `python -m bench.attribution DIR... [--json OUT]`

Runs on the parser alone so the same script measures any revision of it (docs/corpus-report.md
compares the parser before and after the attribution work this way)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from app.parsing import ParseError, parse_file
from app.parsing.stage import speech_words


def _one(path: str) -> dict[str, Any] | None:
    try:
        t = parse_file(path)
    except ParseError:
        return None
    rows = []
    for e in t.exchanges:
        words = sum(
            speech_words(t.turns[i].text)
            for i in e.question_turns
            if t.turns[i].speaker == e.questioner_speaker
        )
        rows.append((e.questioner, e.outlet, words, getattr(e, "basis", "")))
    roles = {s.name: s.role.value for s in t.speakers.values()}
    return {"file": Path(path).name, "exchanges": rows, "roles": roles}


def survey(paths: list[Path]) -> dict[str, Any]:
    files = sorted(str(p) for d in paths for p in (d.rglob("*") if d.is_dir() else [d]))
    files = [f for f in files if f.endswith((".txt", ".md")) and not f.endswith("SOURCES.md")]
    with ProcessPoolExecutor(2) as pool:
        results = [r for r in pool.map(_one, files, chunksize=8) if r]
    exchanges = [row for r in results for row in r["exchanges"]]
    askers = Counter(q for q, _, _, _ in exchanges if q)
    outlets = Counter(o for _, o, _, _ in exchanges if o)
    bases = Counter(b or "none" for q, _, _, b in exchanges if q or b)
    n = len(exchanges) or 1
    return {
        "files": len(files),
        "sessions": len(results),
        "exchanges": len(exchanges),
        "named_asker": sum(bool(q) for q, _, _, _ in exchanges) / n,
        "full_name_asker": sum(bool(q and " " in q) for q, _, _, _ in exchanges) / n,
        "with_outlet": sum(bool(o) for _, o, _, _ in exchanges) / n,
        "four_words_or_fewer": sum(w <= 4 for _, _, w, _ in exchanges),
        "bases": dict(bases),
        "top_askers": askers.most_common(100),
        "top_outlets": outlets.most_common(60),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out = survey(args.paths)
    text = json.dumps(out, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
