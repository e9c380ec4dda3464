"""Related answers, one rule for every engine. An engine proposes candidates from other
sessions by the words that tell most about an exchange (`key_terms`: the question's
weighted double, since the question names the subject); `pick` keeps those about the same
subject.

Judged blind on 30 permalinks of the real archive, the engines' more-like-this alone
put the same subject in about a fifth of the answers it offered. What went wrong was the
same in every engine: one rare word the question happened to use decided the match
("nervous" brought "Don't be nervous, okay?"), a number stood for a subject ("$250,000":
a tax cut, a bank deposit and a line of credit), and answers of a few words, or none,
were offered as answers. So a candidate must share at least two of the key words, numbers
are not key words, and an answer must say something."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from stop_words import get_stop_words

from app.search.plan import droppable, words
from app.search.results import Hit
from app.search.stemming import cached_stem, stems

# Candidates an engine proposes; the shared rule then keeps the best `top` of them.
CANDIDATES = 30
# Key words an exchange is searched by.
KEY_TERMS = 12
# A word in the question counts as this many in the answer: the question names the subject.
ASKED_BOOST = 2
# Key words a candidate must share: one shared word is a coincidence as often as a subject.
MIN_SHARED = 2
# And their weight must come to this share of all the key words' weight: two minor words
# ("crew", "beautiful") do not make an aircraft factory the subject of a question on whales.
MIN_COVERAGE = 0.2
# An answer of fewer words (stop words aside) is a "Yes." or a deferral, not one to offer.
MIN_ANSWER_WORDS = 15
# A word in more than a tenth of the archive tells little and costs the most to look up;
# past 200,000 exchanges, words in 20,000 of them are left out too, which bounds the work.
COMMON_FRACTION, COMMON_WORD = 10, 20_000


@dataclass(frozen=True)
class KeyTerm:
    stem: str
    weight: float  # how much it tells: how often the exchange says it x its rarity


@functools.cache
def _no_subject() -> frozenset[str]:
    """1,333 English words that name no subject: "however", "maybe", "next", "must"."""
    return frozenset(get_stop_words("en"))


def subject_stems(text: str) -> list[str]:
    """The stems of a text's words that could name a subject: not a stop word of the
    longer list, not a number, and longer than two letters ("250,000", "2021", "ok")."""
    skip = _no_subject()
    return [
        stem
        for w in words(text)
        if not droppable(w) and w not in skip
        if len(stem := cached_stem(w)) > 2 and not any(c.isdigit() for c in stem)
    ]


def common_bound(total: float) -> int:
    return max(10, min(int(total) // COMMON_FRACTION, COMMON_WORD))


def key_terms(
    question: str, answer: str, doc_freq: Callable[[str], int], total: float
) -> list[KeyTerm]:
    """The exchange's KEY_TERMS most telling stems. A subject is said more than once: in
    the question and again in the answer, or twice in either. A word said once is most
    often incidental, and a rare one outweighed the subject under plain tf-idf
    ("misjudged" over "inflation", "beautiful" over "whales"). Among the words said
    more than once, the weight is the square root of how often (a question's word counted
    ASKED_BOOST times) by the rarity, ln(1 + total / exchanges with the word), positive even
    where an engine counts a word in both fields twice over; words in fewer
    than two exchanges (this one) or more than `common_bound` are left out."""
    asked = Counter(subject_stems(question))
    said = Counter(subject_stems(answer))
    common = common_bound(total)
    scored = []
    for stem in asked.keys() | said.keys():
        if asked[stem] + said[stem] < 2:
            continue
        df = doc_freq(stem)
        if 2 <= df <= common:
            often = ASKED_BOOST * asked[stem] + said[stem]
            scored.append((math.sqrt(often) * math.log(1 + total / df), stem))
    scored.sort(key=lambda ws: (-ws[0], ws[1]))
    return [KeyTerm(stem, weight) for weight, stem in scored[:KEY_TERMS]]


def pick(
    terms: Sequence[KeyTerm], candidates: Iterable[Hit], top: int, source: Hit | None = None
) -> list[Hit]:
    """The candidates about the same subject, best first. Each shares at least MIN_SHARED
    key stems, one of them in its question (a result leads with its question, and "Happy
    Monday." heading an opening statement says nothing of the subject), worth at least
    MIN_COVERAGE of the key words' weight, and answers in at least MIN_ANSWER_WORDS words.
    They rank by the weight of the stems shared, those in the question counted twice, then
    in the engine's order. An exchange said word for word in two transcripts is offered
    once, and never beside itself."""
    weight = {t.stem: t.weight for t in terms}
    everything = sum(weight.values())
    seen = {_text_key(source)} if source is not None else set()
    scored: list[tuple[float, int, Hit]] = []
    for rank, hit in enumerate(candidates):
        answer_stems = stems(hit.answer)
        if len(answer_stems) < MIN_ANSWER_WORDS:
            continue
        asked = weight.keys() & set(stems(hit.question))
        shared = asked | (weight.keys() & set(answer_stems))
        if len(shared) < MIN_SHARED or not asked:
            continue
        if sum(weight[s] for s in shared) < MIN_COVERAGE * everything:
            continue
        key = _text_key(hit)
        if key in seen:
            continue
        seen.add(key)
        score = sum(weight[s] for s in shared) + sum(weight[s] for s in asked)
        scored.append((score, rank, hit))
    scored.sort(key=lambda srh: (-srh[0], srh[1]))
    return [hit for _, _, hit in scored[:top]]


def _text_key(hit: Hit) -> tuple[str, str]:
    return (" ".join(hit.question.split()).casefold(), " ".join(hit.answer.split()).casefold())
