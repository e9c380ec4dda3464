"""Search against a real index of the seeds: what a reader types finds what it should."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.config import Settings
from app.ingest import Ingester
from app.routes.search import SearchOutcome, run_search
from app.search.query import SearchRequest
from app.search.searching import IndexReaders, related
from tests.conftest import MARKUP_TRANSCRIPT


def run(archive: Ingester, **kwargs: object) -> SearchOutcome:
    with Session(archive.engine) as db:
        return run_search(db, IndexReaders(archive.settings.index_root), SearchRequest(**kwargs))  # type: ignore[arg-type]


def all_hits(archive: Ingester, **kwargs: object) -> list:  # type: ignore[type-arg]
    first = run(archive, **kwargs)
    assert first.results is not None, first.error
    hits = list(first.results.hits)
    for page in range(2, first.results.pages + 1):
        more = run(archive, page=page, **kwargs).results
        assert more is not None
        hits += more.hits
    assert len(hits) == first.results.total
    return hits


def test_words_match_their_other_forms(archive: Ingester) -> None:
    hits = all_hits(archive, q="sanction")
    assert hits
    assert all("sanction" in (h.question + h.answer).lower() for h in hits)


def test_exact_phrases_are_exact(archive: Ingester) -> None:
    exact = all_hits(archive, q='"cubic meters of gas"')
    assert exact
    assert all("cubic meters of gas" in h.answer for h in exact)
    # With stop words dropped, "cubic meters gas" would match the same answers: it must not.
    assert all_hits(archive, q='"cubic meters gas"') == []
    # In one field: the answers that say it, none of the questions.
    assert {h.permalink for h in all_hits(archive, q='answer:"cubic meters of gas"')} == {
        h.permalink for h in exact
    }
    assert all_hits(archive, q='question:"cubic meters of gas"') == []


def test_exclusion_removes_every_hit_with_the_word(archive: Ingester) -> None:
    with_gas = all_hits(archive, q="gas")
    without = all_hits(archive, q="gas -pipeline")
    assert 0 < len(without) < len(with_gas)
    assert all("pipeline" not in (h.question + h.answer).lower() for h in without)


def test_or_finds_more_than_and(archive: Ingester) -> None:
    either = run(archive, q="gas OR inflation").results
    both = run(archive, q="gas inflation").results
    assert either
    assert both
    assert either.total > both.total


def test_typed_and_form_filters_narrow_alike(archive: Ingester) -> None:
    typed = all_hits(archive, q="journalist:panyushkin")
    form = all_hits(archive, journalist="konstantin-panyushkin")
    assert typed == form
    assert typed
    assert {h.questioner_name for h in typed} == {"Konstantin Panyushkin"}
    outlet = all_hits(archive, q='outlet:"Channel One"')
    assert outlet
    assert {h.outlet_name for h in outlet} == {"Channel One"}


def test_date_range_and_year(archive: Ingester) -> None:
    hits = all_hits(archive, q="year:2022")
    assert hits
    assert {h.date.year for h in hits if h.date} == {2022}
    ranged = all_hits(archive, date_from="2019-01-01", date_to="2020-12-31")
    assert ranged
    assert all(h.date and 2019 <= h.date.year <= 2020 for h in ranged)


def test_facets_count_every_match_not_just_the_page(archive: Ingester) -> None:
    outcome = run(archive, q="president")
    results = outcome.results
    assert results is not None
    assert results.total > 10
    years = dict(results.facets["year"])
    assert sum(years.values()) == results.total
    assert outcome.names["principal"]  # facet slugs come back with display names
    principal_slug, n = results.facets["principal"][0]
    narrowed = run(archive, q="president", principal=principal_slug).results
    assert narrowed is not None
    assert narrowed.total == n


def test_sort_by_date_both_ways(archive: Ingester) -> None:
    newest = [h.date for h in all_hits(archive, q="president", sort="newest") if h.date]
    oldest = [h.date for h in all_hits(archive, q="president", sort="oldest") if h.date]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


def test_pages_do_not_overlap(archive: Ingester) -> None:
    first = run(archive, q="president").results
    second = run(archive, q="president", page=2).results
    assert first
    assert second
    assert not {h.key for h in first.hits} & {h.key for h in second.hits}


def test_did_you_mean_offers_the_word_in_the_archive(archive: Ingester) -> None:
    results = run(archive, q="sanctoins journalist:panyushkin").results
    assert results is not None
    assert results.suggestion == "sanctions journalist:panyushkin"
    assert run(archive, q="sanctions").results.suggestion is None  # type: ignore[union-attr]


def test_snippets_mark_matches_and_escape_the_transcript(archive: Ingester) -> None:
    results = run(archive, q="tariffs").results
    assert results is not None
    hit = next(h for h in results.hits if "markup" in h.session)
    assert hit.question_snippet is not None
    assert hit.answer_snippet is not None
    assert '<mark class="match term0">tariffs</mark>' in hit.question_snippet
    assert "&lt;img" in hit.question_snippet
    assert "<img" not in hit.question_snippet
    assert "&lt;/p&gt;" in hit.answer_snippet


def test_related_answers_exclude_the_answer_itself(archive: Ingester) -> None:
    searcher = IndexReaders(archive.settings.index_root).searcher()
    assert searcher is not None
    hit = run(archive, q='"cubic meters of gas"').results.hits[0]  # type: ignore[union-attr]
    others = related(searcher, hit.key)
    assert others
    assert hit.key not in {h.key for h in others}


def test_a_bad_query_is_an_explained_outcome(archive: Ingester) -> None:
    outcome = run(archive, q='"gas')
    assert outcome.results is None
    assert outcome.error
    assert "quotation" in outcome.error


def test_readers_see_a_new_ingest_without_restart(settings: Settings, tmp_path: Path) -> None:
    ingester = Ingester(settings)
    readers = IndexReaders(settings.index_root)
    with Session(ingester.engine) as db:
        empty = run_search(db, readers, SearchRequest(q="tariffs"))
        assert empty.results is not None
        assert empty.results.total == 0
        path = tmp_path / "markup.txt"
        path.write_text(MARKUP_TRANSCRIPT)
        ingester.ingest_paths([path])
        assert run_search(db, readers, SearchRequest(q="tariffs")).results.total == 1  # type: ignore[union-attr]
        ingester.reindex()  # a swapped folder is picked up too
        assert run_search(db, readers, SearchRequest(q="tariffs")).results.total == 1  # type: ignore[union-attr]


def test_snippets_of_long_answers_find_words_past_the_first_window() -> None:
    from app.search.searching import SNIPPET_WINDOW, snippet

    filler = "The market decides what gas costs. " * (SNIPPET_WINDOW // 30)
    late = snippet(filler + "Then the pipeline question came up.", frozenset({"pipelin"}))
    assert late is not None
    assert ">pipeline</mark>" in late
    assert late.startswith("… ")
    early = snippet("A pipeline first. " + filler, frozenset({"pipelin"}))
    assert early is not None
    assert ">pipeline</mark>" in early
    assert snippet(filler * 2, frozenset({"pipelin"})) is None


def test_facet_columns_encode_values_once_and_join_segments() -> None:
    from app.search.searching import Column

    first = Column.encode(["tass", "", "tass", "ria"])
    assert list(first.codes) == [0, 1, 0, 2]
    assert first.values == ["tass", "", "ria"]
    joined, index = Column(), {}  # type: ignore[var-annotated]
    joined.extend(first, index)
    joined.extend(Column.encode(["ria", "bbc"]), index)
    assert [joined.values[c] for c in joined.codes] == ["tass", "", "tass", "ria", "ria", "bbc"]
    assert joined.count([0, 2, 3, 4, 5]) == {"tass": 2, "ria": 2, "bbc": 1}
