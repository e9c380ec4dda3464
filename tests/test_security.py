"""The web surface reads and never writes; every response carries security headers; odd
input gets a clean 4xx."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries
from app.ingest import Ingester
from app.routes.deps import MAX_INTEGER

PAST_64_BITS = 99999999999999999999999

PATHS = [
    "/",
    "/sessions",
    "/search?q=gas",
    "/search?q=%22oops",
    "/journalists",
    "/outlets/channel-one",
    "/api/sessions",
    "/api/search?q=gas",
    "/feeds/archive.atom",
    "/sitemap.xml",
    "/static/presser.css",
    "/api/docs",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(app_client: TestClient, path: str) -> None:
    headers = app_client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("style-src")[0]
    assert re.search(r"script-src 'self'( https://cdn\.jsdelivr\.net)?;", csp)


def test_no_page_has_inline_script(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        slug = queries.sessions_newest_first(db)[0].slug
    for path in ["/", f"/sessions/{slug}", f"/sessions/{slug}/q/1", "/search?q=gas", "/api/docs"]:
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", app_client.get(path).text, re.S)
        assert all('src="' in attrs and not body.strip() for attrs, body in scripts), path


def test_nothing_on_the_web_writes(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        before = queries.counts(db)
        slug = queries.sessions_newest_first(db)[0].slug
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ["/", "/search", f"/sessions/{slug}", "/api/sessions", "/api/export"]:
            assert app_client.request(method, path).status_code == 405, (method, path)
    schema = app_client.get("/api/openapi.json").json()
    assert {m for ops in schema["paths"].values() for m in ops} == {"get"}
    with Session(archive.engine) as db:
        assert queries.counts(db) == before


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=" + "a" * 5000,
        "/search?page=99999999999999999999",
        "/search?page=-1",
        "/search?q=gas&page=1001",
        "/search?q=nonsense:filter",
        "/search?from=yesterday",
        "/search?sort=random",
        "/api/search?q=(((",
        "/api/search?page=abc",
        "/sessions?page=0",
        "/sessions?page=100000000",
        "/journalists/konstantin-panyushkin?page=999",
        "/api/sessions?page=-5",
        "/sessions/x/q/not-a-number",
        "/sitemaps/answers-0.xml",
        "/sitemap-answers-0.xml",
        "/sitemap-pages-0.xml",
        "/feeds/search.atom?q=%22",
        # Numbers past 64 bits reached SQLite and failed there (OverflowError, a 500).
        f"/sessions/{{slug}}/q/{PAST_64_BITS}",
        f"/sessions/{{slug}}/q/{2**63}",
        f"/sessions/{{slug}}/q/{2**31}",
        f"/api/sessions/{{slug}}/q/{2**31}",
        f"/api/sessions/{{slug}}/q/{PAST_64_BITS}",
        f"/sitemaps/answers-{PAST_64_BITS}.xml",
        f"/sitemap-answers-{PAST_64_BITS}.xml",
        f"/sitemap-pages-{PAST_64_BITS}.xml",
        f"/api/sessions?page={PAST_64_BITS}",
        f"/journalists/konstantin-panyushkin?page={PAST_64_BITS}",
        f"/search?q=gas&page={PAST_64_BITS}",
    ],
)
def test_malformed_requests_are_clean_4xx(
    app_client_500: TestClient, archive: Ingester, path: str
) -> None:
    with Session(archive.engine) as db:
        slug = queries.sessions_newest_first(db)[0].slug
    for method in ("GET", "HEAD"):
        response = app_client_500.request(method, path.replace("{slug}", slug))
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert "Traceback" not in response.text


def test_the_largest_stored_integer_is_a_plain_404(
    app_client_500: TestClient, archive: Ingester
) -> None:
    """The bound is the database's own (an INTEGER column, 32 bits on PostgreSQL): the last
    number it can hold is looked up and not found, like any other number no question has."""
    with Session(archive.engine) as db:
        slug = queries.sessions_newest_first(db)[0].slug
    assert app_client_500.get(f"/sessions/{slug}/q/{MAX_INTEGER}").status_code == 404
    assert app_client_500.get(f"/api/sessions/{slug}/q/{MAX_INTEGER}").status_code == 404
    assert app_client_500.get(f"/sessions/{slug}/q/{MAX_INTEGER + 1}").status_code == 400
    assert app_client_500.get(f"/api/sessions/{slug}/q/{MAX_INTEGER + 1}").status_code == 422
