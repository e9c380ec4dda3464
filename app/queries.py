"""Every database read the app, the exporter and the indexer need, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import extract, tuple_
from sqlmodel import Session, col, func, select

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
    db: Session,
    limit: int | None = None,
    offset: int = 0,
    *,
    kind: str | None = None,
    year: int | None = None,
) -> list[PressSession]:
    stmt = (
        _session_filter(select(PressSession), kind, year)
        .order_by(col(PressSession.date).desc(), col(PressSession.id).desc())
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.exec(stmt))


def _session_filter(stmt: Any, kind: str | None, year: int | None) -> Any:
    """Sessions of one kind and one year; a year is a date range, so the date index serves."""
    if kind is not None:
        stmt = stmt.where(PressSession.kind == kind)
    if year is not None:
        stmt = stmt.where(
            col(PressSession.date) >= dt.date(year, 1, 1),
            col(PressSession.date) <= dt.date(year, 12, 31),
        )
    return stmt


def session_years(db: Session, kind: str | None = None) -> list[tuple[int, int]]:
    """(year, sessions) for every year with a session, newest first: the year jump."""
    year = extract("year", col(PressSession.date))
    rows = db.exec(
        _session_filter(select(year, func.count(col(PressSession.id))), kind, None)
        .where(col(PressSession.date).is_not(None))
        .group_by(year)
        .order_by(year.desc())
    )
    return [(int(y), n) for y, n in rows]


def session_kinds(db: Session, year: int | None = None) -> dict[str, int]:
    """Sessions per kind (unclassified ones under "")."""
    n = func.count(col(PressSession.id))
    rows = db.exec(
        _session_filter(select(PressSession.kind, n), None, year).group_by(col(PressSession.kind))
    )
    return dict(rows.all())


def session_by_id(db: Session, session_id: int) -> PressSession | None:
    return db.get(PressSession, session_id)


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


def retired_target(db: Session, session_id: int, number: int) -> int | None:
    """Where a permalink number retired by a re-ingest now points, if it was retired."""
    return db.exec(
        select(RetiredNumber.target).where(
            RetiredNumber.session_id == session_id, RetiredNumber.number == number
        )
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
        yield from session_index_docs(db, session)


def session_index_docs(db: Session, session: PressSession) -> list[ExchangeDoc]:
    assert session.id is not None
    exchanges = session_exchanges(db, session.id)
    people = people_by_id(db, {e.questioner_id for e in exchanges if e.questioner_id})
    outlets = outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id})
    answerers = answerers_by_exchange(db, [e.id for e in exchanges if e.id is not None])
    principals = principals_by_session(db, [session.id]).get(session.id, [])
    docs = []
    for e in exchanges:
        questioner = people.get(e.questioner_id) if e.questioner_id else None
        outlet = outlets.get(e.outlet_id) if e.outlet_id else None
        answering = answerers.get(e.id or 0) or principals
        docs.append(exchange_doc(session, e, questioner, outlet, answering))
    return docs


def sessions_pending_index(db: Session) -> list[PressSession]:
    return list(db.exec(select(PressSession).where(col(PressSession.index_pending))))


def session_count(db: Session, *, kind: str | None = None, year: int | None = None) -> int:
    stmt = _session_filter(select(func.count()).select_from(PressSession), kind, year)
    count: int = db.exec(stmt).one()
    return count


@dataclass
class Listing:
    """One exchange as lists show it: with its session, questioner and outlet."""

    exchange: Exchange
    session: PressSession
    questioner: Person | None
    outlet: Outlet | None


def _listings(stmt: Any, limit: int | None, offset: int) -> Any:
    stmt = stmt.order_by(
        col(PressSession.date).desc(), col(PressSession.id).desc(), col(Exchange.position)
    ).offset(offset)
    return stmt.limit(limit) if limit is not None else stmt


def exchange_listings(
    db: Session,
    *,
    questioner_id: int | None = None,
    outlet_id: int | None = None,
    answerer_id: int | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Listing]:
    """Exchanges newest session first, narrowed to one journalist, outlet or answerer.

    The page's ids are chosen first, on narrow columns, and only its rows are loaded:
    sorting whole rows (answers of thousands of words) for a journalist with thousands of
    questions took 410 ms at 100k exchanges."""
    ids_stmt = select(Exchange.id).join(PressSession, col(PressSession.id) == Exchange.session_id)
    ids_stmt = _narrow(ids_stmt, questioner_id, outlet_id, answerer_id)
    ids = list(db.exec(_listings(ids_stmt, limit, offset)))
    if not ids:
        return []
    rows = db.exec(
        select(Exchange, PressSession, Person, Outlet)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .join(Person, col(Person.id) == Exchange.questioner_id, isouter=True)
        .join(Outlet, col(Outlet.id) == Exchange.outlet_id, isouter=True)
        .where(col(Exchange.id).in_(ids))
    )
    by_id = {e.id: Listing(e, s, q, o) for e, s, q, o in rows}
    return [by_id[i] for i in ids if i in by_id]


def _narrow(
    stmt: Any, questioner_id: int | None, outlet_id: int | None, answerer_id: int | None
) -> Any:
    if questioner_id is not None:
        stmt = stmt.where(Exchange.questioner_id == questioner_id)
    if outlet_id is not None:
        stmt = stmt.where(Exchange.outlet_id == outlet_id)
    if answerer_id is not None:
        stmt = stmt.join(ExchangeAnswerer, col(ExchangeAnswerer.exchange_id) == Exchange.id).where(
            ExchangeAnswerer.person_id == answerer_id
        )
    return stmt


def exchange_total(
    db: Session,
    *,
    questioner_id: int | None = None,
    outlet_id: int | None = None,
    answerer_id: int | None = None,
) -> int:
    stmt = select(func.count(col(Exchange.id)))
    count: int = db.exec(_narrow(stmt, questioner_id, outlet_id, answerer_id)).one()
    return count


def person_by_slug(db: Session, slug: str) -> Person | None:
    return db.exec(select(Person).where(Person.slug == slug)).first()


def outlet_by_slug(db: Session, slug: str) -> Outlet | None:
    return db.exec(select(Outlet).where(Outlet.slug == slug)).first()


def people_by_slug(db: Session, slugs: set[str]) -> dict[str, Person]:
    if not slugs:
        return {}
    return {p.slug: p for p in db.exec(select(Person).where(col(Person.slug).in_(slugs)))}


def outlets_by_slug(db: Session, slugs: set[str]) -> dict[str, Outlet]:
    if not slugs:
        return {}
    return {o.slug: o for o in db.exec(select(Outlet).where(col(Outlet.slug).in_(slugs)))}


def officials() -> Any:
    """The ids of everyone who answered or moderated anywhere in the archive."""
    return select(Appearance.person_id).where(col(Appearance.role).in_(("principal", "moderator")))


def not_official() -> Any:
    """People who never answered or moderated anywhere in the archive: the journalists.
    Where rows are grouped by person, it belongs in HAVING (`journalists=True` below): in
    WHERE it runs for every question, over every appearance of its asker (3.6 s for an
    outlet's 4,627 questions at 100k exchanges; 5 ms in HAVING)."""
    official = (
        select(Appearance.person_id)
        .where(col(Appearance.role).in_(("principal", "moderator")))
        .where(Appearance.person_id == Person.id)
    )
    return ~official.exists()


def _questions_by(
    db: Session,
    model: Any,
    link: Any,
    *where: Any,
    ranked: bool = True,
    tiebreak: tuple[Any, ...] = (),
    journalists: bool = False,
) -> list[tuple[Any, int]]:
    """The `model` rows (journalists, outlets) that exchanges matching `where` are `link`ed
    to, with how many: every journalist or outlet, or the other side of one. `ranked`, most
    first, then by `tiebreak`; `journalists`: people who are not officials."""
    n = func.count(col(Exchange.id))
    query = select(model, n).join(Exchange, link == model.id).where(*where).group_by(col(model.id))
    if journalists:
        query = query.having(not_official())
    if ranked:
        query = query.order_by(n.desc(), *tiebreak)
    return [(m, c) for m, c in db.exec(query)]


def journalists_with_counts(db: Session) -> list[tuple[Person, int]]:
    """Everyone who asked a question, with how many they asked; never an official."""
    # Unranked: the A-Z page sorts them by surname.
    return _questions_by(db, Person, col(Exchange.questioner_id), ranked=False, journalists=True)


def outlets_with_counts(db: Session) -> list[tuple[Outlet, int]]:
    """Every outlet a question was asked for, most questions first."""
    return _questions_by(db, Outlet, col(Exchange.outlet_id), tiebreak=(col(Outlet.name),))


def outlets_of_journalist(db: Session, person_id: int) -> list[tuple[Outlet, int]]:
    return _questions_by(db, Outlet, col(Exchange.outlet_id), Exchange.questioner_id == person_id)


def spans(db: Session, key: Any, where: Any) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """First and last session date per `key` (an outlet of a journalist, a journalist of an
    outlet): people change employers, and a page should say when."""
    rows = db.exec(
        select(key, func.min(PressSession.date), func.max(PressSession.date))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(where, key.is_not(None))
        .group_by(key)
    )
    return {k: (first, last) for k, first, last in rows}


def outlet_spans_of_journalist(
    db: Session, person_id: int
) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    return spans(db, col(Exchange.outlet_id), Exchange.questioner_id == person_id)


def journalist_spans_of_outlet(
    db: Session, outlet_id: int
) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    return spans(db, col(Exchange.questioner_id), Exchange.outlet_id == outlet_id)


def journalists_of_outlet(db: Session, outlet_id: int) -> list[tuple[Person, int]]:
    return _questions_by(
        db,
        Person,
        col(Exchange.questioner_id),
        Exchange.outlet_id == outlet_id,
        tiebreak=(col(Person.name),),
        journalists=True,
    )


def roles_of_person(db: Session, person_id: int) -> dict[str, int]:
    """How many sessions a person appears in, by role."""
    rows = db.exec(
        select(Appearance.role, func.count(col(Appearance.id)))
        .where(Appearance.person_id == person_id)
        .group_by(col(Appearance.role))
    )
    return dict(rows.all())  # not dict(rows): a Result has keys(), the column names


def sessions_of_person(db: Session, person_id: int, roles: tuple[str, ...]) -> list[PressSession]:
    return list(
        db.exec(
            select(PressSession)
            .join(Appearance, col(Appearance.session_id) == PressSession.id)
            .where(Appearance.person_id == person_id, col(Appearance.role).in_(roles))
            .order_by(col(PressSession.date).desc(), col(PressSession.id).desc())
        )
    )


def neighbours(db: Session, exchange: Exchange) -> tuple[Exchange | None, Exchange | None]:
    """The exchanges before and after this one in its session."""
    before = db.exec(
        select(Exchange)
        .where(Exchange.session_id == exchange.session_id, Exchange.position < exchange.position)
        .order_by(col(Exchange.position).desc())
        .limit(1)
    ).first()
    after = db.exec(
        select(Exchange)
        .where(Exchange.session_id == exchange.session_id, Exchange.position > exchange.position)
        .order_by(col(Exchange.position))
        .limit(1)
    ).first()
    return before, after


def permalink_pairs(db: Session, limit: int, offset: int) -> list[tuple[str, int, dt.datetime]]:
    """(session slug, number, when the session was stored) of every exchange in a stable
    order, a page at a time."""
    rows = db.exec(
        select(PressSession.slug, Exchange.number, PressSession.ingested_at)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .order_by(col(Exchange.id))
        .offset(offset)
        .limit(limit)
    )
    return [(slug, number, stored) for slug, number, stored in rows]


def listings_by_permalink(db: Session, keys: list[tuple[str, int]]) -> list[Listing]:
    """The listings of (session slug, number) pairs, in the order given: a search's hits as
    the database holds them now. A pair no longer in the archive is left out."""
    if not keys:
        return []
    rows = db.exec(
        select(Exchange, PressSession, Person, Outlet)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .join(Person, col(Person.id) == Exchange.questioner_id, isouter=True)
        .join(Outlet, col(Outlet.id) == Exchange.outlet_id, isouter=True)
        .where(tuple_(col(PressSession.slug), col(Exchange.number)).in_(keys))
    )
    by_key = {(s.slug, e.number): Listing(e, s, q, o) for e, s, q, o in rows}
    return [by_key[k] for k in keys if k in by_key]


def last_stored(db: Session) -> dt.datetime | None:
    """When the archive last changed: only an ingest changes what the web shows."""
    stored: dt.datetime | None = db.exec(select(func.max(PressSession.ingested_at))).one()
    return stored


# Pages with when they last changed, for sitemaps: a session page when its session was
# stored, a person's or outlet's page when the newest session they appear in was.
Dated = list[tuple[str, dt.datetime]]


def sessions_stored(db: Session) -> Dated:
    rows = db.exec(
        select(PressSession.slug, PressSession.ingested_at).order_by(col(PressSession.slug))
    )
    return [(slug, stored) for slug, stored in rows]


def _stored(db: Session, model: Any, link: Any, journalists: bool = False) -> Dated:
    """The slug of every `model` row (journalist, outlet) an exchange is `link`ed to, with
    when its newest session was stored: a sitemap's `lastmod`."""
    query = (
        select(model.slug, func.max(PressSession.ingested_at))
        .join(Exchange, link == model.id)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .group_by(col(model.id), col(model.slug))
        .order_by(col(model.slug))
    )
    if journalists:
        query = query.having(not_official())
    return [(slug, stored) for slug, stored in db.exec(query)]


def journalists_stored(db: Session) -> Dated:
    """The journalists of `journalists_with_counts`."""
    return _stored(db, Person, col(Exchange.questioner_id), journalists=True)


def outlets_stored(db: Session) -> Dated:
    """The outlets of `outlets_with_counts`."""
    return _stored(db, Outlet, col(Exchange.outlet_id))


def officials_stored(db: Session) -> Dated:
    """Principals and moderators: the people whose pages are under /people."""
    rows = db.exec(
        select(Person.slug, func.max(PressSession.ingested_at))
        .join(Appearance, col(Appearance.person_id) == Person.id)
        .join(PressSession, col(PressSession.id) == Appearance.session_id)
        .where(col(Appearance.role).in_(("principal", "moderator")))
        .group_by(col(Person.slug))
        .order_by(col(Person.slug))
    )
    return [(slug, stored) for slug, stored in rows]


# ---- the export (app.export): the whole archive, in an order both databases agree on ------


def session_ids_for_export(db: Session) -> list[int]:
    """Every session by date, then id; an undated session first on SQLite and PostgreSQL
    alike (PostgreSQL puts NULL last by default), so both export the same file."""
    ids = db.exec(
        select(PressSession.id).order_by(
            col(PressSession.date).asc().nulls_first(), col(PressSession.id)
        )
    )
    return [i for i in ids if i is not None]


def people_with_labels(db: Session) -> list[tuple[Person, list[str]]]:
    """Every person in id order, with every label printed for them in the order first seen."""
    labels: dict[int, list[str]] = {}
    for person_id, label in db.exec(
        select(PersonLabel.person_id, PersonLabel.label).order_by(col(PersonLabel.id))
    ):
        labels.setdefault(person_id, []).append(label)
    people = db.exec(select(Person).order_by(col(Person.id))).all()
    return [(p, labels.get(p.id or 0, [])) for p in people]


def outlets_with_variants(db: Session) -> list[tuple[Outlet, list[str]]]:
    """Every outlet in id order, with every spelling it was printed under."""
    variants: dict[int, list[str]] = {}
    for outlet_id, name in db.exec(
        select(OutletVariant.outlet_id, OutletVariant.name).order_by(col(OutletVariant.id))
    ):
        variants.setdefault(outlet_id, []).append(name)
    outlets = db.exec(select(Outlet).order_by(col(Outlet.id))).all()
    return [(o, variants.get(o.id or 0, [])) for o in outlets]


def session_retired(db: Session, session_id: int) -> list[RetiredNumber]:
    return list(
        db.exec(
            select(RetiredNumber)
            .where(RetiredNumber.session_id == session_id)
            .order_by(col(RetiredNumber.number))
        )
    )
