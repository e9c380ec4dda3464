"""Ingest into a real SQLite file and Whoosh index: idempotence, permalinks, bad files, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner
from whoosh.qparser import QueryParser

from app import queries
from app.cli import cli
from app.config import Settings
from app.export import export_archive
from app.ingest import Ingester, assign_numbers, discover
from app.main import create_app
from app.models import Exchange, PressSession
from app.parsing import parse_file
from app.search.whoosh import index as search_index
from tests.conftest import SEEDS, env_of
from tests.hostile import briefing


def snapshot(ingester: Ingester) -> tuple[object, ...]:
    with Session(ingester.engine) as db:
        sessions = [
            (s.slug, s.content_hash, s.exchange_count) for s in db.exec(select(PressSession))
        ]
        exchanges = [
            (e.session_id, e.number, e.question, e.answer) for e in db.exec(select(Exchange))
        ]
    return sessions, exchanges, search_index.doc_count(ingester.settings.index_root)


def test_seeds_ingest_into_database_and_index(seeded: Ingester) -> None:
    with Session(seeded.engine) as db:
        counts = queries.counts(db)
    assert counts.sessions == 6
    assert search_index.doc_count(seeded.settings.index_root) == counts.exchanges > 100
    ix = search_index.open_index(seeded.settings.index_root)
    assert ix is not None
    with ix.searcher() as s:
        hits = s.search(QueryParser("answer", ix.schema).parse("gasoline"), limit=5)
        assert hits
        assert all("bernanke" in h["session"] for h in hits)
        laughter = s.search(QueryParser("exact", ix.schema).parse("laughter"))
        assert len(laughter) == 0  # stage directions are not indexed as speech


def test_reingest_of_unchanged_files_changes_nothing(seeded: Ingester) -> None:
    before = snapshot(seeded)
    results = seeded.ingest_paths(sorted(SEEDS.glob("*.txt")))
    assert {r.status for r in results} == {"unchanged"}
    assert snapshot(seeded) == before


def test_corrected_file_keeps_permalinks(ingester: Ingester, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    original = (SEEDS / "000_5b99c013b2dfb6f7.txt").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    assert ingester.ingest_file(path).status == "added"
    with Session(ingester.engine) as db:
        before = {e.question: e.number for e in db.exec(select(Exchange))}
        slug = db.exec(select(PressSession.slug)).one()
    # The correction: a new exchange in the middle, one removed, one typo fixed.
    inserted = (
        "E. Newcomer: Elena Newcomer, Vedomosti.\n\nWhat about the weather today?\n\n"
        "V. Putin: It is fine, thank you for the question, the weather is really good.\n\n"
    )
    corrected = original.replace(
        "O. Skabeeva: Good evening!", inserted + "O. Skabeeva: Good evening!", 1
    )
    corrected = corrected.replace(
        "Remark: You spent an hour talking to Prime Minister Modi in your car.\n\n", ""
    )
    corrected = corrected.replace(
        "Your visit to China is unprecedented", "Your visit to China is unprecedented indeed"
    )
    path.write_text(corrected, encoding="utf-8")
    assert ingester.ingest_file(path).status == "replaced"
    with Session(ingester.engine) as db:
        after = {e.question: e.number for e in db.exec(select(Exchange))}
        assert db.exec(select(PressSession.slug)).one() == slug
    kept = {q: n for q, n in before.items() if q in after}
    assert all(after[q] == n for q, n in kept.items())
    assert len(kept) == len(before) - 2  # the removed remark and the edited question
    edited = next(q for q in after if "unprecedented indeed" in q)
    assert after[edited] == 1  # nearly the same question: same permalink
    new = next(q for q in after if "Elena Newcomer" in q)
    assert after[new] == max(before.values()) + 1  # a never-used number
    remark_number = next(n for q, n in before.items() if q.startswith("You spent an hour"))
    assert remark_number not in after.values()  # retired, not reused


def test_assign_numbers_never_reuses_retired_numbers() -> None:
    numbers, nxt = assign_numbers(
        [("a", "question a"), ("z", "something else entirely")],
        [(1, "a", "question a"), (2, "b", "question b")],
        3,
    )
    assert numbers == [1, 3]
    assert nxt == 4


def bad_files(folder: Path) -> dict[str, bytes]:
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \t \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.txt": "V. Putin: Good evening.\n\nQuestion: Caf\xe9?\n".encode("latin-1"),
        "prose.txt": b"Just a paragraph of prose.\n\nAnother paragraph, with no speakers at all.\n",
        "monologue.txt": b"A. Speaker: I talk.\n\nMore talk.\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_bad_files_fail_with_file_and_line_and_the_rest_goes_in(
    ingester: Ingester, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bad_files(folder)
    shutil.copy(SEEDS / "kremlin_2019_china_newsconf.txt", folder / "zz_good.txt")
    results = {Path(r.path).name: r for r in ingester.ingest_paths(sorted(folder.iterdir()))}
    assert results["zz_good.txt"].status == "added"
    for name in (
        "empty.txt",
        "blank.txt",
        "binary.txt",
        "latin1.txt",
        "prose.txt",
        "monologue.txt",
    ):
        assert results[name].status == "failed"
        assert results[name].error.startswith(f"{folder / name}:"), results[name].error
    assert "UTF-8" in results["latin1.txt"].error
    assert ":3:" in results["latin1.txt"].error
    assert "NUL" in results["binary.txt"].error
    assert "no speaker labels" in results["prose.txt"].error


def test_bad_file_never_changes_what_is_stored(seeded: Ingester, tmp_path: Path) -> None:
    before = snapshot(seeded)
    broken = tmp_path / "kremlin_2019_china_newsconf.txt"  # same name as a stored session
    broken.write_bytes(b"\xff\xfe\x00garbage")
    assert seeded.ingest_file(broken).status == "failed"
    assert snapshot(seeded) == before


def test_cli_ingest_exit_codes_and_summary(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env_of(settings).items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    good = runner.invoke(cli, ["ingest", str(SEEDS)])
    assert good.exit_code == 0, good.output
    assert "6 sessions" in good.output
    (tmp_path / "bad.txt").write_bytes(b"")
    bad = runner.invoke(cli, ["ingest", str(tmp_path / "bad.txt")])
    assert bad.exit_code == 1


def test_cli_ingest_lists_and_reports_the_warnings(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env_of(settings).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "200")
    expected = [
        f"{path}:{w.line}: {w.kind}: {w.message}"
        for path in discover([SEEDS])
        for w in parse_file(path).warnings
    ]
    assert len(expected) > 10  # the Fed's PDF text has page furniture on every page

    quiet = CliRunner().invoke(cli, ["ingest", str(SEEDS)])
    assert quiet.exit_code == 0, quiet.output
    assert expected[0] not in quiet.output
    assert "--warnings lists them" in quiet.output

    report = tmp_path / "warnings.txt"
    listed = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--warnings", "--report", str(report)])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    assert report.read_text(encoding="utf-8") == "".join(line + "\n" for line in expected)
    assert f"wrote {len(expected)} warnings to {report}" in listed.output


def test_cli_check_prints_the_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(cli, ["check", str(SEEDS / "000_5b99c013b2dfb6f7.txt")])
    assert result.exit_code == 0, result.output
    assert "Konstantin Panyushkin" in result.output
    assert "moderator" in result.output


def test_export_format(seeded: Ingester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(seeded.engine) as db:
        data = export_archive(db)
    assert data["format"] == "presser/1"
    assert len(data["sessions"]) == 6
    seed = next(s for s in data["sessions"] if s["source_file"] == "000_5b99c013b2dfb6f7.txt")
    assert {"slug", "title", "date", "location", "source_file", "speakers", "exchanges"} <= set(
        seed
    )
    putin = next(s for s in seed["speakers"] if s["name"] == "Vladimir Putin")
    assert putin["role"] == "principal"
    assert set(putin["labels"]) == {
        "V. Putin",
        "V.Putin",
        "Vladimir Putin",
    }
    first = seed["exchanges"][0]
    assert first["permalink"] == f"/sessions/{seed['slug']}/q/1"
    assert (first["questioner"], first["outlet"], first["answerers"]) == (
        "Konstantin Panyushkin",
        "Channel One",
        ["Vladimir Putin"],
    )
    assert any(e["questioner"] is None for e in seed["exchanges"])
    for name, value in env_of(seeded.settings).items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "archive.json"
    assert CliRunner().invoke(cli, ["export", "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["sessions"] == data["sessions"]


def test_reindex_swaps_in_a_complete_index(seeded: Ingester) -> None:
    root = seeded.settings.index_root
    old = search_index.current_dir(root)
    count = seeded.reindex()
    middle = search_index.current_dir(root)
    # The replaced folder stays one generation, for readers still searching in it.
    assert middle != old
    assert old is not None
    assert old.exists()
    seeded.reindex()
    assert not old.exists()
    assert middle is not None
    assert middle.exists()
    assert search_index.doc_count(root) == count


def test_small_ingests_are_merged_and_large_segments_left_alone(
    ingester: Ingester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def segments() -> list[int]:
        ix = search_index.open_index(ingester.settings.index_root)
        assert ix is not None
        return sorted(segment.doc_count() for segment in ix._segments())

    for i in range(search_index.MERGE_FACTOR + 2):  # one file an ingest, as day by day
        path = tmp_path / f"day-{i}.txt"
        path.write_bytes(briefing(i, exchanges=3))
        assert ingester.ingest_file(path).status == "added"
    # Ten small segments of a size became one; every document is still there once.
    assert len(segments()) < search_index.MERGE_FACTOR
    assert sum(segments()) == search_index.doc_count(ingester.settings.index_root)
    assert search_index.doc_count(ingester.settings.index_root) == 3 * (
        search_index.MERGE_FACTOR + 2
    )

    # Segments past SMALL_SEGMENT are never merged by an ingest: that is reindex's job.
    monkeypatch.setattr(search_index, "SMALL_SEGMENT", 1)
    before = segments()
    for i in range(search_index.MERGE_FACTOR):
        path = tmp_path / f"bulk-{i}.txt"
        path.write_bytes(briefing(100 + i, exchanges=3))
        ingester.ingest_file(path)
    assert len(segments()) >= len(before) + search_index.MERGE_FACTOR  # one or more a commit


def test_discover_skips_hidden_files_below_the_folder_only(tmp_path: Path) -> None:
    from app.ingest import discover

    corpus = tmp_path / "corpus"
    (corpus / ".git").mkdir(parents=True)
    (corpus / ".git" / "x.txt").write_text("x")
    (corpus / ".hidden.txt").write_text("x")
    (corpus / "a.txt").write_text("x")
    (corpus / "notes.pdf").write_text("x")
    via_parent = corpus / ".." / "corpus"  # a path that itself has a dot-part
    assert [p.name for p in discover([via_parent])] == ["a.txt"]


def test_a_retired_number_redirects_to_the_exchange_that_holds_its_question(
    ingester: Ingester, tmp_path: Path
) -> None:
    """Better parsing can merge two exchanges into one: the number that disappears must lead
    to the exchange now holding its question (301), never to a 404."""
    path = tmp_path / "merge.txt"
    head = "V. Putin: Good afternoon, colleagues. Let us start with your questions today.\n\n"
    split = (
        head
        + "A. Reporter: Andrei Reporter, Interfax. May I ask about energy prices?\n\n"
        + "V. Putin: Go on.\n\n"
        + "Question: What about oil prices next year, will they stay the same?\n\n"
        + "V. Putin: Nobody knows that, and I will not guess about the oil market now.\n\n"
        + "B. Other: Boris Other, TASS. And the budget for next year, is it balanced?\n\n"
        + "V. Putin: It is balanced, with a small surplus that we will keep in reserve.\n"
    )
    path.write_text(split, encoding="utf-8")
    ingester.ingest_file(path)
    # The corrected transcript: the anonymous follow-up was the same reporter all along.
    merged = split.replace("Question: What about oil", "A. Reporter: What about oil")
    path.write_text(merged, encoding="utf-8")
    assert ingester.ingest_file(path).status == "replaced"
    with Session(ingester.engine) as db:
        slug = db.exec(select(PressSession.slug)).one()
        numbers = sorted(db.exec(select(Exchange.number)))
    assert len(numbers) == 2  # `Go on.` only granted the floor: one exchange now
    client = TestClient(create_app(ingester.settings))
    for number in range(1, 4):
        response = client.get(f"/sessions/{slug}/q/{number}", follow_redirects=False)
        if number in numbers:
            assert response.status_code == 200
        else:
            assert response.status_code == 301, number
            target = response.headers["location"]
            page = client.get(target)
            assert page.status_code == 200
            assert "oil prices next year" in page.text
            api = client.get(f"/api/sessions/{slug}/q/{number}", follow_redirects=False)
            assert api.status_code == 301
            assert api.headers["location"] == f"/api{target}"


def test_a_new_parser_reads_stored_files_again_and_keeps_their_numbers(
    ingester: Ingester,
) -> None:
    """An archive ingested by an older parser: the same file is read again, not skipped as
    unchanged, and every exchange keeps its permalink number."""
    path = SEEDS / "wh_2022-03-18_psaki_briefing.txt"
    assert ingester.ingest_file(path).status == "added"
    with Session(ingester.engine) as db:
        session = db.exec(select(PressSession)).one()
        before = {e.fingerprint: e.number for e in db.exec(select(Exchange))}
        session.content_hash = "0" * 64  # as an older parser's hash would differ
        db.add(session)
        db.commit()
    assert ingester.ingest_file(path).status == "replaced"
    with Session(ingester.engine) as db:
        after = {e.fingerprint: e.number for e in db.exec(select(Exchange))}
    assert after == before
    assert ingester.ingest_file(path).status == "unchanged"
