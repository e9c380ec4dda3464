"""What every engine returns: hits, result pages, facet counts and a health report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from app.search.query import PAGE_SIZE, SearchRequest

# Facets counted over every match. `month` ("YYYY-MM") is every month with a match, in
# date order (the search page's topic-over-time strip); the others are the top values.
FACETS = ("outlet", "questioner", "principal", "year")
FACET_LIMIT = 12


@dataclass(frozen=True)
class Hit:
    key: str
    session: str
    session_title: str
    number: int
    date: dt.date | None
    questioner: str
    questioner_name: str
    outlet: str
    outlet_name: str
    principal_names: list[str]
    question: str
    answer: str
    how: str = ""  # how the asker was identified (empty in an index built before it was kept)
    question_snippet: Markup | None = None  # escaped text with <mark>ed terms
    answer_snippet: Markup | None = None

    @property
    def permalink(self) -> str:
        return f"/sessions/{self.session}/q/{self.number}"


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[Hit]
    # By facet: (value, count) pairs. Top FACET_LIMIT by count for outlet, questioner and
    # principal; every year and every month with a match, in date order.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None  # a corrected box text, when a word is not in the archive

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass
class Health:
    """What `presser doctor` needs of an engine."""

    engine: str
    found: bool  # False: no index has been built (a reindex builds one)
    # "<session slug>/<number>" -> the question as indexed (speech only)
    questions: dict[str, str] = field(default_factory=dict)
    # Advice, not faults: a rebuild would make searches faster or bring in a newer layout.
    advice: list[str] = field(default_factory=list)


def top_counts(groups: dict[str, int], limit: int = FACET_LIMIT) -> list[tuple[str, int]]:
    """The most frequent values first (ties by value), empty values left out."""
    pairs = [(str(k), n) for k, n in groups.items() if k not in ("", None)]
    pairs.sort(key=lambda kn: (-kn[1], kn[0]))
    return pairs[:limit]


def in_order(groups: dict[str, int]) -> list[tuple[str, int]]:
    """Years or months in date order, empty values left out."""
    return sorted((str(k), n) for k, n in groups.items() if k not in ("", None))


def excerpt(text: str, limit: int = 240) -> Markup:
    """The start of a text, escaped, cut at a word, for hits with no matched words."""
    if len(text) <= limit:
        return escape(text)
    cut = text[:limit].rsplit(" ", 1)[0]
    return escape(cut) + Markup("…")
