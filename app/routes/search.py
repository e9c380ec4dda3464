"""The search page: the reader's query, run by the search engine, with facet names from the
database. The JSON API and the Atom feed share `run_search`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app import charts, queries
from app.charts import Chart
from app.parsing import kinds
from app.routes.deps import IndexDep, SearchRequestDep, SessionDep, TemplatesDep
from app.search.engine import SearchEngine
from app.search.query import SORTS, QueryError, SearchRequest, parse_search, remove_filter
from app.search.results import SearchResults

router = APIRouter(include_in_schema=False)


@dataclass
class SearchOutcome:
    request: SearchRequest
    results: SearchResults | None = None
    error: str | None = None
    # The did-you-mean text whose results are shown, when the reader's own found nothing.
    corrected: str | None = None
    # Display names of the slugs the facets return, by facet.
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def empty_request(self) -> bool:
        return not self.request.q and not self.filters


def facet_names(db: Session, results: SearchResults) -> dict[str, dict[str, str]]:
    facets = results.facets
    people = queries.people_by_slug(
        db, {k for k, _ in facets.get("questioner", []) + facets.get("principal", [])}
    )
    outlets = queries.outlets_by_slug(db, {k for k, _ in facets.get("outlet", [])})
    return {
        "questioner": {slug: p.name for slug, p in people.items()},
        "principal": {slug: p.name for slug, p in people.items()},
        "outlet": {slug: o.name for slug, o in outlets.items()},
        "kind": {slug: kinds.label(slug) for slug, _ in facets.get("kind", [])},
        "year": {},
    }


def run_search(
    db: Session, index: SearchEngine, request: SearchRequest, correct: bool = False
) -> SearchOutcome:
    """Parse, run and name; a query that cannot be read comes back with its reason. With
    `correct`, a search that finds nothing but has a did-you-mean shows that one's results
    (the page does; the API and feeds answer exactly what was asked)."""
    try:
        parsed = parse_search(request)
    except QueryError as exc:
        return SearchOutcome(request=request, error=str(exc))
    outcome = SearchOutcome(request=request, filters=parsed.filters)
    if outcome.empty_request:
        return outcome
    outcome.results = index.search(parsed, request)
    suggestion = outcome.results.suggestion
    if correct and outcome.results.total == 0 and suggestion:
        corrected = replace(request, q=suggestion)
        try:
            found = index.search(parse_search(corrected), corrected)
        except QueryError:
            found = None
        if found is not None and found.total:
            outcome.results, outcome.corrected = found, suggestion
    outcome.names = facet_names(db, outcome.results)
    return outcome


def facet_link(request: SearchRequest, facet: str, key: str) -> dict[str, str]:
    """URL parameters that narrow the search to one facet value (replacing the same filter,
    whether it was typed in the box or chosen before)."""
    if facet == "year":
        return facet_range(request, f"{key}-01-01", f"{key}-12-31")
    name = FACET_FILTERS[facet]
    return remove_filter(request, name).params(**{name: key, "page": 1})


FACET_FILTERS = {
    "outlet": "outlet",
    "questioner": "journalist",
    "principal": "principal",
    "kind": "kind",
}
FACET_TITLES = {
    "outlet": "Outlet",
    "questioner": "Journalist",
    "principal": "Answered by",
    "kind": "Kind of session",
    "year": "Year",
}


def topic_strip(request: SearchRequest, results: SearchResults) -> Chart | None:
    """Matches per month (per year past four years) for the page's topic-over-time strip;
    a column links to the same search within its month or year."""
    by_month = {(int(m[:4]), int(m[5:7])): n for m, n in results.facets.get("month", [])}
    if not by_month:
        return None
    unit, bars = charts.timeline(by_month)
    linked = []
    for bar in bars:
        year, month = int(bar.label[:4]), int(bar.label[5:7]) if unit == "month" else 0
        last = calendar.monthrange(year, month)[1] if month else 31
        start, end = (
            (f"{bar.label}-01", f"{bar.label}-{last:02d}")
            if month
            else (
                f"{year}-01-01",
                f"{year}-12-31",
            )
        )
        params = facet_range(request, start, end)
        linked.append(replace(bar, href="/search?" + urlencode(params)))
    undated = results.total - sum(by_month.values())
    notes = (f"{undated:,} matches in undated sessions are not counted.",) if undated else ()
    return charts.Chart(
        "topic-over-time",
        f"Matches per {unit}",
        "columns",
        (unit.capitalize(), "Matches"),
        tuple(linked),
        notes=notes,
    )


def facet_range(request: SearchRequest, start: str, end: str) -> dict[str, str]:
    for name in ("year", "from", "to"):
        request = remove_filter(request, name)
    return request.params(date_from=start, date_to=end, page=1)


def search_context(outcome: SearchOutcome) -> dict[str, Any]:
    request = outcome.request
    facets = []
    if outcome.results:
        for facet, pairs in outcome.results.facets.items():
            if facet not in FACET_TITLES:  # the months: a strip, not a list of links
                continue
            names = outcome.names.get(facet, {})
            links = [(names.get(key, key), n, facet_link(request, facet, key)) for key, n in pairs]
            if links:
                facets.append((FACET_TITLES[facet], links))
    return {
        "search": outcome,
        "req": request,
        "facets": facets,
        "active_filters": [
            (name, value, remove_filter(request, name).params())
            for name, value in outcome.filters.items()
        ],
        "sorts": SORTS,
        "kinds": kinds.KINDS,
        "months": topic_strip(request, outcome.results) if outcome.results else None,
    }


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    req: SearchRequestDep,
    db: SessionDep,
    index: IndexDep,
    templates: TemplatesDep,
) -> Response:
    outcome = run_search(db, index, req, correct=True)
    status = 400 if outcome.error else 200
    return templates.TemplateResponse(
        request, "search.html", search_context(outcome), status_code=status
    )
