"""Server-rendered pages: the session list, one session, one exchange's permalink."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app import queries
from app.export import permalink
from app.models import PressSession
from app.routes.deps import SessionDep, TemplatesDep

router = APIRouter()


def index_context(db: SessionDep) -> dict[str, Any]:
    sessions = queries.sessions_newest_first(db)
    principals = queries.principals_by_session(db, [s.id for s in sessions if s.id is not None])
    return {"counts": queries.counts(db), "sessions": sessions, "principals": principals}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: SessionDep, templates: TemplatesDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", index_context(db))


def _session_or_404(db: SessionDep, slug: str) -> PressSession:
    session = queries.session_by_slug(db, slug)
    if session is None or session.id is None:
        raise HTTPException(404, "No such session")
    return session


def session_context(db: SessionDep, slug: str) -> dict[str, Any]:
    session = _session_or_404(db, slug)
    assert session.id is not None
    exchanges = queries.session_exchanges(db, session.id)
    return {
        "session": session,
        "turns": queries.session_turns(db, session.id),
        "exchanges": exchanges,
        "outlets": queries.outlets_by_id(db, {e.outlet_id for e in exchanges if e.outlet_id}),
        "speakers": queries.session_speakers(db, session.id),
    }


@router.get("/sessions/{slug}", response_class=HTMLResponse)
def session_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep
) -> HTMLResponse:
    return templates.TemplateResponse(request, "session.html", session_context(db, slug))


@router.get("/sessions/{slug}/q/{number}", response_class=HTMLResponse)
def answer_page(
    request: Request, slug: str, number: int, db: SessionDep, templates: TemplatesDep
) -> HTMLResponse:
    return templates.TemplateResponse(request, "answer.html", answer_context(db, slug, number))


def answer_context(db: SessionDep, slug: str, number: int) -> dict[str, Any]:
    """One exchange and what its page shows; never the whole transcript."""
    session = _session_or_404(db, slug)
    assert session.id is not None
    exchange = queries.exchange_by_number(db, session.id, number)
    if exchange is None:
        raise HTTPException(404, "No such exchange in this session")
    return {
        "session": session,
        "exchange": exchange,
        "outlets": queries.outlets_by_id(db, {exchange.outlet_id} if exchange.outlet_id else set()),
        "permalink": permalink(slug, number),
    }
