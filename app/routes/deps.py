"""Shared dependencies, declared once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from app.search.engine import SearchEngine
from app.search.query import MAX_PAGE, MAX_QUERY_LENGTH, SearchRequest


def get_db(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def get_search(request: Request) -> SearchEngine:
    engine: SearchEngine = request.app.state.search
    return engine


DATE = r"^(\d{4}-\d{2}-\d{2})?$"  # empty allowed: a form sends its blank date fields


def search_request(
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY_LENGTH, description='Words, "phrases", AND/OR/NOT, -word, filters'
        ),
    ] = "",
    journalist: Annotated[str, Query(max_length=200, description="Journalist slug or name")] = "",
    outlet: Annotated[str, Query(max_length=200, description="Outlet slug or name")] = "",
    principal: Annotated[str, Query(max_length=200, description="Principal slug or name")] = "",
    session: Annotated[str, Query(max_length=200, description="Session slug")] = "",
    date_from: Annotated[str, Query(alias="from", pattern=DATE, description="YYYY-MM-DD")] = "",
    date_to: Annotated[str, Query(alias="to", pattern=DATE, description="YYYY-MM-DD")] = "",
    sort: Literal["relevance", "newest", "oldest"] = "relevance",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> SearchRequest:
    return SearchRequest(
        q=q.strip(),
        journalist=journalist.strip(),
        outlet=outlet.strip(),
        principal=principal.strip(),
        session=session.strip(),
        date_from=date_from.strip(),
        date_to=date_to.strip(),
        sort=sort,
        page=page,
    )


def base_url(request: Request) -> str:
    """The archive's public address without a trailing slash."""
    configured = request.app.state.settings.public_url
    return (configured or str(request.base_url)).rstrip("/")


SessionDep = Annotated[Session, Depends(get_db)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
IndexDep = Annotated[SearchEngine, Depends(get_search)]
SearchRequestDep = Annotated[SearchRequest, Depends(search_request)]
BaseUrlDep = Annotated[str, Depends(base_url)]
PageDep = Annotated[int, Query(ge=1, le=100_000, description="Page number")]
KindDep = Annotated[
    str | None, Query(max_length=40, description="Session kind, e.g. gaggle, press-briefing")
]
YearDep = Annotated[int | None, Query(ge=1, le=9999, description="Sessions of this year")]
