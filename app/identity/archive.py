"""Archive-wide links: first-name calls tied to the journalist other sessions name in full.

Run after every ingest. It reads every named exchange, resolves the first-name ones with
`resolve.Resolver`, and writes only what changed: `questioner_id`, `inferred_from` and, where
the transcript gave no outlet, the journalist's outlet as of that date. Numbers and text are
never touched, so permalinks stay; a later session can make a link (a full name arrives) or
undo it (a second journalist of that first name arrives)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import bindparam, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from app.identity.resolve import FullMention, Link, Resolver, first_key
from app.models import Appearance, Exchange, Outlet, Person, PressSession
from app.slugs import outlet_key, person_key

STATED = ("label", "self", "call")
OFFICIAL_ROLES = ("principal", "moderator")


@dataclass(slots=True)
class _Named:
    """What relinking reads and writes of an exchange: plain rows, not ORM objects. A
    million exchanges loaded as objects took 30 of the relink's 47 s and 2 GB; the text of
    the questions and answers stays in the database either way."""

    id: int
    session_id: int
    questioner_name: str | None
    questioner_id: int | None
    inferred_from: int | None
    outlet_id: int | None
    outlet_inferred: bool
    basis: str
    date: dt.date | None

    def link(self) -> tuple[int | None, int | None, int | None, bool]:
        return (self.questioner_id, self.inferred_from, self.outlet_id, self.outlet_inferred)


_READ = [getattr(Exchange, f.name) for f in fields(_Named) if f.name != "date"]
_WRITTEN = ("questioner_id", "inferred_from", "outlet_id", "outlet_inferred")


def officials(db: Session) -> set[int]:
    """People who answer or run an event anywhere in the archive: never journalists."""
    return set(
        db.exec(select(Appearance.person_id).where(col(Appearance.role).in_(OFFICIAL_ROLES))).all()
    )


def relink(db: Session) -> set[int]:
    """Recompute every inferred link; returns the ids of the sessions whose exchanges changed.
    The caller commits."""
    # Core rows, not ORM objects (see _Named).
    query = (
        core_select(*_READ, col(PressSession.date))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(Exchange.questioner_name).is_not(None))
    )
    rows = [_Named(**row._mapping) for row in db.connection().execute(query)]
    before = {e.id: e.link() for e in rows}
    barred = officials(db)
    people = {p.id: p for p in db.exec(select(Person))}
    outlets = {o.id: o for o in db.exec(select(Outlet))}
    named = [
        FullMention(
            people[e.questioner_id].name,
            e.date,
            e.session_id,
            outlets[e.outlet_id].name if e.outlet_id and not e.outlet_inferred else None,
        )
        for e in rows
        if e.date
        and e.questioner_id in people
        and e.questioner_id not in barred
        and e.inferred_from is None
        and e.basis in STATED
    ]
    resolver = Resolver(named)
    by_key = {p.name_key: p for p in people.values() if p.id not in barred}
    outlet_by_key = {o.key: o for o in outlets.values()}
    for e in rows:
        if e.questioner_id in barred:
            # Asked once, answers from the podium elsewhere: an official is never listed as a
            # journalist, so the question keeps the name as printed and links to no page.
            e.questioner_id, e.inferred_from, e.outlet_inferred = None, None, False
    for e in rows:
        if not e.questioner_name or first_key(e.questioner_name) is None:
            continue
        if e.questioner_id is not None and e.inferred_from is None:
            continue  # linked by the transcript itself
        link = resolver.resolve(e.questioner_name, e.date)
        person = by_key.get(person_key(link.name)) if link else None
        _apply(e, link, person, outlet_by_key)
    changed = [e for e in rows if e.link() != before[e.id]]
    if changed:
        table = Exchange.__table__  # type: ignore[attr-defined]
        db.connection().execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(name) for name in _WRITTEN}),
            [{"row_id": e.id, **{name: getattr(e, name) for name in _WRITTEN}} for e in changed],
        )
    return {e.session_id for e in changed}


def _apply(e: _Named, link: Link | None, person: Person | None, outlets: dict[str, Outlet]) -> None:
    """Set or clear one exchange's inferred link."""
    stated_outlet = e.outlet_id if not e.outlet_inferred else None
    if link is None or person is None:
        e.questioner_id, e.inferred_from = None, None
        e.outlet_id, e.outlet_inferred = stated_outlet, False
    else:
        e.questioner_id, e.inferred_from = person.id, link.evidence_session
        outlet = outlets.get(outlet_key(link.outlet)) if link.outlet else None
        if stated_outlet is None and outlet is not None:
            e.outlet_id, e.outlet_inferred = outlet.id, True
        else:
            e.outlet_id, e.outlet_inferred = stated_outlet, False
