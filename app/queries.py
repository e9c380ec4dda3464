"""Every database read the app, the exporter and the indexer need, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from app.models import (
    Appearance,
    Exchange,
    ExchangeAnswerer,
    Outlet,
    Person,
    PressSession,
    Turn,
)
from app.search.documents import ExchangeDoc, exchange_doc


@dataclass
class Counts:
    sessions: int
    exchanges: int
    journalists: int
    outlets: int


def counts(db: Session) -> Counts:
    return Counts(
        sessions=db.exec(select(func.count()).select_from(PressSession)).one(),
        exchanges=db.exec(select(func.count()).select_from(Exchange)).one(),
        journalists=db.exec(
            select(func.count(func.distinct(Exchange.questioner_id))).where(
                col(Exchange.questioner_id).is_not(None)
            )
        ).one(),
        outlets=db.exec(
            select(func.count(func.distinct(Exchange.outlet_id))).where(
                col(Exchange.outlet_id).is_not(None)
            )
        ).one(),
    )


def sessions_newest_first(
    db: Session, limit: int | None = None, offset: int = 0
) -> list[PressSession]:
    stmt = (
        select(PressSession)
        .order_by(col(PressSession.date).desc(), col(PressSession.id).desc())
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.exec(stmt))


def session_by_slug(db: Session, slug: str) -> PressSession | None:
    return db.exec(select(PressSession).where(PressSession.slug == slug)).first()


def principals_by_session(db: Session, session_ids: list[int]) -> dict[int, list[Person]]:
    rows = db.exec(
        select(Appearance.session_id, Person)
        .join(Person, col(Person.id) == Appearance.person_id)
        .where(col(Appearance.session_id).in_(session_ids), Appearance.role == "principal")
        .order_by(col(Person.name))
    )
    out: dict[int, list[Person]] = {}
    for session_id, person in rows:
        out.setdefault(session_id, []).append(person)
    return out


def session_exchanges(db: Session, session_id: int) -> list[Exchange]:
    return list(
        db.exec(
            select(Exchange)
            .where(Exchange.session_id == session_id)
            .order_by(col(Exchange.position))
        )
    )


def exchange_by_number(db: Session, session_id: int, number: int) -> Exchange | None:
    return db.exec(
        select(Exchange).where(Exchange.session_id == session_id, Exchange.number == number)
    ).first()


def session_turns(db: Session, session_id: int) -> list[Turn]:
    return list(
        db.exec(select(Turn).where(Turn.session_id == session_id).order_by(col(Turn.position)))
    )


def session_speakers(
    db: Session, session_id: int
) -> list[tuple[Appearance, Person, Outlet | None]]:
    rows = db.exec(
        select(Appearance, Person, Outlet)
        .join(Person, col(Person.id) == Appearance.person_id)
        .join(Outlet, col(Outlet.id) == Appearance.outlet_id, isouter=True)
        .where(Appearance.session_id == session_id)
        .order_by(col(Appearance.id))
    )
    return [(a, p, o) for a, p, o in rows]


def people_by_id(db: Session, ids: set[int]) -> dict[int, Person]:
    if not ids:
        return {}
    return {
        p.id: p for p in db.exec(select(Person).where(col(Person.id).in_(ids))) if p.id is not None
    }


def outlets_by_id(db: Session, ids: set[int]) -> dict[int, Outlet]:
    if not ids:
        return {}
    return {
        o.id: o for o in db.exec(select(Outlet).where(col(Outlet.id).in_(ids))) if o.id is not None
    }


def answerers_by_exchange(db: Session, exchange_ids: list[int]) -> dict[int, list[Person]]:
    rows = db.exec(
        select(ExchangeAnswerer.exchange_id, Person)
        .join(Person, col(Person.id) == ExchangeAnswerer.person_id)
        .where(col(ExchangeAnswerer.exchange_id).in_(exchange_ids))
        .order_by(col(ExchangeAnswerer.id))
    )
    out: dict[int, list[Person]] = {}
    for exchange_id, person in rows:
        out.setdefault(exchange_id, []).append(person)
    return out


def all_index_docs(db: Session) -> Iterator[ExchangeDoc]:
    """Every exchange as an index document, session by session (for `presser reindex`)."""
    for session in db.exec(select(PressSession).order_by(col(PressSession.id))).all():
        assert session.id is not None
        exchanges = session_exchanges(db, session.id)
        people = people_by_id(db, {e.questioner_id for e in exchanges if e.questioner_id})
        outlets = outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id})
        answerers = answerers_by_exchange(db, [e.id for e in exchanges if e.id is not None])
        principals = principals_by_session(db, [session.id]).get(session.id, [])
        for e in exchanges:
            questioner = people.get(e.questioner_id) if e.questioner_id else None
            outlet = outlets.get(e.outlet_id) if e.outlet_id else None
            answering = answerers.get(e.id or 0) or principals
            yield exchange_doc(session, e, questioner, outlet, answering)
