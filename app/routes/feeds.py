"""Atom feeds (the archive, a search, a journalist, an outlet), OpenSearch, sitemaps and the
API explorer page: everything that serves machines or points them somewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from app import queries, urls
from app.routes.conditional import conditional, utc
from app.routes.deps import BaseUrlDep, IndexDep, SearchRequestDep, SessionDep, TemplatesDep
from app.routes.search import run_search
from app.services import askers
from app.services.askers import JOURNALIST, OUTLET, Asker

router = APIRouter(include_in_schema=False)

FEED_SIZE = 50
SITEMAP_SIZE = 50_000  # the sitemap protocol's limit of URLs per file
ATOM = "application/atom+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"
# Room for five billion addresses; a larger number is refused before it reaches the database.
SitemapPartDep = Annotated[int, Path(ge=1, le=100_000, description="Sitemap number")]


@dataclass
class Entry:
    url: str
    title: str
    author: str
    published: dt.datetime | None
    updated: dt.datetime
    question: str
    answer: str
    session_title: str


def headline(question: str, introduction: str = "", limit: int = 100) -> str:
    """An entry's title: the question on one line, cut at a word. Feed readers show a title
    as one line, and the asker is the entry's author: a self-introduction in the question
    (`Lana Samsonia, Interfax.`) is left out of the title, not repeated."""
    if introduction:
        question = question.replace(introduction, " ", 1)
    text = " ".join(question.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def entry(item: queries.Listing, base: str) -> Entry:
    """One exchange as a feed entry.

    `published` is the day the question was asked; `updated` is when the archive stored it
    (a corrected transcript is stored again). A session's exchanges are stored together, so
    each is set its permalink number of microseconds later: readers that sort and tell
    entries apart by `updated` see distinct times, in the order the questions were asked."""
    e, session = item.exchange, item.session
    author = item.questioner.name if item.questioner else e.questioner_name or "Unnamed reporter"
    if item.outlet:
        author += f", {item.outlet.name}"
    return Entry(
        url=base + urls.permalink(session.slug, e.number),
        title=headline(e.question, e.evidence if e.basis == "self" else ""),
        author=author,
        published=(
            dt.datetime.combine(session.date, dt.time(), tzinfo=dt.UTC) if session.date else None
        ),
        updated=utc(session.ingested_at) + dt.timedelta(microseconds=e.number),
        question=e.question,
        answer=e.answer,
        session_title=session.title or "Press Q&A",
    )


def listing_entries(listings: list[queries.Listing], base: str) -> list[Entry]:
    return [entry(item, base) for item in listings]


def _feed(
    request: Request,
    db: Session,
    templates: Jinja2Templates,
    title: str,
    self_path: str,
    alternate: str,
    entries: list[Entry],
    base: str,
) -> Response:
    last_stored = queries.last_stored(db)
    updated = max((e.updated for e in entries), default=utc(last_stored or dt.datetime(2000, 1, 1)))
    context = {
        "title": title,
        "feed_id": base + self_path,
        "self_url": base + self_path,
        "alternate": base + alternate,
        "updated": updated,
        "entries": entries,
    }
    response = templates.TemplateResponse(request, "feed.atom.xml", context, media_type=ATOM)
    return conditional(request, response, last_stored)


@router.get("/feeds/archive.atom")
def archive_feed(
    request: Request, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    entries = listing_entries(queries.exchange_listings(db, limit=FEED_SIZE), base)
    return _feed(
        request,
        db,
        templates,
        "Presser: latest answers",
        urls.archive_feed(),
        urls.home(),
        entries,
        base,
    )


def _asker_feed(
    request: Request,
    db: Session,
    templates: Jinja2Templates,
    asker: Asker,
    slug: str,
    base: str,
) -> Response:
    subject = askers.find(db, asker, slug)
    return _feed(
        request,
        db,
        templates,
        asker.feed_title.format(name=subject.name),
        asker.feed(slug),
        asker.page(slug),
        listing_entries(askers.listings(db, asker, subject, FEED_SIZE), base),
        base,
    )


@router.get("/feeds/journalists/{slug}.atom")
def journalist_feed(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    return _asker_feed(request, db, templates, JOURNALIST, slug, base)


@router.get("/feeds/outlets/{slug}.atom")
def outlet_feed(
    request: Request, slug: str, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    return _asker_feed(request, db, templates, OUTLET, slug, base)


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
    hits = outcome.results.hits if outcome.results else []
    listings = queries.listings_by_permalink(db, [(h.session, h.number) for h in hits])
    entries = listing_entries(listings, base)
    params = req.params(page=1, sort="relevance")
    label = req.q or ", ".join(f"{k}: {v}" for k, v in outcome.filters.items())
    return _feed(
        request,
        db,
        templates,
        f"Presser: {label}",
        urls.search_feed(params),
        urls.search(params),
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


@router.get("/robots.txt")
def robots(base: BaseUrlDep) -> Response:
    # Search results are marked noindex and endless (every query, filter and page is an
    # address): crawlers find every page through the sitemap instead.
    text = f"User-agent: *\nDisallow: /search\n\nSitemap: {base}{urls.sitemap_index()}\n"
    return Response(text, media_type="text/plain; charset=utf-8")


def sitemap_parts(total: int) -> int:
    return -(-total // SITEMAP_SIZE)


# The sitemap protocol lets a sitemap list only addresses under its own folder, so the
# sitemaps live at the root beside the index; /sitemaps/... (where they were) redirects.
@router.get("/sitemap.xml")
def sitemap_index(
    request: Request, db: SessionDep, templates: TemplatesDep, base: BaseUrlDep
) -> Response:
    pages = sitemap_parts(len(page_urls(db, base)))
    answers = sitemap_parts(queries.counts(db).exchanges)
    files = [base + urls.sitemap_pages(n) for n in range(1, pages + 1)]
    files += [base + urls.sitemap_answers(n) for n in range(1, answers + 1)]
    last_stored = queries.last_stored(db)
    context = {"files": files, "lastmod": w3c(last_stored) if last_stored else None}
    response = templates.TemplateResponse(request, "sitemap_index.xml", context, media_type=XML)
    return conditional(request, response, last_stored)


def w3c(moment: dt.datetime) -> str:
    """A sitemap's `lastmod`: W3C Datetime, to the second, in UTC."""
    return utc(moment).isoformat(timespec="seconds")


def page_urls(db: Session, base: str) -> list[tuple[str, dt.datetime | None]]:
    """Every page worth a crawler's visit but the permalinks, with when it last changed."""
    last_stored = queries.last_stored(db)
    found: list[tuple[str, dt.datetime | None]] = [
        (base + path, last_stored)
        for path in (urls.home(), urls.sessions(), urls.journalists(), urls.outlets())
    ]
    for address, dated in (
        (urls.session, queries.sessions_stored(db)),
        (urls.journalist, queries.journalists_stored(db)),
        (urls.outlet, queries.outlets_stored(db)),
        (urls.person, queries.officials_stored(db)),
    ):
        found += [(base + address(slug), stored) for slug, stored in dated]
    return found


def _sitemap(
    request: Request,
    templates: Jinja2Templates,
    addresses: Sequence[tuple[str, dt.datetime | None]],
    last_stored: dt.datetime | None,
) -> Response:
    if not addresses:
        raise HTTPException(404, "No such sitemap.")
    context = {"addresses": [(url, w3c(when) if when else None) for url, when in addresses]}
    response = templates.TemplateResponse(request, "sitemap.xml", context, media_type=XML)
    return conditional(request, response, last_stored)


@router.get("/sitemap-pages-{part}.xml")
def sitemap_pages(
    request: Request,
    part: SitemapPartDep,
    db: SessionDep,
    templates: TemplatesDep,
    base: BaseUrlDep,
) -> Response:
    addresses = page_urls(db, base)[(part - 1) * SITEMAP_SIZE : part * SITEMAP_SIZE]
    return _sitemap(request, templates, addresses, queries.last_stored(db))


@router.get("/sitemap-answers-{part}.xml")
def sitemap_answers(
    request: Request,
    part: SitemapPartDep,
    db: SessionDep,
    templates: TemplatesDep,
    base: BaseUrlDep,
) -> Response:
    rows = queries.permalink_pairs(db, SITEMAP_SIZE, (part - 1) * SITEMAP_SIZE)
    addresses = [(base + urls.permalink(slug, n), stored) for slug, n, stored in rows]
    return _sitemap(request, templates, addresses, queries.last_stored(db))


@router.get("/sitemaps/pages.xml")
def old_sitemap_pages() -> RedirectResponse:
    return RedirectResponse(urls.sitemap_pages(1), status_code=301)


@router.get("/sitemaps/answers-{part}.xml")
def old_sitemap_answers(part: SitemapPartDep) -> RedirectResponse:
    return RedirectResponse(urls.sitemap_answers(part), status_code=301)
