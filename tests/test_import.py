"""`presser import`: an export restored into an empty archive, exactly.

The source is always a SQLite archive; the target is whatever the run's database is, so the
PostgreSQL pass of `make test` moves an archive from SQLite to PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.cli import cli
from app.config import Settings
from app.export import export_archive, stream
from app.ingest import Ingester
from app.main import create_app
from app.models import (
    Appearance,
    Exchange,
    ExchangeAnswerer,
    Outlet,
    OutletVariant,
    Person,
    PersonLabel,
    PressSession,
    RetiredNumber,
    Turn,
)
from tests.conftest import MARKUP_TRANSCRIPT, MakeSettings, env_of, seed_paths
from tests.test_identity import BRIEFING, CALLS, transcript

TABLES = (
    PressSession,
    Person,
    PersonLabel,
    Outlet,
    OutletVariant,
    Appearance,
    Turn,
    Exchange,
    ExchangeAnswerer,
    RetiredNumber,
)

# Two exchanges, then a correction that merges them: number 2 retires and redirects. The
# file has no date, so the archive holds an undated session (sorted first by both databases).
SPLIT = (
    "V. Putin: Good afternoon, colleagues. Let us start with your questions today.\n\n"
    "A. Reporter: Andrei Reporter, Interfax. May I ask about energy prices?\n\n"
    "V. Putin: Go on.\n\n"
    "Question: What about oil prices next year, will they stay the same?\n\n"
    "V. Putin: Nobody knows that, and I will not guess about the oil market now.\n\n"
    "B. Other: Boris Other, TASS. And the budget for next year, is it balanced?\n\n"
    "V. Putin: It is balanced, with a small surplus that we will keep in reserve.\n"
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Ingester:
    """A SQLite archive with everything an export must carry: the seeds (opening remarks,
    principals, moderators), markup, a retired number, an undated session and an inferred
    link to a session named further down the export."""
    root = tmp_path_factory.mktemp("import-source")
    ingester = Ingester(Settings(data_dir=root / "data"))  # SQLite, whatever the run's database
    files = root / "files"
    files.mkdir()
    (files / "markup_briefing.txt").write_text(MARKUP_TRANSCRIPT, encoding="utf-8")
    (files / "merge.txt").write_text(SPLIT, encoding="utf-8")
    covid = "Press Briefing by White House COVID-19 Response Team and Public Health Officials"
    paths = [
        *seed_paths(),
        files / "markup_briefing.txt",
        files / "merge.txt",
        transcript(files, "b.md", "2022-04-10", BRIEFING, "Press Briefing by Jen Psaki"),
        *(
            transcript(files, f"c{i}.md", day, CALLS, covid)
            for i, day in enumerate(("2022-04-01", "2022-04-05", "2022-04-20"))
        ),
    ]
    results = ingester.ingest_paths(paths)
    assert all(r.status == "added" for r in results), [r.error for r in results]
    merged = SPLIT.replace("Question: What about oil", "A. Reporter: What about oil")
    (files / "merge.txt").write_text(merged, encoding="utf-8")
    assert ingester.ingest_file(files / "merge.txt").status == "replaced"
    return ingester


@pytest.fixture(scope="module")
def export_file(source: Ingester, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import-export") / "archive.json"
    path.write_text("".join(stream(source.engine)), encoding="utf-8")
    return path


@pytest.fixture
def target(tmp_path: Path, make_settings: MakeSettings) -> Ingester:
    return Ingester(make_settings(tmp_path / "target"))


def run_cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    for name, value in env_of(settings).items():
        monkeypatch.setenv(name, value)
    if not settings.database_url:
        monkeypatch.delenv("PRESSER_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "300")  # rich wraps otherwise, and messages are matched
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def row_counts(ingester: Ingester) -> dict[str, int]:
    with Session(ingester.engine) as db:
        return {t.__name__: db.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def test_the_export_carries_what_a_restore_needs(export_file: Path) -> None:
    data = json.loads(export_file.read_text(encoding="utf-8"))
    sessions = data["sessions"]
    assert sessions[0]["date"] is None  # undated first, on either database
    assert any(s["retired"] for s in sessions)
    assert any(
        e["journalist"] and e["journalist"]["inferred_from"]
        for s in sessions
        for e in s["exchanges"]
    )
    seed = next(s for s in sessions if s["source_file"] == "000_5b99c013b2dfb6f7.txt")
    opening = seed["turns"][0]
    assert opening["exchange"] is None  # the opening remarks belong to no exchange
    assert opening["person"] == "vladimir-putin"
    assert {t["exchange"] for t in seed["turns"]} - {None} == {
        e["number"] for e in seed["exchanges"]
    }
    putin = next(p for p in data["people"] if p["slug"] == "vladimir-putin")
    assert {"V. Putin", "V.Putin"} <= set(putin["labels"])
    # A record a line: a bad record can be named by its line.
    lines = export_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + len(data["people"]) + 2 + len(data["outlets"]) + 2 + len(sessions) + 1


def test_export_import_export_is_identical(
    source: Ingester, export_file: Path, target: Ingester, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = run_cli(target.settings, monkeypatch, "import", str(export_file))
    assert code == 0, output
    with Session(source.engine) as db:
        sessions, exchanges = (
            len(export_archive(db)["sessions"]),
            db.exec(select(func.count()).select_from(Exchange)).one(),
        )
    assert f"imported {sessions} sessions, {exchanges} exchanges" in output
    again = target.settings.data_dir / "again.json"
    code, output = run_cli(target.settings, monkeypatch, "export", "--out", str(again))
    assert code == 0, output
    # Byte for byte, ingested_at included: ids differ, nothing else does.
    assert again.read_text(encoding="utf-8") == export_file.read_text(encoding="utf-8")
    assert row_counts(target) == row_counts(source)
    with Session(target.engine) as db:
        assert not db.exec(select(PressSession).where(PressSession.index_pending)).first()


def test_the_imported_archive_serves_the_same_permalinks_and_search(
    source: Ingester, export_file: Path, target: Ingester
) -> None:
    from app.importing import import_archive

    done = import_archive(target, export_file)
    assert done.indexed == len(source.search.health().questions) > 100
    assert target.search.health().questions == source.search.health().questions
    old, new = TestClient(create_app(source.settings)), TestClient(create_app(target.settings))
    with Session(source.engine) as db:
        permalinks = list(
            db.exec(
                select(PressSession.slug, Exchange.number).join(
                    PressSession,
                    PressSession.id == Exchange.session_id,  # type: ignore[arg-type]
                )
            )
        )
        retired = list(
            db.exec(
                select(PressSession.slug, RetiredNumber.number).join(
                    PressSession,
                    PressSession.id == RetiredNumber.session_id,  # type: ignore[arg-type]
                )
            )
        )
    assert permalinks
    assert retired
    for slug, number in permalinks:
        path = f"/api/sessions/{slug}/q/{number}"
        assert new.get(path).json() == old.get(path).json(), path
    slug, number = permalinks[0]
    page = new.get(f"/sessions/{slug}/q/{number}")
    assert page.status_code == 200
    for slug, number in retired:
        before = old.get(f"/sessions/{slug}/q/{number}", follow_redirects=False)
        after = new.get(f"/sessions/{slug}/q/{number}", follow_redirects=False)
        assert after.status_code == before.status_code == 301
        assert after.headers["location"] == before.headers["location"]
    for q in ("president", '"oil prices"', "Taiwan", "journalist:selina-wang", "outlet:tass"):
        before, after = (c.get("/api/search", params={"q": q}).json() for c in (old, new))
        assert after["total"] == before["total"], q
        assert after["facets"] == before["facets"], q
    assert new.get("/api/search", params={"q": "president"}).json()["total"] > 0
    slug = next(s for s, _ in permalinks)
    assert new.get(f"/sessions/{slug}").text.count('id="t') == old.get(
        f"/sessions/{slug}"
    ).text.count('id="t')


def _line_of(text: str, needle: str, last: bool = False) -> int:
    return text[: text.rindex(needle) if last else text.index(needle)].count("\n") + 1


def _session_at(text: str, needle: str, last: bool = False) -> str:
    """How an error names the session record holding `needle`: `:line: session n (slug)`."""
    line = _line_of(text, needle, last)
    first = _line_of(text, '"sessions": [') + 1
    record = json.loads(text.splitlines()[line - 1].rstrip(","))
    return f":{line}: session {line - first + 1} ({record['slug']})"


def _bad_files(good: str) -> dict[str, tuple[str, str]]:
    """Name -> (the file's text, what the error says after the file's name)."""
    cut = good[: good.index('"slug": "2022-04-10') + 200]
    unknown = good.replace('"person": "vladimir-putin", "role"', '"person": "nobody", "role"', 1)
    no_question = good.replace('"question": "', '"questio": "', 1)
    older = json.loads(good)  # as a Presser before `import` wrote it: no turns
    for s in older["sessions"]:
        del s["turns"]
    first_slug = older["sessions"][0]["slug"]
    twice = good.splitlines()[_line_of(good, '"slug": "2022-04-10') - 1].rstrip(",")
    doubled = good.replace("\n]}", f",\n{twice}\n]}}")
    return {
        "not json": ("This is not an export.\n", ":1: not valid JSON"),
        "truncated": (cut, f":{cut.count(chr(10)) + 1}: the file ends before the JSON does"),
        "wrong version": (
            good.replace("presser/1", "presser/9", 1),
            ":1: the file's format is 'presser/9'; this Presser imports 'presser/1'",
        ),
        "no format": ('{"sessions": []}\n', ':1: not a Presser export: no "format" field'),
        "unknown person": (
            unknown,
            _session_at(unknown, '"nobody"') + ": no person 'nobody' among the file's people",
        ),
        "missing field": (
            no_question,
            _session_at(no_question, '"questio"') + ": exchanges.0.question: Field required",
        ),
        "exchanges only": (json.dumps(older), f":1: session 1 ({first_slug}): no turns"),
        "session twice": (
            doubled,
            _session_at(doubled, twice, last=True) + ": session slug '2022-04-10",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not json",
        "truncated",
        "wrong version",
        "no format",
        "unknown person",
        "missing field",
        "exchanges only",
        "session twice",
    ],
)
def test_a_bad_file_is_named_with_its_line_and_changes_nothing(
    case: str,
    export_file: Path,
    target: Ingester,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text, expected = _bad_files(export_file.read_text(encoding="utf-8"))[case]
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before = row_counts(target)
    code, output = run_cli(target.settings, monkeypatch, "import", str(bad))
    assert code == 1, output
    assert f"{bad}{expected}" in output, output
    assert row_counts(target) == before == dict.fromkeys(before, 0)
    assert not target.search.health().questions


def test_an_archive_that_holds_sessions_is_refused(
    seeded: Ingester, export_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = row_counts(seeded)
    code, output = run_cli(seeded.settings, monkeypatch, "import", str(export_file))
    assert code == 1
    assert "already holds 6 sessions" in output
    assert "empty archive only" in output
    assert row_counts(seeded) == before
