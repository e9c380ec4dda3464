"""A person who answers (a principal, a moderator): their sessions and their answers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app import queries
from app.models import Person, PressSession
from app.services.askers import LISTINGS_PER_PAGE
from app.services.errors import NotFound
from app.services.paging import Pager, paging


def person_by_slug(db: Session, slug: str) -> Person:
    person = queries.person_by_slug(db, slug)
    if person is None or person.id is None:
        raise NotFound("There is no one at this address.")
    return person


@dataclass(frozen=True)
class PersonPage:
    person: Person
    roles: dict[str, int]  # sessions they appear in, by role
    sessions: list[PressSession]
    listings: list[queries.Listing]
    pager: Pager


def person_page(db: Session, person: Person, page: int) -> PersonPage:
    assert person.id is not None
    pager = paging(queries.exchange_total(db, answerer_id=person.id), page, LISTINGS_PER_PAGE)
    return PersonPage(
        person=person,
        roles=queries.roles_of_person(db, person.id),
        sessions=queries.sessions_of_person(db, person.id, ("principal", "moderator")),
        listings=queries.exchange_listings(
            db, answerer_id=person.id, limit=LISTINGS_PER_PAGE, offset=pager.offset
        ),
        pager=pager,
    )
