"""The PostgreSQL engine behind the search interface (app.search.engine): search lives in
the database, so every app server sees every ingest at once and no host keeps an index.

The database computes each exchange's tsvectors itself (generated columns) and keeps its
word counts (triggers), in the transaction that writes the exchange (migration
3e16de0d4fc8): whatever writes exchanges, ingest or `presser import`, writes their search
data, and relinking an asker is seen at once because filters join the live tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from app.config import Settings
from app.db import get_engine
from app.parsing.stage import speech_only
from app.search.documents import ExchangeDoc
from app.search.postgres import searching
from app.search.postgres.compile import Lexicon
from app.search.query import ParsedSearch, SearchRequest
from app.search.results import Health, Hit, SearchResults

MIGRATE = "the search columns are missing: run `presser migrate`"


class PostgresEngine:
    name = "postgres"
    separate_index = False

    def __init__(self, settings: Settings) -> None:
        if not settings.db_url.startswith("postgresql"):
            raise RuntimeError(
                "PRESSER_SEARCH_ENGINE=postgres searches inside a PostgreSQL database, and this "
                "archive's database is not one (PRESSER_DATABASE_URL=postgresql+psycopg://…); "
                "use whoosh or tantivy with SQLite"
            )
        self.db = get_engine(settings)
        self.lexicon = Lexicon()

    def writer(self) -> NoWriter:
        return NoWriter()

    def rebuild(self, docs: Iterable[ExchangeDoc]) -> int:  # noqa: ARG002 (read nothing)
        """Nothing to build: the database holds the search data. Recounts the word tables
        (a trigger's count is exact, but a hand edit of the table could drift it), and
        returns the number of exchanges."""
        with self.db.begin() as conn:
            if not _has_search_columns(conn):
                raise RuntimeError(MIGRATE)
            for table, column, vector in (
                ("search_word", "word", "search_exact"),
                ("search_term", "term", "search_stem"),
            ):
                conn.execute(text(f"DELETE FROM {table}"))
                conn.execute(
                    text(
                        f"INSERT INTO {table} ({column}, ndoc) SELECT w, count(*) FROM exchange, "
                        f"unnest(tsvector_to_array({vector})) AS w GROUP BY w"
                    )
                )
            count: int = conn.execute(text("SELECT count(*) FROM exchange")).scalar_one()
        return count

    def search(self, parsed: ParsedSearch, request: SearchRequest) -> SearchResults:
        with self.db.connect() as conn:
            return searching.search(conn, self.lexicon, parsed, request)

    def related(self, key: str, top: int = 5) -> list[Hit]:
        with self.db.connect() as conn:
            return searching.related(conn, key, top)

    def health(self) -> Health:
        """The database is the index: every exchange is in it, with the text it holds."""
        with self.db.connect() as conn:
            if not _has_search_columns(conn):
                return Health(engine=self.name, found=False, advice=[MIGRATE])
            rows = conn.execute(
                text(
                    "SELECT s.slug, e.number, e.question FROM exchange e "
                    "JOIN session s ON s.id = e.session_id"
                )
            )
            questions = {f"{slug}/{number}": speech_only(q) for slug, number, q in rows}
        return Health(engine=self.name, found=True, questions=questions)

    def close(self) -> None:
        """Nothing of its own to close: connections belong to the database's pool."""


class NoWriter:
    """Ingest's writes are the index: the database computed the search data when the rows
    went in, so there is nothing to write, commit, or wait for."""

    def replace_session(self, slug: str, docs: Sequence[ExchangeDoc]) -> None:
        pass

    def delete_session(self, slug: str) -> None:
        pass

    def commit(self) -> None:
        pass

    def cancel(self) -> None:
        pass


def _has_search_columns(conn: Connection) -> bool:
    found = conn.execute(
        text(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'exchange' AND column_name IN ('search_stem', 'search_exact')"
        )
    ).scalar()
    return found == 2
