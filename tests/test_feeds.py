"""Feeds as a feed reader reads them (feedparser) and sitemaps by the sitemaps.org rules."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries
from app.ingest import Ingester
from app.routes import feeds
from tests.conftest import SEEDS

FEEDS = [
    "/feeds/archive.atom",
    "/feeds/journalists/konstantin-panyushkin.atom",
    "/feeds/outlets/channel-one.atom",
    "/feeds/search.atom?q=president",
    "/feeds/search.atom?q=china&outlet=channel-one",
]


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_read_cleanly(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    parsed = feedparser.parse(
        response.content, response_headers={"content-type": response.headers["content-type"]}
    )
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.updated_parsed
    entries = parsed.entries
    assert entries, path
    # Distinct instants, not one timestamp for a whole session.
    assert len({e.updated for e in entries}) == len(entries), path
    for e in entries:
        assert e.title == " ".join(e.title.split()), e.title  # one line, no blank lines
        assert e.author.split(",")[0] not in e.title, (e.author, e.title)
        assert e.link == e.id
        assert "/q/" in e.link


def test_entries_are_the_question_dated_when_asked(app_client: TestClient) -> None:
    entries = feedparser.parse(
        app_client.get("/feeds/journalists/konstantin-panyushkin.atom").content
    ).entries
    # The journalist introduces himself ("Konstantin Panyushkin, Channel One."): the title
    # starts with the question itself, and he is the author.
    first = entries[0]
    assert first.author == "Konstantin Panyushkin, Channel One"
    assert first.title.startswith("Your visit to China is unprecedented")
    assert first.title.endswith("…")
    assert len(first.title) <= 101
    assert first.published.startswith("2025-09-03")


def test_an_updated_time_per_question_in_question_order(app_client: TestClient) -> None:
    feed = ET.fromstring(app_client.get("/feeds/archive.atom").content)
    ns = "{http://www.w3.org/2005/Atom}"
    times = {}
    for e in feed.iter(f"{ns}entry"):
        link = e.find(f"{ns}id")
        updated = e.find(f"{ns}updated")
        assert link is not None
        assert updated is not None
        slug, n = str(link.text).rsplit("/q/", 1)
        times[(slug, int(n))] = dt.datetime.fromisoformat(str(updated.text))
    for (slug, number), when in times.items():
        if (slug, number + 1) in times:
            assert times[(slug, number + 1)] - when == dt.timedelta(microseconds=1)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
S = "{" + SITEMAP_NS + "}"
# W3C Datetime as sitemaps.org allows it: a date, or a date and time with a zone.
W3C = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")


def read_sitemap(client: TestClient, url: str, root: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of a sitemap or an index, checked against the protocol's rules."""
    path = urlsplit(url)
    assert (path.scheme, path.netloc) == ("http", "testserver"), url
    response = client.get(path.path)
    assert response.status_code == 200, url
    assert response.headers["content-type"].startswith("application/xml")
    assert len(response.content) <= 50 * 1024 * 1024
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    doc = ET.fromstring(response.content)
    assert doc.tag == S + root
    child = "sitemap" if root == "sitemapindex" else "url"
    entries = []
    for item in doc:
        assert item.tag == S + child
        tags = [e.tag for e in item]
        assert tags[0] == S + "loc"
        assert set(tags) <= {S + "loc", S + "lastmod"}
        loc = str(item.findtext(S + "loc"))
        lastmod = item.findtext(S + "lastmod")
        assert len(loc) < 2048
        # A sitemap may list only addresses under its own folder, on its own host.
        folder = url.rsplit("/", 1)[0] + "/"
        assert loc.startswith(folder), (url, loc)
        if lastmod is not None:
            assert W3C.fullmatch(lastmod), lastmod
        entries.append((loc, lastmod))
    assert 0 < len(entries) <= (50_000 if root == "sitemapindex" else feeds.SITEMAP_SIZE)
    return entries


def crawl(client: TestClient) -> dict[str, list[tuple[str, str | None]]]:
    index = read_sitemap(client, "http://testserver/sitemap.xml", "sitemapindex")
    return {loc: read_sitemap(client, loc, "urlset") for loc, _ in index}


def test_robots_txt_points_at_the_sitemap_index(app_client: TestClient) -> None:
    response = app_client.get("/robots.txt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemaps_list_every_page_once_with_lastmod(
    app_client: TestClient, archive: Ingester
) -> None:
    sitemaps = crawl(app_client)
    assert list(sitemaps) == [
        "http://testserver/sitemap-pages-1.xml",
        "http://testserver/sitemap-answers-1.xml",
    ]
    pages = dict(sitemaps["http://testserver/sitemap-pages-1.xml"])
    answers = dict(sitemaps["http://testserver/sitemap-answers-1.xml"])
    assert all(pages.values())
    assert all(answers.values())
    with Session(archive.engine) as db:
        sessions = queries.sessions_newest_first(db)
        journalists = queries.journalists_with_counts(db)
        outlets = queries.outlets_with_counts(db)
    base = "http://testserver"
    for s in sessions:
        stored = s.ingested_at.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
        assert pages[f"{base}/sessions/{s.slug}"] == stored
        for n in range(1, s.exchange_count + 1):
            assert answers[f"{base}/sessions/{s.slug}/q/{n}"] == stored
    assert len(answers) == sum(s.exchange_count for s in sessions)
    assert {f"{base}/journalists/{p.slug}" for p, _ in journalists} <= set(pages)
    assert {f"{base}/outlets/{o.slug}" for o, _ in outlets} <= set(pages)
    assert f"{base}/people/vladimir-putin" in pages  # principals have pages too
    assert f"{base}/people/konstantin-panyushkin" not in pages  # a journalist's is elsewhere
    for loc in pages:  # every listed page is there, not a redirect
        assert app_client.get(loc, follow_redirects=False).status_code == 200, loc


def test_sitemaps_split_at_the_size_limit(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = crawl(app_client)
    every = [loc for entries in whole.values() for loc, _ in entries]
    monkeypatch.setattr(feeds, "SITEMAP_SIZE", 10)
    split = crawl(app_client)
    pages = [url for url in split if "/sitemap-pages-" in url]
    answers = [url for url in split if "/sitemap-answers-" in url]
    page_count = len(whole["http://testserver/sitemap-pages-1.xml"])
    assert len(pages) == -(-page_count // 10)
    assert len(answers) == -(-len(whole["http://testserver/sitemap-answers-1.xml"]) // 10)
    assert [loc for entries in split.values() for loc, _ in entries] == every
    assert app_client.get(f"/sitemap-pages-{len(pages) + 1}.xml").status_code == 404
    assert app_client.get(f"/sitemap-answers-{len(answers) + 1}.xml").status_code == 404


def test_the_old_sitemap_addresses_redirect(app_client: TestClient) -> None:
    for old, new in (
        ("/sitemaps/pages.xml", "/sitemap-pages-1.xml"),
        ("/sitemaps/answers-1.xml", "/sitemap-answers-1.xml"),
    ):
        response = app_client.get(old, follow_redirects=False)
        assert response.status_code == 301
        assert response.headers["location"] == new


def test_a_corrected_transcript_dates_its_pages_anew(client: TestClient, tmp_path: Path) -> None:
    """A replaced session is stored again: its sitemap entries and feed entries say so."""
    source = SEEDS / "kremlin_2020_putin_merkel_joint.txt"
    corrected = tmp_path / source.name  # same file name: the same session
    corrected.write_text(source.read_text(encoding="utf-8") + "\nV. Putin: Thank you.\n")
    settings = client.app.state.settings  # type: ignore[attr-defined]
    with Session(Ingester(settings).engine) as db:
        session = next(s for s in queries.sessions_newest_first(db) if s.source_key == source.name)
        slug, before = session.slug, session.ingested_at
    pages = dict(read_sitemap(client, "http://testserver/sitemap-pages-1.xml", "urlset"))
    assert Ingester(settings).ingest_file(corrected).status == "replaced"
    with Session(Ingester(settings).engine) as db:
        after = queries.session_by_slug(db, slug)
        assert after is not None
        assert after.ingested_at > before
    updated = dict(read_sitemap(client, "http://testserver/sitemap-pages-1.xml", "urlset"))
    loc = f"http://testserver/sessions/{slug}"
    assert updated[loc] == after.ingested_at.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
    assert str(updated[loc]) >= str(pages[loc])
    assert updated["http://testserver/"] == updated[loc]  # the archive changed then
