"""The search box's language, parsed into an engine-neutral plan by pure functions: no
engine, no index, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT

from app.search import plan
from app.search.plan import And, Not, Or, Phrase, Prefix, Word
from app.search.query import QueryError, SearchRequest, parse_search, remove_filter, split_filters
from app.search.results import first_sentence
from app.search.results import lead as results_lead
from app.search.whoosh.compile import compile_filter, compile_query
from app.search.whoosh.schema import build_schema, signature, stemmed_analyzer

EVERYWHERE = ("question", "answer")


def parse(q: str, **form: str) -> plan.Node:
    return parse_search(SearchRequest(q=q, **form)).query  # type: ignore[arg-type]


def test_words_are_searched_in_questions_and_answers() -> None:
    assert parse("sanctions") == Word("sanctions", EVERYWHERE)


def test_phrases_keep_every_word() -> None:
    assert parse('"president of russia"') == Phrase(("president", "of", "russia"))


def test_a_hyphenated_word_is_a_phrase_not_an_exclusion() -> None:
    assert parse("covid-19") == Phrase(("covid", "19"))
    assert parse("gas -pipeline") == And((Word("gas"), Not(Word("pipeline"))))


def test_a_phrase_in_one_field() -> None:
    assert parse('question:"white house"') == Phrase(("white", "house"), ("question",))
    assert parse("answer:(gas OR oil)") == Or((Word("gas", ("answer",)), Word("oil", ("answer",))))


def test_or_binds_looser_than_and() -> None:
    assert parse("gas oil OR coal") == Or((And((Word("gas"), Word("oil"))), Word("coal")))
    assert parse("gas ANDNOT oil") == And((Word("gas"), Not(Word("oil"))))
    assert parse("gas ANDMAYBE oil") == Word("gas")


def test_exclusions_alone_exclude_from_everything() -> None:
    assert parse("-pipeline") == And((plan.All(), Not(Word("pipeline"))))
    assert parse("NOT oil") == And((plan.All(), Not(Word("oil"))))
    assert parse("") == plan.All()


def test_stop_words_are_dropped_unless_they_are_all_there_is() -> None:
    assert parse("the president") == Word("president")
    assert parse("the") == Word("the", exact=True)


def test_a_wildcard_ends_a_word() -> None:
    assert parse("sanction*") == Prefix("sanction")
    with pytest.raises(QueryError, match="wildcard"):
        parse("s*nction")


def test_typed_filters_leave_the_box_and_become_filters() -> None:
    text, filters = split_filters('oil journalist:skabeeva outlet:"RIA Novosti" year:2019')
    assert text == "oil"
    assert filters == {"journalist": "skabeeva", "outlet": "RIA Novosti", "year": "2019"}


def test_filters_become_conditions() -> None:
    parsed = parse_search(SearchRequest(q='outlet:"RIA Novosti" year:2019'))
    assert parsed.query == plan.All()
    assert parsed.conditions == (
        plan.NameIs("outlet", "ria-novosti", "RIA Novosti"),
        plan.DateIn(dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    )
    assert parsed.conditions[1].year == 2019


def test_kind_filters_by_its_slug_or_its_name() -> None:
    assert parse_search(SearchRequest(q="kind:gaggle")).conditions == (plan.KindIs("gaggle"),)
    by_name = parse_search(SearchRequest(q='kind:"Press briefing"')).conditions
    assert by_name == (plan.KindIs("press-briefing"),)
    with pytest.raises(QueryError, match="kind: expects one of"):
        parse_search(SearchRequest(q="kind:picnic"))


def test_a_typed_filter_wins_over_the_form_field() -> None:
    parsed = parse_search(SearchRequest(q="journalist:smith", journalist="jones"))
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
        ("- ( )", "no words"),
    ],
)
def test_queries_that_cannot_be_read_say_why(q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_search(SearchRequest(q=q))


def test_page_out_of_range_is_an_error() -> None:
    with pytest.raises(QueryError):
        parse_search(SearchRequest(q="gas", page=1001))


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


# --- the Whoosh engine's compilation of the plan -----------------------------------------


def test_whoosh_stems_words_and_keeps_phrases_in_the_exact_field() -> None:
    assert compile_query(parse("sanctions")) == wq.Or(
        [wq.Term("question", "sanction"), wq.Term("answer", "sanction")]
    )
    assert compile_query(parse('"president of russia"')) == wq.Phrase(
        "exact", ["president", "of", "russia"]
    )
    # Only `exact` keeps positions: the phrase's words in the field, the phrase in the exchange.
    assert compile_query(parse('question:"white house"')) == wq.And(
        [
            wq.Term("question", "white"),
            wq.Term("question", "hous"),
            wq.Phrase("exact", ["white", "house"]),
        ]
    )
    assert compile_query(parse("the")) == wq.Term("exact", "the")


def test_whoosh_filters_match_a_slug_or_every_word_of_the_name() -> None:
    parsed = parse_search(SearchRequest(q='outlet:"RIA Novosti" year:2019'))
    assert compile_filter(parsed.conditions) == wq.And(
        [
            wq.Or(
                [
                    wq.Term("outlet", "ria-novosti"),
                    wq.And([wq.Term("outlet_name", "ria"), wq.Term("outlet_name", "novosti")]),
                ]
            ),
            wq.NumericRange("year", 2019, 2019),
        ]
    )


def test_whoosh_stems_as_snowball_and_tells_a_porter_index_apart() -> None:
    # The stemmer tantivy and PostgreSQL build in: "news" is not "new", "has" not "ha".
    assert [t.text for t in stemmed_analyzer()("news has generations")] == [
        "news",
        "has",
        "generat",
    ]
    porter = build_schema()
    porter.remove("question")
    porter.add("question", TEXT(analyzer=StemmingAnalyzer(), stored=True, phrase=False))
    assert signature(porter) != signature(build_schema())  # doctor advises a reindex


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "Thank you, Jen. Mr. President, what about the sanctions?",
            "Mr. President, what about the sanctions?",
        ),
        (
            "Robin Harding from the Financial Times. Inflation has risen. Why?",
            "Inflation has risen.",
        ),
        ("Steve Holland, Reuters. What about China?", "What about China?"),
        ("This is Jahanzaib Ali from ARY News. Will you visit?", "Will you visit?"),
        (
            "Ukraine from the start has been a concern. Will you go?",
            "Ukraine from the start has been a concern.",
        ),
        ("Yeah.", "Yeah."),
    ],
)
def test_a_result_leads_with_the_question_not_the_pleasantries(question: str, lead: str) -> None:
    assert first_sentence(question) == lead


def test_the_lead_marks_the_words_the_snippets_marked_and_escapes_the_rest() -> None:
    out = results_lead("Is <b>gas</b> cheaper? More.", frozenset({"gas"}))
    assert str(out) == "Is &lt;b&gt;<mark>gas</mark>&lt;/b&gt; cheaper?"
