"""Run a planned search against a tantivy index: hits, snippets, facet counts, suggestions,
related answers."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA
from tantivy import Occur, Query

from app.search.query import PAGE_SIZE, ParsedSearch, SearchRequest
from app.search.related import CANDIDATES, Rarity, key_terms, pick
from app.search.results import FACET_LIMIT, Hit, SearchResults, in_order, top_counts
from app.search.tantivy.compile import Compiler
from app.search.tantivy.highlight import Marks, snippet
from app.search.tantivy.index import current_dir, open_dir

RELATED_CACHE = 20_000  # answers whose related list is remembered, per process
# Facet values asked of tantivy at first: enough to rank the top FACET_LIMIT with their ties
# (asked again for every value when the ties run past them).
FACET_ASK = 4 * FACET_LIMIT
# tantivy counts a terms aggregation exactly when each segment reports all its values
# (its default, ten times `size`, drops the tail of a segment's values and guesses).
ALL_VALUES = 1_000_000


@dataclass(frozen=True)
class View:
    """One folder's searcher at one commit. Searches hold it for their duration, so a
    commit or a swap meanwhile changes nothing under them."""

    path: Path
    searcher: tantivy.Searcher
    compiler: Compiler  # for the folder's own schema
    generation: int
    rarity: Rarity  # how many exchanges have each stem, for related answers


def _rarity(searcher: tantivy.Searcher) -> Rarity:
    def lookup(stems: list[str]) -> dict[str, int]:
        # Exchanges with the stem in either field: the sum over-counts those with it in
        # both, which matters only for common stems, and those are left out anyway.
        return {s: searcher.doc_freq("question", s) + searcher.doc_freq("answer", s) for s in stems}

    return Rarity(lookup, searcher.num_docs)


class Readers:
    """The live folder's searcher, shared by every thread of a process (tantivy's searchers
    are thread-safe), reloaded when an ingest commits and reopened when a rebuild swaps
    the folder. tantivy's own reload-on-commit polls meta.json every half second: a search
    just after a commit would miss it, so each search looks (a read and a stat)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._view: View | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._generations = 0
        self._related: OrderedDict[tuple[Path, int, str], list[Hit]] = OrderedDict()

    def view(self) -> View | None:
        path = current_dir(self.root)
        if path is None:
            return None
        try:
            meta = (path / "meta.json").stat()
        except FileNotFoundError:
            return None
        # tantivy replaces meta.json whole at every commit: a new inode each time.
        stamp = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
        with self._lock:
            view = self._view
            if view is not None and view.path == path and self._stamp == stamp:
                return view
            if self._index is None or view is None or view.path != path:
                self._index = open_dir(path)
                self._index.config_reader(reload_policy="manual")
            self._index.reload()
            self._generations += 1
            compiler = Compiler(self._index.schema)
            searcher = self._index.searcher()
            self._view = View(path, searcher, compiler, self._generations, _rarity(searcher))
            self._stamp = stamp
            return self._view

    def related(self, key: str, top: int = 5) -> list[Hit]:
        """More-like-this for one exchange, remembered until the index changes."""
        view = self.view()
        if view is None:
            return []
        cache_key = (view.path, view.generation, key)
        with self._lock:
            if cache_key in self._related:
                self._related.move_to_end(cache_key)
                return self._related[cache_key]
        found = related(view, key, top)
        with self._lock:
            self._related[cache_key] = found
            while len(self._related) > RELATED_CACHE:
                self._related.popitem(last=False)
        return found

    def close(self) -> None:
        with self._lock:
            self._index = self._view = self._stamp = None
            self._related.clear()


def _order(request: SearchRequest) -> dict[str, Any]:
    if request.sort == "newest":
        return {"order_by_field": "day", "order": tantivy.Order.Desc}
    if request.sort == "oldest":
        return {"order_by_field": "day", "order": tantivy.Order.Asc}
    return {}


def search(view: View, parsed: ParsedSearch, request: SearchRequest) -> SearchResults:
    """One page of hits (snippets for those only) and facet counts over every match."""
    searcher = view.searcher
    query = view.compiler.query(parsed.query)
    filter_q = view.compiler.filter(parsed.conditions)
    if filter_q is not None:
        # Filters narrow without scoring: the order of relevance is the words' alone.
        query = Query.boolean_query(
            [(Occur.Must, query), (Occur.Must, Query.const_score_query(filter_q, 0.0))]
        )
    found = searcher.search(
        query,
        limit=PAGE_SIZE,
        offset=(request.page - 1) * PAGE_SIZE,
        count=True,
        **_order(request),
    )
    marks = Marks.of(parsed.query)
    hits = [_hit(searcher.doc(address).to_dict(), marks) for _, address in found.hits]
    return SearchResults(
        request=request,
        total=int(cast(Any, found).count),  # the binding's stub leaves `count` out
        hits=hits,
        facets=count_facets(searcher, query),
        suggestion=suggest(searcher, parsed, request.q),
    )


def _first(fields: dict[str, list[Any]], name: str) -> Any:
    values = fields.get(name)
    return values[0] if values else None


def _hit(fields: dict[str, list[Any]], marks: Marks | None = None) -> Hit:
    date = _first(fields, "date")
    question, answer = _first(fields, "question") or "", _first(fields, "answer") or ""
    return Hit(
        key=_first(fields, "key"),
        session=_first(fields, "session"),
        session_title=_first(fields, "session_title") or "",
        number=int(_first(fields, "number")),
        date=date.date() if isinstance(date, dt.datetime) else None,
        questioner=_first(fields, "questioner") or "",
        questioner_name=_first(fields, "questioner_name") or "",
        outlet=_first(fields, "outlet") or "",
        outlet_name=_first(fields, "outlet_name") or "",
        principal_names=[n for n in (_first(fields, "principal_name") or "").split("; ") if n],
        how=_first(fields, "how") or "",
        kind=_first(fields, "kind") or "",
        question=question,
        answer=answer,
        question_snippet=snippet(question, marks, top=1) if marks else None,
        answer_snippet=snippet(answer, marks) if marks else None,
    )


def _terms(field: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size, "segment_size": ALL_VALUES}}


def count_facets(searcher: tantivy.Searcher, query: Query) -> dict[str, list[tuple[str, int]]]:
    """The top values of each facet among every match (each principal of an exchange
    answered by two counts once for each), and every year and month with a match: one
    pass of tantivy's aggregations over single-valued fast fields, the years added up
    from the months (a year aggregation cost 8 ms more at a million exchanges)."""
    asked = {name: _terms(name, FACET_ASK) for name in ("questioner", "outlet", "kind")}
    asked |= {name: _terms(name, ALL_VALUES) for name in ("principals", "month")}
    counted = _buckets(searcher.aggregate(query, asked))
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in ("questioner", "outlet", "kind"):
        top = top_counts(counted[name])
        if len(counted[name]) == FACET_ASK and top and min(counted[name].values()) >= top[-1][1]:
            # Values tied with the last one shown may be past those asked for: ties are
            # broken by name, as every engine breaks them, and tantivy does not say how it
            # breaks them (by term, in 0.27), so all of them are asked for.
            again = _buckets(searcher.aggregate(query, {name: _terms(name, ALL_VALUES)}))
            top = top_counts(again[name])
        facets[name] = top
    principals: Counter[str] = Counter()
    for joined, n in counted["principals"].items():  # "putin,peskov": each counts
        for slug in str(joined).split(","):
            principals[slug] += n
    facets["principal"] = top_counts(principals)
    years: Counter[str] = Counter()
    for month, n in counted["month"].items():
        years[str(month)[:4]] += n
    facets["year"] = in_order(years)
    facets["month"] = in_order(counted["month"])
    return facets


def _buckets(result: dict[str, Any]) -> dict[str, dict[Any, int]]:
    return {
        name: {b["key"]: int(b["doc_count"]) for b in agg["buckets"]}
        for name, agg in result.items()
    }


def suggest(searcher: tantivy.Searcher, parsed: ParsedSearch, box_text: str) -> str | None:
    """The box text with each word the archive never uses replaced by its nearest word:
    within one edit for words of up to five letters, two for longer ones (short words have
    many near neighbours), never changing the first letter, the most frequent first."""
    corrected = box_text
    for word in parsed.words:
        lower = word.lower()
        if searcher.doc_freq("exact", lower):
            continue
        maxdist = 1 if len(lower) <= 5 else 2
        if (option := nearest(searcher, lower, maxdist)) is not None:
            pattern = rf"(?<![\w:-]){re.escape(word)}(?!\w)"
            corrected = re.sub(pattern, option, corrected, count=1)
    return corrected if corrected != box_text else None


def nearest(searcher: tantivy.Searcher, word: str, maxdist: int) -> str | None:
    """The indexed word nearest `word`, from those sharing its first letter. Distance
    counts a swap of two letters as one edit, as Whoosh's corrector does ("chian" is one
    from "china"); among words within reach the most frequent wins, as in Whoosh (which
    counts occurrences, where tantivy tells how many exchanges use the word). The term
    dictionary is walked in Rust and distances computed in C: milliseconds for a miss."""
    candidates = {
        term: freq
        for term, freq in searcher.terms_with_prefix("exact", word[0])
        if abs(len(term) - len(word)) <= maxdist and term != word
    }
    close = process.extract(
        word, list(candidates), scorer=OSA.distance, score_cutoff=maxdist, limit=None
    )
    if not close:
        return None
    return max((candidates[term], term) for term, _, _ in close)[1]


def related(view: View, key: str, top: int = 5) -> list[Hit]:
    """Answers from other sessions about the same subject (app.search.related): candidates
    by the key words, each in the question (weighted double) or the answer, two of them at
    least, the session's own exchanges left out (its page already lists them)."""
    searcher, compiler = view.searcher, view.compiler
    found = searcher.search(compiler.term("key", key), limit=1).hits
    if not found:
        return []
    source = _hit(searcher.doc(found[0][1]).to_dict())
    terms = key_terms(source.question, source.answer, view.rarity)
    if not terms:
        return []
    # One clause a word, so that "two at least" counts words, not fields.
    words = [
        (
            Occur.Should,
            Query.boolean_query(
                [
                    (
                        Occur.Should,
                        Query.boost_query(compiler.term("question", t.stem), 2 * t.weight),
                    ),
                    (Occur.Should, Query.boost_query(compiler.term("answer", t.stem), t.weight)),
                ]
            ),
        )
        for t in terms
    ]
    query = Query.boolean_query(
        [*words, (Occur.MustNot, compiler.term("session", source.session))],
        minimum_number_should_match=min(2, len(terms)),
    )
    hits = searcher.search(query, CANDIDATES).hits
    candidates = [_hit(searcher.doc(address).to_dict()) for _, address in hits]
    return pick(source, candidates, view.rarity, top)


def stored_questions(searcher: tantivy.Searcher) -> Iterator[tuple[str, str]]:
    """(key, question) of every document, for `presser doctor`."""
    everything = searcher.search(Query.all_query(), limit=max(1, searcher.num_docs)).hits
    for _, address in everything:
        fields = searcher.doc(address).to_dict()
        yield _first(fields, "key"), _first(fields, "question") or ""
