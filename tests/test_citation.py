"""Citation-grade pages: sessions by kind and year, each session's original source with the
credit its licence asks for, citations with source and access date, citable paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries
from app.export import export_archive
from app.ingest import Ingester
from app.services import sessions
from tests.test_web import session_slug

KREMLIN_URL = "http://en.kremlin.ru/events/president/news/60370"
KREMLIN_NAME = "2019-04-25-60370-news-conference-following-russian-testland-talks.txt"
KREMLIN = """News conference following Russian-Testland talks

April 25, 2019 (2019-04-25), Russky Island, Vladivostok

Following the talks, Vladimir Putin and Ivan Testov gave a joint news conference.

President of Russia Vladimir Putin: Good afternoon. We have had useful talks.

Question: Olga Ivanova, TASS. How do you assess the talks on the railway?

Vladimir Putin: The railway talks went well.

We agreed on a timetable for the bridge.

(Laughter.) The bridge will be built by 2021.

And the trains will run every hour.

Question: Pavel Petrov, RIA Novosti. What about the gas pipeline?

Vladimir Putin: The pipeline is being built on schedule.
"""


def kremlin_archive(seeded: Ingester, folder: Path, text: str = KREMLIN) -> str:
    """The seeds plus a Kremlin-named transcript; the new session's slug."""
    path = folder / KREMLIN_NAME
    path.write_text(text, encoding="utf-8")
    result = seeded.ingest_file(path)
    assert result.status in ("added", "replaced"), result.error
    return result.slug


def test_sessions_narrowed_by_kind_and_year(app_client: TestClient, archive: Ingester) -> None:
    with Session(archive.engine) as db:
        everything = sessions.session_list(db, 1)
        briefings = sessions.session_list(db, 1, "press-briefing")
        of_2022 = sessions.session_list(db, 1, None, 2022)
        both = sessions.session_list(db, 1, "background", 2022)
        none = sessions.session_list(db, 1, "direct-line", 2022)
    kinds = {k: n for k, _, n in everything.kinds}
    # The seeds: a press Q&A, a press conference, a news conference, a joint one, a
    # background call, a press briefing; plus the markup test's "briefing", which says
    # nothing of the press.
    assert kinds == {
        "press-briefing": 1,
        "other": 1,
        "background": 1,
        "press-conference": 1,
        "joint-press-conference": 1,
        "news-conference": 1,
        "press-qa": 1,
    }
    assert sum(kinds.values()) == everything.pager.total == 7
    assert everything.year_counts == [
        (2025, 1),
        (2024, 1),
        (2022, 2),
        (2020, 1),
        (2019, 1),
        (2011, 1),
    ]
    assert briefings.pager.total == 1
    assert all(s.kind == "press-briefing" for _, group in briefings.years for s in group)
    assert briefings.year_counts == [(2022, 1)]  # the year jump follows the kind
    assert [y for y, _ in of_2022.years] == [2022]
    assert {k for k, _, _ in of_2022.kinds} == {"press-briefing", "background"}
    assert both.pager.total == 1
    assert none.pager.total == 0

    page = app_client.get("/sessions").text
    assert '<a href="/sessions?year=2022">2022</a> <span class="count">(2)</span>' in page
    assert '<a href="/sessions?kind=gaggle"' not in page  # only kinds the archive holds
    assert 'Background call or briefing</a> <span class="count">(1)</span>' in page
    narrowed = app_client.get("/sessions?kind=background&year=2022").text
    assert "<h1>Sessions: Background call or briefing, 2022</h1>" in narrowed
    assert 'href="/sessions?kind=background"' in narrowed  # "All years" keeps the kind
    assert 'href="/sessions?kind=press-briefing&amp;year=2022"' in narrowed  # kinds keep the year
    assert "1 session, newest first." in narrowed
    empty = app_client.get("/sessions?kind=direct-line")
    assert empty.status_code == 200
    assert "No sessions of this kind and year." in empty.text
    assert app_client.get("/sessions?kind=nonsense").status_code == 404
    for bad in ("0", "10000", "abc", "99999999999999999999"):
        assert app_client.get(f"/sessions?year={bad}").status_code == 400, bad
    # Paging keeps the filters.
    assert everything.page_link(2) == "/sessions?page=2"
    assert briefings.page_link(3) == "/sessions?kind=press-briefing&page=3"


def test_kind_shown_on_listings_session_pages_and_the_api(
    app_client: TestClient, archive: Ingester
) -> None:
    slug = session_slug(archive, "wh_2022-03-18_background")
    assert "Background call or briefing" in app_client.get("/sessions").text
    assert "Background call or briefing" in app_client.get("/").text
    session_page = app_client.get(f"/sessions/{slug}").text
    assert '<a href="/sessions?kind=background">Background call or briefing</a>' in session_page
    assert app_client.get(f"/api/sessions/{slug}").json()["kind"] == "background"
    listing = app_client.get("/api/sessions", params={"kind": "background"}).json()
    assert [s["slug"] for s in listing["sessions"]] == [slug]
    assert app_client.get("/api/sessions", params={"year": 2011}).json()["total"] == 1


def test_kremlin_session_links_its_source_with_the_licence_credit(
    client: TestClient, seeded: Ingester, tmp_path: Path
) -> None:
    slug = kremlin_archive(seeded, tmp_path)
    with Session(seeded.engine) as db:
        session = queries.session_by_slug(db, slug)
        assert session is not None
        assert session.source_url == KREMLIN_URL
        assert session.kind == "joint-press-conference"
        assert session.location == "Russky Island, Vladivostok"
    credit_html = (
        f'<a href="{KREMLIN_URL}" rel="external">Original transcript</a> <span class="credit">'
        '(kremlin.ru, <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "CC BY 4.0</a>)</span>"
    )
    assert credit_html in client.get(f"/sessions/{slug}").text
    answer = client.get(f"/sessions/{slug}/q/1").text
    assert credit_html in answer
    citation = re.search(r'<p class="citation" id="citation">(.*?)</p>', answer)
    assert citation is not None
    assert f"Original transcript: kremlin.ru, CC BY 4.0, {KREMLIN_URL}." in citation.group(1)
    assert re.search(
        rf"Presser, http://testserver/sessions/{slug}/q/1, accessed \d{{1,2}} \w+ \d{{4}}\.$",
        citation.group(1),
    )

    api = client.get(f"/api/sessions/{slug}").json()
    credit = {
        "name": "kremlin.ru",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert (api["source_url"], api["source_credit"], api["kind"]) == (
        KREMLIN_URL,
        credit,
        "joint-press-conference",
    )
    one = client.get(f"/api/sessions/{slug}/q/1").json()
    assert (one["source_url"], one["source_credit"]) == (KREMLIN_URL, credit)
    assert KREMLIN_URL in one["citation"]
    with Session(seeded.engine) as db:
        exported = next(s for s in export_archive(db)["sessions"] if s["slug"] == slug)
    assert (exported["source_url"], exported["source_credit"], exported["kind"]) == (
        KREMLIN_URL,
        credit,
        "joint-press-conference",
    )


def test_a_session_without_a_source_says_so(app_client: TestClient, archive: Ingester) -> None:
    fomc = app_client.get(f"/sessions/{session_slug(archive, 'fomc_')}").text
    assert "source address not recorded" in fomc
    assert 'rel="external"' not in fomc
    psaki = app_client.get(f"/sessions/{session_slug(archive, 'wh_2022-03-18_psaki')}").text
    assert "(The White House, public domain (US government work))" in psaki
    # The footer says what is true of every session, not more.
    assert "each session links to its source" not in fomc
    assert "wherever the transcript or its file name records the address" in fomc


def test_answer_paragraphs_are_anchored_and_citable(
    client: TestClient, seeded: Ingester, tmp_path: Path
) -> None:
    slug = kremlin_archive(seeded, tmp_path)
    with Session(seeded.engine) as db:
        c = sessions.answer_page(db, None, slug, 1, "http://presser.test", dt.date(2026, 1, 2))
    paragraphs = c.paragraphs
    assert [(p.number, p.anchor) for p in paragraphs] == [
        (1, "p1"),
        (2, "p2"),
        (3, "p3"),
        (4, "p4"),
    ]
    assert paragraphs[1].text == "We agreed on a timetable for the bridge."
    assert paragraphs[3].text == "And the trains will run every hour."
    url = f"http://presser.test/sessions/{slug}/q/1"
    assert paragraphs[1].citation == (
        "Vladimir Putin, answer to Olga Ivanova (TASS), paragraph 2, "
        '"News conference following Russian-Testland talks", 25 April 2019. '
        f"Original transcript: kremlin.ru, CC BY 4.0, {KREMLIN_URL}. "
        f"Presser, {url}#p2, accessed 2 January 2026."
    )
    assert c.citation == paragraphs[1].citation.replace(", paragraph 2", "").replace("#p2", "")

    page = client.get(f"/sessions/{slug}/q/1").text
    for p in paragraphs:
        assert f'<p class="para" id="{p.anchor}">' in page
        assert f'<a class="para-link" href="#{p.anchor}"' in page
    assert '<span class="stage">(Laughter.)</span> The bridge will be built by 2021.' in page
    assert f"/sessions/{slug}/q/1#p3, accessed" in page


def test_paragraph_anchors_survive_a_reingest(seeded: Ingester, tmp_path: Path) -> None:
    slug = kremlin_archive(seeded, tmp_path)
    day = dt.date(2026, 1, 2)
    with Session(seeded.engine) as db:
        before = sessions.answer_page(db, None, slug, 1, "", day).paragraphs
    # A correction elsewhere in the file: the second exchange's question is reworded.
    corrected = KREMLIN.replace("What about the gas pipeline?", "What about the oil pipeline?")
    assert kremlin_archive(seeded, tmp_path, corrected) == slug
    with Session(seeded.engine) as db:
        assert sessions.answer_page(db, None, slug, 1, "", day).paragraphs == before
        second = sessions.answer_page(db, None, slug, 2, "", day)
    assert "oil pipeline" in second.exchange.question
