"""Server-rendered pages for browsing: home, sessions, one session, one answer, journalists,
outlets and principals. Each handler builds its context in app/services, then renders it;
what is missing there is a `NotFound`, which app/routes/errors.py makes the 404 page."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import figures, queries, urls
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
from app.services import askers, people, sessions
from app.services.askers import JOURNALIST, OUTLET, Asker
from app.services.errors import Moved

router = APIRouter(include_in_schema=False)


def template_context(context: Any) -> dict[str, Any]:
    """A context dataclass's fields by name, for its template. Shallow: `asdict` would copy
    every row and turn the nested dataclasses (a pager, a paragraph) into dicts."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "index.html", template_context(sessions.home(db)))


@router.get("/sessions", response_class=HTMLResponse)
def sessions_page(
    request: Request,
    db: SessionDep,
    templates: TemplatesDep,
    page: PageDep = 1,
    kind: KindDep = None,
    year: YearDep = None,
) -> Response:
    context = sessions.session_list(db, page, kind or None, year)
    return templates.TemplateResponse(
        request,
        "sessions.html",
        template_context(context) | {"page_link": context.page_link},
    )


@router.get("/sessions/{slug}", response_class=HTMLResponse)
def session_page(request: Request, slug: str, db: SessionDep, templates: TemplatesDep) -> Response:
    context = sessions.session_page(db, slug)
    return templates.TemplateResponse(request, "session.html", template_context(context))


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
        context = sessions.answer_page(db, index, slug, number, base)
    except Moved as moved:
        # Permanent: a citation of the old number lands on the exchange that holds it now.
        return RedirectResponse(urls.permalink(slug, moved.target), status_code=301)
    return templates.TemplateResponse(request, "answer.html", template_context(context))


@router.get("/journalists", response_class=HTMLResponse)
def journalists_page(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    context = template_context(askers.journalist_index(db))
    return templates.TemplateResponse(request, "journalists.html", context)


def _asker_page(
    request: Request, db: SessionDep, templates: TemplatesDep, asker: Asker, slug: str, page: int
) -> Response:
    subject = askers.find(db, asker, slug)
    if asker is JOURNALIST and not askers.question_total(db, asker, subject):
        # Someone who never asked (an official) is at home on their person page.
        return RedirectResponse(urls.person(slug), status_code=302)
    context = askers.asker_page(db, asker, subject, page)
    return templates.TemplateResponse(request, f"{asker.kind}.html", context.template_context())


@router.get("/journalists/{slug}", response_class=HTMLResponse)
def journalist_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    return _asker_page(request, db, templates, JOURNALIST, slug, page)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, db: SessionDep, templates: TemplatesDep) -> Response:
    context = {"outlets": queries.outlets_with_counts(db)}
    return templates.TemplateResponse(request, "outlets.html", context)


@router.get("/outlets/{slug}", response_class=HTMLResponse)
def outlet_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    return _asker_page(request, db, templates, OUTLET, slug, page)


@router.get("/people/{slug}", response_class=HTMLResponse)
def person_page(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, page: PageDep = 1
) -> Response:
    person = people.person_by_slug(db, slug)
    assert person.id is not None
    roles = queries.roles_of_person(db, person.id)
    if set(roles) <= {"questioner"} and queries.exchange_total(db, questioner_id=person.id):
        return RedirectResponse(urls.journalist(slug), status_code=302)
    context = template_context(people.person_page(db, person, page))
    context.update(figures.person_stats(db, request.app.state.memo, person))
    return templates.TemplateResponse(request, "person.html", context)
