"""Search inside PostgreSQL (PRESSER_SEARCH_ENGINE=postgres): several app servers share one
database and no index, so an ingest is searchable everywhere at once, a relink shows in the
filters, and the search data goes in with the rows or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from app.config import Settings
from app.ingest import Ingester
from app.main import create_app
from app.models import PressSession
from app.search.engine import open_engine
from tests.conftest import MARKUP_TRANSCRIPT, replace_engine
from tests.test_identity import BRIEFING, CALLS, exchange_of, transcript

on_postgres = pytest.mark.skipif(
    os.environ.get("PRESSER_TEST_DATABASE", "sqlite") != "postgresql",
    reason="the postgres engine searches an archive kept in PostgreSQL",
)


@pytest.fixture
def pg(settings: Settings) -> Ingester:
    return Ingester(replace_engine(settings, "postgres"))


def total(client: TestClient, **params: str) -> int:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    found: int = response.json()["total"]
    return found


def word_count(pg: Ingester, word: str) -> int:
    with pg.engine.connect() as conn:
        n = conn.execute(text("SELECT ndoc FROM search_word WHERE word = :w"), {"w": word})
        return int(n.scalar() or 0)


@on_postgres
def test_two_servers_see_an_ingest_at_once_without_an_index(pg: Ingester, tmp_path: Path) -> None:
    # Two hosts: their own data folders, one database.
    hosts = [
        Settings(**(pg.settings.model_dump() | {"data_dir": tmp_path / name}))
        for name in ("host-a", "host-b")
    ]
    servers = [TestClient(create_app(host)) for host in hosts]
    assert [total(s, q="tariffs") for s in servers] == [0, 0]
    path = tmp_path / "markup.txt"
    path.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    assert pg.ingest_file(path).status == "added"
    assert [total(s, q="tariffs") for s in servers] == [1, 1]
    assert [total(s, q='"the answer mentions"') for s in servers] == [1, 1]
    # A phrase never runs from the question ("... problem?") into the answer ("The ...").
    assert [total(s, q='"problem the answer"') for s in servers] == [0, 0]
    # Nothing was indexed on any host, and nothing is pending.
    for folder in (pg.settings.data_dir, *(h.data_dir for h in hosts)):
        assert not (folder / "index").exists()
    with Session(pg.engine) as db:
        assert not db.exec(select(PressSession).where(PressSession.index_pending)).all()


@on_postgres
def test_relinked_askers_show_in_journalist_filters(pg: Ingester, tmp_path: Path) -> None:
    covid = "Press Briefing by White House COVID-19 Response Team and Public Health Officials"
    title = "Press Briefing by Press Secretary Jen Psaki"
    pg.ingest_file(transcript(tmp_path, "b.md", "2022-04-10", BRIEFING, title))
    server = TestClient(create_app(pg.settings))
    question = exchange_of(pg, "b.md").question.split()[-1].strip("?.")
    assert total(server, q=f"{question} journalist:selina-wang") == 0
    # Three calls naming her in full arrive: the first-name call in b.md is linked to her.
    for i, day in enumerate(("2022-04-01", "2022-04-05", "2022-04-20")):
        pg.ingest_file(transcript(tmp_path, f"c{i}.md", day, CALLS, covid))
    assert exchange_of(pg, "b.md").questioner_id is not None
    with Session(pg.engine) as db:
        slug = db.exec(select(PressSession.slug).where(PressSession.source_key == "b.md")).one()
    hits = server.get("/api/search", params={"q": "journalist:selina-wang"}).json()["hits"]
    assert slug in {h["session"] for h in hits}
    # A second Selina named in full nearby: the call is ambiguous again, and unfiltered.
    rival = CALLS.replace("Selina Wang at CBS", "Selina Ortiz at Univision")
    pg.ingest_file(transcript(tmp_path, "r.md", "2022-04-12", rival, covid))
    assert exchange_of(pg, "b.md").questioner_id is None
    hits = server.get("/api/search", params={"q": "journalist:selina-wang"}).json()["hits"]
    assert slug not in {h["session"] for h in hits}


@on_postgres
def test_search_data_goes_in_with_the_rows_or_not_at_all(pg: Ingester, tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    # A fault after the exchanges are written (turns go in after them) fails the file.
    with pg.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER refuse_turns AFTER INSERT ON turn "
                "FOR EACH STATEMENT EXECUTE FUNCTION refuse()"
            )
        )
    failed = pg.ingest_file(path)
    assert failed.status == "failed"
    assert "disk full" in failed.error
    search = open_engine(pg.settings)
    server = TestClient(create_app(pg.settings))
    assert total(server, q="tariffs") == 0
    assert word_count(pg, "tariffs") == 0
    with pg.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM exchange")).scalar() == 0

    with pg.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse_turns ON turn"))
    assert pg.ingest_file(path).status == "added"
    assert total(server, q="tariffs") == 1
    assert word_count(pg, "tariffs") == 1
    assert search.health().questions.keys() == {f"{pg.ingest_file(path).slug}/1"}
    # A corrected file replaces its exchanges: the old words' counts go with them.
    path.write_text(MARKUP_TRANSCRIPT.replace("tariffs", "duties"), encoding="utf-8")
    assert pg.ingest_file(path).status == "replaced"
    assert word_count(pg, "tariffs") == 0
    assert word_count(pg, "duties") == 1
    assert total(server, q="tariffs") == 0
    assert total(server, q="duty") == 1


# Queries that would break SQL or tsquery text built by pasting: quotes, backslashes,
# tsquery's own operators, a lone surrogate's neighbours, words that are only punctuation.
HOSTILE = [
    "'; DROP TABLE exchange; --",
    "tariffs' OR '1'='1",
    "\\' \\\\ tariffs",
    "!tariffs & (|markup) <-> :* ",
    "tar:*A",
    "question:\"it's\" answer:'markup'",
    "tariff* question:tar* -'",
    "outlet:\"Channel's One\" journalist:o'brien principal:\\",
    "ÀÉÎ ñandú «tariffs» — “markup”",
    "%_% LIKE ' _",
]


@on_postgres
@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_are_searched_as_text(pg: Ingester, tmp_path: Path, q: str) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    pg.ingest_file(path)
    server = TestClient(create_app(pg.settings))
    response = server.get("/api/search", params={"q": q})
    assert response.status_code in (200, 400), response.text
    assert total(server, q="tariffs") == 1  # the table is still there


def test_the_postgres_engine_refuses_a_sqlite_archive(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, search_engine="postgres")
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        open_engine(settings)
