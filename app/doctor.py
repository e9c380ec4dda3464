"""Is the archive whole? Database integrity, every session complete, and the index in step
with the database (the source of truth). Repair is a reindex."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, func, select

from app.config import Settings
from app.db import get_engine
from app.models import Exchange, PressSession, Turn
from app.parsing.stage import speech_only
from app.search.engine import open_engine


@dataclass
class Diagnosis:
    database: str = "ok"  # SQLite's quick_check, or "ok" where there is none to run
    incomplete_sessions: list[str] = field(default_factory=list)
    missing_from_index: list[str] = field(default_factory=list)  # "<slug>/<number>"
    extra_in_index: list[str] = field(default_factory=list)
    stale_in_index: list[str] = field(default_factory=list)  # text differs from the database
    index_found: bool = True
    engine: str = ""
    # Advice, not faults: searches slow down with many segments or an old layout, and a
    # reindex cures both.
    advice: list[str] = field(default_factory=list)

    @property
    def index_drift(self) -> bool:
        return bool(
            self.missing_from_index
            or self.extra_in_index
            or self.stale_in_index
            or not self.index_found
        )

    @property
    def healthy(self) -> bool:
        return self.database == "ok" and not self.incomplete_sessions and not self.index_drift

    def lines(self) -> list[str]:
        out = [f"database: {self.database}"]
        out.append(
            f"incomplete sessions: {len(self.incomplete_sessions)}"
            + (f" ({', '.join(self.incomplete_sessions[:5])})" if self.incomplete_sessions else "")
        )
        if not self.index_found:
            out.append("index: none found")
        for name, keys in (
            ("in the database, not in the index", self.missing_from_index),
            ("in the index, not in the database", self.extra_in_index),
            ("in the index with other text than the database", self.stale_in_index),
        ):
            sample = f" (e.g. {', '.join(keys[:3])})" if keys else ""
            out.append(f"exchanges {name}: {len(keys)}{sample}")
        out.append(f"search engine: {self.engine}")
        out.extend(self.advice)
        return out


def diagnose(settings: Settings) -> Diagnosis:
    result = Diagnosis()
    engine = get_engine(settings)
    with Session(engine) as db:
        if engine.dialect.name == "sqlite":
            result.database = str(db.exec(text("PRAGMA quick_check")).one()[0])  # type: ignore[call-overload]
        counted = db.exec(
            select(PressSession.slug, PressSession.exchange_count, func.count(col(Exchange.id)))
            .join(Exchange, col(Exchange.session_id) == PressSession.id, isouter=True)
            .group_by(col(PressSession.id))
        ).all()
        with_turns = set(db.exec(select(Turn.session_id).distinct()))
        ids = dict(db.exec(select(PressSession.slug, PressSession.id)).all())
        result.incomplete_sessions = [
            slug for slug, expected, n in counted if n != expected or ids[slug] not in with_turns
        ]
        stored = {
            f"{slug}/{number}": speech_only(question)
            for slug, number, question in db.exec(
                select(PressSession.slug, Exchange.number, Exchange.question).join(
                    PressSession, col(PressSession.id) == Exchange.session_id
                )
            )
        }
    search = open_engine(settings)
    try:
        health = search.health()
    finally:
        search.close()
    result.engine, result.advice = health.engine, health.advice
    if not health.found:
        result.index_found = False
        result.missing_from_index = sorted(stored)
        return result
    indexed = health.questions
    result.missing_from_index = sorted(set(stored) - set(indexed))
    result.extra_in_index = sorted(set(indexed) - set(stored))
    result.stale_in_index = sorted(k for k in set(stored) & set(indexed) if stored[k] != indexed[k])
    return result
