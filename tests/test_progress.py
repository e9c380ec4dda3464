"""An ingest's progress on stderr: a bar on a terminal, plain lines now and then elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from app.ingest import FileResult
from app.progress import IngestProgress

RESULTS = [
    FileResult("a.txt", "added", exchanges=12),
    FileResult("b.txt", "failed", error="b.txt:3: no questions found: [sic] nobody asks"),
    FileResult("c.txt", "unchanged", exchanges=30),
]


def run(console: Console, every: float = 30.0) -> str:
    with IngestProgress(console, total=len(RESULTS), every=every) as progress:
        for result in RESULTS:
            progress.file_done(result)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_off_a_terminal_a_short_ingest_prints_only_its_errors() -> None:
    out = run(Console(file=io.StringIO(), width=200))
    # Errors are printed as they are (brackets are not markup), without control codes.
    assert out == "b.txt:3: no questions found: [sic] nobody asks\n"


def test_off_a_terminal_a_plain_line_comes_every_so_often() -> None:
    lines = run(Console(file=io.StringIO(), width=200), every=0).splitlines()
    assert lines[0].startswith("ingest: 1/3 files, 12 exchanges, ")
    assert lines[1] == "b.txt:3: no questions found: [sic] nobody asks"
    assert lines[3].startswith("ingest: 3/3 files, 42 exchanges, ")
    assert lines[3].endswith(" exchanges/s, about 0 s left")
    assert "\x1b" not in "".join(lines)


def test_on_a_terminal_a_bar_shows_files_exchanges_rate_and_time_left() -> None:
    out = run(Console(file=io.StringIO(), width=200, force_terminal=True, color_system=None))
    assert "3/3 files" in out
    assert "42 exchanges (" in out
    assert "elapsed" in out
    assert "left" in out
    assert "no questions found: [sic] nobody asks" in out
