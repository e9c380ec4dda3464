"""Hostile files: each goes in whole or is refused with `file:line: reason`; never a
traceback, never half a session, never a change to what is already stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from app.ingest import FileResult, Ingester
from app.models import Exchange, PressSession, Turn
from app.search.whoosh import index as search_index
from tests.conftest import MakeSettings
from tests.hostile import CASES, GOOD, MUST_FAIL, MUST_INGEST


@pytest.fixture(scope="module")
def stocked(tmp_path_factory: pytest.TempPathFactory, make_settings: MakeSettings) -> Ingester:
    """An archive holding one good session before any hostile file arrives."""
    root = tmp_path_factory.mktemp("hostile")
    ingester = Ingester(make_settings(root / "data"))
    good = root / "good.txt"
    good.write_text(GOOD)
    assert ingester.ingest_file(good).status == "added"
    return ingester


def snapshot(ingester: Ingester, source_key: str) -> tuple[object, ...]:
    with Session(ingester.engine) as db:
        s = db.exec(select(PressSession).where(PressSession.source_key == source_key)).one()
        exchanges = db.exec(
            select(Exchange.number, Exchange.question, Exchange.answer)
            .where(Exchange.session_id == s.id)
            .order_by(col(Exchange.number))
        ).all()
        return (s.slug, s.content_hash, s.exchange_count, tuple(exchanges))


def assert_consistent(ingester: Ingester) -> None:
    """Every session whole: its counts match its rows, and the index holds each exchange."""
    with Session(ingester.engine) as db:
        for s in db.exec(select(PressSession)):
            n = db.exec(select(func.count()).where(Exchange.session_id == s.id)).one()
            turns = db.exec(select(func.count()).where(Turn.session_id == s.id)).one()
            assert n == s.exchange_count, s.source_key
            assert n > 0, s.source_key
            assert turns > 0, s.source_key
        total = db.exec(select(func.count()).select_from(Exchange)).one()
    assert search_index.doc_count(ingester.settings.index_root) == total


def ingest_case(ingester: Ingester, folder: Path, case: str) -> tuple[Path, FileResult]:
    """Ingest one case, under its own name."""
    path = folder / f"{case}.txt"
    path.write_bytes(CASES[case])
    return path, ingester.ingest_file(path)


SLOW_CASES = {"ten_thousand_speakers"}  # 10,000 speakers: seconds to parse and store


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=[pytest.mark.slow] if c in SLOW_CASES else []) for c in sorted(CASES)],
)
def test_hostile_file(stocked: Ingester, tmp_path: Path, case: str) -> None:
    before = snapshot(stocked, "good.txt")
    path, result = ingest_case(stocked, tmp_path, case)
    if case in MUST_INGEST:
        assert result.status == "added", result.error
    if case in MUST_FAIL:
        assert result.status == "failed"
    if result.status == "failed":
        assert re.fullmatch(rf"{re.escape(str(path))}:\d+: \S.*", result.error), result.error
        assert "Traceback" not in result.error
        with Session(stocked.engine) as db:
            stored = select(PressSession).where(PressSession.source_key == path.name)
            assert db.exec(stored).first() is None  # not half a session: none
    assert snapshot(stocked, "good.txt") == before
    assert_consistent(stocked)


def test_line_ends_and_encodings_read_alike(ingester: Ingester, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    assert ingester.ingest_file(tmp_path / "good.txt").status == "added"
    reference = snapshot(ingester, "good.txt")[3]
    for case in ("utf16_bom", "utf8_bom", "crlf", "lone_cr"):
        assert ingest_case(ingester, tmp_path, case)[1].status == "added"
        assert snapshot(ingester, f"{case}.txt")[3] == reference, case


def test_markup_is_stored_as_written(ingester: Ingester, tmp_path: Path) -> None:
    assert ingest_case(ingester, tmp_path, "html_and_script")[1].status == "added"
    exchanges = snapshot(ingester, "html_and_script.txt")[3]
    assert isinstance(exchanges, tuple)
    answers = [answer for _, _, answer in exchanges]
    assert any("<script>alert(1)</script><b>The talks</b>" in a for a in answers)


def test_an_oversized_file_is_refused_before_it_is_read(stocked: Ingester, tmp_path: Path) -> None:
    path = tmp_path / "fifty_megabytes.txt"
    block = GOOD.encode()
    with path.open("wb") as f:
        for _ in range(50_000_000 // len(block) + 1):
            f.write(block)
    result = stocked.ingest_file(path)
    assert result.status == "failed"
    assert result.error == f"{path}:1: file is 50 MB, over the limit of 20 MB (PRESSER_MAX_FILE_MB)"
    assert_consistent(stocked)


def test_a_file_that_vanishes_or_cannot_be_read(stocked: Ingester, tmp_path: Path) -> None:
    missing = stocked.ingest_file(tmp_path / "gone.txt")
    assert missing.status == "failed"
    assert missing.error.startswith(f"{tmp_path / 'gone.txt'}:1: ")
    folder = tmp_path / "a_folder.txt"
    folder.mkdir()
    assert stocked.ingest_file(folder).status == "failed"
