"""`make bench`: each search engine measured through the engine interface and through the
app, at several sizes, beside SQLite FTS5 (stdlib) on the same documents and queries as a
yardstick. Writes the tables into docs/benchmarks.md between its result markers, and
prints them.

    python -m bench.run [--sizes 10000,100000] [--full] [--engines whoosh,tantivy,postgres]

For each size and engine: a fresh archive, ingested end to end (`presser ingest`'s path, in
a process of its own), `presser reindex`, the search mix (bench/mix.py: 200 requests with
phrases, filters and exclusions) in-process through `SearchEngine.search` and as pages over
HTTP from `presser serve`, 200 random permalinks fetched once each from a server that has
not seen them (related answers included), the server's peak memory, and wrk. The postgres
engine runs on a throwaway PostgreSQL cluster the bench starts and removes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import text
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import engine_for, get_engine
from app.models import Exchange, Outlet, Person, PressSession
from app.search.engine import ENGINES, open_engine
from app.search.query import parse_search
from bench import fts5, load
from bench.generate import generate
from bench.mix import KINDS, Mix, draw
from bench.server import Client, memory_mb, memory_split_mb, peak_rss_mb, serving

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "data" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
REAL = ROOT.parent / "shared" / "data" / "wh-press-briefings"
FULL = 1_000_000
WORKERS = 2  # `presser serve --workers`: one a core
OTHER_PAGES = 20  # session, journalist and outlet pages fetched once each


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) * 1000 if self.samples else float("nan")

    @property
    def p95(self) -> float:
        if not self.samples:
            return float("nan")
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def by_kind(mix: Mix, run: Callable[[Any], float], passes: int) -> dict[str, Timing]:
    """Each request of the mix timed `passes` times (after one untimed pass, which opens
    files and fills caches); "all" and each kind."""
    for q in mix.queries:
        run(q)
    out: dict[str, Timing] = {"all": Timing(), **{kind: Timing() for kind in KINDS}}
    for _ in range(passes):
        for q in mix.queries:
            seconds = run(q)
            out["all"].add(seconds)
            out[q.kind].add(seconds)
    return out


# --- where each engine's archive lives --------------------------------------------------


def unavailable(engine: str) -> str | None:
    """Why an engine cannot be measured in this install, or None."""
    module = ENGINES[engine].split(":")[0]
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        return f"this install has no {module}"
    if engine == "postgres":
        from tests.postgres import PG_BIN

        if not (PG_BIN / "initdb").exists():
            return f"no PostgreSQL server binaries in {PG_BIN} (PRESSER_PG_BIN)"
    return None


def archive_settings(engine: str, label: str, pg_admin: str | None) -> Settings:
    data = WORK / f"archive-{label}-{engine}"
    shutil.rmtree(data, ignore_errors=True)
    url = None
    if engine == "postgres":
        from tests.postgres import new_database

        assert pg_admin is not None
        url = new_database(pg_admin)
    return Settings(data_dir=data, database_url=url, search_engine=engine)  # type: ignore[arg-type]


def env_of(settings: Settings) -> dict[str, str]:
    env = {
        "PRESSER_DATA_DIR": str(settings.data_dir),
        "PRESSER_SEARCH_ENGINE": settings.search_engine,
    }
    if settings.database_url:
        env["PRESSER_DATABASE_URL"] = settings.database_url
    return env


def probe(step: str, settings: Settings, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", step, *args],
        env={**os.environ, **env_of(settings)},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def disk_mb(settings: Settings) -> tuple[float, float]:
    """The index folder and the database, in MB (PostgreSQL: the database, search data
    included)."""
    index = sum(p.stat().st_size for p in settings.index_root.rglob("*") if p.is_file())
    if settings.db_url.startswith("sqlite"):
        db = sum(p.stat().st_size for p in settings.data_dir.glob("presser.db*"))
    else:
        with engine_for(settings.db_url).connect() as conn:
            db = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return index / 1e6, db / 1e6


@contextmanager
def postgres_if(wanted: bool) -> Iterator[str | None]:
    if not wanted:
        yield None
        return
    from tests.postgres import throwaway_cluster

    with throwaway_cluster() as admin:
        yield admin


# --- measuring one engine ---------------------------------------------------------------


@dataclass
class EngineRun:
    engine: str
    separate_index: bool  # False: the database is the index (postgres)
    ingest: dict[str, Any]
    reindex: dict[str, Any] | None
    search: dict[str, Timing]  # in-process, by kind
    related: Timing  # in-process, cold
    pages: dict[str, Timing] = field(default_factory=dict)  # over HTTP
    memory: dict[str, float] = field(default_factory=dict)
    disk: tuple[float, float] = (0.0, 0.0)
    wrk: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def in_process(settings: Settings, mix: Mix, passes: int) -> tuple[dict[str, Timing], Timing]:
    """The mix through `SearchEngine.search` (the hits with snippets, the count, the facets
    and the did-you-mean a page shows), and related answers for the mix's permalinks, each
    asked for once from an engine opened for the purpose."""
    engine = open_engine(settings)

    def run(q: Any) -> float:
        started = time.perf_counter()
        engine.search(parse_search(q.request), q.request)
        return time.perf_counter() - started

    try:
        search = by_kind(mix, run, passes)
    finally:
        engine.close()
    engine = open_engine(settings)
    related = Timing()
    try:
        engine.search(parse_search(mix.queries[0].request), mix.queries[0].request)  # open it
        for key in mix.permalinks:
            started = time.perf_counter()
            engine.related(key)
            related.add(time.perf_counter() - started)
    finally:
        engine.close()
    return search, related


def other_pages(settings: Settings, rng: random.Random) -> dict[str, list[str]]:
    with Session(get_engine(settings)) as db:
        sessions = list(db.exec(select(PressSession.slug).order_by(col(PressSession.id))))
        people = list(
            db.exec(
                select(Person.slug)
                .where(col(Person.id).in_(select(Exchange.questioner_id)))
                .order_by(col(Person.id))
            )
        )
        outlets = list(db.exec(select(Outlet.slug).order_by(col(Outlet.id))))

    def some(slugs: list[str], prefix: str) -> list[str]:
        return [f"{prefix}/{quote(s)}" for s in rng.sample(slugs, min(OTHER_PAGES, len(slugs)))]

    return {
        "session page": some(sessions, "/sessions"),
        "journalist page": some(people, "/journalists"),
        "outlet page": some(outlets, "/outlets"),
    }


def served(settings: Settings, mix: Mix, wrk_seconds: int, run: EngineRun) -> None:
    """The mix as pages, then cold permalinks and other pages, from a fresh `presser serve`
    (so nothing is cached for any of them); then its memory, then wrk."""
    pid: list[int] = []
    paths = other_pages(settings, random.Random(7))
    with serving(settings.data_dir, workers=WORKERS, extra_env=env_of(settings), pid=pid) as base:
        client = Client(base)
        # A running server has its searchers open and its facet columns read: a few
        # searches for a word no request of the mix has (nothing is cached for the mix).
        for n in range(4 * WORKERS):
            client.get(f"/search?q=warmup{n}")
        page = Timing()
        kinds: dict[str, Timing] = {kind: Timing() for kind in KINDS}
        for q in mix.queries:
            seconds = client.get(q.url)
            page.add(seconds)
            kinds[q.kind].add(seconds)
        run.pages["search page"] = page
        run.pages.update({f"search page: {k}": t for k, t in kinds.items()})
        cold = Timing()
        for key in mix.permalinks:
            slug, number = key.rsplit("/", 1)
            cold.add(client.get(f"/sessions/{quote(slug)}/q/{number}"))
        run.pages["permalink, cold"] = cold
        for name, urls in paths.items():
            run.pages[name] = Timing([client.get(u) for u in urls])
        client.close()
        run.failures += client.failures
        total, largest = peak_rss_mb(pid[0])
        anon, files = memory_split_mb(pid[0])
        run.memory = {
            "peak": total,
            "largest worker": largest,
            "pss": memory_mb(pid[0]),
            "anonymous": anon,
            "mapped files": files,
        }
        if wrk_seconds and shutil.which("wrk"):
            for name, url in load.targets(base).items():
                load.settle(base)
                run.wrk.append((name, load.wrk(url, wrk_seconds, 16)))
            run.memory["peak after wrk"] = peak_rss_mb(pid[0])[0]
        elif wrk_seconds:
            run.notes.append("wrk is not installed (`make bench` installs it): no throughput")


def measure(
    engine: str, settings: Settings, corpus: Path, mix_file: Path, args: argparse.Namespace
) -> tuple[EngineRun, Mix]:
    print(f"  {engine}: ingest", flush=True)
    ingest = probe("ingest", settings, str(corpus))
    reindex = None
    if not args.no_reindex:
        print(f"  {engine}: reindex", flush=True)
        reindex = probe("reindex", settings)
    if not mix_file.exists():
        draw(settings).save(mix_file)
    mix = Mix.load(mix_file)
    print(f"  {engine}: search mix in-process, related answers", flush=True)
    search, related = in_process(settings, mix, args.passes)
    opened = open_engine(settings)
    separate = opened.separate_index
    opened.close()
    run = EngineRun(engine, separate, ingest, reindex, search, related)
    print(f"  {engine}: pages over HTTP", flush=True)
    served(settings, mix, args.wrk_seconds, run)
    run.disk = disk_mb(settings)
    return run, mix


@dataclass
class Yardstick:
    build_seconds: float
    docs: int
    search: dict[str, Timing]
    unsupported: int


def yardstick(settings: Settings, label: str, mix: Mix, passes: int) -> Yardstick:
    conn, seconds, docs = fts5.build(settings, WORK / f"fts5-{label}.db")
    supported = Mix([q for q in mix.queries if _fts5_can(q)], mix.permalinks)

    def run(q: Any) -> float:
        started = time.perf_counter()
        fts5.search_page(conn, q.request)
        return time.perf_counter() - started

    try:
        return Yardstick(
            seconds,
            docs,
            by_kind(supported, run, passes),
            len(mix.queries) - len(supported.queries),
        )
    finally:
        conn.close()


def _fts5_can(q: Any) -> bool:
    try:
        fts5.match(parse_search(q.request).query)
    except fts5.Unsupported:
        return False
    return True


# --- tables -------------------------------------------------------------------------------


def _ms(t: Timing | None) -> tuple[str, str]:
    if t is None or not t.samples:
        return "–", "–"
    return f"{t.p50:.1f}", f"{t.p95:.1f}"


def _times(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio < 0.095 else f"{ratio:.1f}x"


def _ratio(a: Timing | None, b: Timing | None, stat: str = "p95") -> str:
    if a is None or b is None or not a.samples or not b.samples:
        return "–"
    return _times(getattr(a, stat) / max(getattr(b, stat), 1e-3))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _rate(n: int, seconds: float) -> str:
    return f"{seconds:.1f} s ({n / max(seconds, 1e-9):,.0f}/s)"


def ingest_rows(run: EngineRun, fts: Yardstick) -> list[str]:
    ing, n = run.ingest, int(run.ingest["exchanges"])
    total, t = float(ing["seconds"]), ing["timings"]
    cpu, workers = float(ing["cpu"]), float(ing["cpu_workers"])
    parse_procs = ing.get("procs", {}).get("parse", 1)
    lines = [
        _row("ingest, end to end", f"{total:.1f} s, **{n / total:,.0f} exchanges/s**"),
        _row(
            "ingest CPU",
            f"{cpu + workers:.0f} s ({(cpu + workers) / n * 1000:.2f} ms an exchange): "
            f"{cpu:.0f} s in the ingest's process, {workers:.0f} s in its workers",
        ),
        _row(f"parse ({parse_procs} processes, summed)", _rate(n, t.get("parse", 0))),
        _row("the ingest waited for parsed files", f"{t.get('waiting for parse', 0):.1f} s"),
        _row("database", _rate(n, t.get("database", 0))),
        _row("index", _rate(n, t.get("index", 0)) if run.separate_index else "in the database's"),
        _row("relink (first names across the archive)", f"{t.get('relink', 0):.1f} s"),
    ]
    if run.reindex and not run.separate_index:
        rs = float(run.reindex["seconds"])
        lines.append(_row("`presser reindex` (nothing to build: words recounted)", f"{rs:.1f} s"))
    elif run.reindex:
        rs, fs = float(run.reindex["seconds"]), fts.build_seconds
        lines.append(
            _row(
                "`presser reindex`",
                f"{_rate(n, rs)}; FTS5 inserted them in {fs:.1f} s "
                f"({rs / max(fs, 1e-9):.0f}x less)",
            )
        )
    else:
        lines.append(_row("`presser reindex`", "not run (`--no-reindex`)"))
    reindex_mb = f"{float(run.reindex['peak_mb']):.0f}" if run.reindex else "–"
    memory = run.memory
    return [
        *lines,
        _row("peak memory: ingest / reindex", f"{float(ing['peak_mb']):.0f} / {reindex_mb} MB"),
        _row(
            f"server ({WORKERS} workers) after the mix, peak RSS: all processes / largest worker",
            f"{memory.get('peak', 0):.0f} / {memory.get('largest worker', 0):.0f} MB",
        ),
        _row(
            "server after the mix, now: its own (anonymous) / mapped files (PSS, shared)",
            f"{memory.get('anonymous', 0):.0f} / {memory.get('mapped files', 0):.0f} MB",
        ),
        _row("on disk: index / database", f"{run.disk[0]:.0f} / {run.disk[1]:.0f} MB"),
    ]


def engine_table(label: str, run: EngineRun, fts: Yardstick, passes: int) -> list[str]:
    lines = [f"#### {run.engine}, {label}", "", "| ingest and rebuild | value |", "|---|---:|"]
    lines += ingest_rows(run, fts)
    lines += ["", "| ms | p50 | p95 | FTS5 p50 | FTS5 p95 | p95 / FTS5 |"]
    lines += ["|---|---:|---:|---:|---:|---:|"]
    none = ("–", "–", "–")
    page = run.pages.get("search page")
    lines.append(_row("**search page, the mix over HTTP** (200, each once)", *_ms(page), *none))
    ours, theirs = run.search["all"], fts.search.get("all")
    lines.append(
        _row(f"search, in-process ({passes} x 200)", *_ms(ours), *_ms(theirs), _ratio(ours, theirs))
    )
    for kind in KINDS:
        ours, theirs = run.search[kind], fts.search.get(kind)
        lines.append(_row(f"– {kind}", *_ms(ours), *_ms(theirs), _ratio(ours, theirs)))
    cold = run.pages.get("permalink, cold")
    lines.append(_row("**permalink, cold** (200 random, each once, over HTTP)", *_ms(cold), *none))
    lines.append(_row("related answers, cold (in-process, same 200)", *_ms(run.related), *none))
    for name in ("session page", "journalist page", "outlet page"):
        lines.append(
            _row(f"{name} ({OTHER_PAGES} different, over HTTP)", *_ms(run.pages.get(name)), *none)
        )
    if run.failures:
        failed = ", ".join(run.failures[:5])
        lines += ["", f"Responses other than 200: {len(run.failures)} ({failed})"]
    lines += [line for note in run.notes for line in ("", note + ".")]
    if run.wrk:
        after = run.memory.get("peak after wrk", 0)
        lines += [
            "",
            f"wrk, 16 connections, uvicorn --workers {WORKERS} (the permalink is one URL, "
            f"cached after its first request; peak RSS after: {after:.0f} MB):",
            "",
            "| page | requests/s | p50 | p99 | non-2xx | socket errors |",
            "|---|---:|---:|---:|---:|---|",
        ]
        lines += [
            _row(name, *(r[k] for k in ("rps", "p50", "p99", "non2xx", "socket_errors")))
            for name, r in run.wrk
        ]
    return [*lines, ""]


def ratio_table(label: str, runs: list[EngineRun], fts: Yardstick) -> list[str]:
    names = [r.engine for r in runs]
    lines = [
        f"#### Against FTS5, {label}: each engine's time over FTS5's on the same documents "
        "(lower is better)",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    build = []
    for r in runs:
        build.append(
            _times(float(r.reindex["seconds"]) / max(fts.build_seconds, 1e-9))
            if r.reindex and r.separate_index
            else "–"
        )
    lines.append("| build (`presser reindex` / FTS5 insert) | " + " | ".join(build) + " |")
    for stat in ("p50", "p95"):
        cells = [_ratio(r.search["all"], fts.search["all"], stat) for r in runs]
        lines.append(f"| search mix, in-process, {stat} | " + " | ".join(cells) + " |")
    for kind in KINDS:
        lines.append(
            f"| – {kind}, p95 | "
            + " | ".join(_ratio(r.search.get(kind), fts.search.get(kind)) for r in runs)
            + " |"
        )
    if fts.unsupported:
        lines += [
            "",
            f"FTS5 cannot say {fts.unsupported} of the mix's requests; left out of its figures.",
        ]
    return [*lines, ""]


def bench_size(
    label: str, corpus: Path, engines: list[str], args: argparse.Namespace, pg_admin: str | None
) -> str:
    print(f"{label}: {', '.join(engines)}", flush=True)
    load_before = os.getloadavg()
    mix_file = WORK / f"mix-{label.replace(' ', '-')}.json"
    if corpus.name.startswith("corpus-"):
        mix_file = corpus.with_name(f"mix-{corpus.name.removeprefix('corpus-')}.json")
    runs: list[EngineRun] = []
    fts: Yardstick | None = None
    for engine in engines:
        settings = archive_settings(engine, label.replace(" ", "-"), pg_admin)
        run, mix = measure(engine, settings, corpus, mix_file, args)
        runs.append(run)
        # Each engine's samples as soon as it is done: a long run that fails later (a
        # 1M run takes hours) keeps what it measured.
        partial = WORK / f"results-{label.replace(' ', '-')}-{engine}.json"
        partial.write_text(json.dumps(asdict(run)), "utf-8")
        if fts is None:
            print("  FTS5 yardstick", flush=True)
            fts = yardstick(settings, label.replace(" ", "-"), mix, args.passes)
        print("\n".join(engine_table(label, run, fts, args.passes)), flush=True)
        if not args.keep:
            shutil.rmtree(settings.data_dir, ignore_errors=True)
    assert fts is not None
    n, files = int(runs[0].ingest["exchanges"]), runs[0].ingest["files"]
    load_after = os.getloadavg()
    # Every sample, for a second look at what the tables summarise.
    raw = {
        "runs": [asdict(r) for r in runs],
        "fts5": asdict(fts),
        "load": [load_before, load_after],
    }
    (WORK / f"results-{label.replace(' ', '-')}.json").write_text(json.dumps(raw), "utf-8")
    lines = [
        f"### {label}: {n:,} exchanges in {files} files",
        "",
        f"Load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after. "
        f"FTS5: {fts.docs:,} documents inserted in {fts.build_seconds:.1f} s "
        f"({fts.docs / max(fts.build_seconds, 1e-9):,.0f}/s).",
        "",
    ]
    for run in runs:
        lines += engine_table(label, run, fts, args.passes)
    lines += ratio_table(label, runs, fts)
    return "\n".join(lines)


# --- the whole run ------------------------------------------------------------------------


def machine(engines: list[str], pg_admin: str | None) -> str:
    packages = [
        "whoosh-reloaded",
        "tantivy",
        "psycopg",
        "fastapi",
        "sqlmodel",
        "SQLAlchemy",
        "uvicorn",
    ]
    versions = []
    for p in packages:
        try:
            versions.append(f"{p} {metadata.version(p)}")
        except metadata.PackageNotFoundError:
            continue
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    pg = ""
    if pg_admin:
        with engine_for(pg_admin).connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
        pg = f", PostgreSQL {version} (a throwaway cluster: fsync off)"
    return (
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{pg}; {', '.join(versions)}. "
        f"Engines: {', '.join(engines)}."
    )


def write_doc(results: str) -> None:
    text_ = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, rest = text_.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{START}\n{results}\n{END}{after}", encoding="utf-8")


def corpus_of(n: int) -> Path:
    corpus = WORK / f"corpus-{n}"
    if not (corpus / ".complete").exists():
        print(f"generating {n:,} exchanges", flush=True)
        shutil.rmtree(corpus, ignore_errors=True)
        generate(n, corpus)
        (corpus / ".complete").write_text("")
    return corpus


def label_of(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"synthetic {n // 1_000_000}M"
    return f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n:,}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 exchanges")
    parser.add_argument("--full-size", type=int, default=FULL, help=argparse.SUPPRESS)  # dry runs
    parser.add_argument("--real", action="store_true", help="also the 889 White House briefings")
    parser.add_argument("--engines", default=",".join(ENGINES), help="whoosh,tantivy,postgres")
    parser.add_argument("--passes", type=int, default=3, help="in-process passes over the mix")
    parser.add_argument("--wrk-seconds", type=int, default=5, help="0 skips wrk")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    parser.add_argument("--keep", action="store_true", help="keep the archives (data/bench)")
    parser.add_argument("--no-reindex", action="store_true", help="skip `presser reindex`")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([args.full_size] if args.full else [])
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    for engine in wanted:
        if engine not in ENGINES:
            parser.error(f"unknown engine {engine!r}: the engines are {', '.join(ENGINES)}")
    skipped = {e: why for e in wanted if (why := unavailable(e))}
    engines = [e for e in wanted if e not in skipped]
    for engine, why in skipped.items():
        print(f"not measuring {engine}: {why}", file=sys.stderr)
    if not engines:
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        pg_admin = stack.enter_context(postgres_if("postgres" in engines))
        sections = [machine(engines, pg_admin), ""]
        sections += [f"Not measured: {e} ({why})." for e, why in skipped.items()]
        if args.real and REAL.exists():
            sections.append(
                bench_size("White House briefings (real)", REAL, engines, args, pg_admin)
            )
            print(sections[-1], flush=True)
        for n in sizes:
            sections.append(bench_size(label_of(n), corpus_of(n), engines, args, pg_admin))
            print(sections[-1], flush=True)
    if not args.no_doc:
        write_doc("\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
