"""Run a planned search against a Whoosh index: hits, snippets, facet counts, suggestions,
related answers."""

from __future__ import annotations

import datetime as dt
import re
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from whoosh import highlight, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime

from app.search.query import PAGE_SIZE, ParsedSearch, SearchRequest
from app.search.related import CANDIDATES, Rarity, key_terms, pick
from app.search.results import FACETS, Hit, SearchResults, in_order, top_counts
from app.search.whoosh.compile import compile_filter, compile_query
from app.search.whoosh.index import current_dir, open_dir
from app.search.whoosh.schema import stemmed_analyzer

RELATED_CACHE = 20_000  # answers whose related list is remembered, per process
# Columns read for facet counts: the facets, and each document's date for its month.
COLUMNS = (*FACETS, "date")


class IndexReaders:
    """One searcher per thread, refreshed when an ingest commits and reopened when a
    reindex swaps the index folder. Whoosh searchers are not shared across threads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._local = threading.local()
        self._related: OrderedDict[tuple[str, int, str], list[Hit]] = OrderedDict()
        self._related_lock = threading.Lock()
        self._rarity: tuple[tuple[str, int], Rarity] | None = None
        self.columns = FacetColumns()

    def related(self, key: str, top: int = 5) -> list[Hit]:
        """More-like-this for one exchange, remembered until the index changes: it costs a
        scored query over the whole index (20 ms of a 28 ms permalink page at 2,000
        exchanges), and an answer's neighbours only change when the index does."""
        searcher = self.searcher()
        if searcher is None:
            return []
        cache_key = (str(self._local.path), searcher.reader().generation(), key)
        with self._related_lock:
            if cache_key in self._related:
                self._related.move_to_end(cache_key)
                return self._related[cache_key]
        found = related(searcher, key, top, self.rarity(cache_key[:2], searcher))
        with self._related_lock:
            self._related[cache_key] = found
            while len(self._related) > RELATED_CACHE:
                self._related.popitem(last=False)
        return found

    def rarity(self, state: tuple[str, int], searcher: Searcher) -> Rarity:
        """Stem counts for one state of the index, shared by the threads: each looks up
        what is missing with its own searcher (Whoosh's are not shared)."""
        with self._related_lock:
            if self._rarity is not None and self._rarity[0] == state:
                return self._rarity[1]

        def lookup(stems: list[str]) -> dict[str, int]:
            mine = self.searcher() or searcher
            reader = mine.reader()
            # Exchanges with the stem in either field: the sum over-counts those with it
            # in both, which matters only for common stems, and those are left out anyway.
            return {
                s: reader.doc_frequency("question", s) + reader.doc_frequency("answer", s)
                for s in stems
            }

        rarity = Rarity(lookup, searcher.doc_count())
        with self._related_lock:
            self._rarity = (state, rarity)
        return rarity

    def close(self) -> None:
        """Close this thread's searcher (each thread closes its own)."""
        current: Searcher | None = getattr(self._local, "searcher", None)
        if current is not None:
            current.close()
            self._local.searcher = None

    def searcher(self) -> Searcher | None:
        path = current_dir(self.root)
        if path is None or not whoosh_index.exists_in(str(path)):
            return None
        local = self._local
        current: Searcher | None = getattr(local, "searcher", None)
        if current is not None and local.path == path and current.up_to_date():
            return current
        if current is not None:
            current.close()
        # A fresh searcher rather than Searcher.refresh(): refreshing one opened on an empty
        # index raises inside whoosh-reloaded 2.7.5 (it iterates the EmptyReader's segments).
        current = open_dir(path).searcher()
        local.path = path
        local.searcher = current
        return current


def _positive_terms(q: wq.Query) -> Iterator[tuple[str, str]]:
    """The (field, text) pairs a hit matched on; words after NOT are not highlighted."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_terms(q.a)
        return
    if q.is_leaf():
        yield from q.terms(phrases=True)
        return
    for child in q.children():
        yield from _positive_terms(child)


def highlight_terms(q: wq.Query) -> frozenset[str]:
    """The query's words as the stemmed fields index them, so one pass marks both."""
    analyzer = stemmed_analyzer()
    words: set[str] = set()
    for fieldname, text in _positive_terms(q):
        if not isinstance(text, str):
            continue
        if fieldname == "exact":
            words.update(t.text for t in analyzer(text, mode="query"))
        elif fieldname in ("question", "answer"):
            words.add(text)
    return frozenset(words)


SNIPPET_WINDOW = 4_000  # characters analysed first; most answers match early


def snippet(text: str, terms: frozenset[str], top: int = 2) -> Markup | None:
    """Marked fragments of a text around the query's words. The start of a long answer is
    tried first, the whole text only when the start has no match: analysing whole answers
    was most of the highlighting time (White House answers run to 30,000 characters)."""
    if not terms or not text:
        return None
    if len(text) > SNIPPET_WINDOW:
        head = _snippet(text[:SNIPPET_WINDOW], terms, top)
        if head is not None:
            return head
        # The rest only (from a little before the cut, for a word it split): an answer
        # that never says the word was analysed twice over before.
        rest = text[SNIPPET_WINDOW - 100 :]
        start = rest.find(" ")
        tail = _snippet(rest[start + 1 :] if start >= 0 else rest, terms, top)
        return Markup("… ") + tail if tail is not None else None
    return _snippet(text, terms, top)


class WordFragmenter(highlight.ContextFragmenter):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's context fragments, widened to whole words: its tokens split "there's" into
    "there" and "s", so a fragment could start "s no end" and end before its full stop."""

    def fragment_tokens(self, text: str, tokens: Iterable[Any]) -> Iterator[highlight.Fragment]:
        for fragment in super().fragment_tokens(text, tokens):
            start, end = fragment.startchar, fragment.endchar
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            fragment.startchar, fragment.endchar = start, end
            yield fragment


def _snippet(text: str, terms: frozenset[str], top: int) -> Markup | None:
    out = highlight.highlight(
        text,
        terms,
        stemmed_analyzer(),
        WordFragmenter(maxchars=300, surround=60),
        highlight.HtmlFormatter(tagname="mark", between=" … "),
        top=top,
    )
    # HtmlFormatter escapes the transcript text itself; only its <mark> tags are markup.
    return Markup(out) if out else None


def _hit(fields: dict[str, object], terms: frozenset[str] = frozenset()) -> Hit:
    date = fields.get("date")
    question, answer = str(fields.get("question", "")), str(fields.get("answer", ""))
    return Hit(
        key=str(fields["key"]),
        session=str(fields["session"]),
        session_title=str(fields.get("session_title", "")),
        number=int(fields["number"]),  # type: ignore[call-overload]
        date=date.date() if isinstance(date, dt.datetime) else None,
        questioner=str(fields.get("questioner", "")),
        questioner_name=str(fields.get("questioner_name", "")),
        outlet=str(fields.get("outlet", "")),
        outlet_name=str(fields.get("outlet_name", "")),
        principal_names=[n for n in str(fields.get("principal_name", "")).split("; ") if n],
        how=str(fields.get("how", "")),
        kind=str(fields.get("kind", "")),
        question=question,
        answer=answer,
        question_snippet=snippet(question, terms, top=1),
        answer_snippet=snippet(answer, terms),
    )


def _sortedby(request: SearchRequest) -> sorting.FacetType | None:
    if request.sort == "newest":
        return sorting.FieldFacet("date", reverse=True)
    if request.sort == "oldest":
        return sorting.FieldFacet("date")
    return None


def narrow_filter(searcher: Searcher, q: wq.Query | None) -> wq.Query | None:
    """A name filter matches a slug or every word of a name; when the value is a slug the
    index holds (every facet link), the slug's one term is all it takes, and the name
    words' intersection (ten times the cost) is dropped."""
    if q is None:
        return None

    slug_fields = ("questioner", "outlet", "principal")

    def visit(node: wq.Query) -> wq.Query:
        first = node.subqueries[0] if isinstance(node, wq.Or) and node.subqueries else None
        if (
            isinstance(first, wq.Term)
            and first.fieldname in slug_fields
            and searcher.doc_frequency(first.fieldname, first.text)
        ):
            return first
        return node

    return q.accept(visit)


def search(
    searcher: Searcher,
    parsed: ParsedSearch,
    request: SearchRequest,
    columns: FacetColumns | None = None,
) -> SearchResults:
    """One page of hits (snippets for those only) and facet counts over every match."""
    query = compile_query(parsed.query)
    filter_q = narrow_filter(searcher, compile_filter(parsed.conditions))
    results = searcher.search(
        query,
        filter=filter_q,
        limit=request.page * PAGE_SIZE,
        sortedby=_sortedby(request),
    )
    terms = highlight_terms(query)
    start = (request.page - 1) * PAGE_SIZE
    hits = [_hit(h.fields(), terms) for h in results[start : start + PAGE_SIZE]]
    total, facets = count_facets(searcher, query, filter_q, columns or FacetColumns())
    return SearchResults(
        request=request,
        total=total,
        hits=hits,
        facets=facets,
        suggestion=suggest(searcher, parsed, request.q),
    )


@dataclass
class Column:
    """One facet's value for every document, dictionary-encoded: a 4-byte code a document
    and each distinct value once. As plain lists of values, the four facets held a Python
    object per document each (four million objects a worker at 1M exchanges)."""

    codes: array[int] = field(default_factory=lambda: array("I"))
    values: list[Any] = field(default_factory=list)

    @classmethod
    def encode(cls, values: Iterable[Any]) -> Column:
        column, index = cls(), dict[Any, int]()
        for value in values:
            code = index.get(value)
            if code is None:
                code = index[value] = len(column.values)
                column.values.append(value)
            column.codes.append(code)
        return column

    def extend(self, other: Column, index: dict[Any, int]) -> None:
        """Append another segment's documents; `index` maps this column's values to codes."""
        remap = array("I")
        for value in other.values:
            code = index.get(value)
            if code is None:
                code = index[value] = len(self.values)
                self.values.append(value)
            remap.append(code)
        self.codes.extend(map(remap.__getitem__, other.codes))

    def count(self, docs: list[int]) -> dict[Any, int]:
        # Counter over map() counts in C: 3x faster than a Python loop over the matches.
        return {self.values[c]: n for c, n in Counter(map(self.codes.__getitem__, docs)).items()}


class FacetColumns:
    """The facet fields' values for every document, read once per index segment and kept
    (segments never change once written). Counting matches over these columns was ~20x
    faster than Whoosh's grouping collector (460 ms for the facets of "president" over
    the 29,840 White House exchanges)."""

    def __init__(self) -> None:
        self._segments: dict[str, dict[str, Column]] = {}
        self._merged: tuple[tuple[str, ...], dict[str, Column]] | None = None
        self._lock = threading.Lock()

    def for_searcher(self, searcher: Searcher) -> dict[str, Column]:
        """Columns by global document number, for this searcher's segments. The joined
        columns are kept for the last set of segments too: joining them on every search
        would copy every document's codes per request."""
        leaves = [
            (leaf, segment.segment_id())
            for leaf, _offset in _leaves(searcher)
            # an empty index has no segment (and no documents)
            if (segment := getattr(leaf, "segment", lambda: None)()) is not None
        ]
        key = tuple(segment_id for _, segment_id in leaves)
        with self._lock:
            if self._merged is not None and self._merged[0] == key:
                return self._merged[1]
        merged = {name: Column() for name in COLUMNS}
        indexes: dict[str, dict[Any, int]] = {name: {} for name in COLUMNS}
        for leaf, segment_id in leaves:
            with self._lock:
                cached = self._segments.get(segment_id)
            if cached is None:
                size = leaf.doc_count_all()
                cached = {
                    # Dates raw (a number a document): an undated one holds a value that
                    # no datetime can hold, so translating them would overflow.
                    name: Column.encode(
                        leaf.column_reader(name, translate=name != "date")
                        if leaf.has_column(name)
                        else [""] * size
                    )
                    for name in COLUMNS
                }
            for name in COLUMNS:
                merged[name].extend(cached[name], indexes[name])
            with self._lock:
                self._segments[segment_id] = cached
        with self._lock:
            for gone in set(self._segments) - set(key):
                del self._segments[gone]
            self._merged = (key, merged)
        return merged


def _leaves(searcher: Searcher) -> list[tuple[Any, int]]:
    reader = searcher.reader()
    return list(reader.leaf_readers()) if not reader.is_atomic() else [(reader, 0)]


def count_facets(
    searcher: Searcher, query: wq.Query, filter_q: wq.Query | None, columns: FacetColumns
) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """How many documents match, the top values of each facet among all of them, and
    every year and month with a match."""
    docs: Iterable[int] = searcher.docs_for_query(query)
    if filter_q is not None:
        allowed = set(searcher.docs_for_query(filter_q))
        docs = (d for d in docs if d in allowed)
    values = columns.for_searcher(searcher)
    ids = list(docs)
    counts = {name: values[name].count(ids) for name in COLUMNS}
    principals: Counter[Any] = Counter()
    for joined, n in counts["principal"].items():  # "putin,peskov": count each slug
        for slug in str(joined).split(","):
            principals[slug] += n
    counts["principal"] = principals
    months: Counter[str] = Counter()
    for raw, n in counts.pop("date").items():
        if (month := _month(raw)) is not None:
            months[month] += n
    facets = {name: top_counts(counts[name]) for name in FACETS if name != "year"}
    # An undated document's year column holds Whoosh's "no value" (2**31 - 1).
    facets["year"] = in_order({y: n for y, n in counts["year"].items() if _is_year(y)})
    facets["month"] = in_order(months)
    return len(ids), facets


def _is_year(value: object) -> bool:
    return isinstance(value, int) and 0 < value < 10_000


def _month(raw: object) -> str | None:
    """ "YYYY-MM" of a raw date column value; None for an undated document."""
    if not isinstance(raw, int):
        return None
    try:
        date = long_to_datetime(raw)
    except (OverflowError, ValueError):
        return None
    return f"{date.year:04d}-{date.month:02d}"


def suggest(searcher: Searcher, parsed: ParsedSearch, box_text: str) -> str | None:
    """The box text with each word the archive never uses replaced by its nearest word."""
    corrector = None
    corrected = box_text
    for word in parsed.words:
        lower = word.lower()
        if searcher.doc_frequency("exact", lower):
            continue
        corrector = corrector or searcher.corrector("exact")
        # Short words have many near neighbours ("gaz" is two edits from "a"): allow one edit
        # and keep the first letter, which people rarely get wrong.
        maxdist = 1 if len(lower) <= 5 else 2
        options = corrector.suggest(lower, limit=1, maxdist=maxdist, prefix=1)
        if options and options[0] != lower:
            pattern = rf"(?<![\w:-]){re.escape(word)}(?!\w)"
            corrected = re.sub(pattern, options[0], corrected, count=1)
    return corrected if corrected != box_text else None


def related(searcher: Searcher, key: str, top: int, rarity: Rarity) -> list[Hit]:
    """Answers from other sessions about the same subject (app.search.related): candidates
    by the key words, each in the question (weighted double) or the answer, the session's
    own exchanges left out (its page already lists them, and they crowded out the rest)."""
    docnum = searcher.document_number(key=key)
    if docnum is None:
        return []
    source = _hit(searcher.stored_fields(docnum))
    terms = key_terms(source.question, source.answer, rarity)
    if not terms:
        return []
    # Flat, with no "two at least": Whoosh walks a nested or minimum-match query with a
    # Python object for each clause and posting; a match on more words ranks first anyway,
    # and `pick` judges the candidates.
    words = [
        wq.Term(field, t.stem, boost=boost * t.weight)
        for t in terms
        for field, boost in (("question", 2), ("answer", 1))
    ]
    # A mask, not a filter: the session's own few documents, not every other one's.
    hits = searcher.search(wq.Or(words), limit=CANDIDATES, mask=wq.Term("session", source.session))
    return pick(source, [_hit(h.fields()) for h in hits], rarity, top)
