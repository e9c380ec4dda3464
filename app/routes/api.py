"""The JSON API under /api: the same data as the pages, from the same contexts (app/services)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, StreamingResponse

from app import export, queries, urls
from app.models import Exchange, Outlet, Person, PressSession
from app.parsing import provenance
from app.routes.deps import (
    BaseUrlDep,
    IndexDep,
    KindDep,
    NumberDep,
    PageDep,
    SearchRequestDep,
    SessionDep,
    YearDep,
)
from app.routes.search import run_search
from app.schemas import (
    ExchangeDetail,
    ExchangePublic,
    FacetValue,
    JournalistDetail,
    JournalistSummary,
    Listed,
    OutletDetail,
    OutletRef,
    OutletSummary,
    PersonRef,
    Problem,
    SearchHit,
    SearchResponse,
    SessionDetail,
    SessionPage,
    SessionSummary,
    SourceCredit,
    Speaker,
)
from app.services import askers, sessions
from app.services.askers import JOURNALIST, OUTLET, Asker
from app.services.errors import Moved, NotFound

router = APIRouter(prefix="/api", tags=["archive"], responses={404: {"model": Problem}})


def person_ref(p: Person, base: str, kind: str = "people") -> PersonRef:
    return PersonRef(
        slug=p.slug,
        name=p.name,
        url=base + (urls.journalist(p.slug) if kind == "journalists" else urls.person(p.slug)),
    )


def outlet_ref(o: Outlet, base: str) -> OutletRef:
    return OutletRef(slug=o.slug, name=o.name, url=base + urls.outlet(o.slug))


def session_summary(s: PressSession, principals: list[Person], base: str) -> SessionSummary:
    return SessionSummary(
        slug=s.slug,
        title=s.title,
        date=s.date,
        location=s.location,
        kind=s.kind,
        principals=[person_ref(p, base) for p in principals],
        exchange_count=s.exchange_count,
        url=base + urls.session(s.slug),
        api_url=base + urls.api(urls.session(s.slug)),
    )


def exchange_public(
    e: Exchange,
    s: PressSession,
    questioner: Person | None,
    outlet: Outlet | None,
    base: str,
) -> dict[str, Any]:
    return {
        "session": s.slug,
        "number": e.number,
        "url": base + urls.permalink(s.slug, e.number),
        "questioner_name": e.questioner_name,
        "questioner": person_ref(questioner, base, "journalists") if questioner else None,
        "outlet": outlet_ref(outlet, base) if outlet else None,
        "question": e.question,
        "answerers": [n for n in e.answerers.split("; ") if n],
        "answer": e.answer,
        "in_context": base + urls.session(s.slug, e.first_turn),
        "basis": e.basis or None,
        "evidence": e.evidence or None,
        "inferred": e.inferred_from is not None,
    }


def listed(item: queries.Listing, base: str) -> Listed:
    e, s = item.exchange, item.session
    return Listed(
        session=s.slug,
        session_title=s.title,
        date=s.date,
        number=e.number,
        url=base + urls.permalink(s.slug, e.number),
        questioner_name=item.questioner.name if item.questioner else e.questioner_name,
        outlet=item.outlet.name if item.outlet else None,
        question=e.question,
    )


def source_credit(url: str) -> SourceCredit | None:
    credit = provenance.credit(url)
    return SourceCredit(**asdict(credit)) if credit else None


@router.get("/sessions", response_model=SessionPage, summary="All sessions, newest first")
def api_sessions(
    db: SessionDep,
    base: BaseUrlDep,
    page: PageDep = 1,
    kind: KindDep = None,
    year: YearDep = None,
) -> SessionPage:
    c = sessions.session_list(db, page, kind or None, year)
    return SessionPage(
        total=c.pager.total,
        page=page,
        pages=c.pager.pages,
        sessions=[session_summary(s, c.principals.get(s.id or 0, []), base) for s in c.sessions],
    )


@router.get("/sessions/{slug}", response_model=SessionDetail, summary="One session, all exchanges")
def api_session(slug: str, db: SessionDep, base: BaseUrlDep) -> SessionDetail:
    c = sessions.session_page(db, slug)
    s = c.session
    people = queries.people_by_id(db, {e.questioner_id for e in c.exchanges if e.questioner_id})
    summary = session_summary(s, c.principals, base)
    return SessionDetail(
        **summary.model_dump(),
        source_url=s.source_url,
        source_credit=source_credit(s.source_url),
        description=s.description,
        speakers=[
            Speaker(
                name=p.name,
                role=a.role,
                outlet=o.name if o else None,
                person=person_ref(p, base, "journalists" if a.role == "questioner" else "people"),
            )
            for a, p, o in c.speakers
        ],
        exchanges=[
            ExchangePublic.model_validate(
                exchange_public(
                    e,
                    s,
                    people.get(e.questioner_id) if e.questioner_id else None,
                    c.outlets.get(e.outlet_id) if e.outlet_id else None,
                    base,
                )
            )
            for e in c.exchanges
        ],
    )


@router.get("/sessions/{slug}/q/{number}", response_model=ExchangeDetail, summary="One exchange")
def api_exchange(
    slug: str, number: NumberDep, db: SessionDep, base: BaseUrlDep
) -> ExchangeDetail | RedirectResponse:
    try:
        c = sessions.answer_page(db, None, slug, number, base)
    except Moved as moved:
        return RedirectResponse(urls.api(urls.permalink(slug, moved.target)), status_code=301)
    s = c.session
    return ExchangeDetail(
        **exchange_public(c.exchange, s, c.questioner, c.outlet, base),
        session_title=s.title,
        date=s.date,
        source_url=s.source_url,
        source_credit=source_credit(s.source_url),
        previous=base + urls.permalink(slug, c.previous.number) if c.previous else None,
        next=base + urls.permalink(slug, c.next.number) if c.next else None,
        citation=c.citation,
    )


def asker_summary(subject: Person | Outlet, questions: int, base: str, asker: Asker) -> Any:
    """A journalist's or an outlet's line in a list: its name, count and address."""
    summary = JournalistSummary if asker is JOURNALIST else OutletSummary
    return summary(
        slug=subject.slug,
        name=subject.name,
        questions=questions,
        url=base + asker.page(subject.slug),
    )


def asker_detail(db: SessionDep, asker: Asker, slug: str, page: int, base: str) -> dict[str, Any]:
    """What a journalist's and an outlet's records share; the other side's list is keyed by
    its plural (`outlets` of a journalist, `journalists` of an outlet)."""
    subject = askers.find(db, asker, slug)
    if asker is JOURNALIST and not askers.question_total(db, asker, subject):
        # The page sends someone who never asked to /people; the API has no such record.
        raise NotFound(asker.missing)
    c = askers.asker_page(db, asker, subject, page)
    partner = OUTLET if asker is JOURNALIST else JOURNALIST
    return {
        "slug": subject.slug,
        "name": subject.name,
        "questions": c.pager.total,
        "url": base + asker.page(subject.slug),
        asker.partners_name: [asker_summary(o, n, base, partner) for o, n in c.partners],
        "page": page,
        "pages": c.pager.pages,
        "exchanges": [listed(item, base) for item in c.listings],
    }


@router.get("/journalists", response_model=list[JournalistSummary], summary="Journalists A-Z")
def api_journalists(db: SessionDep, base: BaseUrlDep) -> list[JournalistSummary]:
    letters = askers.journalist_index(db).letters
    return [asker_summary(p, n, base, JOURNALIST) for _, people in letters for p, n in people]


@router.get(
    "/journalists/{slug}", response_model=JournalistDetail, summary="One journalist's questions"
)
def api_journalist(
    slug: str, db: SessionDep, base: BaseUrlDep, page: PageDep = 1
) -> JournalistDetail:
    return JournalistDetail(**asker_detail(db, JOURNALIST, slug, page, base))


@router.get("/outlets", response_model=list[OutletSummary], summary="Outlets by questions")
def api_outlets(db: SessionDep, base: BaseUrlDep) -> list[OutletSummary]:
    return [asker_summary(o, n, base, OUTLET) for o, n in queries.outlets_with_counts(db)]


@router.get("/outlets/{slug}", response_model=OutletDetail, summary="Questions for one outlet")
def api_outlet(slug: str, db: SessionDep, base: BaseUrlDep, page: PageDep = 1) -> OutletDetail:
    return OutletDetail(**asker_detail(db, OUTLET, slug, page, base))


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Search questions and answers",
    responses={400: {"model": Problem, "description": "The query cannot be read"}},
)
def api_search(
    req: SearchRequestDep, db: SessionDep, index: IndexDep, base: BaseUrlDep
) -> SearchResponse:
    """The same query language, filters and facets as the search page."""
    outcome = run_search(db, index, req)
    if outcome.error:
        raise HTTPException(400, outcome.error)
    results = outcome.results
    return SearchResponse(
        q=req.q,
        filters=outcome.filters,
        sort=req.sort,
        total=results.total if results else 0,
        page=req.page,
        pages=results.pages if results else 0,
        suggestion=results.suggestion if results else None,
        facets={
            name: [
                FacetValue(value=k, label=outcome.names.get(name, {}).get(k, k), count=n)
                for k, n in pairs
            ]
            for name, pairs in (results.facets.items() if results else [])
        },
        hits=[
            SearchHit(
                session=h.session,
                session_title=h.session_title,
                number=h.number,
                date=h.date,
                url=base + h.permalink,
                questioner=h.questioner or None,
                questioner_name=h.questioner_name,
                outlet=h.outlet or None,
                outlet_name=h.outlet_name,
                principals=h.principal_names,
                question_snippet=str(h.question_snippet) if h.question_snippet else None,
                answer_snippet=str(h.answer_snippet) if h.answer_snippet else None,
                question=h.question,
            )
            for h in (results.hits if results else [])
        ],
    )


@router.get(
    "/export",
    summary="The whole archive in the presser/1 format",
    response_description="See docs/export-format.md",
    responses={200: {"content": {"application/json": {}}}},
)
def api_export(request: Request) -> StreamingResponse:
    return StreamingResponse(
        export.stream(request.app.state.engine),
        media_type="application/json",
        headers={"Content-Disposition": 'inline; filename="presser-export.json"'},
    )
