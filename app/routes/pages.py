"""Server-rendered pages for browsing: home, sessions, one session, one answer, journalists,
outlets and principals. Each handler gathers a context dict, then renders it."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app import figures, queries, urls
from app.identity.explain import explain, short
from app.models import Exchange, Outlet, Person, PressSession
from app.parsing import kinds, provenance
from app.parsing.names import fold
from app.routes.deps import (
    BaseUrlDep,
    IndexDep,
    KindDep,
    NumberDep,
    PageDep,
    SessionDep,
    TemplatesDep,
    YearDep,
)
from app.search.engine import SearchEngine

router = APIRouter(include_in_schema=False)

SESSIONS_PER_PAGE = 50
LISTINGS_PER_PAGE = 50


def paging(total: int, page: int, per_page: int) -> dict[str, int]:
    """Page numbers for `_pagination.html`; a page past the end is a 404."""
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise HTTPException(404, f"There are only {pages} pages.")
    return {"page": page, "pages": pages, "total": total, "offset": (page - 1) * per_page}


def index_context(db: Session) -> dict[str, Any]:
    sessions = queries.sessions_newest_first(db, limit=10)
    principals = queries.principals_by_session(db, [s.id for s in sessions if s.id is not None])
    return {"counts": queries.counts(db), "sessions": sessions, "principals": principals}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "index.html", index_context(db))


def sessions_context(
    db: Session, page: int, kind: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """A page of sessions, narrowed to one kind and one year, with the links that change
    either: each kind and each year that has sessions, with how many."""
    if kind is not None and kind not in kinds.KINDS:
        raise HTTPException(404, f"There is no session kind {kind!r}.")
    total = queries.session_count(db, kind=kind, year=year)
    pager = paging(total, page, SESSIONS_PER_PAGE)
    sessions = queries.sessions_newest_first(
        db, limit=SESSIONS_PER_PAGE, offset=pager["offset"], kind=kind, year=year
    )
    principals = queries.principals_by_session(db, [s.id for s in sessions if s.id is not None])
    years = [
        (y, list(group))
        for y, group in groupby(sessions, key=lambda s: s.date.year if s.date else None)
    ]
    per_kind = queries.session_kinds(db, year)
    return {
        "years": years,
        "principals": principals,
        "pager": pager,
        "kind": kind,
        "year": year,
        "kinds": [(k, label, per_kind[k]) for k, label in kinds.KINDS.items() if per_kind.get(k)],
        "year_counts": queries.session_years(db, kind),
        "page_link": lambda n: urls.sessions(kind, year, n),
    }


@router.get("/sessions", response_class=HTMLResponse)
def sessions_page(
    request: Request,
    db: SessionDep,
    templates: TemplatesDep,
    page: PageDep = 1,
    kind: KindDep = None,
    year: YearDep = None,
) -> Response:
    context = sessions_context(db, page, kind or None, year)
    return templates.TemplateResponse(request, "sessions.html", context)


def _session_or_404(db: Session, slug: str) -> PressSession:
    session = queries.session_by_slug(db, slug)
    if session is None or session.id is None:
        raise HTTPException(404, "There is no session at this address.")
    return session


def session_context(db: Session, slug: str) -> dict[str, Any]:
    session = _session_or_404(db, slug)
    assert session.id is not None
    exchanges = queries.session_exchanges(db, session.id)
    speakers = queries.session_speakers(db, session.id)
    return {
        "session": session,
        "credit": provenance.credit(session.source_url),
        "turns": queries.session_turns(db, session.id),
        "exchanges": exchanges,
        "outlets": queries.outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id}),
        "speakers": speakers,
        "people": {p.id: p for _, p, _ in speakers},
        "principals": [p for a, p, _ in speakers if a.role == "principal"],
        "first_turns": {e.first_turn: e.number for e in exchanges},
        "how": {e.number: short(e) for e in exchanges},
    }


@router.get("/sessions/{slug}", response_class=HTMLResponse)
def session_page(request: Request, slug: str, db: SessionDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "session.html", session_context(db, slug))


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


class Moved(Exception):
    """A permalink number a re-ingest retired: the question now lives under `target`."""

    def __init__(self, target: int) -> None:
        super().__init__(target)
        self.target = target


def answer_context(
    db: Session,
    index: SearchEngine | None,
    slug: str,
    number: int,
    base: str = "",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """One exchange and what its page shows; never the whole transcript. `today` is the
    access date the citations give."""
    session = _session_or_404(db, slug)
    assert session.id is not None
    exchange = queries.exchange_by_number(db, session.id, number)
    if exchange is None or exchange.id is None:
        target = queries.retired_target(db, session.id, number)
        if target is not None:
            raise Moved(target)
        raise HTTPException(404, "This session has no question with that number.")
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

    return {
        "session": session,
        "credit": provenance.credit(session.source_url),
        "exchange": exchange,
        "questioner": questioner,
        "outlet": outlet,
        "basis": explain(exchange, questioner, outlet, named_in),
        "answerers": answerers,
        "previous": previous,
        "next": following,
        "related": index.related(f"{slug}/{number}") if index else [],
        "permalink": urls.permalink(slug, number),
        "url": url,
        "citation": cite(url),
        "paragraphs": answer_paragraphs(exchange.answer, cite, url),
    }


@router.get("/sessions/{slug}/q/{number}", response_class=HTMLResponse)
def answer_page(
    request: Request,
    slug: str,
    number: NumberDep,
    db: SessionDep,
    templates: TemplatesDep,
    index: IndexDep,
    base: BaseUrlDep,
) -> Response:
    try:
        context = answer_context(db, index, slug, number, base)
    except Moved as moved:
        # Permanent: a citation of the old number lands on the exchange that holds it now.
        return RedirectResponse(urls.permalink(slug, moved.target), status_code=301)
    return templates.TemplateResponse(request, "answer.html", context)


def surname_key(person: Person) -> str:
    """Journalists are listed by surname, the way a press gallery list is."""
    words = fold(person.name).split()
    return " ".join(words[-1:] + words[:-1])


def journalists_context(db: Session) -> dict[str, Any]:
    journalists = sorted(queries.journalists_with_counts(db), key=lambda pc: surname_key(pc[0]))
    letters: list[tuple[str, list[tuple[Person, int]]]] = []
    for letter, group in groupby(journalists, key=lambda pc: surname_key(pc[0])[:1].upper()):
        letters.append((letter if letter in string.ascii_uppercase else "#", list(group)))
    return {"letters": letters, "total": len(journalists)}


@router.get("/journalists", response_class=HTMLResponse)
def journalists_page(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "journalists.html", journalists_context(db))


def journalist_context(db: Session, person: Person, page: int) -> dict[str, Any]:
    assert person.id is not None
    pager = paging(queries.exchange_total(db, questioner_id=person.id), page, LISTINGS_PER_PAGE)
    return {
        "person": person,
        "listings": queries.exchange_listings(
            db, questioner_id=person.id, limit=LISTINGS_PER_PAGE, offset=pager["offset"]
        ),
        "outlets": queries.outlets_of_journalist(db, person.id),
        "spans": queries.outlet_spans_of_journalist(db, person.id),
        "pager": pager,
        "charts": figures.journalist_charts(db, person),
    }


@router.get("/journalists/{slug}", response_class=HTMLResponse)
def journalist_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    person = queries.person_by_slug(db, slug)
    if person is None or person.id is None:
        raise HTTPException(404, "There is no journalist at this address.")
    if not queries.exchange_total(db, questioner_id=person.id):
        return RedirectResponse(urls.person(slug), status_code=302)
    context = journalist_context(db, person, page)
    return templates.TemplateResponse(request, "journalist.html", context)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    context = {"outlets": queries.outlets_with_counts(db)}
    return templates.TemplateResponse(request, "outlets.html", context)


def outlet_context(db: Session, slug: str, page: int) -> dict[str, Any]:
    outlet = queries.outlet_by_slug(db, slug)
    if outlet is None or outlet.id is None:
        raise HTTPException(404, "There is no outlet at this address.")
    pager = paging(queries.exchange_total(db, outlet_id=outlet.id), page, LISTINGS_PER_PAGE)
    return {
        "outlet": outlet,
        "listings": queries.exchange_listings(
            db, outlet_id=outlet.id, limit=LISTINGS_PER_PAGE, offset=pager["offset"]
        ),
        "journalists": queries.journalists_of_outlet(db, outlet.id),
        "spans": queries.journalist_spans_of_outlet(db, outlet.id),
        "pager": pager,
        "charts": figures.outlet_charts(db, outlet),
    }


@router.get("/outlets/{slug}", response_class=HTMLResponse)
def outlet_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    return templates.TemplateResponse(request, "outlet.html", outlet_context(db, slug, page))


def person_context(db: Session, person: Person, page: int) -> dict[str, Any]:
    assert person.id is not None
    pager = paging(queries.exchange_total(db, answerer_id=person.id), page, LISTINGS_PER_PAGE)
    return {
        "person": person,
        "roles": queries.roles_of_person(db, person.id),
        "sessions": queries.sessions_of_person(db, person.id, ("principal", "moderator")),
        "listings": queries.exchange_listings(
            db, answerer_id=person.id, limit=LISTINGS_PER_PAGE, offset=pager["offset"]
        ),
        "pager": pager,
    }


@router.get("/people/{slug}", response_class=HTMLResponse)
def person_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    person = queries.person_by_slug(db, slug)
    if person is None or person.id is None:
        raise HTTPException(404, "There is no one at this address.")
    roles = queries.roles_of_person(db, person.id)
    if set(roles) <= {"questioner"} and queries.exchange_total(db, questioner_id=person.id):
        return RedirectResponse(urls.journalist(slug), status_code=302)
    context = person_context(db, person, page)
    context.update(figures.person_stats(db, request.app.state.memo, person))
    return templates.TemplateResponse(request, "person.html", context)
