"""The whole archive as JSON in the public `presser/1` format (docs/export-format.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlmodel import Session, col, select

from app import queries
from app.models import Exchange, Person, PressSession
from app.parsing import provenance

FORMAT = "presser/1"


def permalink(slug: str, number: int) -> str:
    return f"/sessions/{slug}/q/{number}"


def session_record(db: Session, session: PressSession) -> dict[str, Any]:
    assert session.id is not None
    speakers = [
        {
            "name": p.name,
            "role": a.role,
            "outlet": o.name if o else None,
            "labels": [label for label in a.labels.split("; ") if label],
        }
        for a, p, o in queries.session_speakers(db, session.id)
    ]
    exchanges = queries.session_exchanges(db, session.id)
    outlets = queries.outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id})
    people = queries.people_by_id(db, {e.questioner_id for e in exchanges if e.questioner_id})
    named_in = {i: queries.session_by_id(db, i) for i in {e.inferred_from for e in exchanges} if i}
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
            }
            for e in exchanges
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


def export_archive(db: Session) -> dict[str, Any]:
    sessions = db.exec(
        select(PressSession).order_by(col(PressSession.date), col(PressSession.id))
    ).all()
    return {"format": FORMAT, "sessions": [session_record(db, s) for s in sessions]}
