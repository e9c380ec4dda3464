"""The home page, the sessions listing, one session and one answer (its permalink page),
with the ready-to-paste citation of an answer and of each of its paragraphs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from sqlmodel import Session

from app import queries, urls
from app.identity.explain import Basis, explain, short
from app.models import Appearance, Exchange, Outlet, Person, PressSession, Turn
from app.parsing import kinds, provenance
from app.search.engine import SearchEngine
from app.search.results import Hit
from app.services.errors import Moved, NotFound
from app.services.paging import Pager, paging

SESSIONS_PER_PAGE = 50

Principals = dict[int, list[Person]]


@dataclass(frozen=True)
class Home:
    counts: queries.Counts
    sessions: list[PressSession]
    principals: Principals


def home(db: Session) -> Home:
    sessions = queries.sessions_newest_first(db, limit=10)
    principals = queries.principals_by_session(db, [s.id for s in sessions if s.id is not None])
    return Home(counts=queries.counts(db), sessions=sessions, principals=principals)


@dataclass(frozen=True)
class SessionList:
    """A page of sessions narrowed to one kind and one year, with the links that change
    either: each kind and each year that has sessions, with how many."""

    sessions: list[PressSession]
    years: list[tuple[int | None, list[PressSession]]]  # the page's sessions by year
    principals: Principals
    pager: Pager
    kind: str | None
    year: int | None
    kinds: list[tuple[str, str, int]]
    year_counts: list[tuple[int, int]]

    def page_link(self, page: int) -> str:
        return urls.sessions(self.kind, self.year, page)


def session_list(
    db: Session, page: int, kind: str | None = None, year: int | None = None
) -> SessionList:
    if kind is not None and kind not in kinds.KINDS:
        raise NotFound(f"There is no session kind {kind!r}.")
    total = queries.session_count(db, kind=kind, year=year)
    pager = paging(total, page, SESSIONS_PER_PAGE)
    sessions = queries.sessions_newest_first(
        db, limit=SESSIONS_PER_PAGE, offset=pager.offset, kind=kind, year=year
    )
    principals = queries.principals_by_session(db, [s.id for s in sessions if s.id is not None])
    years = [
        (y, list(group))
        for y, group in groupby(sessions, key=lambda s: s.date.year if s.date else None)
    ]
    per_kind = queries.session_kinds(db, year)
    return SessionList(
        sessions=sessions,
        years=years,
        principals=principals,
        pager=pager,
        kind=kind,
        year=year,
        kinds=[(k, label, per_kind[k]) for k, label in kinds.KINDS.items() if per_kind.get(k)],
        year_counts=queries.session_years(db, kind),
    )


def session_by_slug(db: Session, slug: str) -> PressSession:
    session = queries.session_by_slug(db, slug)
    if session is None or session.id is None:
        raise NotFound("There is no session at this address.")
    return session


@dataclass(frozen=True)
class SessionPage:
    session: PressSession
    credit: provenance.Credit | None
    turns: list[Turn]
    exchanges: list[Exchange]
    outlets: dict[int, Outlet]
    speakers: list[tuple[Appearance, Person, Outlet | None]]
    people: dict[int | None, Person]
    principals: list[Person]
    first_turns: dict[int, int]  # a turn's position -> the question it opens
    how: dict[int, str]  # a question's number -> how its asker was identified


def session_page(db: Session, slug: str) -> SessionPage:
    session = session_by_slug(db, slug)
    assert session.id is not None
    exchanges = queries.session_exchanges(db, session.id)
    speakers = queries.session_speakers(db, session.id)
    return SessionPage(
        session=session,
        credit=provenance.credit(session.source_url),
        turns=queries.session_turns(db, session.id),
        exchanges=exchanges,
        outlets=queries.outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id}),
        speakers=speakers,
        people={p.id: p for _, p, _ in speakers},
        principals=[p for a, p, _ in speakers if a.role == "principal"],
        first_turns={e.first_turn: e.number for e in exchanges},
        how={e.number: short(e) for e in exchanges},
    )


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def citation(
    exchange: Exchange,
    session: PressSession,
    questioner: Person | None,
    outlet: Outlet | None,
    answerers: list[Person],
    url: str,
    accessed: dt.date,
    paragraph: int | None = None,
) -> str:
    """A ready-to-paste reference in the usual order: who answered whom, the session and its
    date, the original transcript with its publisher's credit, then the permalink and the
    day it was read (`accessed`), as web citations give it. It states only what the
    transcript does: an asker linked across the archive is cited by the name the transcript
    gives (`Selina`), and an outlet inferred for them is left out. With `paragraph`, `url`
    is that paragraph's address and the reference says which paragraph."""
    stated = questioner if questioner and exchange.inferred_from is None else None
    asker = stated.name if stated else exchange.questioner_name or "an unnamed reporter"
    if outlet and not exchange.outlet_inferred:
        asker += f" ({outlet.name})"
    if paragraph is not None:
        asker += f", paragraph {paragraph}"
    who = ", ".join(p.name for p in answerers) or exchange.answerers or "Answer"
    when = _day(session.date) if session.date else "undated"
    title = session.title or "Press Q&A"
    text = f'{who}, answer to {asker}, "{title}", {when}.'
    if session.source_url:
        credit = provenance.credit(session.source_url)
        by = f"{credit.name}, {credit.licence}, " if credit else ""
        text += f" Original transcript: {by}{session.source_url}."
    return f"{text} Presser, {url}, accessed {_day(accessed)}."


@dataclass(frozen=True)
class AnswerParagraph:
    """One paragraph of an answer with its anchor (`p3`), stable while the text is: the
    n-th paragraph of the same answer is the n-th again after any re-ingest."""

    number: int
    text: str
    anchor: str
    citation: str


def answer_paragraphs(
    answer: str, cite: Callable[[str, int], str], url: str
) -> list[AnswerParagraph]:
    """The answer's paragraphs as the page shows them (blank-line separated, empty ones
    skipped), each with the citation of its own address."""
    texts = [p for p in answer.split("\n\n") if p.strip()]
    return [
        AnswerParagraph(n, text, f"p{n}", cite(f"{url}#p{n}", n))
        for n, text in enumerate(texts, start=1)
    ]


@dataclass(frozen=True)
class AnswerPage:
    """One exchange and what its page shows; never the whole transcript."""

    session: PressSession
    credit: provenance.Credit | None
    exchange: Exchange
    questioner: Person | None
    outlet: Outlet | None
    basis: Basis | None
    answerers: list[Person]
    previous: Exchange | None
    next: Exchange | None
    related: list[Hit]
    permalink: str
    url: str
    citation: str
    paragraphs: list[AnswerParagraph]


def answer_page(
    db: Session,
    index: SearchEngine | None,
    slug: str,
    number: int,
    base: str = "",
    today: dt.date | None = None,
) -> AnswerPage:
    """`today` is the access date the citations give; a retired number is `Moved`."""
    session = session_by_slug(db, slug)
    assert session.id is not None
    exchange = queries.exchange_by_number(db, session.id, number)
    if exchange is None or exchange.id is None:
        target = queries.retired_target(db, session.id, number)
        if target is not None:
            raise Moved(target)
        raise NotFound("This session has no question with that number.")
    questioner = (
        queries.people_by_id(db, {exchange.questioner_id}).get(exchange.questioner_id)
        if exchange.questioner_id
        else None
    )
    outlet = (
        queries.outlets_by_id(db, {exchange.outlet_id}).get(exchange.outlet_id)
        if exchange.outlet_id
        else None
    )
    answerers = queries.answerers_by_exchange(db, [exchange.id]).get(exchange.id, [])
    previous, following = queries.neighbours(db, exchange)
    url = base + urls.permalink(slug, number)
    named_in = queries.session_by_id(db, exchange.inferred_from) if exchange.inferred_from else None
    accessed = today or dt.date.today()

    def cite(address: str, paragraph: int | None = None) -> str:
        return citation(
            exchange, session, questioner, outlet, answerers, address, accessed, paragraph
        )

    return AnswerPage(
        session=session,
        credit=provenance.credit(session.source_url),
        exchange=exchange,
        questioner=questioner,
        outlet=outlet,
        basis=explain(exchange, questioner, outlet, named_in),
        answerers=answerers,
        previous=previous,
        next=following,
        related=index.related(f"{slug}/{number}") if index else [],
        permalink=urls.permalink(slug, number),
        url=url,
        citation=cite(url),
        paragraphs=answer_paragraphs(exchange.answer, cite, url),
    )
