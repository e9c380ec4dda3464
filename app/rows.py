"""Rows in batches: IN lists of bounded length, Core inserts, ids of flushed rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session, SQLModel, col, select

from app.models import Exchange, Outlet, Person, PressSession


def row_id(row: PressSession | Person | Outlet | Exchange) -> int:
    """The primary key of a flushed row."""
    assert row.id is not None, "row not flushed"
    return row.id


def chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """IN lists of bounded length (SQLite allows 32,766 parameters a statement)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def rows_by(db: Session, key: Any, values: Iterable[str]) -> dict[str, Any]:
    """The rows whose `key` column holds one of `values` (a person by name key, an outlet by
    its key), by that value."""
    model, out = key.class_, {}
    for chunk in chunks(sorted(values)):
        for row in db.exec(select(model).where(col(key).in_(chunk))):
            out[getattr(row, key.key)] = row
    return out


def values_by_id(db: Session, owner: Any, value: Any, ids: list[int]) -> dict[int, set[str]]:
    """Every id's values in a child table (a person's labels, an outlet's spellings); an
    id with none maps to an empty set, so "looked up, none" differs from "not looked up"."""
    out: dict[int, set[str]] = {i: set() for i in ids}
    for chunk in chunks(sorted(ids)):
        for owner_id, text in db.exec(select(owner, value).where(col(owner).in_(chunk))):
            out[owner_id].add(text)
    return out


# Both insert into the table itself, in the session's transaction, past the ORM's bulk
# layer, which turned every row into its own insert parameters first.
def insert_rows(db: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        db.connection().execute(insert(_table(table)), rows)


def insert_returning_ids(
    db: Session, table: type[SQLModel], rows: list[dict[str, Any]]
) -> list[int]:
    if not rows:
        return []
    t = _table(table)
    stmt = insert(t).returning(t.c.id, sort_by_parameter_order=True)
    return [row[0] for row in db.connection().execute(stmt, rows)]


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]
