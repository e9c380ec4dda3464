"""Snowball's English stemmer, as every engine stems: Whoosh through it, tantivy and
PostgreSQL with their own built-in copies of the same algorithm."""

from __future__ import annotations

import functools
import threading
from typing import Any

import Stemmer

from app.search.plan import droppable, words

# PyStemmer: Snowball's C library (libstemmer), the stems of the pure-Python
# snowballstemmer (the same on all 39,135 words of ../shared/data) at 1.2 us a word
# against 24: a cold permalink stems every word of its related candidates. A stemmer keeps
# its word in itself: one a thread.
_stemmers = threading.local()


def english_stem(word: str) -> str:
    """Snowball's English stemmer (Porter2), the one tantivy and PostgreSQL build in, so
    that every engine finds the same words. Whoosh's default, the first Porter stemmer,
    stems "news" to "new", "general" to "gener" (as "generation") and "has" to "ha": 12% of
    the words of the White House briefings found other words than under Snowball's."""
    stemmer: Any = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = Stemmer.Stemmer("english")
    return str(stemmer.stemWord(word))


# The archive's vocabulary is bounded (90,000 words in the White House briefings) and
# related answers stem every word of thirty candidates a permalink.
cached_stem = functools.lru_cache(maxsize=200_000)(english_stem)


def stems(text: str) -> list[str]:
    """A text's words as the stemmed fields index them: stop words and single letters
    dropped, the rest stemmed."""
    return [cached_stem(w) for w in words(text) if not droppable(w)]
