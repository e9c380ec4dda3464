"""The charts each page shows: numbers from app.stats, made into app.charts' Charts
with the notes that say what was left out. /stats shows `overview()`; the journalist,
outlet and person pages show theirs beside their lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app import queries, stats
from app.charts import Bar, Chart, Row, bars_of, number, over_time, yearly
from app.memo import Memo
from app.models import Outlet, Person

TOP = 20  # journalists and outlets on /stats
TOP_FIRST = 15  # first questions
TOP_ANSWERERS = 15
TOP_OUTLETS_OVER_TIME = 8
TOP_ON_PAGE = 10  # a journalist's answerers, an outlet's journalists
TOP_PHRASES = 12


def _people(pairs: list[tuple[Person, int]], base: str) -> tuple[Bar, ...]:
    return bars_of((p.name, n, f"{base}/{p.slug}") for p, n in pairs)


def _outlets(pairs: list[tuple[Outlet, int]]) -> tuple[Bar, ...]:
    return bars_of((o.name, n, f"/outlets/{o.slug}") for o, n in pairs)


def _left_out(n: int, what: str) -> str:
    """What a count leaves out, said plainly ("" when nothing is)."""
    if not n:
        return ""
    return f"{number(n)} {what} {'is' if n == 1 else 'are'} not counted."


@dataclass(frozen=True)
class Overview:
    attribution: stats.Attribution
    sessions: int
    called_on: list[Chart]
    first: list[Chart]
    first_questions: stats.FirstQuestions
    over_time: Chart


def overview(db: Session) -> Overview:
    """Everything /stats shows, as numbers and charts."""
    a = stats.attribution(db)
    unlinked = a.questions - a.journalist
    journalists = Chart(
        "questions-per-journalist",
        f"Questions per journalist, top {TOP}",
        "bars",
        ("Journalist", "Questions"),
        bars=_people(stats.top_journalists(db, TOP), "/journalists"),
        notes=(
            _left_out(unlinked, "questions not linked to a journalist"),
            f"Of them, {number(a.printed_only)} name the asker only as printed (a first"
            f" name, say) and {number(a.unnamed)} name no one."
            if unlinked
            else "",
            f"{number(a.inferred)} of the questions counted are linked from a first-name call"
            " to the journalist of that name (inferred across the archive)."
            if a.inferred
            else "",
        ),
    )
    outlets = Chart(
        "questions-per-outlet",
        f"Questions per outlet, top {TOP}",
        "bars",
        ("Outlet", "Questions"),
        bars=_outlets(stats.top_outlets(db, TOP)),
        notes=(_left_out(a.questions - a.outlet, "questions with no outlet"),),
    )
    answerers = Chart(
        "questions-per-principal",
        f"Questions answered, per principal, top {TOP_ANSWERERS}",
        "bars",
        ("Answered by", "Questions"),
        bars=_people(stats.top_answerers(db, TOP_ANSWERERS), "/people"),
        notes=(
            "A question two officials answered counts for both.",
            _left_out(a.questions - a.answered, "questions with no named answerer"),
        ),
    )
    years = Chart(
        "questions-per-year",
        "Questions per year",
        "columns",
        ("Year", "Questions"),
        bars=yearly(stats.questions_per_year(db)),
        notes=(_left_out(a.questions - a.dated, "questions in undated sessions"),),
    )
    first = stats.first_questions(db, TOP_FIRST)
    first_charts = [
        Chart(
            "first-question-journalist",
            f"First question of a session, per journalist, top {TOP_FIRST}",
            "bars",
            ("Journalist", "First questions"),
            bars=_people(first.journalists, "/journalists"),
            notes=(_left_out(first.sessions - first.named, "first questions with no journalist"),),
        ),
        Chart(
            "first-question-outlet",
            f"First question of a session, per outlet, top {TOP_FIRST}",
            "bars",
            ("Outlet", "First questions"),
            bars=_outlets(first.outlets),
            notes=(
                _left_out(first.sessions - first.with_outlet, "first questions with no outlet"),
            ),
        ),
    ]
    by_year = stats.outlets_by_year(db, TOP_OUTLETS_OVER_TIME)
    over_time = Chart(
        "outlets-over-time",
        f"Questions per outlet and year, the {TOP_OUTLETS_OVER_TIME} outlets asking most",
        "grid",
        ("Outlet", *map(str, by_year.years), "Total"),
        rows=tuple(
            Row(o.name, tuple(years.get(y, 0) for y in by_year.years), f"/outlets/{o.slug}")
            for o, years in by_year.outlets
        ),
        columns=tuple(map(str, by_year.years)),
        notes=(
            "Every row is drawn on the same scale. Questions with no outlet, and those in "
            "undated sessions, are not counted.",
        ),
    )
    return Overview(
        a,
        queries.session_count(db),
        [journalists, outlets, answerers, years],
        first_charts,
        first,
        over_time,
    )


# The charts on journalist, outlet and person pages.


def journalist_charts(
    db: Session, person: Person, total: int, _outlets: list[tuple[Outlet, int]]
) -> list[Chart]:
    """`total`: the journalist's questions. Who answered them is charted, not their outlets
    (the page lists those)."""
    assert person.id is not None
    scope = stats.Scope(questioner_id=person.id)
    months = stats.questions_per_month(db, scope)
    undated = total - sum(months.values())
    return [
        over_time(
            "journalist-timeline",
            "Questions",
            months,
            notes=(_left_out(undated, "questions in undated sessions"),),
        ),
        Chart(
            "journalist-answerers",
            f"Who answered {person.name}",
            "bars",
            ("Answered by", "Questions"),
            bars=_people(stats.answerers_of(db, scope, TOP_ON_PAGE), "/people"),
        ),
    ]


def outlet_charts(
    db: Session, outlet: Outlet, total: int, journalists: list[tuple[Person, int]]
) -> list[Chart]:
    """`total`: the outlet's questions; `journalists`: who asked them, most first."""
    assert outlet.id is not None
    scope = stats.Scope(outlet_id=outlet.id)
    named = sum(n for _, n in journalists)
    months = stats.questions_per_month(db, scope)
    return [
        over_time(
            "outlet-timeline",
            "Questions",
            months,
            notes=(_left_out(total - sum(months.values()), "questions in undated sessions"),),
        ),
        Chart(
            "outlet-journalists",
            f"Who asked for {outlet.name}",
            "bars",
            ("Journalist", "Questions"),
            bars=_people(journalists[:TOP_ON_PAGE], "/journalists"),
            notes=(_left_out(total - named, "questions with no named journalist"),),
        ),
    ]


@dataclass(frozen=True)
class Answers:
    """What a principal's page and deflections page read from every answer's text."""

    profile: stats.AnswerProfile
    deflecting: list[int]  # exchange ids, newest first


def answers(db: Session, memo: Memo, person_id: int) -> Answers:
    """Read from every answer once per archive version: the costly part of these pages."""

    def compute() -> Answers:
        facts = stats.answer_facts(db, person_id)
        return Answers(stats.profile(facts), stats.deflecting_ids(facts))

    return memo.get(db, ("answers", person_id), compute)


def person_charts(db: Session, person: Person, found: Answers) -> list[Chart]:
    assert person.id is not None
    p = found.profile
    undated = (_left_out(p.undated, "answers in undated sessions"),)
    charts = [
        over_time("person-sessions", "Sessions", stats.sessions_per_month(db, person.id)),
        over_time(
            "person-answers",
            "Answers",
            dict(p.per_month),
            parts=dict(p.deflecting_per_month),
            part_label="deflecting answers",
            notes=undated,
        ),
        Chart(
            "person-lengths",
            "Answers by length in words",
            "columns",
            ("Words", "Answers"),
            bars=tuple(Bar(stats.length_label(i), n) for i, n in enumerate(p.lengths)),
            notes=(f"Median: {p.median_words:,.0f} words an answer.",),
        ),
    ]
    if p.per_phrase:
        used = sorted(p.per_phrase.items(), key=lambda kv: (-kv[1], kv[0].pattern))
        rest = len(used) - TOP_PHRASES
        more = f" {rest} other phrases are used less." if rest > 1 else ""
        more = " One other phrase is used less." if rest == 1 else more
        charts.append(
            Chart(
                "person-phrases",
                "Deflecting phrases used most" if rest > 0 else "Deflecting phrases used",
                "bars",
                ("Phrase", "Answers"),
                bars=tuple(Bar(f"“{ph.text}”", n) for ph, n in used[:TOP_PHRASES]),
                notes=(f"An answer can hold more than one phrase.{more}",),
            )
        )
    return charts


def person_stats(db: Session, memo: Memo, person: Person) -> dict[str, Any]:
    """For person.html: the charts and the deflection count, when the person answered."""
    assert person.id is not None
    found = answers(db, memo, person.id)
    if not found.profile.answers:
        return {"charts": [], "answers": found.profile}
    return {"charts": person_charts(db, person, found), "answers": found.profile}
