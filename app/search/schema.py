"""The Whoosh schema: one document per exchange."""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema


def build_schema() -> Schema:
    stemmed = StemmingAnalyzer()
    # Exact phrases need every word where it was said: no stemming, no stop words dropped.
    exact = RegexTokenizer() | LowercaseFilter()
    return Schema(
        key=ID(stored=True, unique=True),  # "<session slug>/<number>"
        session=ID(stored=True),
        session_title=TEXT(stored=True),
        number=NUMERIC(stored=True),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        question=TEXT(analyzer=stemmed, stored=True),
        answer=TEXT(analyzer=stemmed, stored=True),
        exact=TEXT(analyzer=exact, phrase=True),
        questioner=ID(stored=True, sortable=True),  # person slug, "" when unknown
        questioner_name=TEXT(stored=True),
        outlet=ID(stored=True, sortable=True),  # outlet slug, "" when unknown
        outlet_name=TEXT(stored=True),
        principal=KEYWORD(stored=True, commas=True, scorable=False),  # principal slugs
        principal_name=STORED(),
    )
