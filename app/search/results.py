"""What every engine returns: hits, result pages, facet counts and a health report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from app.search.query import PAGE_SIZE, SearchRequest

# Facets counted over every match. `month` ("YYYY-MM") is every month with a match, in
# date order (the search page's topic-over-time strip); the others are the top values.
FACETS = ("outlet", "questioner", "principal", "kind", "year")
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
    kind: str = ""  # the session's kind (app.parsing.kinds)
    how: str = ""  # how the asker was identified (empty in an index built before it was kept)
    question_snippet: Markup | None = None  # escaped text with <mark>ed terms
    answer_snippet: Markup | None = None

    @property
    def permalink(self) -> str:
        return f"/sessions/{self.session}/q/{self.number}"

    @property
    def headline(self) -> Markup:
        """The question's first real sentence, with the words the snippets marked."""
        return lead(self.question, marked(self.question_snippet, self.answer_snippet))


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


_MARK_RE = re.compile(r"<mark[^>]*>(.*?)</mark>", re.DOTALL)
# A sentence ends at . ? or ! before a space and a capital, a quote or a digit; titles
# ("Mr. President") and initials are not ends.
_SENTENCE_END_RE = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])([.?!…]+[\"”’]?)\s+(?=[\"“A-Z0-9])"
)
# Openings that are not the question: thanks, greetings, the principal's name alone.
_PLEASANTRY_RE = re.compile(
    r"^(?:(?:thanks?|thank you|hi|hello|hey|good (?:morning|afternoon|evening)|yes|yeah|okay|"
    r"ok|sure|so|great|sorry|please|follow[- ]up|quick(?: one| question)?)\b[^.?!]*"
    r"|(?:this is|i'm|i am|my name is|it's) [^.?!]{0,80}"
    # "Robin Harding from the Financial Times." A name and an outlet, said before asking.
    r"|(?-i:[A-Z])[\w.’'-]*(?: (?-i:[A-Z])[\w.’'-]*){1,3},? (?:from|with|of|at|for) [^.?!]{0,60}"
    r"|(?-i:[A-Z])[\w.’'-]*(?:,? (?-i:[A-Z])[\w.’'-]*){0,3}[.,]?)[.?!…]*$",
    re.IGNORECASE,
)
HEADLINE = 200  # characters


def marked(*snippets: Markup | None) -> frozenset[str]:
    """The words an engine marked in its snippets, as they appear in the text."""
    found: set[str] = set()
    for snip in snippets:
        if snip:
            found.update(Markup(m).unescape().lower() for m in _MARK_RE.findall(str(snip)))
    return frozenset(found)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END_RE.sub(r"\1\n", text).split("\n") if s.strip()]


def first_sentence(text: str) -> str:
    """The first sentence that asks something: thanks and greetings are passed over."""
    parts = sentences(" ".join(text.split()))
    for part in parts:
        if part.endswith("?") or not _PLEASANTRY_RE.match(part):
            return part
    return parts[0] if parts else ""


def lead(text: str, words: frozenset[str], limit: int = HEADLINE) -> Markup:
    """The question's first sentence, escaped, cut at a word, with `words` marked."""
    sentence = first_sentence(text)
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    if not words:
        return escape(sentence)
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    out, at = Markup(""), 0
    for match in pattern.finditer(sentence):
        out += escape(sentence[at : match.start()]) + Markup("<mark>") + escape(match.group(0))
        out += Markup("</mark>")
        at = match.end()
    return out + escape(sentence[at:])
