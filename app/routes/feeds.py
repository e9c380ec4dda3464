"""Atom feeds (the archive, a search, a journalist, an outlet), OpenSearch, sitemaps and the
API explorer page: everything that serves machines or points them somewhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import Session

from app import queries
from app.export import permalink
from app.models import PressSession
from app.routes.deps import BaseUrlDep, ReadersDep, SearchRequestDep, SessionDep, TemplatesDep
from app.routes.search import run_search
from app.search.query import SearchRequest

router = APIRouter(include_in_schema=False)

FEED_SIZE = 50
SITEMAP_SIZE = 50_000  # the sitemap protocol's limit of URLs per file
ATOM = "application/atom+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"


@dataclass
class Entry:
    url: str
    title: str
    author: str
    updated: dt.datetime
    question: str
    answer: str
    session_title: str


def _when(date: dt.date | None, fallback: dt.datetime) -> dt.datetime:
    if date is None:
        return fallback if fallback.tzinfo else fallback.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)


def listing_entries(listings: list[queries.Listing], base: str) -> list[Entry]:
    entries = []
    for item in listings:
        e, s = item.exchange, item.session
        asker = item.questioner.name if item.questioner else e.questioner_name or "Unidentified"
        if item.outlet:
            asker += f", {item.outlet.name}"
        entries.append(
            Entry(
                url=base + permalink(s.slug, e.number),
                title=f"{asker}: {e.question[:100]}",
                author=asker,
                updated=_when(s.date, s.ingested_at),
                question=e.question,
                answer=e.answer,
                session_title=s.title or "Press Q&A",
            )
        )
    return entries


def _feed(
    request: Request,
    templates: Any,
    title: str,
    self_path: str,
    alternate: str,
    entries: list[Entry],
    base: str,
) -> Response:
    updated = max((e.updated for e in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    context = {
        "title": title,
        "feed_id": base + self_path,
        "self_url": base + self_path,
        "alternate": base + alternate,
        "updated": updated,
        "entries": entries,
    }
    return templates.TemplateResponse(request, "feed.atom.xml", context, media_type=ATOM)


@router.get("/feeds/archive.atom")
def archive_feed(
    request: Request, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    entries = listing_entries(queries.exchange_listings(db, limit=FEED_SIZE), base)
    return _feed(
        request, templates, "Presser: latest answers", "/feeds/archive.atom", "/", entries, base
    )


@router.get("/feeds/journalists/{slug}.atom")
def journalist_feed(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    person = queries.person_by_slug(db, slug)
    if person is None or person.id is None:
        raise HTTPException(404, "There is no journalist at this address.")
    listings = queries.exchange_listings(db, questioner_id=person.id, limit=FEED_SIZE)
    return _feed(
        request,
        templates,
        f"Presser: questions by {person.name}",
        f"/feeds/journalists/{slug}.atom",
        f"/journalists/{slug}",
        listing_entries(listings, base),
        base,
    )


@router.get("/feeds/outlets/{slug}.atom")
def outlet_feed(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    outlet = queries.outlet_by_slug(db, slug)
    if outlet is None or outlet.id is None:
        raise HTTPException(404, "There is no outlet at this address.")
    listings = queries.exchange_listings(db, outlet_id=outlet.id, limit=FEED_SIZE)
    return _feed(
        request,
        templates,
        f"Presser: questions for {outlet.name}",
        f"/feeds/outlets/{slug}.atom",
        f"/outlets/{slug}",
        listing_entries(listings, base),
        base,
    )


@router.get("/feeds/search.atom")
def search_feed(
    request: Request,
    req: SearchRequestDep,
    db: SessionDep,
    readers: ReadersDep,
    templates: TemplatesDep,
    base: BaseUrlDep,
) -> Response:
    """The newest matches of a search: how a reader follows a topic without an account."""
    newest = SearchRequest(**{**req.__dict__, "sort": "newest", "page": 1})
    outcome = run_search(db, readers, newest)
    if outcome.error:
        raise HTTPException(400, outcome.error)
    hits = outcome.results.hits if outcome.results else []
    entries = []
    for h in hits:
        asker = h.questioner_name or "Unidentified"
        if h.outlet_name:
            asker += f", {h.outlet_name}"
        entries.append(
            Entry(
                url=base + h.permalink,
                title=f"{asker}: {h.question[:100]}",
                author=asker,
                updated=_when(h.date, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)),
                question=h.question,
                answer=h.answer,
                session_title=h.session_title or "Press Q&A",
            )
        )
    query = urlencode(req.params(page=1, sort="relevance"))
    label = req.q or ", ".join(f"{k}: {v}" for k, v in outcome.filters.items())
    return _feed(
        request,
        templates,
        f"Presser: {label}",
        f"/feeds/search.atom?{query}",
        f"/search?{query}",
        entries,
        base,
    )


@router.get("/api/docs")
def api_docs(request: Request, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "api_docs.html", {})


@router.get("/opensearch.xml")
def opensearch(request: Request, templates: TemplatesDep, base: BaseUrlDep) -> Response:
    return templates.TemplateResponse(
        request,
        "opensearch.xml",
        {"base": base},
        media_type="application/opensearchdescription+xml; charset=utf-8",
    )


@router.get("/sitemap.xml")
def sitemap_index(
    request: Request, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    parts = -(-queries.counts(db).exchanges // SITEMAP_SIZE)
    files = [f"{base}/sitemaps/pages.xml"] + [
        f"{base}/sitemaps/answers-{n}.xml" for n in range(1, parts + 1)
    ]
    return templates.TemplateResponse(
        request, "sitemap_index.xml", {"files": files}, media_type=XML
    )


def page_urls(db: Session, base: str) -> list[str]:
    urls = [f"{base}/", f"{base}/sessions", f"{base}/journalists", f"{base}/outlets"]
    urls += [f"{base}/sessions/{slug}" for slug in queries.all_slugs(db, PressSession)]
    urls += [f"{base}/journalists/{p.slug}" for p, _ in queries.journalists_with_counts(db)]
    urls += [f"{base}/outlets/{o.slug}" for o, _ in queries.outlets_with_counts(db)]
    return urls


@router.get("/sitemaps/pages.xml")
def sitemap_pages(
    request: Request, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    urls = page_urls(db, base)
    return templates.TemplateResponse(request, "sitemap.xml", {"urls": urls}, media_type=XML)


@router.get("/sitemaps/answers-{part}.xml")
def sitemap_answers(
    request: Request, part: int, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    pairs = (
        queries.permalink_pairs(db, SITEMAP_SIZE, (part - 1) * SITEMAP_SIZE) if part >= 1 else []
    )
    if not pairs:
        raise HTTPException(404, "No such sitemap.")
    urls = [base + permalink(slug, n) for slug, n in pairs]
    return templates.TemplateResponse(request, "sitemap.xml", {"urls": urls}, media_type=XML)
