"""What reaches the disk, and in what order: SQLite syncs its log at checkpoints, and an
ingest checkpoints before the index commits, so after a power cut the index is never ahead
of the database it indexes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.config import Settings
from app.db import engine_for
from app.ingest import Ingester
from tests.conftest import seed_paths


def test_sqlite_syncs_its_log_at_checkpoints(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()


def test_each_index_commit_follows_a_checkpoint(tmp_path: Path) -> None:
    ingester = Ingester(Settings(data_dir=tmp_path / "data"))
    order: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "wal_checkpoint" in statement:
            order.append("checkpoint")
        elif statement.lstrip().upper().startswith("INSERT INTO EXCHANGE"):
            order.append("rows")

    event.listen(ingester.engine, "before_cursor_execute", seen)
    opened = ingester.search.writer

    def writer() -> Any:
        w = opened()
        commit = w.commit

        def logged() -> None:
            order.append("index commit")
            commit()

        w.commit = logged  # type: ignore[method-assign]
        return w

    ingester.search.writer = writer  # type: ignore[method-assign]
    try:
        results = ingester.ingest_paths(seed_paths()[:2])
    finally:
        event.remove(ingester.engine, "before_cursor_execute", seen)
    assert [r.status for r in results] == ["added", "added"]
    commits = [i for i, what in enumerate(order) if what == "index commit"]
    assert commits, order
    for i in commits:
        # Every row written before this commit was checkpointed after it was written.
        last_rows = max((j for j in range(i) if order[j] == "rows"), default=-1)
        assert "checkpoint" in order[last_rows + 1 : i], order
