"""Settings from the environment (prefix PRESSER_), built by a factory so tests pass their own."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRESSER_", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    # The search engine (app.search.engine): whoosh, embedded, the default for a small
    # archive; tantivy, embedded, for a million answers (`presser[tantivy]`); postgres,
    # inside a PostgreSQL database, so several app servers share one index.
    search_engine: Literal["whoosh", "tantivy", "postgres"] = "whoosh"
    # The index's writer lock: how long an ingest waits for another writer before failing.
    index_lock_timeout: float = 120.0
    # Larger files are refused before they are read: the longest real transcript we know
    # (a four-hour Direct Line) is under 1 MB, so 20 MB is a mistake, not a press conference.
    max_file_mb: float = 20.0
    # Worker processes that analyse documents for the index during ingest and reindex.
    index_procs: int = 2
    # Worker processes that parse transcript files during an ingest, while it writes the
    # database and the index (app.parse_pool); 1 parses in the ingest's own process. Two
    # keep the writing process busy: parsing costs about twice what the database does.
    parse_procs: int = Field(default_factory=lambda: min(2, os.cpu_count() or 1), ge=1)
    # Threads per app worker process (each holds a searcher; see app.main.lifespan).
    threads: int = 4
    # The archive's public address, for citations, feeds and sitemaps; when unset, the
    # address the request came in on is used.
    public_url: str | None = None

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'presser.db').resolve()}"

    @property
    def index_root(self) -> Path:
        return self.data_dir / "index"


@lru_cache
def get_settings() -> Settings:
    return Settings()
