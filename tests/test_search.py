"""The search conformance suite: every engine, against a real index of the seeds, finds
what a reader types should find (`searched` runs each test once per engine). Ranking
order may differ between engines and is never compared; matches, counts, facets,
suggestions and errors are, with Whoosh, the default, as the reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import Settings
from app.ingest import Ingester
from app.routes.search import SearchOutcome, run_search
from app.search.engine import open_engine
from app.search.query import SearchRequest
from tests.conftest import MARKUP_TRANSCRIPT, replace_engine, search_engines


def run(archive: Ingester, **kwargs: object) -> SearchOutcome:
    with Session(archive.engine) as db:
        return run_search(db, archive.search, SearchRequest(**kwargs))  # type: ignore[arg-type]


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


def test_words_match_their_other_forms(searched: Ingester) -> None:
    hits = all_hits(searched, q="sanction")
    assert hits
    assert all("sanction" in (h.question + h.answer).lower() for h in hits)


def test_exact_phrases_are_exact(searched: Ingester) -> None:
    exact = all_hits(searched, q='"cubic meters of gas"')
    assert exact
    assert all("cubic meters of gas" in h.answer for h in exact)
    # With stop words dropped, "cubic meters gas" would match the same answers: it must not.
    assert all_hits(searched, q='"cubic meters gas"') == []
    # In one field: the answers that say it, none of the questions.
    assert {h.permalink for h in all_hits(searched, q='answer:"cubic meters of gas"')} == {
        h.permalink for h in exact
    }
    assert all_hits(searched, q='question:"cubic meters of gas"') == []


def test_exclusion_removes_every_hit_with_the_word(searched: Ingester) -> None:
    with_gas = all_hits(searched, q="gas")
    without = all_hits(searched, q="gas -pipeline")
    assert 0 < len(without) < len(with_gas)
    assert all("pipeline" not in (h.question + h.answer).lower() for h in without)


def test_or_finds_more_than_and(searched: Ingester) -> None:
    either = run(searched, q="gas OR inflation").results
    both = run(searched, q="gas inflation").results
    assert either
    assert both
    assert either.total > both.total


def test_typed_and_form_filters_narrow_alike(searched: Ingester) -> None:
    typed = all_hits(searched, q="journalist:panyushkin")
    form = all_hits(searched, journalist="konstantin-panyushkin")
    assert typed == form
    assert typed
    assert {h.questioner_name for h in typed} == {"Konstantin Panyushkin"}
    outlet = all_hits(searched, q='outlet:"Channel One"')
    assert outlet
    assert {h.outlet_name for h in outlet} == {"Channel One"}


def test_date_range_and_year(searched: Ingester) -> None:
    hits = all_hits(searched, q="year:2022")
    assert hits
    assert {h.date.year for h in hits if h.date} == {2022}
    ranged = all_hits(searched, date_from="2019-01-01", date_to="2020-12-31")
    assert ranged
    assert all(h.date and 2019 <= h.date.year <= 2020 for h in ranged)


def test_facets_count_every_match_not_just_the_page(searched: Ingester) -> None:
    outcome = run(searched, q="president")
    results = outcome.results
    assert results is not None
    assert results.total > 10
    years = dict(results.facets["year"])
    assert sum(years.values()) == results.total
    assert outcome.names["principal"]  # facet slugs come back with display names
    principal_slug, n = results.facets["principal"][0]
    narrowed = run(searched, q="president", principal=principal_slug).results
    assert narrowed is not None
    assert narrowed.total == n


def test_kind_is_a_facet_and_a_filter(searched: Ingester) -> None:
    results = run(searched, q="president").results
    assert results is not None
    kind, n = results.facets["kind"][0]
    assert sum(count for _, count in results.facets["kind"]) == results.total
    typed = run(searched, q=f"president kind:{kind}").results
    form = run(searched, q="president", kind=kind).results
    assert typed is not None
    assert form is not None
    assert typed.total == form.total == n
    assert {h.kind for h in typed.hits} == {kind}


def test_sort_by_date_both_ways(searched: Ingester) -> None:
    newest = [h.date for h in all_hits(searched, q="president", sort="newest") if h.date]
    oldest = [h.date for h in all_hits(searched, q="president", sort="oldest") if h.date]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


def test_pages_do_not_overlap(searched: Ingester) -> None:
    first = run(searched, q="president").results
    second = run(searched, q="president", page=2).results
    assert first
    assert second
    assert not {h.key for h in first.hits} & {h.key for h in second.hits}


def test_did_you_mean_offers_the_word_in_the_archive(searched: Ingester) -> None:
    results = run(searched, q="sanctoins journalist:panyushkin").results
    assert results is not None
    assert results.suggestion == "sanctions journalist:panyushkin"
    assert run(searched, q="sanctions").results.suggestion is None  # type: ignore[union-attr]


def test_snippets_mark_matches_and_escape_the_transcript(searched: Ingester) -> None:
    results = run(searched, q="tariffs").results
    assert results is not None
    hit = next(h for h in results.hits if "markup" in h.session)
    assert hit.question_snippet is not None
    assert hit.answer_snippet is not None
    assert ">tariffs</mark>" in hit.question_snippet
    assert "&lt;img" in hit.question_snippet
    assert "<img" not in hit.question_snippet
    assert "&lt;/p&gt;" in hit.answer_snippet


def test_a_bad_query_is_an_explained_outcome(searched: Ingester) -> None:
    outcome = run(searched, q='"gas')
    assert outcome.results is None
    assert outcome.error
    assert "quotation" in outcome.error


@pytest.mark.parametrize("engine", search_engines())
def test_readers_see_a_new_ingest_without_restart(
    settings: Settings, tmp_path: Path, engine: str
) -> None:
    ingester = Ingester(replace_engine(settings, engine))
    readers = open_engine(ingester.settings)  # as a server process holds it
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
    from app.search.whoosh.searching import SNIPPET_WINDOW, snippet

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
    from app.search.whoosh.searching import Column

    first = Column.encode(["tass", "", "tass", "ria"])
    assert list(first.codes) == [0, 1, 0, 2]
    assert first.values == ["tass", "", "ria"]
    joined, index = Column(), {}  # type: ignore[var-annotated]
    joined.extend(first, index)
    joined.extend(Column.encode(["ria", "bbc"]), index)
    assert [joined.values[c] for c in joined.codes] == ["tass", "", "tass", "ria", "ria", "bbc"]
    assert joined.count([0, 2, 3, 4, 5]) == {"tass": 2, "ria": 2, "bbc": 1}


# Searches whose matches every engine must agree on, exchange for exchange.
CROSS_CHECKED: list[dict[str, str]] = [
    {"q": "sanctions"},
    {"q": "president"},
    # Words that Porter's stemmer (Whoosh's default) and Snowball's (tantivy's and
    # PostgreSQL's) stem apart: "news" is not "new", "general" not "generation".
    {"q": "news"},
    {"q": "general"},
    {"q": '"cubic meters of gas"'},
    {"q": '"of the"'},
    {"q": "gas -pipeline"},
    {"q": "-president"},
    {"q": "gas OR inflation"},
    {"q": "(gas OR oil) NOT russia"},
    {"q": "covid-19"},
    {"q": "the"},
    {"q": "sanction*"},
    {"q": 'question:"white house"'},
    {"q": "answer:pipeline"},
    {"q": "journalist:panyushkin"},
    {"q": 'outlet:"Channel One"'},
    {"q": "president principal:putin"},
    {"q": "year:2022"},
    {"date_from": "2019-01-01", "date_to": "2020-12-31"},
    {"q": "president", "sort": "oldest"},
]


@pytest.mark.parametrize("form", CROSS_CHECKED, ids=lambda form: " ".join(form.values()))
def test_every_engine_finds_what_the_default_finds(
    searched: Ingester, archive: Ingester, form: dict[str, str]
) -> None:
    expected = run(archive, **form).results
    found = run(searched, **form).results
    assert expected is not None
    assert found is not None
    assert found.total == expected.total
    assert {h.key for h in all_hits(searched, **form)} == {h.key for h in all_hits(archive, **form)}
    assert found.facets == expected.facets
    if form.get("sort") == "oldest":
        assert [h.date for h in found.hits] == [h.date for h in expected.hits]
