"""Shared fixtures: a real SQLite file and a real Whoosh index in a temp dir.

Tests that change the archive build their own (`ingester`, `seeded`, `client`); tests that
only read share one archive of the seeds per run (`archive`, `app_client`), because
building it costs seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


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
def archive(tmp_path_factory: pytest.TempPathFactory) -> Ingester:
    """The seeds plus the markup transcript, ingested once per run; read-only for tests."""
    root = tmp_path_factory.mktemp("archive")
    markup = root / "markup_briefing.txt"
    markup.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    ingester = Ingester(Settings(data_dir=root / "data"))
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
