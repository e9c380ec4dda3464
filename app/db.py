"""Database engine, sessions and migrations (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app.config import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets pages read while an ingest writes; foreign keys keep children honest.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode, NORMAL syncs the log at each checkpoint rather than at each commit, and
    # the database stays whole after a power cut, though its last commits may be lost (an
    # application crash loses nothing). A commit per file synced was 3 ms, about 75 s of a
    # million-exchange ingest; `durable` syncs before the index commits what was written.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# Unbounded: an evicted engine would drop its pool unclosed. A process uses one URL or two
# (a test run, one per test database, disposing each at the end).
@cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def durable(engine: Engine) -> None:
    """Bring what was committed to disk (SQLite: a checkpoint, which syncs the log first),
    so that an index never commits documents the database could still lose to a power cut.
    PostgreSQL syncs its own log at every commit."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def get_engine(settings: Settings) -> Engine:
    if settings.db_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return engine_for(settings.db_url)


# PostgreSQL's full-text search lives in objects the models do not describe: tsvector
# columns the database computes, word counts its triggers keep, their indexes (migration
# 3e16de0d4fc8, app/search/postgres). They exist on PostgreSQL only, so the models (which
# serve SQLite too) leave them out, and autogenerate and `alembic check` must not ask to
# drop them: every such object's name starts with this.
SEARCH_OBJECTS = "search_"


def described_by_models(
    _obj: object, name: str | None, _type: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's include_object: False for the database's own search objects."""
    return not (reflected and compare_to is None and (name or "").startswith(SEARCH_OBJECTS))


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", settings.db_url.replace("%", "%%"))
    config.attributes["settings"] = settings
    return config


def migrate(settings: Settings) -> None:
    """Bring the database to the newest schema; creates it when absent."""
    engine = get_engine(settings)
    config = alembic_config(settings)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_scope(settings: Settings) -> Iterator[Session]:
    with Session(get_engine(settings)) as session:
        yield session
