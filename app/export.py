"""The whole archive as JSON in the public `presser/1` format (docs/export-format.md)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from app import queries
from app.models import PressSession

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
    return {
        "slug": session.slug,
        "title": session.title,
        "date": session.date.isoformat() if session.date else None,
        "location": session.location,
        "source_file": session.source_key,
        "source_url": session.source_url,
        "speakers": speakers,
        "exchanges": [
            {
                "number": e.number,
                "permalink": permalink(session.slug, e.number),
                "questioner": e.questioner_name,
                "outlet": outlets[e.outlet_id].name if e.outlet_id else None,
                "basis": e.basis or None,
                "evidence": e.evidence or None,
                "question": e.question,
                "answerers": [name for name in e.answerers.split("; ") if name],
                "answer": e.answer,
            }
            for e in exchanges
        ],
    }


def export_archive(db: Session) -> dict[str, Any]:
    sessions = db.exec(
        select(PressSession).order_by(col(PressSession.date), col(PressSession.id))
    ).all()
    return {"format": FORMAT, "sessions": [session_record(db, s) for s in sessions]}
