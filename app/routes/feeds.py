"""Atom feeds (the archive, a search, a journalist, an outlet), OpenSearch, sitemaps and the
API explorer page: everything that serves machines or points them somewhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from app import queries
from app.export import permalink
from app.models import PressSession
from app.routes.deps import BaseUrlDep, IndexDep, SearchRequestDep, SessionDep, TemplatesDep
from app.routes.search import run_search

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


def entry(
    url: str,
    asker: str,
    outlet: str,
    date: dt.date | None,
    fallback: dt.datetime,
    question: str,
    answer: str,
    session_title: str,
) -> Entry:
    """One exchange as a feed entry, from a database listing or a search hit alike."""
    asker = asker or "Unidentified"
    if outlet:
        asker += f", {outlet}"
    return Entry(
        url=url,
        title=f"{asker}: {question[:100]}",
        author=asker,
        updated=_when(date, fallback),
        question=question,
        answer=answer,
        session_title=session_title or "Press Q&A",
    )


def listing_entries(listings: list[queries.Listing], base: str) -> list[Entry]:
    return [
        entry(
            base + permalink(item.session.slug, item.exchange.number),
            item.questioner.name if item.questioner else item.exchange.questioner_name or "",
            item.outlet.name if item.outlet else "",
            item.session.date,
            item.session.ingested_at,
            item.exchange.question,
            item.exchange.answer,
            item.session.title,
        )
        for item in listings
    ]


def _feed(
    request: Request,
    templates: Jinja2Templates,
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
    index: IndexDep,
    templates: TemplatesDep,
    base: BaseUrlDep,
) -> Response:
    """The newest matches of a search: how a reader follows a topic without an account."""
    outcome = run_search(db, index, replace(req, sort="newest", page=1))
    if outcome.error:
        raise HTTPException(400, outcome.error)
    undated = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    entries = [
        entry(
            base + h.permalink,
            h.questioner_name,
            h.outlet_name,
            h.date,
            undated,
            h.question,
            h.answer,
            h.session_title,
        )
        for h in (outcome.results.hits if outcome.results else [])
    ]
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
