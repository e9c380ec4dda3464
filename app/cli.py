"""The `presser` command line: thin wrappers over the library."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from app.config import Settings

if TYPE_CHECKING:
    from app.parsing.model import Warning_

cli = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Presser: an archive of press Q&A sessions."
)


def _out() -> Console:
    return Console()


def _err() -> Console:
    return Console(stderr=True)


@cli.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders")],
    warnings: Annotated[
        bool, typer.Option("--warnings", help="List every warning (file:line: kind: message)")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write every warning to this file")
    ] = None,
) -> None:
    """Parse transcripts into the database and the search index."""
    from sqlmodel import Session

    from app import queries
    from app.ingest import Ingester, discover
    from app.progress import IngestProgress

    settings = Settings()
    files = discover(paths)
    if not files:
        _err().print("no transcript files found")
        raise typer.Exit(2)
    ingester = Ingester(settings)
    with IngestProgress(_err(), total=len(files)) as progress:
        results = ingester.ingest_paths(files, progress=progress.file_done)
    with Session(ingester.engine) as db:
        totals = queries.counts(db)
    listed = [_warning_line(r.path, w) for r in results for w in r.warnings]
    if warnings:
        for line in listed:
            _out().print(line, style="yellow", markup=False, highlight=False, soft_wrap=True)
    if report is not None:
        report.write_text("".join(line + "\n" for line in listed), encoding="utf-8")
    table = Table(title="presser ingest")
    for column in ("files", "added", "replaced", "unchanged", "failed", "exchanges", "warnings"):
        table.add_column(column, justify="right")
    by = {
        s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged", "failed")
    }
    table.add_row(
        str(len(results)),
        *(str(by[s]) for s in ("added", "replaced", "unchanged", "failed")),
        str(sum(r.exchanges for r in results if r.status != "failed")),
        str(len(listed)),
    )
    _out().print(table)
    _out().print(
        f"archive: {totals.sessions} sessions, {totals.exchanges} exchanges, "
        f"{totals.journalists} journalists, {totals.outlets} outlets"
    )
    if report is not None:
        _out().print(f"wrote {len(listed)} warnings to {report}", highlight=False)
    elif listed and not warnings:
        _out().print("--warnings lists them, --report FILE writes them to a file")
    if by["failed"]:
        raise typer.Exit(1)


def _warning_line(path: str | Path, warning: Warning_) -> str:
    """One parser warning as `file:line: kind: message`, as editors and `grep -n` write it."""
    return f"{path}:{warning.line}: {warning.kind}: {warning.message}"


@cli.command()
def check(path: Path) -> None:
    """Dry run: show how a transcript parses (speakers, roles, outlets, exchanges, warnings)."""
    from app.parsing import ParseError, parse_file
    from app.parsing.stage import speech_only

    try:
        t = parse_file(path)
    except ParseError as exc:
        _err().print(str(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    m = t.meta
    _out().print(
        f"[bold]{m.title or '(no title)'}[/bold]  date={m.date or '-'}  "
        f"place={m.location or '-'}  kind={t.kind}",
        highlight=False,
    )
    if m.source_url:
        _out().print(f"source: {m.source_url}", highlight=False)
    speakers = Table(title="speakers")
    for column in ("name", "role", "outlet", "labels", "evidence"):
        speakers.add_column(column)
    for s in t.speakers.values():
        speakers.add_row(
            s.name, s.role.value, s.outlet or "", "; ".join(s.labels), (s.evidence or [""])[0][:60]
        )
    _out().print(speakers)
    table = Table(title=f"{len(t.exchanges)} exchanges")
    for column in ("#", "line", "questioner", "outlet", "first words", "answered by", "how"):
        table.add_column(column)
    for e in t.exchanges:
        first = t.turns[e.question_turns[0]]
        answerers = ", ".join(
            dict.fromkeys(t.speakers[t.turns[i].speaker].name for i in e.answer_turns)
        )
        table.add_row(
            str(e.number),
            str(first.line),
            e.questioner or "?",
            e.outlet or "",
            " ".join(speech_only(first.text).split()[:10]),
            answerers or "(no answer)",
            f"{e.basis}: {e.evidence[:60]}" if e.basis else e.evidence[:60],
        )
    _out().print(table)
    for w in t.warnings:
        _out().print(
            _warning_line(path, w), style="yellow", markup=False, highlight=False, soft_wrap=True
        )


@cli.command()
def reindex() -> None:
    """Rebuild the search index from the database into a new folder, then swap it in."""
    from app.ingest import Ingester

    count = Ingester(Settings()).reindex()
    _out().print(f"reindexed {count} exchanges")


@cli.command()
def export(
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout)")
    ] = None,
) -> None:
    """Write the whole archive as JSON (format presser/1), a session at a time."""
    from app.db import get_engine, migrate
    from app.export import stream

    settings = Settings()
    migrate(settings)
    chunks = stream(get_engine(settings))
    if out is None:
        sys.stdout.writelines(chunks)
        return
    with out.open("w", encoding="utf-8") as f:
        f.writelines(chunks)
    _out().print(f"wrote the archive to {out}", highlight=False)


@cli.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A presser/1 export (presser export --out FILE)")],
) -> None:
    """Restore an export into an empty archive (another machine, or SQLite to PostgreSQL):
    everything, permalink numbers included, in one transaction; then build the search index."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from app.importing import ArchiveNotEmpty, BadExport, import_archive
    from app.ingest import Ingester

    ingester = Ingester(Settings())
    err = _err()
    try:
        # A spinner on a terminal only: in a log it would be control codes.
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task("importing")
            done = import_archive(
                ingester, path, progress=lambda text: bar.update(task, description=text)
            )
    except (BadExport, ArchiveNotEmpty) as exc:
        err.print(str(exc), style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    _out().print(
        f"imported {done.sessions} sessions, {done.exchanges} exchanges, {done.turns} turns, "
        f"{done.people} people, {done.outlets} outlets; indexed {done.indexed} exchanges",
        highlight=False,
    )


@cli.command()
def doctor(
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild the index if it drifted")
    ] = False,
) -> None:
    """Check the archive is whole: database integrity, complete sessions, and the search
    index in step with the database. Exit code 1 if something is wrong (and not repaired)."""
    from app.doctor import diagnose
    from app.ingest import Ingester

    settings = Settings()
    found = diagnose(settings)
    for line in found.lines():
        _out().print(line, highlight=False)
    if found.healthy:
        _out().print("[green]the archive is whole[/green]")
        return
    if repair and found.index_drift and found.database == "ok" and not found.incomplete_sessions:
        count = Ingester(settings).reindex()
        again = diagnose(settings)
        if again.healthy:
            _out().print(f"[green]repaired: reindexed {count} exchanges from the database[/green]")
            return
        for line in again.lines():
            _err().print(line, highlight=False)
    elif repair:
        _err().print("the database itself is damaged: restore it from a backup, then reindex")
    raise typer.Exit(1)


@cli.command()
def survey(
    paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders")],
    title: Annotated[str, typer.Option(help="Heading of the report")] = "Corpus",
) -> None:
    """Ingest a corpus into a scratch archive and print, as markdown, what the parser made
    of it (sessions, exchanges, named questioners, refusals, warnings by kind)."""
    import tempfile

    from app.ingest import Ingester, discover
    from app.survey import render
    from app.survey import survey as run

    with tempfile.TemporaryDirectory(prefix="presser-survey-") as scratch:
        result = run(Ingester(Settings(data_dir=Path(scratch))), discover(paths))
    sys.stdout.write(render(result, title) + "\n")


@cli.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from app.db import migrate as run

    run(Settings())
    _out().print("database is at the newest schema")


@cli.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the web archive with uvicorn."""
    import uvicorn

    from app.db import migrate as run

    run(Settings())
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


def main() -> None:
    # The library's warnings (an ingest waiting for the index lock) go to stderr, bare.
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    cli()


if __name__ == "__main__":  # `python -m app.cli`, as the fault tests run it
    main()
