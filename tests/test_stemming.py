"""The stemmer every engine's words are compared by: Snowball's English (Porter2), as
tantivy and PostgreSQL build it in, and not Whoosh's first Porter stemmer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.search.stemming import cached_stem, english_stem, stems

# From Snowball's own English vocabulary and output, and words of the briefings that the
# first Porter stemmer got wrong for this archive ("news" as "new", "has" as "ha").
PORTER2 = {
    "news": "news",
    "general": "general",
    "generation": "generat",
    "has": "has",
    "inflation": "inflat",
    "consign": "consign",
    "consigned": "consign",
    "consignment": "consign",
    "knightly": "knight",
    "generously": "generous",
    "dying": "die",
    "skies": "sky",
    "sanctions": "sanction",
    "ukraine's": "ukrain",
}


@pytest.mark.parametrize(("word", "stem"), sorted(PORTER2.items()))
def test_porter2_stems(word: str, stem: str) -> None:
    assert english_stem(word) == stem
    assert cached_stem(word) == stem


def test_threads_each_stem_their_own_words() -> None:
    # A stemmer holds the word it is working on: one shared by threads would mix them.
    words = sorted(PORTER2) * 200
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(english_stem, words))
    assert got == [PORTER2[w] for w in words]


def test_stems_drop_stop_words_and_single_letters() -> None:
    assert stems("The sanctions on a generation") == ["sanction", "generat"]
