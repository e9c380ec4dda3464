"""docs/deploy.md in miniature: two app processes share one database (PostgreSQL in the
PostgreSQL run). Searching inside PostgreSQL, both serve an ingest at once; each with its own
local Whoosh index, both serve it after a `presser reindex` on the other host."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from app.config import Settings
from tests.conftest import SEEDS, MakeSettings, env_of
from tests.hostile import briefing
from tests.server import serving


def presser(settings: Settings, *args: str, **extra: str) -> None:
    env = {**os.environ, **env_of(settings), **extra}
    done = subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, capture_output=True)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


def get(base: str, path: str) -> object:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)


def views(base: str) -> tuple[int, list[str], int, list[str]]:
    search = get(base, "/api/search?q=gas+prices&sort=newest")
    assert isinstance(search, dict)
    hits = [h["url"].split("/sessions/", 1)[1] for h in search["hits"]]
    sessions = get(base, "/api/sessions")
    assert isinstance(sessions, dict)
    return sessions["total"], [s["slug"] for s in sessions["sessions"]], search["total"], hits


@pytest.mark.slow
def test_two_app_servers_share_one_database(tmp_path: Path, make_settings: MakeSettings) -> None:
    ingest_host = make_settings(tmp_path / "host-a")
    # The second host keeps its own data folder (its index), on the same database.
    other_host = Settings(data_dir=tmp_path / "host-b", database_url=ingest_host.db_url)
    presser(ingest_host, "migrate")
    presser(ingest_host, "ingest", str(SEEDS))
    presser(other_host, "reindex")
    env_a, env_b = env_of(ingest_host), env_of(other_host)
    with (
        serving(ingest_host.data_dir, extra_env=env_a) as a,
        serving(other_host.data_dir, extra_env=env_b) as b,
    ):
        first = views(a)
        assert first == views(b)
        assert first[0] == 6
        extra = tmp_path / "new_briefing.txt"
        extra.write_bytes(briefing(7))
        presser(ingest_host, "ingest", str(extra))
        presser(other_host, "reindex")  # the refresh step deploy.md runs after each ingest
        second = views(a)
        assert second == views(b)
        assert second[0] == 7
        assert second[2] > first[2]


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("PRESSER_TEST_DATABASE", "sqlite") != "postgresql",
    reason="searching inside the database needs PostgreSQL",
)
def test_app_servers_searching_inside_postgresql_never_reindex(
    tmp_path: Path, make_settings: MakeSettings
) -> None:
    ingest_host = make_settings(tmp_path / "host-a")
    other_host = Settings(data_dir=tmp_path / "host-b", database_url=ingest_host.db_url)
    engine = {"PRESSER_SEARCH_ENGINE": "postgres"}
    presser(ingest_host, "migrate", **engine)
    presser(ingest_host, "ingest", str(SEEDS), **engine)
    with (
        serving(ingest_host.data_dir, extra_env=env_of(ingest_host) | engine) as a,
        serving(other_host.data_dir, extra_env=env_of(other_host) | engine) as b,
    ):
        first = views(a)
        assert first == views(b)
        assert first[0] == 6
        assert first[2] > 0
        extra = tmp_path / "new_briefing.txt"
        extra.write_bytes(briefing(7))
        presser(ingest_host, "ingest", str(extra), **engine)
        second = views(a)  # no reindex anywhere
        assert second == views(b)
        assert second[0] == 7
        assert second[2] > first[2]
    assert not (ingest_host.data_dir / "index").exists()
    assert not (other_host.data_dir / "index").exists()
