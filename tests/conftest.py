"""Shared fixtures: a real database and a real Whoosh index in a temp dir.

The database is a SQLite file, or, with PRESSER_TEST_DATABASE=postgresql, a fresh database
on a throwaway PostgreSQL cluster that the run starts and removes (tests/postgres.py).
Tests that change the archive build their own (`ingester`, `seeded`, `client`); tests that
only read share one archive of the seeds per run (`archive`, `app_client`), because
building it costs seconds."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import engine_for
from app.ingest import Ingester
from app.main import create_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# A transcript whose speech contains markup: every page must show it as text.
MARKUP_TRANSCRIPT = """date 2024-05-01 A briefing about <b>markup</b> & escaping

V. Putin: Good afternoon. <script>alert('turn')</script>

K. Panyushkin: Konstantin Panyushkin, Channel One.

What about <img src=x onerror=alert(1)> tariffs & the <script>alert('question')</script> problem?

V. Putin: The answer mentions <em>markup</em>, a stray </p> tag and tariffs.
"""


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


MakeSettings = Callable[[Path], Settings]


@pytest.fixture(scope="session")
def make_settings() -> Iterator[MakeSettings]:
    """Settings for a new, empty archive under a folder: every test builds through this."""
    if os.environ.get("PRESSER_TEST_DATABASE", "sqlite") != "postgresql":
        yield lambda folder: Settings(data_dir=folder)
        return
    from tests.postgres import new_database, throwaway_cluster

    with throwaway_cluster() as admin_url:
        made: list[Settings] = []

        def make(folder: Path) -> Settings:
            made.append(Settings(data_dir=folder, database_url=new_database(admin_url)))
            return made[-1]

        yield make
        for settings in made:  # close pooled connections before the cluster stops
            engine_for(settings.db_url).dispose()


def env_of(settings: Settings) -> dict[str, str]:
    """Environment for a `presser` subprocess working on this archive."""
    env = {"PRESSER_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["PRESSER_DATABASE_URL"] = settings.database_url
    return env


@pytest.fixture
def settings(tmp_path: Path, make_settings: MakeSettings) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def ingester(settings: Settings) -> Ingester:
    return Ingester(settings)


@pytest.fixture
def seeded(ingester: Ingester) -> Ingester:
    results = ingester.ingest_paths(seed_paths())
    assert [r.status for r in results] == ["added"] * len(results), [r.error for r in results]
    return ingester


@pytest.fixture
def client(seeded: Ingester) -> TestClient:
    return TestClient(create_app(seeded.settings))


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory, make_settings: MakeSettings) -> Ingester:
    """The seeds plus the markup transcript, ingested once per run; read-only for tests."""
    root = tmp_path_factory.mktemp("archive")
    markup = root / "markup_briefing.txt"
    markup.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    ingester = Ingester(make_settings(root / "data"))
    results = ingester.ingest_paths([*seed_paths(), markup])
    assert all(r.status == "added" for r in results), [r.error for r in results]
    return ingester


@pytest.fixture(scope="session")
def app_client(archive: Ingester) -> TestClient:
    return TestClient(create_app(archive.settings))


@pytest.fixture(scope="session")
def app_client_500(archive: Ingester) -> TestClient:
    """A client that shows the 500 page instead of raising the server's exception."""
    return TestClient(create_app(archive.settings), raise_server_exceptions=False)
