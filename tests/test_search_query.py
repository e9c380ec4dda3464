"""The search box's language, parsed by pure functions: no index, no database."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from app.search.query import QueryError, SearchRequest, parse_search, remove_filter, split_filters
from app.search.schema import build_schema

SCHEMA = build_schema()


def parse(q: str, **form: str) -> wq.Query:
    return parse_search(SearchRequest(q=q, **form), SCHEMA).query  # type: ignore[arg-type]


def test_words_are_stemmed_and_searched_in_questions_and_answers() -> None:
    assert parse("sanctions") == wq.Or(
        [wq.Term("question", "sanction"), wq.Term("answer", "sanction")]
    )


def test_phrases_go_to_the_field_that_keeps_every_word() -> None:
    assert parse('"president of russia"') == wq.Phrase("exact", ["president", "of", "russia"])


def test_a_hyphenated_word_is_a_phrase_not_an_exclusion() -> None:
    assert parse("covid-19") == wq.Phrase("exact", ["covid", "19"])
    assert isinstance(parse("gas -pipeline").subqueries[1], wq.Not)


def test_a_phrase_in_one_field_needs_its_words_there_and_the_phrase_in_the_exchange() -> None:
    # Only `exact` keeps word positions.
    assert parse('question:"white house"') == wq.And(
        [
            wq.Term("question", "white"),
            wq.Term("question", "hous"),
            wq.Phrase("exact", ["white", "house"]),
        ]
    )


def test_minus_and_not_exclude() -> None:
    q = parse("gas -pipeline")
    assert isinstance(q, wq.And)
    assert isinstance(q.subqueries[1], wq.Not)
    alone = parse("-pipeline")
    assert isinstance(alone, wq.And)
    assert isinstance(alone.subqueries[0], wq.Every)
    assert isinstance(parse("NOT oil"), wq.And)


def test_only_stop_words_still_search() -> None:
    assert parse("the") == wq.Term("exact", "the")


def test_typed_filters_leave_the_box_and_become_filters() -> None:
    text, filters = split_filters('oil journalist:skabeeva outlet:"RIA Novosti" year:2019')
    assert text == "oil"
    assert filters == {"journalist": "skabeeva", "outlet": "RIA Novosti", "year": "2019"}


def test_filter_matches_slug_or_every_word_of_the_name() -> None:
    parsed = parse_search(SearchRequest(q='outlet:"RIA Novosti"'), SCHEMA)
    assert parsed.query == wq.Every()
    assert parsed.filter == wq.Or(
        [
            wq.Term("outlet", "ria-novosti"),
            wq.And([wq.Term("outlet_name", "ria"), wq.Term("outlet_name", "novosti")]),
        ]
    )


def test_a_typed_filter_wins_over_the_form_field() -> None:
    parsed = parse_search(SearchRequest(q="journalist:smith", journalist="jones"), SCHEMA)
    assert parsed.filters == {"journalist": "smith"}


def test_remove_filter_clears_the_box_and_the_field() -> None:
    req = SearchRequest(q='gas outlet:"RIA Novosti"', outlet="tass", page=3)
    removed = remove_filter(req, "outlet")
    assert (removed.q, removed.outlet, removed.page) == ("gas", "", 1)


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ('"unclosed', "quotation mark"),
        ("(gas", "parenthesis"),
        ("gas)", "parenthesis"),
        ("gas AND", "AND needs a word after it"),
        ("OR gas", "OR needs a word before it"),
        ("colour:red", "Unknown filter colour:"),
        ("journalist:", "journalist: needs a value"),
        ("from:2019-02-30", "from: expects a date"),
        ("year:19", "year: expects four digits"),
        ("from:2020-01-01 to:2019-01-01", "ends before it starts"),
        ("x" * 501, "longer than 500"),
    ],
)
def test_queries_that_cannot_be_read_say_why(q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_search(SearchRequest(q=q), SCHEMA)


def test_page_out_of_range_is_an_error() -> None:
    with pytest.raises(QueryError):
        parse_search(SearchRequest(q="gas", page=1001), SCHEMA)


def test_params_round_trip_without_defaults() -> None:
    req = SearchRequest(q="gas", outlet="tass", sort="newest", page=2, date_from="2019-01-01")
    assert req.params() == {
        "q": "gas",
        "outlet": "tass",
        "from": "2019-01-01",
        "sort": "newest",
        "page": "2",
    }
    assert SearchRequest(q="gas").params(page=1) == {"q": "gas"}
