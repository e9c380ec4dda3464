"""HTTP beyond GET's happy path: HEAD wherever GET works, 405s that say what is allowed,
and conditional GET (ETag, Last-Modified, 304) on what readers and crawlers poll."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.routing import Mount

from app import queries
from app.ingest import Ingester
from tests.hostile import briefing


def seed_slug(archive: Ingester) -> str:
    with Session(archive.engine) as db:
        sessions = queries.sessions_newest_first(db)
    return next(s.slug for s in sessions if s.source_key.startswith("000_"))


def get_paths(client: TestClient, archive: Ingester) -> list[str]:
    """One address for every route that answers GET, read from the app itself, so a route
    added later is covered (or fails here until it is given an example address)."""
    slug = seed_slug(archive)
    examples = {
        "/sessions/{slug}": f"/sessions/{slug}",
        "/sessions/{slug}/q/{number}": f"/sessions/{slug}/q/1",
        "/journalists/{slug}": "/journalists/konstantin-panyushkin",
        "/outlets/{slug}": "/outlets/channel-one",
        "/people/{slug}": "/people/vladimir-putin",
        "/people/{slug}/deflections": "/people/jen-psaki/deflections",
        "/feeds/journalists/{slug}.atom": "/feeds/journalists/konstantin-panyushkin.atom",
        "/feeds/outlets/{slug}.atom": "/feeds/outlets/channel-one.atom",
        "/sitemap-pages-{part}.xml": "/sitemap-pages-1.xml",
        "/sitemap-answers-{part}.xml": "/sitemap-answers-1.xml",
        "/sitemaps/answers-{part}.xml": "/sitemaps/answers-1.xml",
        "/api/sessions/{slug}": f"/api/sessions/{slug}",
        "/api/sessions/{slug}/q/{number}": f"/api/sessions/{slug}/q/1",
        "/api/journalists/{slug}": "/api/journalists/konstantin-panyushkin",
        "/api/outlets/{slug}": "/api/outlets/channel-one",
        "/static": "/static/presser.css",
    }
    paths = []
    # FastAPI keeps an included router as one entry of app.routes; iter_route_contexts
    # walks into it, as the OpenAPI generator does.
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        assert route.path is not None
        if isinstance(route.original_route, Mount):
            paths.append(examples[route.path])
        elif "GET" in (route.methods or ()):
            paths.append(examples[route.path] if "{" in route.path else route.path)
    return paths


def test_every_get_route_is_found(app_client: TestClient, archive: Ingester) -> None:
    paths = get_paths(app_client, archive)
    assert len(paths) >= 30
    assert {
        "/",
        "/feeds/archive.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/static/presser.css",
    } <= set(paths)


def test_head_is_get_without_the_body(app_client: TestClient, archive: Ingester) -> None:
    extra = ["/search?q=gas", "/feeds/search.atom?q=gas", "/no-such-page", "/api/nothing"]
    for path in get_paths(app_client, archive) + extra:
        get = app_client.get(path, follow_redirects=False)
        head = app_client.head(path, follow_redirects=False)
        assert head.status_code == get.status_code, path
        assert head.headers.multi_items() == get.headers.multi_items(), path
        assert head.content == b"", path
        assert get.status_code < 500, path
        if get.status_code == 200 and path != "/api/export":  # the export streams
            assert int(head.headers["content-length"]) == len(get.content), path


def test_a_405_says_which_methods_are_allowed(app_client: TestClient, archive: Ingester) -> None:
    for path in get_paths(app_client, archive):
        for method in ("POST", "PUT", "DELETE"):
            response = app_client.request(method, path, follow_redirects=False)
            assert response.status_code == 405, (method, path)
            allowed = {m.strip() for m in response.headers["allow"].split(",")}
            assert allowed == {"GET", "HEAD"}, (method, path, allowed)


POLLED = [
    "/feeds/archive.atom",
    "/feeds/journalists/konstantin-panyushkin.atom",
    "/feeds/outlets/channel-one.atom",
    "/feeds/search.atom?q=gas",
    "/sitemap.xml",
    "/sitemap-pages-1.xml",
    "/sitemap-answers-1.xml",
]


@pytest.mark.parametrize("path", POLLED)
def test_conditional_get(app_client: TestClient, path: str) -> None:
    first = app_client.get(path)
    assert first.status_code == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag[0] == etag[-1] == '"'
    assert parsedate_to_datetime(modified).tzinfo is not None
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2000), usegmt=True)

    def status(**headers: str) -> int:
        response = app_client.get(path, headers=headers)
        if response.status_code == 304:
            assert response.content == b""
            assert response.headers["etag"] == etag  # a 304 carries the validators
        return response.status_code

    assert status(**{"If-None-Match": etag}) == 304
    assert status(**{"If-None-Match": f"W/{etag}"}) == 304  # compared weakly (RFC 9110)
    assert status(**{"If-None-Match": f'"other", {etag}'}) == 304
    assert status(**{"If-None-Match": "*"}) == 304
    assert status(**{"If-None-Match": '"other"'}) == 200
    assert status(**{"If-Modified-Since": modified}) == 304
    assert status(**{"If-Modified-Since": earlier}) == 200
    assert status(**{"If-Modified-Since": "yesterday"}) == 200  # unreadable: ignored
    # If-None-Match decides when both are sent.
    assert status(**{"If-None-Match": '"other"', "If-Modified-Since": modified}) == 200
    assert app_client.head(path, headers={"If-None-Match": etag}).status_code == 304


def test_validators_change_when_the_archive_does(client: TestClient, tmp_path: Path) -> None:
    before = client.get("/feeds/archive.atom")
    sitemap = client.get("/sitemap-pages-1.xml")
    new = tmp_path / "new_briefing.txt"
    new.write_bytes(briefing(3).replace(b"2024-", b"2031-"))
    assert Ingester(client.app.state.settings).ingest_file(new).status == "added"  # type: ignore[attr-defined]
    after = client.get("/feeds/archive.atom", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) >= parsedate_to_datetime(
        before.headers["last-modified"]
    )
    assert "Question 0 of briefing 3" in after.text
    changed = client.get(
        "/sitemap-pages-1.xml", headers={"If-Modified-Since": sitemap.headers["last-modified"]}
    )
    assert changed.status_code == 200  # the new session's page is listed now
