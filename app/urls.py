"""Every address the site gives out, built in one place (after Datasette's `url_builder`).

Handlers, feeds, the API, the export and the templates (as the Jinja global `urls`) build
paths here instead of by hand, so an address changes in one line. Paths are relative; a
caller that needs an absolute URL puts the site's base in front (`base + urls.session(s)`).
Slugs are ASCII words and hyphens (app/slugs.py), so they go into a path unquoted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

Params = Mapping[str, str | int] | Sequence[tuple[str, str | int]]


def home() -> str:
    return "/"


def sessions(kind: str | None = None, year: int | None = None, page: int = 1) -> str:
    """A sessions listing, its filters and page in a fixed order."""
    params: dict[str, str | int] = {}
    if kind:
        params["kind"] = kind
    if year:
        params["year"] = year
    if page > 1:
        params["page"] = page
    return "/sessions" + ("?" + urlencode(params) if params else "")


def session(slug: str, turn: int | None = None) -> str:
    """A session's transcript; with `turn`, the anchor of that turn in it."""
    return f"/sessions/{slug}" + (f"#t{turn}" if turn is not None else "")


def permalink(slug: str, number: int, paragraph: int | None = None) -> str:
    """One exchange's permanent address; with `paragraph`, that paragraph of the answer."""
    return f"/sessions/{slug}/q/{number}" + (f"#p{paragraph}" if paragraph is not None else "")


def journalists() -> str:
    return "/journalists"


def journalist(slug: str) -> str:
    return f"/journalists/{slug}"


def outlets() -> str:
    return "/outlets"


def outlet(slug: str) -> str:
    return f"/outlets/{slug}"


def person(slug: str) -> str:
    return f"/people/{slug}"


def speaker(slug: str, role: str) -> str:
    """A speaker's page: the journalist's for one who asks, the person's for everyone else."""
    return journalist(slug) if role == "questioner" else person(slug)


def deflections(slug: str) -> str:
    return f"/people/{slug}/deflections"


def search(params: Params) -> str:
    return "/search?" + urlencode(params)


def archive_feed() -> str:
    return "/feeds/archive.atom"


def journalist_feed(slug: str) -> str:
    return f"/feeds/journalists/{slug}.atom"


def outlet_feed(slug: str) -> str:
    return f"/feeds/outlets/{slug}.atom"


def search_feed(params: Params) -> str:
    return "/feeds/search.atom?" + urlencode(params)


def sitemap_index() -> str:
    return "/sitemap.xml"


def sitemap_pages(part: int) -> str:
    return f"/sitemap-pages-{part}.xml"


def sitemap_answers(part: int) -> str:
    return f"/sitemap-answers-{part}.xml"


def api(path: str) -> str:
    """The JSON API's twin of a page's path (`/sessions/x` -> `/api/sessions/x`)."""
    return "/api" + path


def api_docs() -> str:
    return "/api/docs"


def api_export() -> str:
    return "/api/export"
