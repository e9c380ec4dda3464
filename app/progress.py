"""An ingest's progress on stderr: a live bar on a terminal, a plain line now and then in a log.

A bar redraws itself with control codes that a log file or a pipe would keep as noise, so
off a terminal the same figures come as a plain line every `every` seconds (30 by default):
a short ingest (a file a day, the tests) prints nothing, a long one piped to a log shows it
is alive without flooding it."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from app.ingest import FileResult


class IngestProgress:
    """Files done out of the total, exchanges stored, their rate, and the time left.

    `file_done` is the Ingester's progress callback: one call per file, failed or not."""

    def __init__(self, console: Console, total: int, every: float = 30.0) -> None:
        self.console = console
        self.total = total
        self.every = every
        self.files = 0
        self.exchanges = 0
        self.started = self.last_line = time.monotonic()
        self.bar: Progress | None = None
        if console.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files  {task.fields[exchanges]:,} exchanges ({task.fields[rate]}/s)"),
                TimeElapsedColumn(),
                TextColumn("elapsed"),
                TimeRemainingColumn(),
                TextColumn("left"),
                console=console,
                transient=True,
            )
            self.task = self.bar.add_task("ingesting", total=total, exchanges=0, rate=0)

    def __enter__(self) -> IngestProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def rate(self) -> int:
        """Exchanges a second since the start."""
        return round(self.exchanges / max(time.monotonic() - self.started, 1e-6))

    def file_done(self, result: FileResult) -> None:
        self.files += 1
        if result.status == "failed":
            # Above the bar on a terminal; the bar redraws below it.
            self.console.print(escape(result.error), style="red", highlight=False, soft_wrap=True)
        else:
            self.exchanges += result.exchanges
        if self.bar is not None:
            # After the last file the ingest still commits the index and links first names.
            description = "ingesting" if self.files < self.total else "indexing, linking"
            self.bar.update(
                self.task,
                advance=1,
                description=description,
                exchanges=self.exchanges,
                rate=f"{self.rate():,}",
            )
        elif time.monotonic() - self.last_line >= self.every:
            self.last_line = time.monotonic()
            self.console.print(self.line(), highlight=False, soft_wrap=True, markup=False)

    def line(self) -> str:
        """The plain progress line: `ingest: 412/928 files, 18,040 exchanges, ...`."""
        elapsed = time.monotonic() - self.started
        left = elapsed / self.files * (self.total - self.files)
        return (
            f"ingest: {self.files}/{self.total} files, {self.exchanges:,} exchanges, "
            f"{self.rate():,} exchanges/s, about {_duration(left)} left"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
