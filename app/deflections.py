"""Phrases by which an answer declines to answer, found in SQL (for counts) and in text
(to show which phrase an answer holds).

The list was built by reading the answers of the archive of ../shared/data (889 White
House briefings 2021-2023, 39 Kremlin Q&As): candidate phrases were counted in every
answer, read in context, and kept when nearly every match declines, postpones or redirects
the question. Each entry gives the first answer it matched there (a permalink of that
archive) and how many answers it matched there (of 29,924; one answer can hold
several). Together they match 4,206 answers (14%).

Left out on reading: "I'll leave it there" (288 answers; mostly ends an opening
statement), "ask the" and "have to ask" alone (also "we will have to ask Congress"),
"get ahead of" alone ("get ahead of the virus"), "speak to that" alone ("I'm happy to
speak to that"), "let ... speak to" with any words between (a LIKE pattern cannot bound
the gap: "let them/him/her speak" stand for it). The Kremlin transcripts hardly use such
phrases in English (two answers), so the list measures the White House podium best.

Matching: letter case is ignored, and `_` stands for any one character, so that
`don_t` matches both `don't` and `don’t` (the transcripts print the curly apostrophe).
SQLite's LIKE and PostgreSQL's ILIKE agree on this for these ASCII phrases, and
`found()` below matches the same way in Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, case, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


@dataclass(frozen=True)
class Phrase:
    pattern: str  # lower case; `_` is any one character (an apostrophe, straight or curly)
    measured: int  # answers it matched in ../shared/data's archive
    first_seen: str  # the first of them, a permalink of that archive
    label: str = ""  # for readers, where the pattern is only the end of a word

    @property
    def text(self) -> str:
        """As a reader would see it."""
        return self.label or self.pattern.replace("_", "’")


PHRASES: tuple[Phrase, ...] = (
    # Not yet: an announcement, a decision, or the President are still to come.
    Phrase(
        "not going to get ahead of",
        471,
        "/sessions/2021-01-29-press-briefing-by-press-secretary-jen-psaki-january-29-2021/q/7",
    ),
    Phrase(
        "t want to get ahead of",
        254,
        "/sessions/2021-01-22-press-briefing-by-press-secretary-jen-psaki-and-national-economic-dire/q/40",
        "don’t want to get ahead of",
    ),
    Phrase(
        "not want to get ahead of",
        5,
        "/sessions/2021-02-24-press-briefing-by-white-house-covid-19-response-team-and-public-health/q/1",
    ),
    Phrase(
        "anything to preview",
        314,
        "/sessions/2021-01-25-press-briefing-by-press-secretary-jen-psaki-january-25-2021/q/37",
    ),
    Phrase(
        "nothing to preview",
        28,
        "/sessions/2021-01-29-press-briefing-by-press-secretary-jen-psaki-january-29-2021/q/10",
    ),
    Phrase(
        "not going to speculate",
        42,
        "/sessions/2021-02-16-press-briefing-by-press-secretary-jen-psaki-february-16-2021/q/14",
    ),
    # Elsewhere: another agency, government or person should answer.
    Phrase(
        "refer you",
        769,
        "/sessions/2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021/q/11",
    ),
    Phrase(
        "point you to",
        413,
        "/sessions/2021-01-29-press-briefing-by-press-secretary-jen-psaki-january-29-2021/q/21",
    ),
    Phrase(
        "direct you to",
        11,
        "/sessions/2021-05-06-press-gaggle-by-principal-deputy-press-secretary-karine-jean-pierre-ab/q/26",
    ),
    Phrase(
        "defer to",
        101,
        "/sessions/2021-01-21-press-briefing-by-press-secretary-jen-psaki-january-21-2021/q/36",
    ),
    Phrase(
        "d have to ask",
        25,
        "/sessions/2021-02-03-press-briefing-by-press-secretary-jen-psaki-february-3-2021/q/53",
        "you’d have to ask",
    ),
    Phrase(
        "ll have to ask",
        8,
        "/sessions/2021-04-14-press-briefing-by-press-secretary-jen-psaki-april-14-2021/q/7",
        "you’ll have to ask",
    ),
    Phrase(
        "let them speak",
        61,
        "/sessions/2021-02-17-press-briefing-by-press-secretary-jen-psaki-and-deputy-national-securi/q/23",
    ),
    Phrase(
        "let him speak",
        23,
        "/sessions/2021-04-26-press-briefing-by-press-secretary-jen-psaki-and-director-of-the-nation/q/3",
    ),
    Phrase(
        "let her speak",
        8,
        "/sessions/2021-03-18-press-briefing-by-press-secretary-jen-psaki-and-secretary-of-housing-a/q/39",
    ),
    # Nothing to say: no update, no detail, no comment.
    Phrase(
        "don_t have anything for you",
        67,
        "/sessions/2021-01-22-press-briefing-by-press-secretary-jen-psaki-and-national-economic-dire/q/29",
    ),
    Phrase(
        "don_t have an update",
        166,
        "/sessions/2021-01-22-press-briefing-by-press-secretary-jen-psaki-and-national-economic-dire/q/49",
    ),
    Phrase(
        "don_t have any update",
        202,
        "/sessions/2021-01-22-press-briefing-by-press-secretary-jen-psaki-and-national-economic-dire/q/38",
    ),
    Phrase(
        "don_t have anything new",
        81,
        "/sessions/2021-01-25-press-briefing-by-press-secretary-jen-psaki-january-25-2021/q/40",
    ),
    Phrase(
        "don_t have more",
        95,
        "/sessions/2021-01-25-press-briefing-by-press-secretary-jen-psaki-january-25-2021/q/19",
    ),
    Phrase(
        "not in a position to",
        65,
        "/sessions/2021-03-04-press-briefing-by-press-secretary-jen-psaki-and-secretary-of-veterans/q/30",
    ),
    Phrase(
        "not going to comment", 298, "/sessions/2016-04-14-direct-line-with-vladimir-putin/q/119"
    ),
    Phrase(
        "no comment",
        6,
        "/sessions/2022-03-21-press-briefing-by-press-secretary-jen-psaki-and-deputy-nsa-for-cyber-a/q/12",
    ),
    Phrase(
        "can_t comment",
        16,
        "/sessions/2021-10-21-press-briefing-by-principal-deputy-press-secretary-karine-jean-pierre/q/38",
    ),
    Phrase(
        "won_t comment",
        9,
        "/sessions/2021-10-21-press-briefing-by-principal-deputy-press-secretary-karine-jean-pierre/q/4",
    ),
    Phrase(
        "not going to get into",
        661,
        "/sessions/2021-01-29-press-briefing-by-press-secretary-jen-psaki-january-29-2021/q/30",
    ),
    Phrase(
        "not going to go into",
        105,
        "/sessions/2021-05-26-press-briefing-by-principal-deputy-press-secretary-karine-jean-pierre/q/18",
    ),
    Phrase(
        "not going to go beyond",
        88,
        "/sessions/2021-02-08-press-briefing-by-press-secretary-jen-psaki-february-8-2021/q/9",
    ),
    Phrase(
        "not going to detail",
        42,
        "/sessions/2021-03-02-press-briefing-by-press-secretary-jen-psaki-march-2-2021/q/1",
    ),
    Phrase(
        "not going to characterize",
        31,
        "/sessions/2021-04-15-press-briefing-by-press-secretary-jen-psaki-april-15-2021/q/45",
    ),
    Phrase(
        "not going to read out",
        30,
        "/sessions/2021-01-25-press-briefing-by-press-secretary-jen-psaki-january-25-2021/q/3",
    ),
    Phrase(
        "not going to weigh in",
        19,
        "/sessions/2021-02-09-press-briefing-by-press-secretary-jen-psaki-february-9-2021/q/26",
    ),
    Phrase(
        "not going to negotiate",
        128,
        "/sessions/2021-01-25-press-briefing-by-press-secretary-jen-psaki-january-25-2021/q/6",
    ),
)


class FoldedLike(FunctionElement[bool]):
    """`text LIKE pattern` ignoring letter case: SQLite's LIKE already does for ASCII;
    PostgreSQL needs ILIKE (SQLAlchemy's `ilike()` would wrap SQLite's side in lower(),
    which costs a copy of every answer per phrase)."""

    type = Boolean()
    inherit_cache = True
    name = "folded_like"


@compiles(FoldedLike)
def _ilike(element: FoldedLike, compiler: Any, **kw: Any) -> str:
    text, pattern = element.clauses
    return f"({compiler.process(text, **kw)} ILIKE {compiler.process(pattern, **kw)})"


@compiles(FoldedLike, "sqlite")
def _like(element: FoldedLike, compiler: Any, **kw: Any) -> str:
    text, pattern = element.clauses
    return f"({compiler.process(text, **kw)} LIKE {compiler.process(pattern, **kw)})"


def matches(column: Any, phrase: Phrase) -> ColumnElement[bool]:
    return FoldedLike(column, f"%{phrase.pattern}%")


def mask(column: Any) -> ColumnElement[int]:
    """One integer per answer: bit i set when it holds PHRASES[i]. One pass computes every
    count a principal's page needs (any phrase, each phrase)."""
    bits: ColumnElement[int] | None = None
    for i, phrase in enumerate(PHRASES):
        term: ColumnElement[int] = case((matches(column, phrase), 1 << i), else_=0)
        bits = term if bits is None else bits + term
    assert bits is not None
    return bits


def deflects(column: Any) -> ColumnElement[bool]:
    """True when the answer holds any phrase of the list."""
    return or_(*(matches(column, p) for p in PHRASES))


def phrases_of(bits: int) -> list[Phrase]:
    return [p for i, p in enumerate(PHRASES) if bits >> i & 1]


def _regex(phrase: Phrase) -> str:
    return ".".join(re.escape(part) for part in phrase.pattern.split("_"))


# Case folded the way LIKE folds: ASCII letters only (the phrases are ASCII).
_FOUND = [(p, re.compile(_regex(p), re.IGNORECASE | re.ASCII)) for p in PHRASES]


def found(text: str) -> list[Phrase]:
    """The phrases an answer holds, in list order; the same answer as `mask` in SQL."""
    return [p for p, rx in _FOUND if rx.search(text)]


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentence(text: str, phrase: Phrase) -> str:
    """The sentence of the answer that holds the phrase, for a listing to quote."""
    rx = dict(_FOUND)[phrase]
    for part in _SENTENCE_END.split(text.replace("\n\n", " ")):
        if rx.search(part):
            return part.strip()
    return ""
