"""Every page through the test client: status, the data each page gets, the key content."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries
from app.ingest import Ingester
from app.main import create_app
from app.search.engine import SearchEngine
from app.services import askers, people, sessions
from app.services.askers import JOURNALIST, OUTLET
from app.services.paging import Pager
from tests.conftest import MakeSettings


class Outline(HTMLParser):
    """What an accessibility checker looks at first: headings, landmarks, labels, ids."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.landmarks: set[str] = set()
        self.inputs: list[str] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []
        self.described_by: list[str] = []  # ids that aria-describedby points to
        self.skip_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)
        if tag == "a" and a.get("class") == "skip" and a.get("href") == "#main":
            self.skip_link = True
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        if tag in ("input", "select") and a.get("type") not in ("hidden", "submit"):
            self.inputs.append(a.get("id") or "")
        if a.get("id"):
            self.ids.append(a["id"] or "")
        self.described_by += (a.get("aria-describedby") or "").split()


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def session_slug(archive: Ingester, source_prefix: str) -> str:
    with Session(archive.engine) as db:
        sessions = queries.sessions_newest_first(db)
    return next(s.slug for s in sessions if s.source_key.startswith(source_prefix))


def page_paths(archive: Ingester) -> list[str]:
    seed = session_slug(archive, "000_")
    return [
        "/",
        "/sessions",
        f"/sessions/{seed}",
        f"/sessions/{seed}/q/1",
        "/journalists",
        "/journalists/konstantin-panyushkin",
        "/outlets",
        "/outlets/channel-one",
        "/people/vladimir-putin",
        "/search",
        "/search?q=gas",
        "/search?q=%22gas",
        "/search?q=nothingmatchesthis",
        "/no-such-page",
    ]


def test_every_page_is_accessible_in_outline(app_client: TestClient, archive: Ingester) -> None:
    for path in page_paths(archive):
        page = app_client.get(path)
        assert page.headers["content-type"].startswith("text/html"), path
        o = outline(page.text)
        assert o.h1 == 1, path
        assert {"main", "header", "footer", "nav"} <= o.landmarks, path
        assert o.skip_link, path
        assert all(i and i in o.labels for i in o.inputs), (path, o.inputs, o.labels)
        assert len(o.ids) == len(set(o.ids)), path
        # The Nu HTML Checker's error on results pages: a description that is not there.
        assert set(o.described_by) <= set(o.ids), (path, o.described_by)
        assert '<html lang="en">' in page.text


def test_home_counts_and_latest_sessions(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        context = sessions.home(db)
    assert context.counts.sessions == 7
    dates = [s.date for s in context.sessions if s.date]
    assert dates == sorted(dates, reverse=True)
    page = app_client.get("/")
    assert 'action="/search"' in page.text
    assert "7 sessions" in page.text


def test_sessions_grouped_by_year_and_paginated(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        context = sessions.session_list(db, 1)
    years = [year or 0 for year, _ in context.years]  # undated last
    assert years == sorted(years, reverse=True)
    assert context.pager == Pager(page=1, pages=1, total=7, offset=0)
    page = app_client.get("/sessions")
    assert '<h2 id="y2022">2022</h2>' in page.text
    assert "Jen Psaki" in page.text
    assert app_client.get("/sessions?page=2").status_code == 404
    assert app_client.get("/sessions?page=0").status_code == 400


def test_session_page_has_toc_anchors_and_source(app_client: TestClient, archive: Ingester) -> None:
    slug = session_slug(archive, "kremlin_2019")
    with Session(archive.engine) as db:
        context = sessions.session_page(db, slug)
    exchanges = context.exchanges
    assert len(exchanges) == 12
    page = app_client.get(f"/sessions/{slug}").text
    for e in exchanges:
        assert f'href="/sessions/{slug}/q/{e.number}"' in page
        assert f'id="t{e.first_turn}"' in page
    psaki_slug = session_slug(archive, "wh_2022-03-18_psaki")
    with Session(archive.engine) as db:
        source = sessions.session_page(db, psaki_slug).session.source_url
    psaki = app_client.get(f"/sessions/{psaki_slug}").text
    assert source.startswith("https://")
    assert f'href="{source}" rel="external"' in psaki
    assert '<span class="stage">(Laughter.)</span>' in psaki


def test_permalink_page_lists_answers_on_the_subject_from_other_sessions(
    app_client: TestClient, archive: Ingester
) -> None:
    slug = session_slug(archive, "wh_2022-03-18_background")
    with Session(archive.engine) as db:
        c = sessions.answer_page(
            db, archive_readers(archive), slug, 4, "http://presser.test", dt.date(2026, 1, 2)
        )
    assert "guarantees" in c.exchange.question
    # The same day's briefing, asked whether China guaranteed anything on Biden's call with
    # Xi: another session, the same subject.
    assert c.related
    assert all(h.session != slug for h in c.related)
    assert any("guarantees from China" in h.question for h in c.related)
    page = app_client.get(f"/sessions/{slug}/q/4").text
    assert 'class="related"' in page
    assert f'href="{c.related[0].permalink}"' in page


def test_permalink_page_gets_one_exchange_and_its_neighbours(
    app_client: TestClient, archive: Ingester
) -> None:
    slug = session_slug(archive, "000_")
    with Session(archive.engine) as db:
        c = sessions.answer_page(
            db, archive_readers(archive), slug, 2, "http://presser.test", dt.date(2026, 1, 2)
        )
    assert c.exchange.number == 2
    assert c.questioner is not None
    assert c.outlet is not None
    assert c.previous is not None
    assert c.next is not None
    assert c.questioner.name == "Lana Samsonia"
    assert c.outlet.name == "Interfax"
    assert [p.name for p in c.answerers] == ["Vladimir Putin"]
    assert c.previous.number == 1
    assert c.next.number == 3
    assert c.url == f"http://presser.test/sessions/{slug}/q/2"
    assert c.citation.startswith("Vladimir Putin, answer to Lana Samsonia (Interfax), ")
    assert c.citation.endswith(
        f"Presser, http://presser.test/sessions/{slug}/q/2, accessed 2 January 2026."
    )
    # Nothing else in the seeds is about the Power of Siberia pipeline: no related answers,
    # rather than ones about something else (tests/test_related.py).
    assert c.related == []
    page = app_client.get(f"/sessions/{slug}/q/2").text
    assert 'class="related"' not in page
    assert f'<link rel="canonical" href="http://testserver/sessions/{slug}/q/2">' in page
    assert '<meta property="og:title"' in page
    assert 'property="og:description"' in page
    assert 'href="/journalists/lana-samsonia"' in page
    assert 'href="/outlets/interfax"' in page
    assert f'href="/sessions/{slug}#t{c.exchange.first_turn}"' in page
    assert f'rel="prev" href="/sessions/{slug}/q/1"' in page
    assert 'class="copy"' in page
    assert 'src="/static/copy.js"' in page
    assert app_client.get(f"/sessions/{slug}/q/999").status_code == 404
    assert app_client.get(f"/sessions/{slug}/q/abc").status_code == 400


def archive_readers(archive: Ingester) -> SearchEngine:
    return archive.search


def test_journalists_a_to_z_and_one_journalist(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        context = askers.journalist_index(db)
        person = queries.person_by_slug(db, "konstantin-panyushkin")
        assert person is not None
        one = askers.asker_page(db, JOURNALIST, person, 1)
    letters = [letter for letter, _ in context.letters]
    assert letters == sorted(letters)
    assert one.pager.total == 2  # the seed and the markup transcript
    assert [o.name for o, _ in one.partners] == ["Channel One"]
    page = app_client.get("/journalists").text
    assert 'href="/journalists/konstantin-panyushkin"' in page
    journalist = app_client.get("/journalists/konstantin-panyushkin").text
    assert 'name="journalist" value="konstantin-panyushkin"' in journalist  # search within
    assert "/feeds/journalists/konstantin-panyushkin.atom" in journalist
    # A principal has no journalist page: the address sends readers to theirs.
    moved = app_client.get("/journalists/vladimir-putin", follow_redirects=False)
    assert moved.status_code == 302
    assert moved.headers["location"] == "/people/vladimir-putin"


def test_outlets_by_questions_and_one_outlet(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        outlets = queries.outlets_with_counts(db)
        one = askers.asker_page(db, OUTLET, askers.find(db, OUTLET, "channel-one"), 1)
    counts = [n for _, n in outlets]
    assert counts == sorted(counts, reverse=True)
    assert [p.name for p, _ in one.partners] == ["Konstantin Panyushkin"]
    page = app_client.get("/outlets/channel-one").text
    assert "Konstantin Panyushkin" in page
    assert "Channel One" in page
    assert app_client.get("/outlets/no-such-outlet").status_code == 404


def test_person_page_lists_answers(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        person = queries.person_by_slug(db, "vladimir-putin")
        assert person is not None
        context = people.person_page(db, person, 1)
    assert context.roles["principal"] >= 3
    assert context.pager.total > 20
    page = app_client.get("/people/vladimir-putin").text
    assert "Vladimir Putin" in page
    assert "Answers" in page
    moved = app_client.get("/people/konstantin-panyushkin", follow_redirects=False)
    assert moved.status_code == 302


def test_search_page_results_facets_and_paging(app_client: TestClient) -> None:
    page = app_client.get("/search", params={"q": "president"})
    assert page.status_code == 200
    assert "<mark" in page.text
    assert 'class="facets facets-wide"' in page.text
    assert "<summary>Filter these results</summary>" in page.text  # the phone's disclosure
    assert re.search(r'href="/search\?q=president&amp;outlet=[\w-]+"', page.text)
    assert 'rel="next" href="/search?q=president&amp;page=2"' in page.text
    assert 'href="/feeds/search.atom?q=president"' in page.text


def test_search_page_suggests_and_explains(app_client: TestClient) -> None:
    # Nothing matches the misspelling: the corrected search's results are shown at once.
    corrected = app_client.get("/search", params={"q": "sanctoins"})
    assert "Showing results for" in corrected.text
    assert 'href="/search?q=sanctions"' in corrected.text
    assert corrected.text.count('class="hit"') > 0
    # The API answers what was asked, with the suggestion beside it.
    asked = app_client.get("/api/search", params={"q": "sanctoins"}).json()
    assert (asked["total"], asked["suggestion"]) == (0, "sanctions")
    # When the search finds something, the suggestion is only offered.
    offered = app_client.get("/search", params={"q": "sanctoins OR gas"})
    assert "Did you mean" in offered.text
    assert "sanctions OR gas" in offered.text
    bad = app_client.get("/search", params={"q": '"unclosed'})
    assert bad.status_code == 400
    assert "quotation mark is not closed" in bad.text
    assert 'role="alert"' in bad.text
    unknown = app_client.get("/search", params={"q": "colour:red"})
    assert unknown.status_code == 400
    assert "Unknown filter" in unknown.text
    assert app_client.get("/search", params={"q": "gas", "page": 10**9}).status_code == 400
    assert app_client.get("/search", params={"q": "x" * 600}).status_code == 400
    assert app_client.get("/search", params={"sort": "sideways", "q": "x"}).status_code == 400


def test_active_filters_can_be_removed(app_client: TestClient) -> None:
    page = app_client.get("/search", params={"q": 'gas outlet:"Channel One"'}).text
    assert 'aria-label="Remove filter outlet: Channel One"' in page
    assert 'href="/search?q=gas"' in page


def test_transcript_markup_is_shown_as_text(app_client: TestClient, archive: Ingester) -> None:
    slug = session_slug(archive, "markup_")
    for path in (
        f"/sessions/{slug}",
        f"/sessions/{slug}/q/1",
        "/search?q=tariffs",
        "/journalists/konstantin-panyushkin",
        "/feeds/archive.atom",
    ):
        text = app_client.get(path).text
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "&lt;script&gt;alert(" in text or "&lt;img" in text, path
    assert "<em>markup</em>" not in app_client.get(f"/sessions/{slug}/q/1").text


def test_not_found_and_server_error_pages(
    app_client: TestClient, tmp_path: Path, make_settings: MakeSettings
) -> None:
    missing = app_client.get("/no-such-page")
    assert missing.status_code == 404
    assert 'role="search"' in missing.text
    assert 'href="/static/presser.css"' in missing.text
    assert app_client.get("/api/no-such").json() == {"detail": "Not Found"}
    # An archive whose database was never migrated fails inside every query: a 500 page.
    broken = make_settings(tmp_path / "broken")
    (tmp_path / "broken").mkdir()
    client = TestClient(create_app(broken), raise_server_exceptions=False)
    failed = client.get("/")
    assert failed.status_code == 500
    assert 'role="search"' in failed.text
    assert "Traceback" not in failed.text
    assert client.get("/api/sessions").status_code == 500


def test_search_page_draws_matches_over_time(app_client: TestClient) -> None:
    page = app_client.get("/search", params={"q": "president"}).text
    strip = page[page.index('id="topic-over-time"') :]
    assert "<svg" in strip
    assert "Matches per" in strip
    body = app_client.get("/api/search", params={"q": "president"}).json()
    months = body["facets"]["month"]
    dated = sum(m["count"] for m in months)
    # Each period links to the same search within it; the table holds the numbers drawn.
    assert re.search(r'href="/search\?q=president&amp;from=\d{4}-\d{2}-01&amp;to=', strip)
    undated = body["total"] - dated
    if undated:
        assert f"{undated:,} matches in undated sessions are not counted" in strip
