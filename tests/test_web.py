"""The pages through the test client: status, the data each page gets, the key content."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries
from app.ingest import Ingester
from app.routes.pages import index_context


def test_home_lists_sessions(client: TestClient, seeded: Ingester) -> None:
    with Session(seeded.engine) as db:
        context = index_context(db)
    assert len(context["sessions"]) == 6
    dates = [s.date for s in context["sessions"] if s.date]
    assert dates == sorted(dates, reverse=True)
    page = client.get("/")
    assert page.status_code == 200
    assert "News conference following Russian-German talks" in page.text


def test_session_and_permalink_pages(client: TestClient, seeded: Ingester) -> None:
    with Session(seeded.engine) as db:
        session = next(
            s for s in queries.sessions_newest_first(db) if s.source_key.startswith("000_")
        )
    page = client.get(f"/sessions/{session.slug}")
    assert page.status_code == 200 and "Konstantin Panyushkin" in page.text
    answer = client.get(f"/sessions/{session.slug}/q/1")
    assert answer.status_code == 200
    assert "Channel One" in answer.text and "Vladimir Putin" in answer.text
    assert client.get(f"/sessions/{session.slug}/q/999").status_code == 404
    assert client.get("/sessions/no-such-session").status_code == 404


def test_stage_directions_are_marked(client: TestClient, seeded: Ingester) -> None:
    with Session(seeded.engine) as db:
        session = next(s for s in queries.sessions_newest_first(db) if "Psaki" in s.title)
    page = client.get(f"/sessions/{session.slug}")
    assert '<span class="stage">(Laughter.)</span>' in page.text


def test_permalink_page_gets_one_exchange_not_the_transcript(seeded: Ingester) -> None:
    from app.routes.pages import answer_context

    with Session(seeded.engine) as db:
        session = next(s for s in queries.sessions_newest_first(db) if "Psaki" in s.title)
        context = answer_context(db, session.slug, 1)
    assert set(context) == {"session", "exchange", "outlets", "permalink"}
    assert context["exchange"].questioner_name == "Zeke"
    assert context["permalink"] == f"/sessions/{session.slug}/q/1"
