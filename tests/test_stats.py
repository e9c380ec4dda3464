"""Statistics on a small real archive (the seeds): every count checked against the rows
themselves, counted again in Python."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session, select

from app import queries, stats
from app.ingest import Ingester
from app.memo import Memo, archive_version
from app.models import Appearance, Exchange, ExchangeAnswerer, Outlet, Person, PressSession
from tests.conftest import MARKUP_TRANSCRIPT


class Rows:
    """The archive's rows, read plainly, to count by hand."""

    def __init__(self, db: Session) -> None:
        self.exchanges = list(db.exec(select(Exchange)))
        self.sessions = {s.id: s for s in db.exec(select(PressSession))}
        self.officials = {
            a.person_id for a in db.exec(select(Appearance)) if a.role in ("principal", "moderator")
        }
        self.answerers = list(db.exec(select(ExchangeAnswerer)))

    def date(self, e: Exchange) -> object:
        return self.sessions[e.session_id].date


def by_id(pairs: Sequence[tuple[Person | Outlet, int]]) -> dict[int | None, int]:
    return {item.id: n for item, n in pairs}


def test_attribution_counts_what_is_known(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        a = stats.attribution(db)
        rows = Rows(db)
    ex = rows.exchanges
    assert a.questions == len(ex)
    assert a.journalist == sum(
        1 for e in ex if e.questioner_id and e.questioner_id not in rows.officials
    )
    assert a.inferred == sum(
        1
        for e in ex
        if e.questioner_id and e.questioner_id not in rows.officials and e.inferred_from
    )
    assert a.printed_only == sum(1 for e in ex if not e.questioner_id and e.questioner_name)
    assert a.unnamed == sum(1 for e in ex if not e.questioner_id and not e.questioner_name)
    assert a.outlet == sum(1 for e in ex if e.outlet_id)
    assert a.dated == sum(1 for e in ex if rows.date(e))
    assert a.answered == len({x.exchange_id for x in rows.answerers})
    assert 0 < a.journalist < a.questions  # the seeds have both kinds


def test_top_journalists_outlets_and_answerers(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        journalists = stats.top_journalists(db, 5)
        outlets = stats.top_outlets(db, 100)
        answerers = stats.top_answerers(db, 100)
        rows = Rows(db)
    asked = Counter(
        e.questioner_id
        for e in rows.exchanges
        if e.questioner_id and e.questioner_id not in rows.officials
    )
    top = [n for _, n in journalists]
    assert top == sorted(asked.values(), reverse=True)[:5]
    assert all(asked[p.id or 0] == n for p, n in journalists)
    assert by_id(outlets) == Counter(e.outlet_id for e in rows.exchanges if e.outlet_id)
    assert by_id(answerers) == Counter(x.person_id for x in rows.answerers)
    assert [n for _, n in outlets] == sorted((n for _, n in outlets), reverse=True)


def test_questions_per_year_leave_undated_sessions_out(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        years = stats.questions_per_year(db)
        rows = Rows(db)
    expected = Counter(d.year for e in rows.exchanges if (d := rows.sessions[e.session_id].date))
    assert years == expected
    assert {2011, 2019, 2020, 2022} <= set(years)


def test_first_question_of_each_session(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        first = stats.first_questions(db, 100)
        rows = Rows(db)
    firsts: dict[int, Exchange] = {}
    for e in rows.exchanges:
        if e.session_id not in firsts or e.position < firsts[e.session_id].position:
            firsts[e.session_id] = e
    assert first.sessions == len(firsts)
    named = Counter(
        e.questioner_id
        for e in firsts.values()
        if e.questioner_id and e.questioner_id not in rows.officials
    )
    assert by_id(first.journalists) == named
    assert first.named == sum(named.values())
    assert by_id(first.outlets) == Counter(e.outlet_id for e in firsts.values() if e.outlet_id)
    assert first.with_outlet == sum(1 for e in firsts.values() if e.outlet_id)


def test_outlets_by_year(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        grid = stats.outlets_by_year(db, 3)
        top = stats.top_outlets(db, 3)
        rows = Rows(db)
    assert [o.id for o, _ in grid.outlets] == [o.id for o, _ in top]
    for outlet, years in grid.outlets:
        expected = Counter(
            d.year
            for e in rows.exchanges
            if e.outlet_id == outlet.id and (d := rows.sessions[e.session_id].date)
        )
        assert years == expected
    assert grid.years == list(range(grid.years[0], grid.years[-1] + 1))


def test_a_journalists_months_and_who_answered(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        person = queries.person_by_slug(db, "konstantin-panyushkin")
        assert person is not None
        assert person.id is not None
        scope = stats.Scope(questioner_id=person.id)
        months = stats.questions_per_month(db, scope)
        answerers = stats.answerers_of(db, scope, 10)
        rows = Rows(db)
    mine = [e for e in rows.exchanges if e.questioner_id == person.id]
    dates = [rows.sessions[e.session_id].date for e in mine]
    assert months == Counter((d.year, d.month) for d in dates if d)
    answered = {e.id for e in mine}
    assert by_id(answerers) == Counter(
        x.person_id for x in rows.answerers if x.exchange_id in answered
    )
    assert [p.name for p, _ in answerers] == ["Vladimir Putin"]


def test_a_principals_answers_lengths_and_deflections(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        psaki = queries.person_by_slug(db, "jen-psaki")
        assert psaki is not None
        assert psaki.id is not None
        facts = stats.answer_facts(db, psaki.id)
        sessions = stats.sessions_per_month(db, psaki.id)
        rows = Rows(db)
        answered = {x.exchange_id for x in rows.answerers if x.person_id == psaki.id}
        listed = stats.listings(db, stats.deflecting_ids(facts))
    mine = {e.id: e for e in rows.exchanges if e.id in answered}
    assert {f.exchange_id for f in facts} == set(mine)
    for f in facts:
        e = mine[f.exchange_id]
        assert f.words == len(e.answer.split()), e.answer[:100]
    profile = stats.profile(facts)
    assert profile.answers == len(mine)
    assert sum(profile.lengths) == len(mine)
    assert profile.median_words == statistics.median(len(e.answer.split()) for e in mine.values())
    assert sessions == {(2022, 3): 1}
    assert profile.per_month == {(2022, 3): len(mine)}
    from app import deflections

    deflecting = {i for i, e in mine.items() if deflections.found(e.answer)}
    assert profile.deflecting == len(deflecting) > 0
    assert {item.exchange.id for item in listed} == deflecting
    # Newest first, then in the order asked: one session here, so by position.
    positions = [item.exchange.position for item in listed]
    assert positions == sorted(positions)
    assert sum(profile.per_phrase.values()) >= profile.deflecting


def test_the_memo_forgets_when_an_ingest_changes_the_archive(
    seeded: Ingester, tmp_path: Path
) -> None:
    memo = Memo()
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        with Session(seeded.engine) as db:
            return stats.attribution(db).questions

    with Session(seeded.engine) as db:
        before = archive_version(db)
        first = memo.get(db, "questions", count)
        assert memo.get(db, "questions", count) == first
    assert len(calls) == 1
    markup = tmp_path / "markup_briefing.txt"
    markup.write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    assert seeded.ingest_file(markup).status == "added"
    with Session(seeded.engine) as db:
        assert archive_version(db) != before
        assert memo.get(db, "questions", count) == first + 1
    assert len(calls) == 2
    # A corrected file replaces its session: the version changes again.
    markup.write_text(
        MARKUP_TRANSCRIPT.replace("Good afternoon.", "Good evening."), encoding="utf-8"
    )
    with Session(seeded.engine) as db:
        replaced_before = archive_version(db)
    assert seeded.ingest_file(markup).status == "replaced"
    with Session(seeded.engine) as db:
        assert archive_version(db) != replaced_before
