"""The whole archive as JSON in the public `presser/1` format (docs/export-format.md).

The document is written a record a line (a person, an outlet, a session), so it streams out
of the database a session at a time and an error on reading it back can name its line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import queries
from app.models import Exchange, Outlet, Person, PressSession
from app.parsing import provenance
from app.urls import permalink

FORMAT = "presser/1"


def person_record(person: Person, labels: list[str]) -> dict[str, Any]:
    return {"slug": person.slug, "name": person.name, "name_key": person.name_key, "labels": labels}


def outlet_record(outlet: Outlet, variants: list[str]) -> dict[str, Any]:
    return {"slug": outlet.slug, "name": outlet.name, "key": outlet.key, "variants": variants}


def session_record(
    db: Session, session: PressSession, person_slugs: dict[int, str]
) -> dict[str, Any]:
    """One session; `person_slugs` names the speakers of its turns (records refer to people
    by slug, as ids differ between two copies of an archive)."""
    assert session.id is not None
    speakers = [
        {
            "name": p.name,
            "role": a.role,
            "outlet": o.name if o else None,
            "labels": [label for label in a.labels.split("; ") if label],
            "person": p.slug,
            "outlet_slug": o.slug if o else None,
        }
        for a, p, o in queries.session_speakers(db, session.id)
    ]
    exchanges = queries.session_exchanges(db, session.id)
    outlets = queries.outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id})
    people = queries.people_by_id(db, {e.questioner_id for e in exchanges if e.questioner_id})
    named_in = {i: queries.session_by_id(db, i) for i in {e.inferred_from for e in exchanges} if i}
    answered_by = queries.answerers_by_exchange(db, [e.id for e in exchanges if e.id])
    return {
        "slug": session.slug,
        "title": session.title,
        "date": session.date.isoformat() if session.date else None,
        "location": session.location,
        "kind": session.kind,
        "source_file": session.source_key,
        "source_url": session.source_url,
        "source_credit": _credit(session.source_url),
        "speakers": speakers,
        "exchanges": [
            {
                "number": e.number,
                "permalink": permalink(session.slug, e.number),
                "questioner": e.questioner_name,
                "outlet": outlets[e.outlet_id].name if e.outlet_id else None,
                "basis": e.basis or None,
                "evidence": e.evidence or None,
                "journalist": _journalist(e, people, named_in),
                "outlet_inferred": e.outlet_inferred,
                "question": e.question,
                "answerers": [name for name in e.answerers.split("; ") if name],
                "answer": e.answer,
                # What a restore needs beyond what a reader does (`presser import`).
                "outlet_slug": outlets[e.outlet_id].slug if e.outlet_id else None,
                "answered_by": [p.slug for p in answered_by.get(e.id or 0, [])],
                "position": e.position,
                "first_turn": e.first_turn,
                "last_turn": e.last_turn,
                "fingerprint": e.fingerprint,
            }
            for e in exchanges
        ],
        "source_path": session.source_file,
        "description": session.description,
        "content_hash": session.content_hash,
        "next_number": session.next_number,
        "ingested_at": session.ingested_at.isoformat(),
        "turns": [
            {
                "position": t.position,
                "line": t.line,
                "label": t.label,
                "speaker": t.speaker_name,
                "person": person_slugs[t.person_id] if t.person_id else None,
                "role": t.role,
                "text": t.text,
                "exchange": t.exchange_number,
            }
            for t in queries.session_turns(db, session.id)
        ],
        "retired": [
            {"number": r.number, "target": r.target}
            for r in queries.session_retired(db, session.id)
        ],
    }


def _credit(url: str) -> dict[str, str] | None:
    credit = provenance.credit(url)
    return asdict(credit) if credit else None


def _journalist(
    e: Exchange, people: dict[int, Person], named_in: dict[int, PressSession | None]
) -> dict[str, Any] | None:
    """The journalist an exchange links to, and for an inferred link the session naming them."""
    person = people.get(e.questioner_id) if e.questioner_id else None
    if person is None:
        return None
    source = named_in.get(e.inferred_from) if e.inferred_from else None
    return {
        "name": person.name,
        "slug": person.slug,
        "inferred_from": (
            {
                "session": source.slug,
                "date": source.date.isoformat() if source.date else None,
            }
            if source
            else None
        ),
    }


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def archive_chunks(db: Session) -> Iterator[str]:
    """The whole export as text, a record a line: people and outlets first (sessions refer
    to them by slug), then the sessions, read one at a time inside the caller's transaction
    (one snapshot of the archive) and let go of once written."""
    people = queries.people_with_labels(db)
    outlets = queries.outlets_with_variants(db)
    yield f'{{"format": {json.dumps(FORMAT)},\n"people": ['
    yield ",".join(f"\n{_dump(person_record(*row))}" for row in people)
    yield '\n],\n"outlets": ['
    yield ",".join(f"\n{_dump(outlet_record(*row))}" for row in outlets)
    yield '\n],\n"sessions": ['
    person_slugs = {p.id: p.slug for p, _ in people if p.id}
    del people, outlets
    for i, session_id in enumerate(queries.session_ids_for_export(db)):
        session = db.get(PressSession, session_id)
        assert session is not None
        yield ("," if i else "") + "\n" + _dump(session_record(db, session, person_slugs))
        db.expunge_all()
    yield "\n]}\n"


def stream(engine: Engine) -> Iterator[str]:
    """The export in one read transaction, so an ingest meanwhile cannot tear it: SQLite's
    already sees one snapshot; PostgreSQL's default (read committed) would not."""
    with Session(engine) as db:
        if engine.dialect.name == "postgresql":
            db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield from archive_chunks(db)


def export_archive(db: Session) -> dict[str, Any]:
    """The export as one object in memory: for tests and small archives."""
    loaded: dict[str, Any] = json.loads("".join(archive_chunks(db)))
    return loaded
