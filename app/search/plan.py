"""The engine-neutral search plan: what a reader's query matches and what narrows it.

`app.search.query` builds a plan from the box; each engine compiles it to its own query
language (Whoosh queries, tantivy queries, a PostgreSQL tsquery). The plan says what a
match is, in words a reader would use; stemming and storage are each engine's business.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

TEXT_FIELDS: tuple[str, ...] = ("question", "answer")

# Words the stemmed fields drop (Whoosh's English list, kept here so that every engine
# drops the same ones): "president of russia" without quotes is "president russia".
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "it",
        "may",
        "not",
        "of",
        "on",
        "or",
        "tbd",
        "that",
        "the",
        "this",
        "to",
        "us",
        "we",
        "when",
        "will",
        "with",
        "yet",
        "you",
        "your",
    ]
)
# A word of one letter is dropped too (Whoosh's StemmingAnalyzer minsize).
MIN_WORD = 2

# A word as the archive's analyzers split text: letters and digits, with inner dots kept
# ("u.s"), so "covid-19" is two words and "don't" is "don" and "t".
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")


def words(text: str) -> list[str]:
    """The lower-case words of a text, as every engine's unstemmed field holds them."""
    return [m.group(0) for m in _WORD_RE.finditer(text.lower())]


def fold(text: str) -> str:
    """Accents removed (names: `sanchez` finds Sánchez)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def droppable(word: str) -> bool:
    return word in STOP_WORDS or len(word) < MIN_WORD


@dataclass(frozen=True)
class All:
    """Every exchange."""


@dataclass(frozen=True)
class Word:
    """One word, in any of `fields`: matched on its stem ("sanction" finds "sanctions"),
    or as written when `exact` (only for searches made of nothing but stop words)."""

    text: str  # lower case
    fields: tuple[str, ...] = TEXT_FIELDS
    exact: bool = False


@dataclass(frozen=True)
class Prefix:
    """Words starting with `text` (`sanction*`), as written, not stemmed."""

    text: str
    fields: tuple[str, ...] = TEXT_FIELDS


@dataclass(frozen=True)
class Phrase:
    """These words, in this order, each where it was said: no stemming, no stop word
    dropped ("of the president")."""

    words: tuple[str, ...]
    fields: tuple[str, ...] = TEXT_FIELDS


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Without the child. The parser only puts a Not inside an And that also has a
    positive child (`-pipeline` alone is `And(All, Not(pipeline))`), so an engine never
    has to give a lone negation a meaning."""

    child: Node


Node = All | Word | Prefix | Phrase | And | Or | Not


@dataclass(frozen=True)
class NameIs:
    """A journalist, outlet or principal: their slug exactly, or every word of `value` in
    their name, accents folded (`outlet:"RIA Novosti"`, `journalist:sanchez`)."""

    field: Literal["questioner", "outlet", "principal"]
    slug: str
    value: str


@dataclass(frozen=True)
class SessionIs:
    slug: str


@dataclass(frozen=True)
class DateIn:
    """Session dates from `start` to `end`, both included; an undated session never matches."""

    start: dt.date | None
    end: dt.date | None

    @property
    def year(self) -> int | None:
        """The calendar year this range is exactly, if it is one (a year facet's link)."""
        s, e = self.start, self.end
        if s and e and s.year == e.year and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
            return s.year
        return None


@dataclass(frozen=True)
class KindIs:
    """Sessions of one kind (app.parsing.kinds: `gaggle`, `press-briefing`, …)."""

    kind: str


Filter = NameIs | SessionIs | DateIn | KindIs


def positive(node: Node) -> Iterator[Word | Prefix | Phrase]:
    """The words and phrases a hit matched on (for highlighting): not those after NOT."""
    if isinstance(node, Word | Prefix | Phrase):
        yield node
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from positive(child)
