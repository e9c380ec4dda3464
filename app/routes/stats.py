"""Statistics pages: /stats, and a principal's deflecting answers one click from their
page. The numbers come from app.stats through app.figures; handlers only render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app import deflections, figures, queries, stats
from app.memo import Memo
from app.routes.deps import PageDep, SessionDep, TemplatesDep
from app.services.paging import paging

router = APIRouter(include_in_schema=False)

DEFLECTIONS_PER_PAGE = 50


def memo_of(request: Request) -> Memo:
    memo: Memo = request.app.state.memo
    return memo


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    overview = memo_of(request).get(db, "overview", lambda: figures.overview(db))
    return templates.TemplateResponse(request, "stats.html", {"overview": overview})


def deflections_context(db: Session, memo: Memo, slug: str, page: int) -> dict[str, Any]:
    person = queries.person_by_slug(db, slug)
    if person is None or person.id is None:
        raise HTTPException(404, "There is no one at this address.")
    found = figures.answers(db, memo, person.id)
    pager = paging(len(found.deflecting), page, DEFLECTIONS_PER_PAGE)
    ids = found.deflecting[pager.offset : pager.offset + DEFLECTIONS_PER_PAGE]
    items = []
    for item in stats.listings(db, ids):
        held = deflections.found(item.exchange.answer)
        quote = deflections.sentence(item.exchange.answer, held[0]) if held else ""
        items.append((item, held, quote))
    return {
        "person": person,
        "profile": found.profile,
        "items": items,
        "pager": pager,
        "phrases": deflections.PHRASES,
    }


@router.get("/people/{slug}/deflections", response_class=HTMLResponse)
def deflections_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    context = deflections_context(db, memo_of(request), slug, page)
    return templates.TemplateResponse(request, "deflections.html", context)
