"""The Whoosh schema: one document per exchange."""

from __future__ import annotations

from array import array
from itertools import accumulate
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
)
from whoosh.analysis.analyzers import Analyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.support.charset import accent_map
from whoosh.system import _INT_SIZE, pack_uint

# Whoosh pickles the schema into the index, naming its stem function by module: indexes
# built before it moved to app.search.stemming find it here.
from app.search.stemming import english_stem

POSITION = "I"  # array typecode of a position gap: 4 bytes, as Whoosh's own count prefix


class PackedPositions(Positions):  # type: ignore[misc]  # Whoosh is untyped
    """Word positions as a packed array of gaps. Whoosh's Positions pickles a Python list
    for every posting and unpickles it for every candidate of a phrase query: 920,000
    `pickle.dumps` calls to index 3,900 exchanges (cProfile). The layout (a 4-byte count,
    then the gaps) keeps Positions' count prefix, so frequencies decode as before."""

    def encode(self, poslist: list[int]) -> bytes:
        gaps = array(POSITION, (b - a for a, b in zip([0, *poslist], poslist, strict=False)))
        count: bytes = pack_uint(len(gaps))
        return count + gaps.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        gaps = array(POSITION)
        gaps.frombytes(valuestring[_INT_SIZE:])
        return list(accumulate(gaps))


def stemmed_analyzer() -> Analyzer:
    return StemmingAnalyzer(stemfn=english_stem)


def name_analyzer() -> Analyzer:
    """Names of people and outlets: every word kept ("The Hill"), accents folded, so that
    `journalist:sanchez` finds Sánchez."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    # Exact phrases need every word where it was said: no stemming, no stop words dropped.
    # The same field feeds "Did you mean", whose suggestions must be words, not stems.
    exact = RegexTokenizer() | LowercaseFilter()
    exact_field = TEXT(analyzer=exact, phrase=True)
    exact_field.format = PackedPositions(field_boost=exact_field.format.field_boost)
    return Schema(
        key=ID(stored=True, unique=True),  # "<session slug>/<number>"
        session=ID(stored=True),
        session_title=STORED(),
        number=STORED(),  # found through `key`; indexing it would only cost
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        # Words without positions: phrases are matched on `exact`, so positions here would
        # only be written and never read.
        question=TEXT(analyzer=stemmed_analyzer(), stored=True, phrase=False),
        answer=TEXT(analyzer=stemmed_analyzer(), stored=True, phrase=False),
        exact=exact_field,
        questioner=ID(stored=True, sortable=True),  # person slug, "" when unknown
        questioner_name=TEXT(analyzer=name_analyzer(), stored=True),
        outlet=ID(stored=True, sortable=True),  # outlet slug, "" when unknown
        outlet_name=TEXT(analyzer=name_analyzer(), stored=True),
        principal=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        principal_name=TEXT(analyzer=name_analyzer(), stored=True),  # "; "-joined
        kind=ID(stored=True, sortable=True),  # the session's kind (app.parsing.kinds)
        how=STORED(),  # how the asker was identified, in a few words (app.identity.explain)
    )


def signature(schema: Schema) -> dict[str, tuple[str, str, bool, str]]:
    """What an index was built with, field by field: its type, how its postings are
    written, whether it is stored and its stemmer. (Whoosh's Schema equality compares
    column objects by identity, so a schema read back from disk never equals a fresh one.)"""
    return {
        name: (
            type(f).__name__,
            type(f.format).__name__ if f.format else "",
            bool(f.stored),
            _stemmer(f),
        )
        for name, f in schema.items()
    }


def _stemmer(field: Any) -> str:
    for item in getattr(getattr(field, "analyzer", None), "items", ()):
        if isinstance(item, StemFilter):
            return f"{item.stemfn.__module__}.{item.stemfn.__qualname__}"
    return ""
