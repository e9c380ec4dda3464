"""The tantivy engine's own promises, beyond the conformance suite (tests/test_search.py):
swap-on-rebuild under an open reader, the write lock, commits seen without a restart,
the words its analyzers make and the snippets it cuts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tantivy import Query

from app.config import Settings
from app.search import plan
from app.search.documents import ExchangeDoc
from app.search.engine import IndexBusy, SearchEngine
from app.search.query import SearchRequest, parse_search
from app.search.results import SearchResults
from app.search.tantivy import index
from app.search.tantivy.engine import TantivyEngine
from app.search.tantivy.highlight import Marks, snippet
from app.search.tantivy.schema import EXACT, analyzers
from app.search.whoosh.engine import WhooshEngine


def exchange(slug: str, number: int, question: str, answer: str = "We will see.") -> ExchangeDoc:
    return ExchangeDoc(
        session_slug=slug,
        session_title=f"Briefing {slug}",
        number=number,
        date=dt.date(2022, 3, 18),
        question=question,
        answer=answer,
        questioner_slug="ann-reporter",
        questioner_name="Ann Reporter",
        outlet_slug="tass",
        outlet_name="TASS",
        principal_slugs=["putin", "peskov"],
        principal_names=["Vladimir Putin", "Dmitry Peskov"],
    )


def settings_in(tmp_path: Path, timeout: float = 5.0) -> Settings:
    return Settings(data_dir=tmp_path, search_engine="tantivy", index_lock_timeout=timeout)


def find(engine: TantivyEngine, q: str) -> SearchResults:
    return engine.search(parse_search(SearchRequest(q=q)), SearchRequest(q=q))


def test_a_reader_keeps_the_folder_it_opened_across_a_rebuild(tmp_path: Path) -> None:
    writer = TantivyEngine(settings_in(tmp_path))
    writer.rebuild([exchange("a", 1, "What about tariffs?")])
    server = TantivyEngine(settings_in(tmp_path))  # as a server process holds it
    before = server.readers.view()
    assert before is not None
    assert find(server, "tariffs").total == 1

    assert writer.rebuild([exchange("b", 1, "And pipelines?"), exchange("b", 2, "Gas?")]) == 2
    # The searcher opened before the swap still reads its own folder, whole.
    assert before.searcher.search(Query.all_query(), 10).hits
    assert before.path.exists()
    assert find(server, "tariffs").total == 0
    assert find(server, "pipelines").total == 1
    after = server.readers.view()
    assert after is not None
    assert after.path != before.path

    writer.rebuild([])  # the folder before last goes now; the one just replaced stays
    assert not before.path.exists()
    assert after.path.exists()
    assert find(server, "pipelines").total == 0


def test_a_failed_rebuild_leaves_the_live_index_and_no_folder(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    engine.rebuild([exchange("a", 1, "What about tariffs?")])
    root = index.root_of(engine.settings.index_root)
    live = index.current_dir(root)

    def broken() -> Iterator[ExchangeDoc]:
        yield exchange("b", 1, "Pipelines?")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        engine.rebuild(broken())
    assert index.current_dir(root) == live
    assert [p.name for p in root.glob("tv-*")] == [live.name if live else ""]
    assert find(engine, "tariffs").total == 1
    engine.writer().cancel()  # the lock was released


def test_a_second_writer_waits_then_fails_with_index_busy(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path, timeout=0.2))
    first = engine.writer()
    with pytest.raises(IndexBusy, match="busy"):
        engine.writer()
    with pytest.raises(IndexBusy):
        engine.rebuild([exchange("a", 1, "Tariffs?")])
    first.cancel()
    second = engine.writer()  # released by cancel
    second.replace_session("a", [exchange("a", 1, "Tariffs?")])
    second.commit()
    engine.writer().commit()  # and by commit
    assert find(engine, "tariffs").total == 1


def test_a_waiting_writer_gets_the_lock_when_it_is_released(
    tmp_path: Path,
) -> None:
    engine = TantivyEngine(settings_in(tmp_path, timeout=30))
    first = engine.writer()
    waiting, done = threading.Event(), threading.Event()

    class Waiting(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "waiting" in record.getMessage():
                waiting.set()

    handler = Waiting()
    logging.getLogger(index.__name__).addHandler(handler)

    def second() -> None:
        w = engine.writer()
        w.replace_session("b", [exchange("b", 1, "Pipelines?")])
        w.commit()
        done.set()

    thread = threading.Thread(target=second)
    try:
        thread.start()
        assert waiting.wait(10)
        assert not done.is_set()
        first.commit()
        thread.join(10)
    finally:
        logging.getLogger(index.__name__).removeHandler(handler)
    assert done.is_set()
    assert find(engine, "pipelines").total == 1


def test_a_reader_sees_each_commit_without_reopening(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    engine.rebuild([exchange("a", 1, "What about gas?")])
    server = TantivyEngine(settings_in(tmp_path))
    assert find(server, "tariffs").total == 0

    w = engine.writer()
    w.replace_session("b", [exchange("b", 1, "Old tariffs?"), exchange("b", 2, "Old quotas?")])
    assert find(server, "tariffs").total == 0  # nothing before the commit
    # Replaced again before the commit: the last version alone is kept.
    w.replace_session("b", [exchange("b", 1, "New tariffs?")])
    w.commit()
    assert find(server, "tariffs").total == 1
    assert find(server, "quotas").total == 0
    assert find(server, "new").total == 1

    w = engine.writer()
    w.delete_session("b")
    w.commit()
    assert find(server, "tariffs").total == 0
    assert find(server, "gas").total == 1


def test_the_exact_field_splits_words_as_the_plan_does() -> None:
    # Not alike, as with Whoosh's analyzers: a capital letter whose lower case depends on
    # its place (a Greek word's final capital sigma) or is two characters (Turkish dotted
    # capital I), as tantivy lowercases each word's letters alone and the plan the text.
    exact = analyzers()[EXACT]
    for text in (
        "Covid-19 and the U.S. economy",
        "Don't you think so?",
        "Naïve café’s 3.5% growth, x_y, ¼ km², Ænima",
        "Песков: «Газпром» — ДА, 2-й этап",
    ):
        assert exact.analyze(text) == plan.words(text)


def test_phrases_of_split_words_and_stop_words_are_exact(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    engine.rebuild(
        [
            exchange("a", 1, "Is covid-19 over in the U.S.?", "Don't count on it."),
            exchange("a", 2, "Covid in 19 states?", "The president of the council said so."),
            exchange("a", 3, "Did he say so?", "The president of Russia did."),
        ]
    )
    assert [h.key for h in find(engine, "covid-19").hits] == ["a/1"]
    assert [h.key for h in find(engine, '"u.s."').hits] == ["a/1"]
    assert [h.key for h in find(engine, "don't").hits] == ["a/1"]
    assert [h.key for h in find(engine, '"of the council"').hits] == ["a/2"]
    assert {h.key for h in find(engine, "president").hits} == {"a/2", "a/3"}


def test_suggestions_are_indexed_words_never_stems(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    engine.rebuild(
        [
            exchange("a", 1, "What about sanctions?", "Sanctions again. Sanctions."),
            exchange("a", 2, "More sanctions?", "Yes."),
            exchange("a", 3, "And the economy?", "Economies grow."),
            exchange("a", 4, "Economies of scale?", "No."),
            exchange("a", 5, "And China?", "No."),
        ]
    )
    assert find(engine, "sanctoins").suggestion == "sanctions"  # not the stem "sanction"
    # Within reach (two edits for a long word), the word most exchanges use, as Whoosh's
    # corrector ranks them.
    assert find(engine, "economi").suggestion == "economies"
    assert find(engine, "ecomony").suggestion == "economy"
    assert find(engine, "chian").suggestion == "china"  # a swap is one edit, as in Whoosh
    assert find(engine, "xanctions").suggestion is None  # the first letter is kept
    assert find(engine, "sanctions").suggestion is None


def test_snippets_cut_at_word_boundaries_and_escape_the_text() -> None:
    text = "Well, " + "there's no end to it " * 6 + "and <b>tariffs</b> & sanctions. " * 2
    marked = snippet(text, Marks.of(parse_search(SearchRequest(q="tariff")).query))
    assert marked is not None
    assert "<mark>tariffs</mark>" in marked
    assert "&lt;b&gt;" in marked
    assert "<b>" not in marked
    for fragment in str(marked).split(" … "):
        assert fragment[:1].isalpha() or fragment[:1] in "&<"  # a whole word first
        assert not fragment.startswith(("s ", "t "))
    assert marked.endswith(".")  # the full stop after the last word is kept

    long = "The market decides what gas costs. " * 200
    late = snippet(long + "Then the pipeline question came up.", Marks(frozenset({"pipelin"})))
    assert late is not None
    assert late.startswith("… ")
    assert ">pipeline</mark>" in late
    assert snippet(long, Marks(frozenset({"pipelin"}))) is None


def test_health_lists_every_question_and_advises_a_reindex_for_an_old_layout(
    tmp_path: Path,
) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    assert not engine.health().found
    engine.rebuild([exchange("a", 1, "Tariffs? [Laughter]"), exchange("a", 2, "Gas?")])
    health = engine.health()
    assert health.found
    assert health.advice == []
    assert health.questions == {"a/1": "Tariffs?", "a/2": "Gas?"}

    live = index.current_dir(index.root_of(engine.settings.index_root))
    assert live is not None
    (live / index.LAYOUT_FILE).write_text("0")
    assert any("reindex" in line for line in engine.health().advice)


def test_undated_exchanges_sort_where_whoosh_sorts_them(tmp_path: Path) -> None:
    docs = [
        exchange("a", 1, "Gas prices?"),
        dataclasses.replace(exchange("u", 1, "Gas again?"), date=None),
        dataclasses.replace(exchange("b", 1, "Gas now?"), date=dt.date(2023, 5, 1)),
    ]
    tantivy = TantivyEngine(settings_in(tmp_path / "tantivy"))
    engines: list[SearchEngine] = [
        WhooshEngine(Settings(data_dir=tmp_path / "whoosh", index_procs=1)),
        tantivy,
    ]
    for engine in engines:
        engine.rebuild(docs)
    for sort, dates in (
        ("newest", [None, dt.date(2023, 5, 1), dt.date(2022, 3, 18)]),
        ("oldest", [dt.date(2022, 3, 18), dt.date(2023, 5, 1), None]),
    ):
        request = SearchRequest(q="gas", sort=sort)  # type: ignore[arg-type]
        for engine in engines:
            assert [h.date for h in engine.search(parse_search(request), request).hits] == dates
    # An undated exchange is in no date range, and counts in no year or month.
    ranged = SearchRequest(q="gas", date_from="2000-01-01")
    for engine in engines:
        found = engine.search(parse_search(ranged), ranged)
        assert found.total == 2
    everything = find(tantivy, "gas")
    assert everything.total == 3
    assert everything.facets["year"] == [("2022", 1), ("2023", 1)]
    assert everything.facets["month"] == [("2022-03", 1), ("2023-05", 1)]


def test_facets_break_ties_by_name_past_the_values_first_asked_for(tmp_path: Path) -> None:
    engine = TantivyEngine(settings_in(tmp_path))
    outlets = [f"outlet-{n:02d}" for n in range(60)]  # more than FACET_ASK, tied at 1
    docs = [
        dataclasses.replace(
            exchange(f"s{n % 3}", n, "Gas?"), outlet_slug=slug, principal_slugs=["putin"][: n % 2]
        )
        for n, slug in enumerate(reversed(outlets))
    ]
    engine.rebuild([d for d in docs if d.session_slug == "s0"])
    for slug in ("s1", "s2"):  # segments of their own: tantivy merges their counts unordered
        w = engine.writer()
        w.replace_session(slug, [d for d in docs if d.session_slug == slug])
        w.commit()
    w = engine.writer()
    w.replace_session("b", [dataclasses.replace(exchange("b", 1, "Gas?"), outlet_slug="outlet-59")])
    w.commit()
    facets = find(engine, "gas").facets
    assert facets["outlet"] == [("outlet-59", 2)] + [(slug, 1) for slug in outlets[:11]]
    assert facets["principal"] == [("putin", 31), ("peskov", 1)]  # "putin,peskov" counts both
