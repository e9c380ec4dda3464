"""Snippets: the transcript's text around the words a search matched, escaped, each matched
word in <mark>, fragments cut at word boundaries and joined with " … ".

tantivy's SnippetGenerator marks only the terms of one field and returns one fragment;
a hit here can match on stems (question, answer) and on exact phrases alike, and shows
two fragments of an answer, so words are found the way the index analyses them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.search import plan
from app.search.tantivy.schema import STEMMED, analyzers, stems

# A word as plan.words splits text (the index's tokenizer, in Python's syntax).
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
MAXCHARS = 300  # a fragment's longest
SURROUND = 60  # characters of context before the first and after the last matched word
WINDOW = 4_000  # characters analysed first; most answers match early
BETWEEN = " … "


@dataclass(frozen=True)
class Marks:
    """What a hit matched on: stems, and the starts of words for `word*`."""

    stems: frozenset[str]
    prefixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, node: plan.Node) -> Marks:
        found: set[str] = set()
        prefixes: list[str] = []
        for part in plan.positive(node):
            if isinstance(part, plan.Prefix):
                prefixes.append(part.text)
            else:
                # Words of phrases and exact words too, marked in any form ("presidents"
                # for "of the president"); their stop words are not marked.
                found.update(stems(part.words if isinstance(part, plan.Phrase) else [part.text]))
        return cls(frozenset(found), tuple(prefixes))

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes)

    def match(self, word: str) -> bool:
        lower = word.lower()
        return _stem(lower) in self.stems or lower.startswith(self.prefixes)


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str | None:
    found = analyzers()[STEMMED].analyze(word)
    return found[0] if len(found) == 1 else None


def snippet(text: str, marks: Marks, top: int = 2) -> Markup | None:
    """Marked fragments of a text around the matched words. The start of a long answer is
    tried first, the rest only when the start has no match (White House answers run to
    30,000 characters)."""
    if not marks or not text:
        return None
    if len(text) <= WINDOW:
        return _snippet(text, marks, top)
    head = _snippet(text[:WINDOW], marks, top)
    if head is not None:
        return head
    # The rest, from a little before the cut so that a word it split is whole.
    rest = text[WINDOW - 100 :]
    start = rest.find(" ")
    tail = _snippet(rest[start + 1 :] if start >= 0 else rest, marks, top)
    return Markup("… ") + tail if tail is not None else None


def _snippet(text: str, marks: Marks, top: int) -> Markup | None:
    spans = [m.span() for m in _WORD_RE.finditer(text)]
    matched = [i for i, (s, e) in enumerate(spans) if marks.match(text[s:e])]
    if not matched:
        return None
    chosen = sorted(sorted(fragments(spans, matched), key=lambda f: -f[2])[:top])
    return Markup(BETWEEN).join(_render(text, spans, set(matched), lo, hi) for lo, hi, _ in chosen)


def fragments(spans: list[tuple[int, int]], matched: list[int]) -> list[tuple[int, int, int]]:
    """(first word, last word, matched words) of each fragment, in text order: a matched
    word with up to SURROUND characters of whole words either side, and the next matched
    words while the fragment stays within MAXCHARS."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(matched):
        first = matched[i]
        floor = out[-1][1] + 1 if out else 0
        lo = first
        while lo > floor and spans[lo - 1][0] >= spans[first][0] - SURROUND:
            lo -= 1
        hi, count = first, 1
        i += 1
        while (
            i < len(matched)
            and spans[matched[i]][0] - spans[hi][1] <= SURROUND
            and spans[matched[i]][1] - spans[lo][0] <= MAXCHARS
        ):
            hi, count = matched[i], count + 1
            i += 1
        last_match = hi
        stop = matched[i] if i < len(matched) else len(spans)
        while (
            hi + 1 < stop
            and spans[hi + 1][1] <= spans[last_match][1] + SURROUND
            and spans[hi + 1][1] - spans[lo][0] <= MAXCHARS
        ):
            hi += 1
        out.append((lo, hi, count))
    return out


def _render(text: str, spans: list[tuple[int, int]], matched: set[int], lo: int, hi: int) -> Markup:
    """Words lo to hi, widened to the spaces around them: a fragment starting at the "s" of
    "there's" would read "s no end", and one ending at a word would drop its full stop."""
    at, end = spans[lo][0], spans[hi][1]
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    parts: list[Markup] = []
    for i in range(lo, hi + 1):
        if i in matched:
            s, e = spans[i]
            parts.append(escape(text[at:s]))
            parts.append(Markup("<mark>%s</mark>") % text[s:e])
            at = e
    parts.append(escape(text[at:end]))
    return Markup("").join(parts)
