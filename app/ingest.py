"""Parsed transcripts -> database rows and index documents, one transaction per file.

A file either goes in whole (database and index) or not at all; an unchanged file changes
nothing; a corrected file replaces its session and keeps the permalink numbers of the
exchanges that are still there.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from app import queries
from app.config import Settings
from app.db import durable, get_engine, migrate
from app.identity import archive as identity_archive
from app.identity.directory import Directory
from app.models import (
    Appearance,
    Exchange,
    ExchangeAnswerer,
    Outlet,
    Person,
    PressSession,
    RetiredNumber,
    Turn,
)
from app.parse_pool import Parsed, parse_files, read_transcript
from app.parsing import Transcript
from app.parsing.model import Role, Warning_
from app.parsing.names import fold, fold_text
from app.rows import insert_returning_ids, insert_rows, row_id
from app.search.documents import ExchangeDoc, exchange_doc
from app.search.engine import IndexBusy, IndexWriter, SearchEngine, open_engine
from app.slugs import slugify

TRANSCRIPT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


@dataclass
class FileResult:
    path: str
    status: str  # "added", "replaced", "unchanged", "failed"
    error: str = ""
    exchanges: int = 0
    warnings: list[Warning_] = field(default_factory=list)  # the parser's, with their lines
    slug: str = ""


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and transcript files (.txt, .md) under folders, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                    # hidden below the folder given; `../corpus` itself is fine
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


class Ingester:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        migrate(settings)
        self.engine = get_engine(settings)
        self.search: SearchEngine = open_engine(settings)
        # Seconds spent per stage ("parse", "database", "index"), for `make bench`.
        self.timings: defaultdict[str, float] = defaultdict(float)

    def ingest_paths(
        self, paths: Iterable[Path], progress: Callable[[FileResult], None] | None = None
    ) -> list[FileResult]:
        results = []
        files = list(paths)
        procs = self.settings.parse_procs
        with (
            IndexBatch(self) as batch,
            closing(parse_files(files, procs, self.settings.max_file_mb)) as parsed,
        ):
            waited = time.perf_counter()
            for item in parsed:
                self.timings["waiting for parse"] += time.perf_counter() - waited
                result = self._ingest(item, batch)
                results.append(result)
                if progress:
                    progress(result)
                waited = time.perf_counter()
        if any(r.status in ("added", "replaced") for r in results):
            self.relink()
        return results

    def ingest_file(self, path: Path) -> FileResult:
        with IndexBatch(self) as batch:
            result = self._ingest(read_transcript(path, self.settings.max_file_mb), batch)
        if result.status in ("added", "replaced"):
            self.relink()
        return result

    def relink(self) -> set[int]:
        """Re-resolve first-name calls across the archive (app.identity.archive) and bring
        the index's journalist and outlet fields in step; the sessions that changed.

        The changed sessions are marked `index_pending` in the transaction that changes them,
        so a crash before the index catches up is healed like any other."""
        started = time.perf_counter()
        with Session(self.engine, autoflush=False) as db:
            changed = identity_archive.relink(db)
            if not changed or not self.search.separate_index:
                # An engine that reads the database (postgres) joins the new links at once.
                db.commit()
                self.timings["relink"] += time.perf_counter() - started
                return changed
            db.exec(
                update(PressSession)
                .where(col(PressSession.id).in_(changed))
                .values(index_pending=True)
            )
            db.commit()
        with IndexBatch(self) as batch:
            batch.writer()  # heals the pending sessions: their documents are rewritten
        self.timings["relink"] += time.perf_counter() - started
        return changed

    def _ingest(self, parsed: Parsed, batch: IndexBatch) -> FileResult:
        path, transcript = parsed.path, parsed.transcript
        self.timings["parse"] += parsed.seconds
        if transcript is None:
            return FileResult(str(path), "failed", parsed.error)
        try:
            return self.store(transcript, path.name, batch)
        except IndexBusy as exc:
            return FileResult(str(path), "failed", f"{path}:1: {exc}")
        except Exception as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else ""
            return FileResult(
                str(path),
                "failed",
                f"{path}:1: could not store: {type(exc).__name__}: {first_line}",
            )

    def store(self, transcript: Transcript, source_key: str, batch: IndexBatch) -> FileResult:
        """One file into the database, whole or not at all, then into the batch's index
        writer.

        The batch holds the index writer's lock, so ingests (and reindexes) take turns,
        across processes. The database commits first, with the session marked
        `index_pending`: from then on readers see it whole, and its permalinks work. The
        batch commits the index every 10,000 exchanges or minute and clears the marks; a crash
        before that leaves them set, and the next ingest indexes those sessions first."""
        result = FileResult(transcript.source, "added", warnings=list(transcript.warnings))
        # An engine that reads the database itself (postgres) was written with the rows.
        separate = self.search.separate_index
        w = batch.writer() if separate else None
        started = time.perf_counter()
        # Autoflush off: rows are flushed where ids are needed, in batches (identity.directory).
        with Session(self.engine, autoflush=False) as db:
            session, docs = self._write_session(db, transcript, source_key, result, separate)
            if session is None:
                return result
            session.index_pending = separate
            db.commit()
            session_id = row_id(session)
            result.slug, result.exchanges = session.slug, session.exchange_count
        # Documents go to the index only once the rows are committed, so a file that fails
        # leaves nothing behind in the writer.
        indexing = time.perf_counter()
        self.timings["database"] += indexing - started
        if w is None:
            return result
        w.replace_session(result.slug, docs)
        batch.added(session_id, len(docs))
        self.timings["index"] += time.perf_counter() - indexing
        return result

    def _write_session(
        self,
        db: Session,
        transcript: Transcript,
        source_key: str,
        result: FileResult,
        with_docs: bool = True,
    ) -> tuple[PressSession | None, list[ExchangeDoc]]:
        """The session's rows, uncommitted, and its index documents (when `with_docs`);
        None if unchanged."""
        existing = db.exec(
            select(PressSession).where(PressSession.source_key == source_key)
        ).first()
        if existing is not None and existing.content_hash == transcript.content_hash:
            result.status, result.slug = "unchanged", existing.slug
            result.exchanges = existing.exchange_count
            return None, []
        old_numbers: list[tuple[int, str, str]] = []
        if existing is None:
            session = PressSession(
                slug=_unique_session_slug(db, transcript, source_key),
                source_key=source_key,
                source_file=transcript.source,
                content_hash=transcript.content_hash,
            )
        else:
            result.status = "replaced"
            session = existing
            # Feeds and sitemaps date a session's pages by when it was last stored.
            session.ingested_at = dt.datetime.now(dt.UTC)
            old_numbers = [
                (e.number, e.fingerprint, e.question)
                for e in db.exec(select(Exchange).where(Exchange.session_id == session.id))
            ]
            _delete_children(db, session.id)
        _fill_session(session, transcript)
        db.add(session)
        db.flush()
        docs = _write_children(db, session, transcript, old_numbers, with_docs)
        db.flush()
        return session, docs

    def reindex(self) -> int:
        """Rebuild the index from the database (the source of truth) and swap it in."""
        if not self.search.separate_index:
            return self.search.rebuild(())  # the database is the index: nothing to read

        def docs() -> Iterator[ExchangeDoc]:
            with Session(self.engine) as db:
                pending = [row_id(s) for s in queries.sessions_pending_index(db)]
                yield from queries.all_index_docs(db)
            self.mark_indexed(pending)  # still under the lock: no ingest ran meanwhile

        return self.search.rebuild(docs())

    def mark_indexed(self, session_ids: list[int]) -> None:
        if not session_ids:
            return
        with Session(self.engine) as db:
            db.exec(
                update(PressSession)
                .where(col(PressSession.id).in_(session_ids))
                .values(index_pending=False)
            )
            db.commit()

    def heal(self, w: IndexWriter) -> list[int]:
        """Index the sessions a crash left out (committed, never indexed); their ids."""
        with Session(self.engine) as db:
            pending = queries.sessions_pending_index(db)
            for session in pending:
                w.replace_session(session.slug, queries.session_index_docs(db, session))
            return [row_id(s) for s in pending]


class IndexBatch:
    """One index writer shared by the files of an ingest, committed every 10,000 exchanges
    or minute: a Whoosh commit per file was 70% of ingest time (cProfile, 40 White House
    briefings: 35 of 50 s). The lock is released between commits, so another ingest or a
    reindex gets its turn."""

    # Each of Whoosh's writer processes keeps its share of a commit's postings in memory
    # (app.search.whoosh.index.WRITER_MB); a larger share spills to disk, pickled a posting
    # at a time: commits of 40,000 ran at 270 exchanges/s against 420 for 5,000. At 10,000
    # a bulk ingest's segments (5,000 each) are past merge_small's reach, so never merged.
    MAX_DOCS = 10_000
    MAX_SECONDS = 60.0

    def __init__(self, ingester: Ingester) -> None:
        self.ingester = ingester
        self._writer: IndexWriter | None = None
        self._sessions: list[int] = []
        self._docs = 0
        self._opened = 0.0

    def __enter__(self) -> IndexBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        # Even on an interrupt: what the database committed goes into the index too.
        self.commit()

    def writer(self) -> IndexWriter:
        if self._writer is None:
            self._writer = self.ingester.search.writer()
            self._opened = time.monotonic()
            self._sessions = self.ingester.heal(self._writer)
        return self._writer

    def added(self, session_id: int, docs: int) -> None:
        self._sessions.append(session_id)
        self._docs += docs
        if self._docs >= self.MAX_DOCS or time.monotonic() - self._opened > self.MAX_SECONDS:
            self.commit()

    def commit(self) -> None:
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        started = time.perf_counter()
        durable(self.ingester.engine)  # the rows on disk before their documents
        writer.commit()
        self.ingester.timings["index"] += time.perf_counter() - started
        self.ingester.mark_indexed(self._sessions)
        self._sessions, self._docs = [], 0


def _unique_session_slug(db: Session, transcript: Transcript, source_key: str) -> str:
    meta = transcript.meta
    base = slugify(meta.title or Path(source_key).stem, 70)
    if meta.date and not base.startswith(meta.date.isoformat()):
        base = f"{meta.date.isoformat()}-{base}"
    slug, n = base, 2
    while db.exec(select(PressSession.id).where(PressSession.slug == slug)).first() is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _fill_session(session: PressSession, t: Transcript) -> None:
    session.title = t.meta.title[:500]
    session.date = t.meta.date
    session.location = t.meta.location[:255]
    session.source_url = t.meta.source_url[:1024]
    session.kind = t.kind
    session.description = t.meta.description
    session.content_hash = t.content_hash
    session.source_file = t.source[:1024]


def _delete_children(db: Session, session_id: int | None) -> None:
    exchange_ids = select(Exchange.id).where(Exchange.session_id == session_id)
    db.exec(delete(ExchangeAnswerer).where(col(ExchangeAnswerer.exchange_id).in_(exchange_ids)))
    db.exec(delete(Exchange).where(col(Exchange.session_id) == session_id))
    db.exec(delete(Turn).where(col(Turn.session_id) == session_id))
    db.exec(delete(Appearance).where(col(Appearance.session_id) == session_id))
    db.flush()


def fingerprint(question: str) -> str:
    words = re.findall(r"\w+", fold_text(question))
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def assign_numbers(
    new: list[tuple[str, str]], old: list[tuple[int, str, str]], next_number: int
) -> tuple[list[int], int]:
    """Permalink numbers for the new exchanges: an exchange that is still there (same question,
    or nearly) keeps its number; others get numbers never used before in the session."""
    numbers: list[int | None] = [None] * len(new)
    free = {number: (fp, text) for number, fp, text in old}
    by_fp: dict[str, list[int]] = {}
    for number, (fp, _) in sorted(free.items()):
        by_fp.setdefault(fp, []).append(number)
    for i, (fp, _) in enumerate(new):
        if by_fp.get(fp):
            number = by_fp[fp].pop(0)
            numbers[i] = number
            free.pop(number)
    for i, (_, text) in enumerate(new):
        if numbers[i] is not None or not free:
            continue
        best, ratio = None, 0.0
        for number, (_, old_text) in free.items():
            matcher = difflib.SequenceMatcher(None, text[:2000], old_text[:2000], autojunk=False)
            if matcher.quick_ratio() < 0.8:
                continue
            r = matcher.ratio()
            if r > ratio:
                best, ratio = number, r
        if best is not None and ratio >= 0.8:
            numbers[i] = best
            free.pop(best)
    high = max([next_number - 1, *(n for n, _, _ in old)], default=0) + 1
    out = []
    for n in numbers:
        if n is None:
            n, high = high, high + 1
        out.append(n)
    return out, high


@dataclass(frozen=True)
class _Stored:
    """An exchange row as inserted, for building its index document without an ORM object."""

    session_id: int
    number: int
    position: int
    questioner_id: int | None
    questioner_name: str | None
    outlet_id: int | None
    question: str
    answer: str
    answerers: str
    first_turn: int
    last_turn: int
    fingerprint: str
    evidence: str
    basis: str
    inferred_from: int | None = None  # links across the archive come after (identity.archive)


def successor(old_question: str, new: dict[int, str]) -> int | None:
    """The new exchange that holds most of a retired exchange's question (a split merged it
    into a neighbour, or cut it in two): where its permalink now points."""
    words = re.findall(r"\w+", fold_text(old_question))[:60]
    if not words or not new:
        return None
    best, score = None, 0.0
    for number, text in new.items():
        have = set(re.findall(r"\w+", fold_text(text)))
        share = sum(w in have for w in words) / len(words)
        if share > score:
            best, score = number, share
    return best if score >= 0.5 else min(new)


def _retire(
    db: Session, session_id: int, old: list[tuple[int, str, str]], new: dict[int, str]
) -> None:
    """Record where each number that left the session now points, and re-point earlier
    records whose target left too, so a redirect never lands on a 404."""
    gone = {number: question for number, _, question in old if number not in new}
    targets = {n: successor(q, new) for n, q in gone.items()}
    for row in db.exec(select(RetiredNumber).where(RetiredNumber.session_id == session_id)):
        if row.target not in new:
            row.target = targets.get(row.target) or row.target
            db.add(row)
    known = set(db.exec(select(RetiredNumber.number).where(RetiredNumber.session_id == session_id)))
    rows = [
        {"session_id": session_id, "number": n, "target": target}
        for n, target in targets.items()
        if target is not None and n not in known
    ]
    insert_rows(db, RetiredNumber, rows)


def _write_children(
    db: Session,
    session: PressSession,
    t: Transcript,
    old: list[tuple[int, str, str]],
    with_docs: bool = True,
) -> list[ExchangeDoc]:
    directory = Directory(db)
    speakers = [
        s
        for key, s in t.speakers.items()
        if not (s.anonymous or (key.startswith("role:") and s.role == Role.QUESTIONER))
    ]
    directory.prefetch(
        (s.name for s in speakers),
        [s.outlet for s in speakers if s.outlet] + [e.outlet for e in t.exchanges if e.outlet],
    )
    people: dict[str, Person] = {}
    outlets: dict[str, Outlet | None] = {}
    for key, speaker in t.speakers.items():
        if speaker.anonymous or (key.startswith("role:") and speaker.role == Role.QUESTIONER):
            continue
        people[key] = directory.person(speaker.name, speaker.labels, speaker.outlet)
        outlets[key] = directory.outlet(speaker.outlet) if speaker.outlet else None
    directory.settle()
    insert_rows(
        db,
        Appearance,
        [
            {
                "session_id": row_id(session),
                "person_id": row_id(person),
                "role": t.speakers[key].role.value,
                "outlet_id": outlet.id if (outlet := outlets[key]) else None,
                "labels": "; ".join(t.speakers[key].labels)[:1000],
            }
            for key, person in people.items()
        ],
    )
    by_name = {fold(s.name): k for k, s in t.speakers.items() if k in people}

    questions = [t.question_text(e) for e in t.exchanges]
    fingerprints = [fingerprint(q) for q in questions]
    numbers, session.next_number = assign_numbers(
        list(zip(fingerprints, questions, strict=True)), old, session.next_number
    )
    if old:
        _retire(db, row_id(session), old, dict(zip(numbers, questions, strict=True)))
    turn_exchange: dict[int, int] = {}
    rows: list[dict[str, Any]] = []
    extras: list[tuple[list[str], Person | None, Outlet | None]] = []
    principals = [k for k, s in t.speakers.items() if s.role == Role.PRINCIPAL and k in people]
    for exchange, number, question, print_ in zip(
        t.exchanges, numbers, questions, fingerprints, strict=True
    ):
        for i in exchange.question_turns + exchange.answer_turns:
            turn_exchange[i] = number
        questioner_key = by_name.get(fold(exchange.questioner or ""))
        questioner = people.get(questioner_key) if questioner_key else None
        outlet = directory.outlet(exchange.outlet) if exchange.outlet else None
        answer_keys = list(dict.fromkeys(t.turns[i].speaker for i in exchange.answer_turns))
        answerers = [t.speakers[k].name for k in answer_keys]
        rows.append(
            {
                "session_id": row_id(session),
                "number": number,
                "position": exchange.number,
                "questioner_id": questioner.id if questioner else None,
                "questioner_name": exchange.questioner,
                "outlet_id": outlet.id if outlet else None,
                "question": question,
                "answer": "\n\n".join(t.turns[i].text for i in exchange.answer_turns),
                "answerers": "; ".join(answerers)[:1000],
                "first_turn": min(exchange.question_turns + exchange.answer_turns),
                "last_turn": max(exchange.question_turns + exchange.answer_turns),
                "fingerprint": print_,
                "evidence": exchange.evidence[:1000],
                "basis": exchange.basis,
            }
        )
        extras.append((answer_keys, questioner, outlet))
    # Rows go in as Core batch INSERTs: building ORM objects cost more than the database
    # did (70% of a 10,000-exchange file's store time, measured with cProfile).
    ids = insert_returning_ids(db, Exchange, rows)
    docs = []
    answerer_rows = []
    for row, exchange_id, (answer_keys, questioner, outlet) in zip(rows, ids, extras, strict=True):
        answerer_rows += [
            {"exchange_id": exchange_id, "person_id": row_id(people[k])}
            for k in answer_keys
            if k in people
        ]
        if not with_docs:
            continue
        answering = [k for k in answer_keys if k in people] or principals
        docs.append(
            exchange_doc(
                session, _Stored(**row), questioner, outlet, [people[k] for k in answering]
            )
        )
    turn_rows = []
    for turn in t.turns:
        speaker = t.speakers[turn.speaker]
        speaking = people.get(turn.speaker)
        turn_rows.append(
            {
                "session_id": row_id(session),
                "position": turn.index,
                "line": turn.line,
                "label": turn.label[:200],
                "speaker_name": speaker.name[:200],
                "person_id": speaking.id if speaking else None,
                "role": speaker.role.value,
                "text": turn.text,
                "exchange_number": turn_exchange.get(turn.index),
            }
        )
    insert_rows(db, ExchangeAnswerer, answerer_rows)
    insert_rows(db, Turn, turn_rows)
    session.exchange_count = len(t.exchanges)
    return docs
