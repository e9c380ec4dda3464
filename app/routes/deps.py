"""Shared dependencies, declared once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from app.parsing.kinds import KINDS
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


# A calendar date written YYYY-MM-DD, exactly the ones the query layer accepts
# (`date.fromisoformat`: years 0001 to 9999, no 30 February, 29 February in leap years),
# so a client generating input from the schema never sends a date the API refuses. ASCII
# digits only: `\d` would also match other scripts' digits. Empty is allowed: a form sends
# its blank date fields.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)"
    "|(?:0[13578]|1[02])-31)"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)?$"


# A session kind's slug, or empty (a form's "Any"): the schema lists exactly what is read.
KIND = "^(" + "|".join(["", *KINDS]) + ")$"


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
    kind: Annotated[str, Query(pattern=KIND, description="Session kind (slug)")] = "",
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
        kind=kind.strip(),
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
# The largest number an INTEGER column holds in every supported database (PostgreSQL's is 32
# bits, SQLite's 64): a larger number in an address reached the database and failed there
# (SQLite's OverflowError, PostgreSQL's "integer out of range", a 500) instead of being
# refused as a bad address.
MAX_INTEGER = 2**31 - 1
NumberDep = Annotated[
    int, Path(ge=1, le=MAX_INTEGER, description="The question's permalink number in its session")
]
