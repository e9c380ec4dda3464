"""Shared fixtures: a real SQLite file and a real Whoosh index in a temp dir per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest import Ingester
from app.main import create_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def ingester(settings: Settings) -> Ingester:
    return Ingester(settings)


@pytest.fixture
def seeded(ingester: Ingester) -> Ingester:
    results = ingester.ingest_paths(sorted(SEEDS.glob("*.txt")))
    assert [r.status for r in results] == ["added"] * len(results), [r.error for r in results]
    return ingester


@pytest.fixture
def client(seeded: Ingester) -> TestClient:
    return TestClient(create_app(seeded.settings))
