"""SQLite FTS5 (stdlib) as the bench's yardstick: the archive's documents in one FTS5 table,
and each request of the mix run as a search page would run it there (the top hits with
snippets, the count, facet counts over every match), compiled from the same plan the
engines compile. A yardstick, not an engine: no did-you-mean, no related answers, no
unstemmed field (a phrase is matched on stems, as FTS5's porter tokenizer keeps them).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

from sqlmodel import Session, col, select

from app.config import Settings
from app.db import get_engine
from app.models import Exchange, Outlet, Person, PressSession
from app.parsing.stage import speech_only
from app.search import plan
from app.search.query import PAGE_SIZE, SearchRequest, parse_search

COLUMNS = (
    "key UNINDEXED, question, answer, questioner UNINDEXED, questioner_name UNINDEXED, "
    "outlet UNINDEXED, outlet_name UNINDEXED, principal UNINDEXED, date UNINDEXED"
)
FACETS = {
    "outlet": "outlet",
    "questioner": "questioner",
    "principal": "principal",
    "year": "substr(date, 1, 4)",
    "month": "substr(date, 1, 7)",
}


class Unsupported(Exception):
    """A plan FTS5's query syntax cannot say (everything except something, inside an OR)."""


def build(settings: Settings, path: Path) -> tuple[sqlite3.Connection, float, int]:
    """The archive's exchanges in a new FTS5 table; the connection, seconds spent inserting
    (the reading from the archive not counted) and documents."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE docs USING fts5({COLUMNS}, tokenize='porter unicode61')")
    with Session(get_engine(settings)) as db:
        rows = db.exec(
            select(  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
                PressSession.slug,
                Exchange.number,
                Exchange.question,
                Exchange.answer,
                Person.slug,
                Person.name,
                Outlet.slug,
                Outlet.name,
                Exchange.answerers,
                col(PressSession.date),
            )
            .join(PressSession, col(PressSession.id) == Exchange.session_id)
            .join(Person, col(Person.id) == Exchange.questioner_id, isouter=True)
            .join(Outlet, col(Outlet.id) == Exchange.outlet_id, isouter=True)
        ).all()
    docs = [
        (
            f"{s}/{n}",
            speech_only(q),
            speech_only(a),
            j or "",
            jn or "",
            o or "",
            on or "",
            p,
            d.isoformat() if d else "",
        )
        for s, n, q, a, j, jn, o, on, p, d in rows
    ]
    started = time.perf_counter()
    conn.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", docs)
    conn.commit()
    return conn, time.perf_counter() - started, len(docs)


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


def _columns(fields: tuple[str, ...]) -> str:
    return "{" + " ".join(fields) + "} : "


def match(node: plan.Node) -> str | None:
    """The FTS5 MATCH expression of a plan; None for every document."""
    if isinstance(node, plan.All):
        return None
    if isinstance(node, plan.Word):
        return _columns(node.fields) + _quoted([node.text])
    if isinstance(node, plan.Prefix):
        return _columns(node.fields) + _quoted([node.text]) + "*"
    if isinstance(node, plan.Phrase):
        return _columns(node.fields) + _quoted(node.words)
    if isinstance(node, plan.Or):
        parts = [match(c) for c in node.children]
        if any(p is None for p in parts):
            raise Unsupported("everything, inside an OR")
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, plan.And):
        positive = [match(c) for c in node.children if not isinstance(c, plan.Not)]
        negative = [match(c.child) for c in node.children if isinstance(c, plan.Not)]
        kept = [p for p in positive if p is not None]
        if not kept:
            if negative:
                raise Unsupported("everything except something")
            return None
        expr = "(" + " AND ".join(kept) + ")"
        for n in negative:
            if n is None:
                raise Unsupported("everything, negated")
            expr = f"({expr} NOT {n})"
        return expr
    raise Unsupported(type(node).__name__)


def conditions(filters: tuple[plan.Filter, ...]) -> tuple[list[str], list[object]]:
    """SQL conditions on the unindexed columns, and their parameters."""
    sql: list[str] = []
    args: list[object] = []
    for f in filters:
        if isinstance(f, plan.NameIs):
            # The slug, or every word of the name (principals: names only, as stored).
            words = plan.words(plan.fold(f.value).replace("-", " ")) or [f.slug]
            name, slug = {
                "questioner": ("questioner_name", "questioner"),
                "outlet": ("outlet_name", "outlet"),
                "principal": ("principal", None),
            }[f.field]
            named = " AND ".join(f"{name} LIKE ?" for _ in words)
            sql.append(f"({slug} = ? OR ({named}))" if slug else f"({named})")
            args += [f.slug] if slug else []
            args += [f"%{w}%" for w in words]
        elif isinstance(f, plan.SessionIs):
            sql.append("key LIKE ?")
            args.append(f"{f.slug}/%")
        elif isinstance(f, plan.DateIn):
            sql.append("date != '' AND date BETWEEN ? AND ?")
            args += [(f.start or dt.date.min).isoformat(), (f.end or dt.date.max).isoformat()]
    return sql, args


def search_page(conn: sqlite3.Connection, request: SearchRequest) -> int:
    """One search page as FTS5 would serve it: the page's hits with snippets, the count and
    the facets over every match. Returns the count. Raises Unsupported."""
    parsed = parse_search(request)
    expr = match(parsed.query)
    where, args = conditions(parsed.conditions)
    if expr is not None:
        where.insert(0, "docs MATCH ?")
        args.insert(0, expr)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    order = {"newest": "date DESC", "oldest": "date"}.get(
        request.sort, "rank" if expr is not None else "rowid"
    )
    offset = (request.page - 1) * PAGE_SIZE
    snippets = (
        "snippet(docs, 1, '<mark>', '</mark>', '…', 24), "
        "snippet(docs, 2, '<mark>', '</mark>', '…', 24)"
        if expr is not None
        else "question, answer"
    )
    conn.execute(
        f"SELECT key, {snippets} FROM docs{clause} ORDER BY {order} "
        f"LIMIT {PAGE_SIZE} OFFSET {offset}",
        args,
    ).fetchall()
    (total,) = conn.execute(f"SELECT count(*) FROM docs{clause}", args).fetchone()
    for column in FACETS.values():
        conn.execute(
            f"SELECT {column}, count(*) FROM docs{clause} GROUP BY 1 ORDER BY 2 DESC", args
        ).fetchall()
    return int(total)
