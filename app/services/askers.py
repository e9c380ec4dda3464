"""Those who ask: journalists and the outlets they ask for. The two are twins (a page of
their questions, the other side's names with counts and date spans, charts, a feed, an
API record), so one `Asker` description of each drives a single set of builders."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlmodel import Session

from app import figures, queries, urls
from app.charts import Chart
from app.models import Outlet, Person
from app.parsing.names import fold
from app.services.errors import NotFound
from app.services.paging import Pager, paging

LISTINGS_PER_PAGE = 50

Spans = dict[int, tuple[dt.date | None, dt.date | None]]


@dataclass(frozen=True)
class Asker:
    """One kind of asker and how to find, count and describe it."""

    kind: str  # "journalist" or "outlet": its templates, its filter in the search
    find: Callable[[Session, str], Any]  # by slug
    key: str  # the exchange column that names it, for queries.exchange_listings
    partners: Callable[[Session, int], list[tuple[Any, int]]]  # the other side, with counts
    spans: Callable[[Session, int], Spans]  # the first and last question for each partner
    # Given the subject's question total and partners, which the page has already counted.
    charts: Callable[[Session, Any, int, list[tuple[Any, int]]], list[Chart]]
    page: Callable[[str], str]  # its address
    feed: Callable[[str], str]  # its Atom feed's address
    feed_title: str  # "Presser: questions by {name}"
    missing: str  # the 404's message
    subject_name: str  # what its template calls it and its partners
    partners_name: str


JOURNALIST = Asker(
    kind="journalist",
    find=queries.person_by_slug,
    key="questioner_id",
    partners=queries.outlets_of_journalist,
    spans=queries.outlet_spans_of_journalist,
    charts=figures.journalist_charts,
    page=urls.journalist,
    feed=urls.journalist_feed,
    feed_title="Presser: questions by {name}",
    missing="There is no journalist at this address.",
    subject_name="person",
    partners_name="outlets",
)

OUTLET = Asker(
    kind="outlet",
    find=queries.outlet_by_slug,
    key="outlet_id",
    partners=queries.journalists_of_outlet,
    spans=queries.journalist_spans_of_outlet,
    charts=figures.outlet_charts,
    page=urls.outlet,
    feed=urls.outlet_feed,
    feed_title="Presser: questions for {name}",
    missing="There is no outlet at this address.",
    subject_name="outlet",
    partners_name="journalists",
)


def find(db: Session, asker: Asker, slug: str) -> Person | Outlet:
    """The journalist or outlet at `slug`; NotFound if none."""
    found: Person | Outlet | None = asker.find(db, slug)
    if found is None or found.id is None:
        raise NotFound(asker.missing)
    return found


def question_total(db: Session, asker: Asker, subject: Person | Outlet) -> int:
    return queries.exchange_total(db, **{asker.key: subject.id})


def listings(
    db: Session, asker: Asker, subject: Person | Outlet, limit: int, offset: int = 0
) -> list[queries.Listing]:
    """Their questions, newest first."""
    return queries.exchange_listings(db, limit=limit, offset=offset, **{asker.key: subject.id})


@dataclass(frozen=True)
class AskerPage:
    """A journalist's or an outlet's page: its questions and who it asked with."""

    asker: Asker
    subject: Person | Outlet
    listings: list[queries.Listing]
    partners: list[tuple[Any, int]]  # outlets of a journalist, journalists of an outlet
    spans: Spans
    pager: Pager
    charts: list[Chart]

    def template_context(self) -> dict[str, Any]:
        """The names its template (journalist.html, outlet.html) reads."""
        return {
            self.asker.subject_name: self.subject,
            self.asker.partners_name: self.partners,
            "listings": self.listings,
            "spans": self.spans,
            "pager": self.pager,
            "charts": self.charts,
        }


def asker_page(db: Session, asker: Asker, subject: Person | Outlet, page: int) -> AskerPage:
    assert subject.id is not None
    total = question_total(db, asker, subject)
    pager = paging(total, page, LISTINGS_PER_PAGE)
    # Each is an aggregate over all the subject's questions (about 100 ms for an outlet's
    # 39,000 at 1M exchanges): counted once, for the list and the charts alike.
    partners = asker.partners(db, subject.id)
    return AskerPage(
        asker=asker,
        subject=subject,
        listings=listings(db, asker, subject, LISTINGS_PER_PAGE, pager.offset),
        partners=partners,
        spans=asker.spans(db, subject.id),
        pager=pager,
        charts=asker.charts(db, subject, total, partners),
    )


def surname_key(person: Person) -> str:
    """Journalists are listed by surname, the way a press gallery list is."""
    words = fold(person.name).split()
    return " ".join(words[-1:] + words[:-1])


@dataclass(frozen=True)
class JournalistIndex:
    letters: list[tuple[str, list[tuple[Person, int]]]]
    total: int


def journalist_index(db: Session) -> JournalistIndex:
    journalists = sorted(queries.journalists_with_counts(db), key=lambda pc: surname_key(pc[0]))
    letters: list[tuple[str, list[tuple[Person, int]]]] = []
    for letter, group in groupby(journalists, key=lambda pc: surname_key(pc[0])[:1].upper()):
        letters.append((letter if letter in string.ascii_uppercase else "#", list(group)))
    return JournalistIndex(letters=letters, total=len(journalists))
