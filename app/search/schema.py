"""The Whoosh schema: one document per exchange."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.analyzers import Analyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map


def stemmed_analyzer() -> Analyzer:
    return StemmingAnalyzer()


def name_analyzer() -> Analyzer:
    """Names of people and outlets: every word kept ("The Hill"), accents folded, so that
    `journalist:sanchez` finds Sánchez."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    # Exact phrases need every word where it was said: no stemming, no stop words dropped.
    # The same field feeds "Did you mean", whose suggestions must be words, not stems.
    exact = RegexTokenizer() | LowercaseFilter()
    return Schema(
        key=ID(stored=True, unique=True),  # "<session slug>/<number>"
        session=ID(stored=True),
        session_title=STORED(),
        number=STORED(),  # found through `key`; indexing it would only cost
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        question=TEXT(analyzer=stemmed_analyzer(), stored=True),
        answer=TEXT(analyzer=stemmed_analyzer(), stored=True),
        exact=TEXT(analyzer=exact, phrase=True),
        questioner=ID(stored=True, sortable=True),  # person slug, "" when unknown
        questioner_name=TEXT(analyzer=name_analyzer(), stored=True),
        outlet=ID(stored=True, sortable=True),  # outlet slug, "" when unknown
        outlet_name=TEXT(analyzer=name_analyzer(), stored=True),
        principal=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        principal_name=TEXT(analyzer=name_analyzer(), stored=True),  # "; "-joined
    )
