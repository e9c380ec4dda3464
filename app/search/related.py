"""Related answers, one rule for every engine. An engine proposes candidates from other
sessions by the words that tell most about an exchange (`key_terms`); `pick` keeps those
about the same subject: whose words, weighed by how rare they are, point the same way as
the exchange's (cosine similarity of tf-idf vectors) by at least MIN_SIMILARITY.

How it was chosen (docs/related-answers.md has the whole account): 40 permalinks of the
real archive, each with the candidates three versions offered (389 pairs), were judged
blind as same subject, loosely related or unrelated. The engines' more-like-this put the
same subject in 21% of what it offered and something unrelated in 54%. Rules on shared
words (two at least, one in the question, numbers and stop words left out) did not help:
19%. The similarity did, on both halves of the sample alike: above 0.2, 51% same subject
and 18% unrelated, with 30 of the 40 permalinks still offered something. The others are
offered nothing, which is right for a child's question to a Direct Line that no other
session shares."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from stop_words import get_stop_words

from app.search.plan import droppable, words
from app.search.results import Hit
from app.search.stemming import cached_stem

# Candidates an engine proposes; the shared rule then keeps the best `top` of them.
CANDIDATES = 20
# Key words an engine searches candidates by: the best, at most KEY_TERMS, while together
# they are in no more than KEY_REACH exchanges (two words at least). Ranking reads every
# exchange they find, so this bounds the work whatever the archive's size: the twelve best
# words of a White House answer reached 2,700-9,200 of 29,157 exchanges, and Whoosh took
# 400 ms over them.
KEY_TERMS, KEY_REACH = 12, 2_000
# A word in the question counts as this many in the answer: the question names the subject.
ASKED_BOOST = 2
# The least similarity (0 to 1) of a related answer to the exchange it is offered beside.
MIN_SIMILARITY = 0.2
# An answer with fewer words that could name a subject (a 25-word answer has about 8) is a
# "Yes." or a deferral, not one to offer.
MIN_ANSWER_WORDS = 8
# A word in more than a tenth of the archive tells little and costs the most to look up;
# past 200,000 exchanges, words in 20,000 of them are left out too, which bounds the work.
COMMON_FRACTION, COMMON_WORD = 10, 20_000
# Of an answer, the characters read: its subject is in its opening, and White House answers
# run to 30,000 characters. On the judged pairs, reading 2,000 kept the same precision.
ANSWER_READ = 2_000
# Stems whose rarity one state of an index remembers (a few MB).
RARITY_CACHE = 300_000


@dataclass(frozen=True)
class KeyTerm:
    stem: str
    weight: float  # how much it tells: how often the exchange says it x its rarity


class Rarity:
    """How many exchanges have each stem, in one state of an index: looked up once per
    stem (in batches, for an engine where each lookup is a round trip) and remembered,
    since the candidates of one permalink share most of their words with the next's."""

    def __init__(self, lookup: Callable[[list[str]], dict[str, int]], total: float) -> None:
        self.lookup = lookup
        self.total = max(float(total), 1.0)
        self.common = max(10, min(int(total) // COMMON_FRACTION, COMMON_WORD))
        self.known: dict[str, int] = {}

    def prefetch(self, stems_: Iterable[str]) -> None:
        missing = sorted({s for s in stems_ if s not in self.known})
        if not missing:
            return
        if len(self.known) + len(missing) > RARITY_CACHE:
            self.known.clear()
        found = self.lookup(missing)
        self.known.update({s: found.get(s, 0) for s in missing})

    def count(self, stem: str) -> int:
        found = self.known.get(stem)
        if found is None:  # not prefetched, or another thread emptied the cache meanwhile
            found = self.known[stem] = self.lookup([stem]).get(stem, 0)
        return found

    def weight(self, stem: str, often: float) -> float:
        """tf-idf: the square root of how often, by ln(1 + total / exchanges with the
        stem), positive even where an engine counts a stem in both fields twice over. A
        stem in more than `common` exchanges weighs 0; one in this exchange alone weighs
        most (PostgreSQL, stemming a little differently, may not know it at all)."""
        df = self.count(stem)
        if df > self.common:
            return 0.0
        return math.sqrt(often) * math.log(1 + self.total / max(df, 1))


@functools.cache
def _no_subject() -> frozenset[str]:
    """1,333 English words that name no subject: "however", "maybe", "next", "must"."""
    return frozenset(get_stop_words("en"))


def subject_stems(text: str) -> list[str]:
    """The stems of a text's words that could name a subject: not a stop word of the
    longer list, not a number, and longer than two letters ("250,000", "2021", "ok")."""
    return [stem for w in words(text) if (stem := _subject_stem(w))]


# Related answers read every word of twenty candidates a permalink; the archive's
# vocabulary is bounded, so each word is judged and stemmed once.
@functools.lru_cache(maxsize=200_000)
def _subject_stem(word: str) -> str | None:
    if droppable(word) or word in _no_subject():
        return None
    stem = cached_stem(word)
    return stem if len(stem) > 2 and not any(c.isdigit() for c in stem) else None


def _counts(question: str, answer: str) -> tuple[Counter[str], Counter[str]]:
    return Counter(subject_stems(question)), Counter(subject_stems(answer[:ANSWER_READ]))


def key_terms(question: str, answer: str, rarity: Rarity) -> list[KeyTerm]:
    """The KEY_TERMS stems an engine searches candidates by. A subject is said more than
    once: in the question and again in the answer, or twice in either; a word said once
    is most often incidental, and a rare one outweighed the subject ("misjudged" over
    "inflation", "beautiful" over "whales")."""
    asked, said = _counts(question, answer)
    repeated = [s for s in asked.keys() | said.keys() if asked[s] + said[s] >= 2]
    rarity.prefetch(repeated)
    # A stem in this exchange alone would find nothing else.
    repeated = [s for s in repeated if rarity.count(s) >= 2]
    scored = [(rarity.weight(s, ASKED_BOOST * asked[s] + said[s]), s) for s in repeated]
    scored.sort(key=lambda ws: (-ws[0], ws[1]))
    chosen: list[KeyTerm] = []
    reach = 0
    for weight, stem in scored[:KEY_TERMS]:
        if weight <= 0 or (len(chosen) >= 2 and reach + rarity.count(stem) > KEY_REACH):
            break
        chosen.append(KeyTerm(stem, weight))
        reach += rarity.count(stem)
    return chosen


def _vector(asked: Counter[str], said: Counter[str], rarity: Rarity) -> dict[str, float]:
    weights = {s: rarity.weight(s, ASKED_BOOST * asked[s] + said[s]) for s in asked | said}
    return {s: w for s, w in weights.items() if w > 0}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[s] for s, w in a.items() if s in b)
    norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norms if norms else 0.0


def pick(source: Hit, candidates: Iterable[Hit], rarity: Rarity, top: int) -> list[Hit]:
    """The candidates about the same subject as `source`, most similar first: at least
    MIN_SIMILARITY, answering in at least MIN_ANSWER_WORDS words that could name a
    subject. An exchange said word for word in two transcripts is offered once, and never
    beside itself."""
    counted = [(hit, *_counts(hit.question, hit.answer)) for hit in candidates]
    counted = [c for c in counted if c[2].total() >= MIN_ANSWER_WORDS]
    mine = _counts(source.question, source.answer)
    rarity.prefetch(s for _, asked, said in [(source, *mine), *counted] for s in asked | said)
    me = _vector(*mine, rarity)
    seen = {_text_key(source)}
    scored: list[tuple[float, int, Hit]] = []
    for rank, (hit, asked, said) in enumerate(counted):
        score = similarity(me, _vector(asked, said, rarity))
        key = _text_key(hit)
        if score < MIN_SIMILARITY or key in seen:
            continue
        seen.add(key)
        scored.append((score, rank, hit))
    scored.sort(key=lambda srh: (-srh[0], srh[1]))
    return [hit for _, _, hit in scored[:top]]


def _text_key(hit: Hit) -> tuple[str, str]:
    return (" ".join(hit.question.split()).casefold(), " ".join(hit.answer.split()).casefold())
