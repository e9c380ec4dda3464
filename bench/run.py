"""`make bench`: ingest, reindex, search, pages and load, measured at several sizes, with
SQLite FTS5 (stdlib) on the same documents and queries as a yardstick. Writes the tables
into docs/benchmarks.md between its result markers, and prints them.

    python -m bench.run [--sizes 10000,100000] [--full] [--real]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select
from whoosh import query as wq

from app.config import Settings
from app.db import get_engine
from app.main import create_app
from app.models import Exchange, Outlet, Person, PressSession
from app.routes.search import run_search
from app.search.engine import open_engine
from app.search.query import SearchRequest, parse_search
from app.search.whoosh.compile import compile_filter, compile_query
from app.search.whoosh.index import open_index
from app.search.whoosh.searching import (
    FacetColumns,
    IndexReaders,
    count_facets,
    highlight_terms,
    narrow_filter,
    related,
    snippet,
    suggest,
)
from bench import load
from bench.generate import generate
from bench.server import memory_mb, serving

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "data" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
REAL = ROOT.parent / "shared" / "data" / "wh-press-briefings"


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def timed(fn: Callable[[], object], repeats: int) -> Timing:
    fn()  # warm: first use opens files and fills caches
    out = Timing()
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        out.samples.append(time.perf_counter() - started)
    return out


def probe(step: str, data: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, "PRESSER_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", step, *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# --- the query mix ------------------------------------------------------------------------


@dataclass
class Mix:
    term: str
    two: str
    phrase: str
    journalist: str
    outlet: str
    misspelt: str
    year: int


def _busiest(db: Session, model: type[Person] | type[Outlet], link: Any) -> str | None:
    """The slug of the person or outlet with the most exchanges."""
    return db.exec(
        select(model.slug)
        .join(Exchange, col(link) == model.id)
        .group_by(col(model.id))
        .order_by(func.count().desc())
        .limit(1)
    ).first()


def choose_mix(settings: Settings) -> Mix:
    with Session(get_engine(settings)) as db:
        top_j = _busiest(db, Person, Exchange.questioner_id)
        top_o = _busiest(db, Outlet, Exchange.outlet_id)
        years = sorted(y.year for y in db.exec(select(col(PressSession.date))) if y)
    return Mix(
        term="president",
        two="energy security",
        phrase='"of the president"',
        journalist=top_j or "",
        outlet=top_o or "",
        misspelt="presidnet",
        year=years[len(years) // 2] if years else 2020,
    )


def whoosh_latency(settings: Settings, mix: Mix, repeats: int) -> dict[str, Timing]:
    searcher = IndexReaders(settings.index_root).searcher()
    assert searcher is not None

    def q(text: str, **form: str) -> tuple[wq.Query, wq.Query | None]:
        parsed = parse_search(SearchRequest(q=text, **form))  # type: ignore[arg-type]
        return compile_query(parsed.query), compile_filter(parsed.conditions)

    term, _ = q(mix.term)
    two, _ = q(mix.two)
    phrase, _ = q(mix.phrase)
    _, by_journalist = q(mix.term, journalist=mix.journalist)
    _, by_outlet = q(mix.term, outlet=mix.outlet)
    by_journalist = narrow_filter(searcher, by_journalist)  # as the app runs them
    by_outlet = narrow_filter(searcher, by_outlet)
    _, by_year = q(mix.term, date_from=f"{mix.year}-01-01", date_to=f"{mix.year}-12-31")
    hits = searcher.search(term, limit=10)
    stored = [h.fields() for h in hits]
    terms = highlight_terms(term)
    key = stored[0]["key"] if stored else ""
    parsed_misspelt = parse_search(SearchRequest(q=mix.misspelt))
    columns = FacetColumns()
    with Session(get_engine(settings)) as db:
        index = open_engine(settings)
        page = lambda: run_search(db, index, SearchRequest(q=mix.term))  # noqa: E731
        out = {
            "one term": timed(lambda: searcher.search(term, limit=10), repeats),
            "two terms": timed(lambda: searcher.search(two, limit=10), repeats),
            "exact phrase": timed(lambda: searcher.search(phrase, limit=10), repeats),
            "term + journalist": timed(
                lambda: searcher.search(term, filter=by_journalist, limit=10), repeats
            ),
            "term + outlet": timed(
                lambda: searcher.search(term, filter=by_outlet, limit=10), repeats
            ),
            "term + date range": timed(
                lambda: searcher.search(term, filter=by_year, limit=10), repeats
            ),
            "facet counts": timed(lambda: count_facets(searcher, term, None, columns), repeats),
            "page 50": timed(lambda: searcher.search_page(term, 50, pagelen=10), repeats),
            "highlight 10 hits": timed(
                lambda: [
                    (snippet(f["question"], terms), snippet(f["answer"], terms)) for f in stored
                ],
                repeats,
            ),
            "more like this": timed(lambda: related(searcher, key), repeats),
            "spelling suggestion": timed(
                lambda: suggest(searcher, parsed_misspelt, mix.misspelt), repeats
            ),
            "search page (all of it)": timed(page, repeats),
        }
    return out


# --- the FTS5 yardstick -------------------------------------------------------------------


def fts5_build(settings: Settings, path: Path) -> tuple[sqlite3.Connection, float, int]:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, question, answer, "
        "questioner UNINDEXED, outlet UNINDEXED, principal UNINDEXED, year UNINDEXED, "
        "date UNINDEXED, tokenize='porter unicode61')"
    )
    engine = get_engine(settings)
    with Session(engine) as db:
        rows = db.exec(
            select(  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
                PressSession.slug,
                Exchange.number,
                Exchange.question,
                Exchange.answer,
                Person.slug,
                Outlet.slug,
                Exchange.answerers,
                col(PressSession.date),
            )
            .join(PressSession, col(PressSession.id) == Exchange.session_id)
            .join(Person, col(Person.id) == Exchange.questioner_id, isouter=True)
            .join(Outlet, col(Outlet.id) == Exchange.outlet_id, isouter=True)
        ).all()
    started = time.perf_counter()
    conn.executemany(
        "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                f"{s}/{n}",
                q,
                a,
                j or "",
                o or "",
                p,
                d.year if d else None,
                d.isoformat() if d else "",
            )
            for s, n, q, a, j, o, p, d in rows
        ],
    )
    conn.commit()
    return conn, time.perf_counter() - started, len(rows)


def fts5_latency(conn: sqlite3.Connection, mix: Mix, repeats: int) -> dict[str, Timing]:
    def run(sql: str, *args: object) -> Callable[[], object]:
        return lambda: conn.execute(sql, args).fetchall()

    match = "SELECT key FROM docs WHERE docs MATCH ? "
    ranked = " ORDER BY rank LIMIT 10"
    facets = [
        f"SELECT {c}, count(*) FROM docs WHERE docs MATCH ? GROUP BY {c}"
        for c in ("outlet", "questioner", "principal", "year")
    ]
    return {
        "one term": timed(run(match + ranked, mix.term), repeats),
        "two terms": timed(run(match + ranked, mix.two), repeats),
        "exact phrase": timed(run(match + ranked, mix.phrase), repeats),
        "term + journalist": timed(
            run(match + "AND questioner = ?" + ranked, mix.term, mix.journalist), repeats
        ),
        "term + outlet": timed(
            run(match + "AND outlet = ?" + ranked, mix.term, mix.outlet), repeats
        ),
        "term + date range": timed(
            run(
                match + "AND date BETWEEN ? AND ?" + ranked,
                mix.term,
                f"{mix.year}-01-01",
                f"{mix.year}-12-31",
            ),
            repeats,
        ),
        "facet counts": timed(
            lambda: [conn.execute(sql, (mix.term,)).fetchall() for sql in facets], repeats
        ),
        "page 50": timed(run(match + "ORDER BY rank LIMIT 10 OFFSET 490", mix.term), repeats),
        "search page (all of it)": timed(
            lambda: [
                conn.execute(match + ranked, (mix.term,)).fetchall(),
                [conn.execute(sql, (mix.term,)).fetchall() for sql in facets],
                conn.execute(
                    "SELECT snippet(docs, 1, '<mark>', '</mark>', '…', 24), "
                    "snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs "
                    "WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                    (mix.term,),
                ).fetchall(),
            ],
            repeats,
        ),
        "highlight 10 hits": timed(
            run(
                "SELECT snippet(docs, 1, '<mark>', '</mark>', '…', 24), "
                "snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs WHERE docs MATCH ? "
                "ORDER BY rank LIMIT 10",
                mix.term,
            ),
            repeats,
        ),
    }


# --- pages and load -----------------------------------------------------------------------


def page_latency(settings: Settings, mix: Mix, repeats: int) -> dict[str, Timing]:
    # One client for every request: a client used without `with` starts a new event loop
    # and worker threads per request, and so reopens the per-thread searchers each time
    # (232 ms for a permalink at 100k, against 4.5 ms in the app's own threads).
    with TestClient(create_app(settings)) as client:
        return _page_latency(client, settings, mix, repeats)


def _page_latency(
    client: TestClient, settings: Settings, mix: Mix, repeats: int
) -> dict[str, Timing]:
    with Session(get_engine(settings)) as db:
        session = db.exec(
            select(PressSession).order_by(col(PressSession.exchange_count).desc())
        ).first()
    assert session is not None
    pages = {
        "search page": f"/search?q={mix.term}",
        "answer permalink": f"/sessions/{session.slug}/q/1",
        "session page": f"/sessions/{session.slug}",
        "journalist page": f"/journalists/{mix.journalist}",
        "outlet page": f"/outlets/{mix.outlet}",
    }
    out = {}
    for name, path in pages.items():

        def fetch(path: str = path) -> None:
            assert client.get(path).status_code == 200, path

        out[name] = timed(fetch, repeats)
    return out


def throughput(
    settings: Settings, workers: int, seconds: int
) -> tuple[list[tuple[str, dict[str, str]]], float]:
    pid: list[int] = []
    rows = []
    with serving(settings.data_dir, workers=workers, pid=pid) as base:
        for name, url in load.targets(base).items():
            load.settle(base)
            rows.append((name, load.wrk(url, seconds, 16)))
        memory = memory_mb(pid[0])
    return rows, memory


# --- one corpus ---------------------------------------------------------------------------


def bench_corpus(
    name: str, corpus: Path, repeats: int, wrk_seconds: int, reindex_too: bool = True
) -> str:
    data = WORK / f"archive-{name}"
    shutil.rmtree(data, ignore_errors=True)
    settings = Settings(data_dir=data)
    ingest = probe("ingest", data, str(corpus))
    # Without a reindex, searches run on the segments the ingest left.
    reindex = probe("reindex", data) if reindex_too else None
    exchanges = int(ingest["exchanges"])  # type: ignore[call-overload]
    timings: dict[str, float] = ingest["timings"]  # type: ignore[assignment]
    mix = choose_mix(settings)
    whoosh = whoosh_latency(settings, mix, repeats)
    conn, fts_seconds, fts_docs = fts5_build(settings, WORK / f"fts5-{name}.db")
    fts = fts5_latency(conn, mix, repeats)
    conn.close()
    pages = page_latency(settings, mix, repeats)
    wrk_rows, server_mb = (
        throughput(settings, workers=2, seconds=wrk_seconds) if shutil.which("wrk") else ([], 0.0)
    )
    index_mb = size_mb(settings.index_root)
    db_mb = size_mb(data / "presser.db")

    lines = [f"### {name}: {exchanges:,} exchanges in {ingest['files']} files", ""]
    lines += ["| ingest | value |", "|---|---:|"]
    total = float(ingest["seconds"])  # type: ignore[arg-type]
    rs = float(reindex["seconds"]) if reindex else 0.0  # type: ignore[arg-type]
    reindex_mb = f"{float(reindex['peak_mb']):.0f}" if reindex else "–"  # type: ignore[arg-type]
    lines += [
        f"| end to end | {total:.1f} s, **{exchanges / total:,.0f} exchanges/s** |",
        *(
            f"| of which {stage} | {secs:.1f} s ({exchanges / max(secs, 1e-9):,.0f}/s) |"
            for stage in ("parse", "database", "index")
            if (secs := timings.get(stage, 0.0)) is not None
        ),
        f"| `presser reindex` | {rs:.1f} s ({exchanges / rs:,.0f} documents/s) |"
        if reindex
        else "| `presser reindex` | not run (`--no-reindex`): searches below ran on the "
        f"ingest's {segments(settings)} segments |",
        f"| FTS5 build, same documents | {fts_seconds:.1f} s "
        f"({fts_docs / fts_seconds:,.0f} documents/s) |",
        "| peak memory: ingest / reindex / server (2 workers, after load) | "
        f"{float(ingest['peak_mb']):.0f} / {reindex_mb} / {server_mb:.0f} MB |",  # type: ignore[arg-type]
        f"| on disk: index / database | {index_mb:.0f} / {db_mb:.0f} MB |",
        "",
        f"Search ({repeats} runs each, ms; ratio = Whoosh / FTS5):",
        "",
        "| query | Whoosh p50 | Whoosh p95 | FTS5 p50 | FTS5 p95 | ratio p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for query, t in whoosh.items():
        f = fts.get(query)
        if f:
            ratio = t.p95 / max(f.p95, 1e-3)
            cells = f"{t.p50:.1f} | {t.p95:.1f} | {f.p50:.1f} | {f.p95:.1f} | {ratio:.1f}x"
            lines.append(f"| {query} | {cells} |")
        else:
            lines.append(f"| {query} | {t.p50:.1f} | {t.p95:.1f} | – | – | – |")
    lines += ["", f"Pages through the app (test client, {repeats} runs each, ms):", ""]
    lines += ["| page | p50 | p95 |", "|---|---:|---:|"]
    lines += [f"| {page} | {t.p50:.1f} | {t.p95:.1f} |" for page, t in pages.items()]
    if wrk_rows:
        lines += [
            "",
            f"Throughput (wrk, 16 connections, {wrk_seconds} s each, uvicorn --workers 2):",
            "",
        ]
        lines += [
            "| page | requests/s | p50 | p99 | non-2xx | socket errors |",
            "|---|---:|---:|---:|---:|---|",
        ]
        lines += [
            f"| {n} | {r['rps']} | {r['p50']} | {r['p99']} | {r['non2xx']} | {r['socket_errors']} |"
            for n, r in wrk_rows
        ]
    return "\n".join(lines) + "\n"


def segments(settings: Settings) -> int:
    ix = open_index(settings.index_root, create=False)
    return len(ix._segments()) if ix is not None else 0


def machine() -> str:
    versions = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in ("whoosh-reloaded", "fastapi", "sqlmodel", "SQLAlchemy", "uvicorn")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; {versions}."
    )


def write_doc(results: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{START}\n{results}\n{END}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 exchanges")
    parser.add_argument("--real", action="store_true", help="also the 889 White House briefings")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--no-doc", action="store_true", help="print only")
    parser.add_argument(
        "--no-reindex", action="store_true", help="skip `presser reindex` (1M: about an hour)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([1_000_000] if args.full else [])
    WORK.mkdir(parents=True, exist_ok=True)
    sections = [machine(), ""]
    if args.real and REAL.exists():
        sections.append(
            bench_corpus("White House briefings (real)", REAL, args.repeats, args.wrk_seconds)
        )
        print(sections[-1], flush=True)
    for n in sizes:
        corpus = WORK / f"corpus-{n}"
        if not (corpus / ".complete").exists():
            shutil.rmtree(corpus, ignore_errors=True)
            generate(n, corpus)
            (corpus / ".complete").write_text("")
        label = f"synthetic {n // 1000}k" if n < 1_000_000 else "synthetic 1M"
        sections.append(
            bench_corpus(label, corpus, args.repeats, args.wrk_seconds, not args.no_reindex)
        )
        print(sections[-1], flush=True)
    if not args.no_doc:
        write_doc("\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
