"""Parsing in worker processes (app.parse_pool): the same archive as parsing in the ingest's
own process, bad files named with their lines, results in the order of the files, a dead
worker's files parsed all the same, and no worker left behind by a killed ingest."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlmodel import Session, col, select

from app.config import Settings
from app.ingest import FileResult, Ingester
from app.models import Exchange, PressSession
from app.parse_pool import MIN_FILES, parse_files, read_transcript
from tests.conftest import MakeSettings, env_of
from tests.hostile import briefing


def batch(folder: Path, count: int = MIN_FILES + 4) -> list[Path]:
    """Valid briefings with bad files among them: empty, binary, Latin-1 (line 3), prose."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        3: b"",
        7: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        11: "V. Putin: Good evening.\n\nQuestion: Caf\xe9?\n".encode("latin-1"),
        17: b"Just a paragraph of prose.\n\nAnother paragraph, with no speakers.\n",
    }
    paths = []
    for i in range(count):
        path = folder / f"file_{i:03d}.txt"
        path.write_bytes(bad.get(i, briefing(i, exchanges=8)))
        paths.append(path)
    return paths


def stored(settings: Settings) -> list[tuple[str, int, str, str | None]]:
    with Session(Ingester(settings).engine) as db:
        rows = db.exec(
            select(PressSession.slug, Exchange.number, Exchange.question, Exchange.questioner_name)
            .join(PressSession, col(PressSession.id) == Exchange.session_id)
            .order_by(col(PressSession.slug), col(Exchange.number))
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def outcome(results: list[FileResult]) -> list[tuple[str, str, str, int, str, int]]:
    return [(r.path, r.status, r.error, r.exchanges, r.slug, len(r.warnings)) for r in results]


def test_workers_store_what_one_process_stores(tmp_path: Path, make_settings: MakeSettings) -> None:
    paths = batch(tmp_path / "batch")
    alone = make_settings(tmp_path / "alone")
    pooled = make_settings(tmp_path / "pooled")
    by_one = Ingester(alone.model_copy(update={"parse_procs": 1})).ingest_paths(paths)
    by_two = Ingester(pooled.model_copy(update={"parse_procs": 2})).ingest_paths(paths)
    assert outcome(by_two) == outcome(by_one)
    assert [r.path for r in by_two] == [str(p) for p in paths]  # in the order given
    failed = {Path(r.path).name: r.error for r in by_two if r.status == "failed"}
    assert sorted(failed) == ["file_003.txt", "file_007.txt", "file_011.txt", "file_017.txt"]
    assert failed["file_011.txt"].startswith(f"{paths[11]}:3: ")
    assert stored(pooled) == stored(alone)
    assert len(stored(pooled)) == 8 * (len(paths) - 4)


def test_files_are_parsed_in_the_workers_and_in_order(tmp_path: Path) -> None:
    paths = batch(tmp_path / "batch")
    parsed = list(parse_files(paths, procs=2, max_mb=20))
    assert [p.path for p in parsed] == paths
    assert os.getpid() not in {p.pid for p in parsed}
    assert [p.error for p in parsed] == [read_transcript(p, 20).error for p in paths]
    few = paths[: MIN_FILES - 1]  # not worth starting workers for
    assert {p.pid for p in parse_files(few, procs=2, max_mb=20)} == {os.getpid()}


def test_a_dead_worker_leaves_its_files_to_this_process(tmp_path: Path) -> None:
    paths = batch(tmp_path / "batch")
    files = parse_files(paths, procs=2, max_mb=20)
    first = next(files)
    for worker in multiprocessing.active_children():
        os.kill(worker.pid, signal.SIGKILL)  # type: ignore[arg-type]
    rest = list(files)
    assert [p.path for p in [first, *rest]] == paths
    assert rest[-1].pid == os.getpid()
    expected = [read_transcript(p, 20) for p in paths]
    for got, want in zip([first, *rest], expected, strict=True):
        assert got.error == want.error
        assert (got.transcript is None) == (want.transcript is None)
        if got.transcript and want.transcript:
            assert got.transcript.content_hash == want.transcript.content_hash
            assert len(got.transcript.exchanges) == len(want.transcript.exchanges)


def spawned_workers(pid: int) -> set[int]:
    """The parse workers among a process's children (spawned: a fresh interpreter)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                found.add(int(child))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def test_workers_leave_when_the_ingest_is_killed(tmp_path: Path, settings: Settings) -> None:
    batch(tmp_path / "batch", count=200)
    env = {**os.environ, **env_of(settings), "PRESSER_PARSE_PROCS": "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", str(tmp_path / "batch")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2:
        assert proc.poll() is None, "the ingest ended before its workers were seen"
        assert time.monotonic() < deadline, "no parse workers started"
        workers = spawned_workers(proc.pid)
        threading.Event().wait(0.01)  # a poll interval
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(alive(w) for w in workers):
        assert time.monotonic() < deadline, f"workers outlived the ingest: {workers}"
        threading.Event().wait(0.01)
