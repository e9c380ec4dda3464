"""Shared fixtures: a real database and a real search index in a temp dir.

The database is a SQLite file, or, with PRESSER_TEST_DATABASE=postgresql, a fresh database
on a throwaway PostgreSQL cluster that the run starts and removes (tests/postgres.py).
Tests that change the archive get their own (`ingester`, `seeded`, `client`); tests that
only read share one archive of the seeds per run (`archive`, `app_client`), because
building it costs seconds. `searched` is that archive behind each search engine in turn
(the conformance suite, tests/test_search.py). `seeded` is a copy of an archive of the
seeds built once per run (the SQLite file or a database made from it as a template, and
the index folder)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import engine_for, get_engine
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
# A copy of an archive into a new folder (and, on PostgreSQL, a new database).
CopyArchive = Callable[[Settings, Path], Settings]


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str | None]:
    """The superuser URL of the run's throwaway PostgreSQL cluster; None on SQLite."""
    if os.environ.get("PRESSER_TEST_DATABASE", "sqlite") != "postgresql":
        yield None
        return
    from tests.postgres import throwaway_cluster

    with throwaway_cluster() as admin_url:
        yield admin_url


@pytest.fixture(scope="session")
def make_settings(postgres_admin: str | None) -> Iterator[MakeSettings]:
    """Settings for a new, empty archive under a folder: every test builds through this."""
    if postgres_admin is None:
        yield lambda folder: Settings(data_dir=folder)
        return
    from tests.postgres import new_database

    made: list[Settings] = []

    def make(folder: Path) -> Settings:
        made.append(Settings(data_dir=folder, database_url=new_database(postgres_admin)))
        return made[-1]

    yield make
    for settings in made:  # close pooled connections before the cluster stops
        engine_for(settings.db_url).dispose()


@pytest.fixture(scope="session")
def copy_archive(postgres_admin: str | None) -> CopyArchive:
    """The source must be idle: its pooled connections are closed before it is copied."""

    def copy(source: Settings, folder: Path) -> Settings:
        get_engine(source).dispose()  # SQLite: checkpoints the WAL; PostgreSQL: frees the template
        shutil.copytree(source.data_dir, folder)
        if postgres_admin is None:
            return Settings(data_dir=folder)
        from tests.postgres import new_database

        assert source.database_url is not None
        template = source.database_url.rsplit("/", 1)[1]
        return Settings(data_dir=folder, database_url=new_database(postgres_admin, template))

    return copy


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


@pytest.fixture(scope="session")
def seeded_original(
    tmp_path_factory: pytest.TempPathFactory, make_settings: MakeSettings
) -> Settings:
    """The seeds ingested once per run, never handed to a test: `seeded` copies it."""
    settings = make_settings(tmp_path_factory.mktemp("seeded") / "data")
    results = Ingester(settings).ingest_paths(seed_paths())
    assert [r.status for r in results] == ["added"] * len(results), [r.error for r in results]
    return settings


@pytest.fixture
def seeded(seeded_original: Settings, copy_archive: CopyArchive, tmp_path: Path) -> Ingester:
    """An archive of the seeds of the test's own, to change at will."""
    return Ingester(copy_archive(seeded_original, tmp_path / "data"))


@pytest.fixture
def client(seeded: Ingester) -> TestClient:
    return TestClient(create_app(seeded.settings))


@pytest.fixture(scope="session")
def archive(
    tmp_path_factory: pytest.TempPathFactory, seeded_original: Settings, copy_archive: CopyArchive
) -> Ingester:
    """The seeds plus the markup transcript, built once per run; read-only for tests."""
    root = tmp_path_factory.mktemp("archive")
    markup = root / "markup_briefing.txt"
    markup.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    ingester = Ingester(copy_archive(seeded_original, root / "data"))
    result = ingester.ingest_file(markup)
    assert result.status == "added", result.error
    return ingester


@pytest.fixture(scope="session")
def app_client(archive: Ingester) -> TestClient:
    return TestClient(create_app(archive.settings))


@pytest.fixture(scope="session")
def app_client_500(archive: Ingester) -> TestClient:
    """A client that shows the 500 page instead of raising the server's exception."""
    return TestClient(create_app(archive.settings), raise_server_exceptions=False)


def search_engines() -> list[str]:
    """The engines the conformance suite runs against: the embedded ones on every run,
    PostgreSQL's where the archive is in PostgreSQL."""
    engines = ["whoosh", "tantivy"]
    if os.environ.get("PRESSER_TEST_DATABASE", "sqlite") == "postgresql":
        engines.append("postgres")
    return engines


@pytest.fixture(scope="session", params=search_engines())
def searched(
    request: pytest.FixtureRequest,
    archive: Ingester,
    copy_archive: CopyArchive,
    tmp_path_factory: pytest.TempPathFactory,
) -> Ingester:
    """`archive` searched by one engine, its index built by `presser reindex`'s path."""
    name: str = request.param
    if name == archive.settings.search_engine:
        return archive
    copied = copy_archive(archive.settings, tmp_path_factory.mktemp(name) / "data")
    ingester = Ingester(replace_engine(copied, name))
    ingester.reindex()
    return ingester


def replace_engine(settings: Settings, name: str) -> Settings:
    return Settings(**(settings.model_dump() | {"search_engine": name}))
