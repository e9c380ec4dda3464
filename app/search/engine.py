"""The search engine interface: what ingest, doctor and the pages ask of an engine.

Three engines implement it: `whoosh` (the embedded default), `tantivy` (embedded, for a
million answers) and `postgres` (search inside the PostgreSQL database, for several app
servers). `PRESSER_SEARCH_ENGINE` chooses; nothing outside `app/search` imports one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from app.search.documents import ExchangeDoc
from app.search.query import ParsedSearch, SearchRequest
from app.search.results import Health, Hit, SearchResults

if TYPE_CHECKING:
    from app.config import Settings

ENGINES = {
    "whoosh": "app.search.whoosh.engine:WhooshEngine",
    "tantivy": "app.search.tantivy.engine:TantivyEngine",
    "postgres": "app.search.postgres.engine:PostgresEngine",
}


class IndexBusy(Exception):
    """Another ingest or reindex held the index's write lock for longer than allowed."""

    def __init__(self, waited: float) -> None:
        super().__init__(
            f"the search index is busy: another ingest or reindex held it for {waited:g} s "
            "(PRESSER_INDEX_LOCK_TIMEOUT); nothing was stored"
        )


class IndexWriter(Protocol):
    """An open write to the index. Nothing written is searchable before `commit`; the
    engine's write lock is held from the writer's opening until `commit` or `cancel`."""

    def replace_session(self, slug: str, docs: Sequence[ExchangeDoc]) -> None:
        """The session's documents, replacing whatever the index held for it."""

    def delete_session(self, slug: str) -> None: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


class SearchEngine(Protocol):
    name: str
    # False when the engine reads the database itself (postgres): ingest then writes no
    # documents and nothing is ever rebuilt on a host.
    separate_index: bool

    def writer(self) -> IndexWriter:
        """Waits for another writer up to the configured timeout; raises IndexBusy."""

    def rebuild(self, docs: Iterable[ExchangeDoc]) -> int:
        """Build a fresh index from `docs` beside the live one and swap it in; readers keep
        the one they opened. Returns the number of documents. `docs` is read with the
        write lock held, so it sees every committed ingest."""

    def search(self, parsed: ParsedSearch, request: SearchRequest) -> SearchResults:
        """One page of hits (with snippets), the total, facet counts over every match and a
        did-you-mean for words the archive never uses."""

    def related(self, key: str, top: int = 5) -> list[Hit]:
        """Answers from other sessions about the same subject as exchange `key`."""

    def health(self) -> Health: ...

    def close(self) -> None: ...


def open_engine(settings: Settings) -> SearchEngine:
    """The engine `settings.search_engine` names, opened on the settings' index or database."""
    name = settings.search_engine
    if name not in ENGINES:
        raise ValueError(
            f"PRESSER_SEARCH_ENGINE={name!r}: the engines are " + ", ".join(sorted(ENGINES))
        )
    module_name, class_name = ENGINES[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise RuntimeError(
            f"the {name} search engine needs a package this install lacks ({exc.name}): "
            f"pip install 'presser[{name}]'"
        ) from exc
    engine: SearchEngine = getattr(module, class_name)(settings)
    return engine
