"""Archive-wide links: first-name calls tied to the journalist other sessions name in full.

Run after every ingest. It reads every named exchange, resolves the first-name ones with
`resolve.Resolver`, and writes only what changed: `questioner_id`, `inferred_from` and, where
the transcript gave no outlet, the journalist's outlet as of that date. Numbers and text are
never touched, so permalinks stay; a later session can make a link (a full name arrives) or
undo it (a second journalist of that first name arrives)."""

from __future__ import annotations

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from app.identity.resolve import FullMention, Link, Resolver, first_key
from app.models import Appearance, Exchange, Outlet, Person, PressSession
from app.slugs import outlet_key, person_key

STATED = ("label", "self", "call")
OFFICIAL_ROLES = ("principal", "moderator")
# What relinking reads and writes of an exchange (its text is left in the database).
LINK_COLUMNS = (
    "id",
    "session_id",
    "questioner_name",
    "questioner_id",
    "inferred_from",
    "outlet_id",
    "outlet_inferred",
    "basis",
)


def officials(db: Session) -> set[int]:
    """People who answer or run an event anywhere in the archive: never journalists."""
    return set(
        db.exec(select(Appearance.person_id).where(col(Appearance.role).in_(OFFICIAL_ROLES))).all()
    )


def relink(db: Session) -> set[int]:
    """Recompute every inferred link; returns the ids of the sessions whose exchanges changed.
    The caller commits."""
    # Only the columns a link needs: the questions and answers stay in the database (whole
    # exchanges held the archive's text in memory, 4.3 GB at a million exchanges).
    rows = db.exec(
        select(Exchange, col(PressSession.date))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(Exchange.questioner_name).is_not(None))
        .options(load_only(*(getattr(Exchange, name) for name in LINK_COLUMNS)))
    ).all()
    barred = officials(db)
    changed: set[int] = set()
    people = {p.id: p for p in db.exec(select(Person))}
    outlets = {o.id: o for o in db.exec(select(Outlet))}
    named = [
        FullMention(
            people[e.questioner_id].name,
            date,
            e.session_id,
            outlets[e.outlet_id].name if e.outlet_id and not e.outlet_inferred else None,
        )
        for e, date in rows
        if date
        and e.questioner_id in people
        and e.questioner_id not in barred
        and e.inferred_from is None
        and e.basis in STATED
    ]
    resolver = Resolver(named)
    by_key = {p.name_key: p for p in people.values() if p.id not in barred}
    outlet_by_key = {o.key: o for o in outlets.values()}
    for e, _ in rows:
        if e.questioner_id in barred:
            # Asked once, answers from the podium elsewhere: an official is never listed as a
            # journalist, so the question keeps the name as printed and links to no page.
            e.questioner_id, e.inferred_from, e.outlet_inferred = None, None, False
            db.add(e)
            changed.add(e.session_id)
    for e, date in rows:
        if not e.questioner_name or first_key(e.questioner_name) is None:
            continue
        if e.questioner_id is not None and e.inferred_from is None:
            continue  # linked by the transcript itself
        link = resolver.resolve(e.questioner_name, date)
        person = by_key.get(person_key(link.name)) if link else None
        if _apply(e, link, person, outlet_by_key):
            db.add(e)
            changed.add(e.session_id)
    return changed


def _apply(
    e: Exchange, link: Link | None, person: Person | None, outlets: dict[str, Outlet]
) -> bool:
    """Set or clear one exchange's inferred link; whether anything changed."""
    before = (e.questioner_id, e.inferred_from, e.outlet_id, e.outlet_inferred)
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
    return before != (e.questioner_id, e.inferred_from, e.outlet_id, e.outlet_inferred)
