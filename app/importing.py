"""A `presser/1` export back into an empty archive, whole or not at all (`presser import`).

Everything the export holds goes back in one database transaction: people with their
labels, outlets with their spellings, and every session with its speakers, turns, exchanges
(permalink numbers, how each asker was established, inferred links) and retired numbers.
Ids are new; every relationship is restored through slugs. Only once that transaction has
committed is the search index built from the database, by the ingester's own reindex.

The file is read as a stream (ijson), a record at a time, so an archive of any size is never
held in memory; it is read once per kind of record (people, outlets, sessions), so the
records may come in any order. Every error names the file and the line, and the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import ijson
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import bindparam, func, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from app.export import FORMAT
from app.ingest import Ingester
from app.models import (
    Appearance,
    Exchange,
    ExchangeAnswerer,
    Outlet,
    OutletVariant,
    Person,
    PersonLabel,
    PressSession,
    RetiredNumber,
    Turn,
)
from app.rows import chunks, insert_returning_ids, insert_rows


class BadExport(Exception):
    """The file cannot be imported; the message says where (`file:line: record: reason`)."""


class ArchiveNotEmpty(Exception):
    pass


@dataclass
class Imported:
    sessions: int = 0
    exchanges: int = 0
    turns: int = 0
    people: int = 0
    outlets: int = 0
    indexed: int = 0


# ---- the records, as docs/export-format.md describes them --------------------------------
# Fields a reader of the export has no use for (`permalink`, a journalist's `name`) are not
# read back: they follow from the rest. Unknown fields are ignored, as presser/1 only grows.


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PersonRecord(_Record):
    slug: str
    name: str
    name_key: str
    labels: list[str]


class OutletRecord(_Record):
    slug: str
    name: str
    key: str
    variants: list[str]


class SpeakerRecord(_Record):
    person: str
    role: str
    outlet_slug: str | None
    labels: list[str]


class NamedIn(_Record):
    session: str


class JournalistRecord(_Record):
    slug: str
    inferred_from: NamedIn | None


class ExchangeRecord(_Record):
    number: int
    position: int
    questioner: str | None
    outlet_slug: str | None
    basis: str | None
    evidence: str | None
    journalist: JournalistRecord | None
    outlet_inferred: bool
    question: str
    answer: str
    answerers: list[str]
    answered_by: list[str]
    first_turn: int
    last_turn: int
    fingerprint: str


class TurnRecord(_Record):
    position: int
    line: int
    label: str
    speaker: str
    person: str | None
    role: str
    text: str
    exchange: int | None


class RetiredRecord(_Record):
    number: int
    target: int


class SessionRecord(_Record):
    slug: str
    title: str
    date: dt.date | None
    location: str
    kind: str = ""  # exports from before sessions had kinds have none
    source_file: str  # the file name: the session's identity across re-ingests
    source_path: str
    source_url: str
    description: str
    content_hash: str
    next_number: int
    ingested_at: dt.datetime
    speakers: list[SpeakerRecord]
    exchanges: list[ExchangeRecord]
    turns: list[TurnRecord]
    retired: list[RetiredRecord]


R = TypeVar("R", bound=_Record)


# ---- reading ------------------------------------------------------------------------------


class _Lines:
    """A binary file handed to the parser a line at a time (at most the size asked for), so
    the line being parsed is known: the parser (yajl) reports no position of its own."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.line = 1  # where the last chunk handed out starts
        self._next = 1

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        data = self.f.readline(size)
        self.line, self._next = self._next, self._next + data.count(b"\n")
        return data


class _Reader:
    """The export file, read once per kind of record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: _Lines | None = None

    def where(self) -> str:
        return f"{self.path}:{self.lines.line if self.lines else 1}"

    def items(self, prefix: str) -> Iterator[Any]:
        """The values at `prefix` (`people.item`), each as the parser builds it."""
        try:
            with self.path.open("rb") as f:
                self.lines = _Lines(f)
                yield from ijson.items(self.lines, prefix, use_float=True)
        except OSError as exc:
            raise BadExport(f"{self.path}: cannot read the file: {exc.strerror}") from None
        except ijson.JSONError as exc:
            raise BadExport(f"{self.where()}: {_json_problem(exc)}") from None

    def records(self, prefix: str, what: str, model: type[R]) -> Iterator[tuple[R, str]]:
        """Each record at `prefix`, validated, with where it is (`file:line: session 3`)."""
        for n, raw in enumerate(self.items(prefix), start=1):
            where = f"{self.where()}: {what} {n}"
            if isinstance(raw, dict) and isinstance(raw.get("slug"), str):
                where += f" ({raw['slug']})"
            if what == "session" and isinstance(raw, dict) and "turns" not in raw:
                raise BadExport(
                    f"{where}: no turns: this export was written by a Presser that exported "
                    "the exchanges only; export the archive again with this version"
                )
            try:
                yield model.model_validate(raw), where
            except ValidationError as exc:
                raise BadExport(f"{where}: {_validation_problem(exc)}") from None

    def check_format(self) -> None:
        found = next(self.items("format"), None)
        if found is None:
            raise BadExport(
                f'{self.path}:1: not a Presser export: no "format" field (expected {FORMAT!r})'
            )
        if found != FORMAT:
            raise BadExport(
                f"{self.where()}: the file's format is {found!r}; this Presser imports {FORMAT!r}"
            )


def _json_problem(exc: Exception) -> str:
    """yajl's message, first line only (the rest is a picture of the bytes around it)."""
    text = str(exc)
    if text.startswith(("b'", 'b"')):  # the C backend sometimes hands back bytes' repr
        text = text[2:]
    first = text.replace("\\n", "\n").splitlines()[0].strip() if text else "unreadable"
    if "premature EOF" in first:
        return f"the file ends before the JSON does (cut short?): {first}"
    return f"not valid JSON: {first}"


def _validation_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{field or 'record'}: {error['msg']}{more}"


# ---- writing ------------------------------------------------------------------------------


class _Restore:
    """The records into one open transaction, keeping the new id of every slug."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.people: dict[str, int] = {}
        self.outlets: dict[str, int] = {}
        self.sessions: dict[str, int] = {}
        self.source_keys: set[str] = set()
        # Inferred links to sessions further down the file: (exchange id, slug, where).
        self.links: list[tuple[int, str, str]] = []
        self.done = Imported()

    def people_in(self, records: Iterator[tuple[PersonRecord, str]]) -> None:
        keys: set[str] = set()
        for batch in _batches(records, 1000):
            for r, where in batch:
                _unique(r.slug, self.people, where, "person slug")
                _unique(r.name_key, keys, where, "person name key")
                keys.add(r.name_key)
                self.people[r.slug] = 0
            rows = [{"slug": r.slug, "name": r.name, "name_key": r.name_key} for r, _ in batch]
            ids = self._insert(Person, rows, batch[-1][1], returning=True)
            labels = []
            for (r, _), person_id in zip(batch, ids, strict=True):
                self.people[r.slug] = person_id
                labels += [{"person_id": person_id, "label": label} for label in r.labels]
            self._insert(PersonLabel, labels, batch[-1][1])
            self.done.people += len(batch)

    def outlets_in(self, records: Iterator[tuple[OutletRecord, str]]) -> None:
        keys: set[str] = set()
        for batch in _batches(records, 1000):
            for r, where in batch:
                _unique(r.slug, self.outlets, where, "outlet slug")
                _unique(r.key, keys, where, "outlet key")
                keys.add(r.key)
                self.outlets[r.slug] = 0
            rows = [{"slug": r.slug, "name": r.name, "key": r.key} for r, _ in batch]
            ids = self._insert(Outlet, rows, batch[-1][1], returning=True)
            variants = []
            for (r, _), outlet_id in zip(batch, ids, strict=True):
                self.outlets[r.slug] = outlet_id
                variants += [{"outlet_id": outlet_id, "name": name} for name in r.variants]
            self._insert(OutletVariant, variants, batch[-1][1])
            self.done.outlets += len(batch)

    def session_in(self, r: SessionRecord, where: str) -> None:
        _unique(r.slug, self.sessions, where, "session slug")
        _unique(r.source_file, self.source_keys, where, "source_file")
        self.source_keys.add(r.source_file)
        row = {
            "slug": r.slug,
            "source_key": r.source_file,
            "source_file": r.source_path,
            "title": r.title,
            "date": r.date,
            "location": r.location,
            "kind": r.kind,
            "source_url": r.source_url,
            "description": r.description,
            "content_hash": r.content_hash,
            "next_number": r.next_number,
            "exchange_count": len(r.exchanges),
            # Cleared by the reindex that follows; should it never run, the next ingest (or
            # `presser doctor --repair`) indexes these sessions, as after a crash.
            "index_pending": True,
            "ingested_at": r.ingested_at,
        }
        (session_id,) = self._insert(PressSession, [row], where, returning=True)
        self.sessions[r.slug] = session_id
        appearances = [
            {
                "session_id": session_id,
                "person_id": self._person(s.person, where),
                "role": s.role,
                "outlet_id": self._outlet(s.outlet_slug, where),
                "labels": "; ".join(s.labels),
            }
            for s in r.speakers
        ]
        self._insert(Appearance, appearances, where)
        exchange_ids = self._insert(
            Exchange, [self._exchange(session_id, e, where) for e in r.exchanges], where, True
        )
        answerers = []
        for e, exchange_id in zip(r.exchanges, exchange_ids, strict=True):
            answerers += [
                {"exchange_id": exchange_id, "person_id": self._person(slug, where)}
                for slug in e.answered_by
            ]
            named_in = e.journalist.inferred_from if e.journalist else None
            if named_in is not None:
                self.links.append((exchange_id, named_in.session, f"{where}: exchange {e.number}"))
        self._insert(ExchangeAnswerer, answerers, where)
        turns = [
            {
                "session_id": session_id,
                "position": t.position,
                "line": t.line,
                "label": t.label,
                "speaker_name": t.speaker,
                "person_id": self._person(t.person, where) if t.person else None,
                "role": t.role,
                "text": t.text,
                "exchange_number": t.exchange,
            }
            for t in r.turns
        ]
        self._insert(Turn, turns, where)
        retired = [
            {"session_id": session_id, "number": n.number, "target": n.target} for n in r.retired
        ]
        self._insert(RetiredNumber, retired, where)
        self.done.sessions += 1
        self.done.exchanges += len(r.exchanges)
        self.done.turns += len(r.turns)

    def _exchange(self, session_id: int, e: ExchangeRecord, where: str) -> dict[str, Any]:
        return {
            "session_id": session_id,
            "number": e.number,
            "position": e.position,
            "questioner_id": self._person(e.journalist.slug, where) if e.journalist else None,
            "questioner_name": e.questioner,
            "outlet_id": self._outlet(e.outlet_slug, where),
            "question": e.question,
            "answer": e.answer,
            "answerers": "; ".join(e.answerers),
            "first_turn": e.first_turn,
            "last_turn": e.last_turn,
            "fingerprint": e.fingerprint,
            "evidence": e.evidence or "",
            "basis": e.basis or "",
            "outlet_inferred": e.outlet_inferred,
        }

    def links_in(self) -> None:
        """Inferred links, once every session they may point to has its new id."""
        rows = []
        for exchange_id, slug, where in self.links:
            if slug not in self.sessions:
                raise BadExport(f"{where}: inferred from session {slug!r}, not in the file")
            rows.append({"exchange": exchange_id, "session": self.sessions[slug]})
        table = Exchange.__table__  # type: ignore[attr-defined]
        stmt = (
            update(table)
            .where(table.c.id == bindparam("exchange"))
            .values(inferred_from=bindparam("session"))
        )
        for chunk in chunks(rows, 1000):
            self.db.execute(stmt, chunk)

    def _person(self, slug: str, where: str) -> int:
        if slug not in self.people:
            raise BadExport(f"{where}: no person {slug!r} among the file's people")
        return self.people[slug]

    def _outlet(self, slug: str | None, where: str) -> int | None:
        if slug is None:
            return None
        if slug not in self.outlets:
            raise BadExport(f"{where}: no outlet {slug!r} among the file's outlets")
        return self.outlets[slug]

    def _insert(
        self, table: Any, rows: list[dict[str, Any]], where: str, returning: bool = False
    ) -> list[int]:
        try:
            if returning:
                return insert_returning_ids(self.db, table, rows)
            insert_rows(self.db, table, rows)
            return []
        except SQLAlchemyError as exc:
            first = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
            raise BadExport(f"{where}: could not store it: {type(exc).__name__}: {first}") from None


def _unique(value: str, seen: set[str] | dict[str, int], where: str, what: str) -> None:
    if value in seen:
        raise BadExport(f"{where}: {what} {value!r} appears twice in the file")


def _batches(records: Iterator[tuple[R, str]], size: int) -> Iterator[list[tuple[R, str]]]:
    batch: list[tuple[R, str]] = []
    for item in records:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def archive_counts(db: Session) -> tuple[int, int, int]:
    """Sessions, people and outlets already in the archive."""
    return (
        db.exec(select(func.count()).select_from(PressSession)).one(),
        db.exec(select(func.count()).select_from(Person)).one(),
        db.exec(select(func.count()).select_from(Outlet)).one(),
    )


def import_archive(
    ingester: Ingester, path: Path, progress: Callable[[str], None] | None = None
) -> Imported:
    """Restore the export at `path` into the ingester's archive, which must be empty, then
    build its search index. Raises BadExport (nothing stored) or ArchiveNotEmpty."""
    reader = _Reader(path)
    with Session(ingester.engine, autoflush=False) as db:
        sessions, people, outlets = archive_counts(db)
        if sessions or people or outlets:
            raise ArchiveNotEmpty(
                f"the archive already holds {sessions} sessions, {people} people and "
                f"{outlets} outlets: `presser import` restores into an empty archive only "
                "(point PRESSER_DATA_DIR or PRESSER_DATABASE_URL at a new one); nothing changed"
            )
        reader.check_format()
        restore = _Restore(db)
        restore.people_in(reader.records("people.item", "person", PersonRecord))
        restore.outlets_in(reader.records("outlets.item", "outlet", OutletRecord))
        for record, where in reader.records("sessions.item", "session", SessionRecord):
            restore.session_in(record, where)
            if progress:
                progress(f"imported {restore.done.sessions} sessions")
        restore.links_in()
        db.commit()
    if progress:
        progress(f"indexing {restore.done.exchanges} exchanges")
    restore.done.indexed = ingester.reindex()
    return restore.done
