"""Statistics of the archive: who asks, for which outlet, who answers, when, and how
answers read. Every count is a database read (SQLModel/SQLAlchemy, on SQLite and
PostgreSQL alike); the charts that draw them are app/charts.py.

Counts follow what attribution establishes and no further: a question counts for a
journalist only when it is linked to one (`questioner_id`), for an outlet only when the
transcript (or the linked journalist) gives one, and the pages say how many are left out."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, extract
from sqlmodel import Session, col, func, select

from app import deflections
from app.models import Appearance, Exchange, ExchangeAnswerer, Outlet, Person, PressSession
from app.queries import Listing, not_official, officials

Month = tuple[int, int]
# The order of every list of questions: newest session first, then as asked.
NEWEST_FIRST = (col(PressSession.date).desc(), col(PressSession.id).desc(), col(Exchange.position))


@dataclass(frozen=True)
class Attribution:
    """How many questions the archive holds, and how many of them each count can use."""

    questions: int
    journalist: int  # linked to a journalist page
    inferred: int  # of those, linked across the archive from a first-name call
    printed_only: int  # a name as printed (a first name, say) with no journalist page
    outlet: int  # with an outlet
    dated: int  # in a session with a date
    answered: int  # with at least one named answerer

    @property
    def unnamed(self) -> int:
        return self.questions - self.journalist - self.printed_only


def _count(db: Session, *where: Any) -> int:
    n: int = db.exec(select(func.count(col(Exchange.id))).where(*where)).one()
    return n


def attribution(db: Session) -> Attribution:
    # Uncorrelated (the officials found once), not not_official() for every question.
    linked = select(func.count(col(Exchange.id))).where(
        col(Exchange.questioner_id).is_not(None), col(Exchange.questioner_id).not_in(officials())
    )
    dated = (
        select(func.count(col(Exchange.id)))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(PressSession.date).is_not(None))
    )
    answered = select(func.count(func.distinct(ExchangeAnswerer.exchange_id)))
    return Attribution(
        questions=_count(db),
        journalist=db.exec(linked).one(),
        inferred=db.exec(linked.where(col(Exchange.inferred_from).is_not(None))).one(),
        printed_only=_count(
            db, col(Exchange.questioner_id).is_(None), col(Exchange.questioner_name).is_not(None)
        ),
        outlet=_count(db, col(Exchange.outlet_id).is_not(None)),
        dated=db.exec(dated).one(),
        answered=db.exec(answered).one(),
    )


def top_journalists(db: Session, limit: int) -> list[tuple[Person, int]]:
    """Journalists by the questions linked to them, most first; never an official."""
    n = func.count(col(Exchange.id))
    rows = db.exec(
        select(Person, n)
        .join(Exchange, col(Exchange.questioner_id) == Person.id)
        .group_by(col(Person.id))
        .having(not_official())  # once a person, not once a question
        .order_by(n.desc(), col(Person.name))
        .limit(limit)
    )
    return [(p, c) for p, c in rows]


def top_outlets(db: Session, limit: int) -> list[tuple[Outlet, int]]:
    n = func.count(col(Exchange.id))
    rows = db.exec(
        select(Outlet, n)
        .join(Exchange, col(Exchange.outlet_id) == Outlet.id)
        .group_by(col(Outlet.id))
        .order_by(n.desc(), col(Outlet.name))
        .limit(limit)
    )
    return [(o, c) for o, c in rows]


def top_answerers(db: Session, limit: int) -> list[tuple[Person, int]]:
    """Principals (and anyone else who answered) by the questions they answered; an
    exchange answered by two counts for both."""
    n = func.count(col(ExchangeAnswerer.id))
    rows = db.exec(
        select(Person, n)
        .join(ExchangeAnswerer, col(ExchangeAnswerer.person_id) == Person.id)
        .group_by(col(Person.id))
        .order_by(n.desc(), col(Person.name))
        .limit(limit)
    )
    return [(p, c) for p, c in rows]


def _year() -> Any:
    return extract("year", col(PressSession.date))


def _month() -> Any:
    return extract("month", col(PressSession.date))


def questions_per_year(db: Session) -> dict[int, int]:
    """Questions by their session's year; undated sessions are left out."""
    year = _year()
    rows = db.exec(
        select(year, func.count(col(Exchange.id)))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(PressSession.date).is_not(None))
        .group_by(year)
    )
    return {int(y): n for y, n in rows}


@dataclass(frozen=True)
class FirstQuestions:
    """Who asked the first question of each session that has one."""

    sessions: int  # sessions with at least one question
    journalists: list[tuple[Person, int]]
    outlets: list[tuple[Outlet, int]]
    named: int  # first questions linked to a journalist
    with_outlet: int


def _first_exchange_ids() -> Any:
    first = (
        select(Exchange.session_id, func.min(Exchange.position).label("position"))
        .group_by(col(Exchange.session_id))
        .subquery()
    )
    return select(Exchange.id).join(
        first,
        and_(
            col(Exchange.session_id) == first.c.session_id,
            col(Exchange.position) == first.c.position,
        ),
    )


def first_questions(db: Session, limit: int) -> FirstQuestions:
    firsts = _first_exchange_ids()
    n = func.count(col(Exchange.id))
    journalists = db.exec(
        select(Person, n)
        .join(Exchange, col(Exchange.questioner_id) == Person.id)
        .where(col(Exchange.id).in_(firsts))
        .group_by(col(Person.id))
        .having(not_official())
        .order_by(n.desc(), col(Person.name))
    ).all()
    outlets = db.exec(
        select(Outlet, n)
        .join(Exchange, col(Exchange.outlet_id) == Outlet.id)
        .where(col(Exchange.id).in_(firsts))
        .group_by(col(Outlet.id))
        .order_by(n.desc(), col(Outlet.name))
    ).all()
    return FirstQuestions(
        sessions=db.exec(select(func.count(func.distinct(Exchange.session_id)))).one(),
        journalists=[(p, c) for p, c in journalists[:limit]],
        outlets=[(o, c) for o, c in outlets[:limit]],
        named=sum(c for _, c in journalists),
        with_outlet=sum(c for _, c in outlets),
    )


@dataclass(frozen=True)
class OutletYears:
    years: list[int]
    outlets: list[tuple[Outlet, dict[int, int]]]  # the top outlets, each with its years


def outlets_by_year(db: Session, limit: int) -> OutletYears:
    """The outlets with the most questions, and their questions in each year."""
    top = top_outlets(db, limit)
    ids = [o.id for o, _ in top]
    year = _year()
    rows = db.exec(
        select(Exchange.outlet_id, year, func.count(col(Exchange.id)))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(Exchange.outlet_id).in_(ids), col(PressSession.date).is_not(None))
        .group_by(col(Exchange.outlet_id), year)
    )
    counts: dict[int, dict[int, int]] = {}
    for outlet_id, y, c in rows:
        counts.setdefault(outlet_id or 0, {})[int(y)] = c
    all_years = [y for years in counts.values() for y in years]
    span = list(range(min(all_years), max(all_years) + 1)) if all_years else []
    return OutletYears(span, [(o, counts.get(o.id or 0, {})) for o, _ in top])


# One journalist's, outlet's or principal's share of the archive.


@dataclass(frozen=True)
class Scope:
    """Whose questions: asked by a journalist, for an outlet, or answered by someone."""

    questioner_id: int | None = None
    outlet_id: int | None = None
    answerer_id: int | None = None

    def narrow(self, stmt: Any) -> Any:
        if self.questioner_id is not None:
            stmt = stmt.where(Exchange.questioner_id == self.questioner_id)
        if self.outlet_id is not None:
            stmt = stmt.where(Exchange.outlet_id == self.outlet_id)
        if self.answerer_id is not None:
            stmt = stmt.join(
                ExchangeAnswerer, col(ExchangeAnswerer.exchange_id) == Exchange.id
            ).where(ExchangeAnswerer.person_id == self.answerer_id)
        return stmt


def questions_per_month(db: Session, scope: Scope) -> dict[Month, int]:
    """Questions in scope by month of their session; undated sessions left out."""
    year, month = _year(), _month()
    stmt = (
        select(year, month, func.count(col(Exchange.id)))
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(col(PressSession.date).is_not(None))
        .group_by(year, month)
    )
    return {(int(y), int(m)): n for y, m, n in db.exec(scope.narrow(stmt))}


def answerers_of(db: Session, scope: Scope, limit: int) -> list[tuple[Person, int]]:
    """Who answered the questions in scope (a journalist's, an outlet's), most first."""
    n = func.count(col(Exchange.id))
    stmt = (
        select(Person, n)
        .join(ExchangeAnswerer, col(ExchangeAnswerer.person_id) == Person.id)
        .join(Exchange, col(Exchange.id) == ExchangeAnswerer.exchange_id)
        .group_by(col(Person.id))
        .order_by(n.desc(), col(Person.name))
        .limit(limit)
    )
    return [(p, c) for p, c in db.exec(scope.narrow(stmt))]


def sessions_per_month(db: Session, person_id: int) -> dict[Month, int]:
    """Sessions a person answered or moderated in, by month."""
    year, month = _year(), _month()
    rows = db.exec(
        select(year, month, func.count(col(PressSession.id)))
        .join(Appearance, col(Appearance.session_id) == PressSession.id)
        .where(
            Appearance.person_id == person_id,
            col(Appearance.role).in_(("principal", "moderator")),
            col(PressSession.date).is_not(None),
        )
        .group_by(year, month)
    )
    return {(int(y), int(m)): n for y, m, n in rows}


def words(column: Any) -> Any:
    """Words in a text, counted in SQL: its spaces, plus one per paragraph break (two
    newlines), plus one. Answers hold single spaces between words (the parser joins
    lines), so this equals len(text.split()) on every answer of the real archive but
    a handful, at the cost of one pass instead of shipping every answer to Python."""
    length = func.length(column)
    spaces = length - func.length(func.replace(column, " ", ""))
    breaks = (length - func.length(func.replace(column, "\n", ""))) / 2
    return case((length == 0, 0), else_=spaces + breaks + 1)


@dataclass(frozen=True)
class AnswerFacts:
    """One answer as the principal's statistics see it."""

    exchange_id: int
    month: Month | None  # None for an undated session
    words: int
    phrases: int  # bit i set: it holds deflections.PHRASES[i]


def answer_facts(db: Session, person_id: int) -> list[AnswerFacts]:
    """Every answer of a person, newest session first, in one pass over their answers:
    its month, its length and the deflecting phrases it holds. The phrase matching is
    the cost (a quarter of a second of SQLite's time for Jen Psaki's 12,440 answers), so
    pages keep the result until the archive changes (app/memo.py)."""
    # Year and month in one column: sqlmodel's select() is typed for four at most.
    yearmonth = _year() * 100 + _month()
    rows = db.exec(
        select(
            Exchange.id,
            yearmonth,
            words(Exchange.answer),
            deflections.mask(Exchange.answer),
        )
        .join(ExchangeAnswerer, col(ExchangeAnswerer.exchange_id) == Exchange.id)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .where(ExchangeAnswerer.person_id == person_id)
        .order_by(*NEWEST_FIRST)
    )
    return [
        AnswerFacts(i or 0, divmod(int(ym), 100) if ym is not None else None, int(w), int(bits))
        for i, ym, w, bits in rows
    ]


# Answer lengths in words, as bins of a histogram: doubling widths, because lengths spread
# from a word ("Yes.") to thousands (Putin's Direct Line), and most answers sit in between.
LENGTH_BINS = (0, 25, 50, 100, 200, 400, 800, 1600)


def length_label(i: int) -> str:
    low = LENGTH_BINS[i]
    if i + 1 < len(LENGTH_BINS):
        return f"{low}–{LENGTH_BINS[i + 1] - 1}"
    return f"{low}+"


@dataclass
class AnswerProfile:
    """A principal's answers summed up: per month, by length, and how many deflect."""

    answers: int = 0
    per_month: Counter[Month] = field(default_factory=Counter)
    deflecting_per_month: Counter[Month] = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=lambda: [0] * len(LENGTH_BINS))
    median_words: float = 0.0
    deflecting: int = 0
    per_phrase: Counter[deflections.Phrase] = field(default_factory=Counter)
    undated: int = 0


def profile(facts: list[AnswerFacts]) -> AnswerProfile:
    out = AnswerProfile(answers=len(facts))
    for f in facts:
        if f.month is None:
            out.undated += 1
        else:
            out.per_month[f.month] += 1
        out.lengths[_bin(f.words)] += 1
        if f.phrases:
            out.deflecting += 1
            if f.month is not None:
                out.deflecting_per_month[f.month] += 1
            out.per_phrase.update(deflections.phrases_of(f.phrases))
    if facts:
        out.median_words = statistics.median(f.words for f in facts)
    return out


def _bin(n: int) -> int:
    i = 0
    while i + 1 < len(LENGTH_BINS) and n >= LENGTH_BINS[i + 1]:
        i += 1
    return i


def deflecting_ids(facts: list[AnswerFacts]) -> list[int]:
    """The deflecting answers among `facts`, in their order."""
    return [f.exchange_id for f in facts if f.phrases]


def listings(db: Session, ids: list[int]) -> list[Listing]:
    """Exchanges as lists show them, in the order of `ids`."""
    if not ids:
        return []
    rows = db.exec(
        select(Exchange, PressSession, Person, Outlet)
        .join(PressSession, col(PressSession.id) == Exchange.session_id)
        .join(Person, col(Person.id) == Exchange.questioner_id, isouter=True)
        .join(Outlet, col(Outlet.id) == Exchange.outlet_id, isouter=True)
        .where(col(Exchange.id).in_(ids))
    )
    by_id = {e.id: Listing(e, s, q, o) for e, s, q, o in rows}
    return [by_id[i] for i in ids if i in by_id]
