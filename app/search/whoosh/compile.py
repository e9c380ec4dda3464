"""The engine-neutral plan (app.search.plan) -> Whoosh queries."""

from __future__ import annotations

import datetime as dt

from whoosh import query as wq

from app.search import plan
from app.search.whoosh.schema import name_analyzer, stemmed_analyzer

# The plan's names for the facet fields -> where their display names are indexed.
NAME_FIELDS = {
    "questioner": "questioner_name",
    "outlet": "outlet_name",
    "principal": "principal_name",
}


def _stems(words: tuple[str, ...] | list[str]) -> list[str]:
    analyzer = stemmed_analyzer()
    return [t.text for w in words for t in analyzer(w, mode="query")]


def compile_query(node: plan.Node) -> wq.Query:
    if isinstance(node, plan.All):
        return wq.Every()
    if isinstance(node, plan.Word):
        return _word(node)
    if isinstance(node, plan.Prefix):
        return _prefix(node)
    if isinstance(node, plan.Phrase):
        # Only `exact` keeps positions (question and answer, one after the other): a phrase
        # in one field is its words in that field and the phrase in the exchange.
        phrase = wq.Phrase("exact", list(node.words))
        if node.fields == plan.TEXT_FIELDS:
            return phrase
        terms: list[wq.Query] = [wq.Term(f, s) for f in node.fields for s in _stems(node.words)]
        return wq.And([*terms, phrase])
    if isinstance(node, plan.And):
        # `a AND NOT b` rather than Whoosh's AndNot: whoosh-reloaded 2.7.5's AndNot matcher
        # lets through documents that contain b (seen on the seeds: "gas -pipeline").
        return wq.And([compile_query(c) for c in node.children])
    if isinstance(node, plan.Or):
        return wq.Or([compile_query(c) for c in node.children])
    return wq.Not(compile_query(node.child))


def _word(node: plan.Word) -> wq.Query:
    if node.exact:
        return wq.Term("exact", node.text)
    stems = _stems([node.text]) or [node.text]
    parts = [wq.Term(f, s) for f in node.fields for s in stems]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _prefix(node: plan.Prefix) -> wq.Query:
    """Whole words start with the prefix in `exact`; within one field, the field's stems
    must also start with the prefix's stem (stemming only ever trims a word's end)."""
    exact = wq.Prefix("exact", node.text)
    if node.fields == plan.TEXT_FIELDS:
        return exact
    stem = (_stems([node.text]) or [node.text])[0]
    within = [wq.Prefix(f, stem) for f in node.fields]
    return wq.And([exact, within[0] if len(within) == 1 else wq.Or(within)])


def compile_filter(conditions: tuple[plan.Filter, ...]) -> wq.Query | None:
    parts = [_condition(c) for c in conditions]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _condition(condition: plan.Filter) -> wq.Query:
    if isinstance(condition, plan.NameIs):
        words = [t.text for t in name_analyzer()(condition.value)]
        options: list[wq.Query] = [wq.Term(condition.field, condition.slug)]
        if words:
            name_field = NAME_FIELDS[condition.field]
            options.append(wq.And([wq.Term(name_field, w) for w in words]))
        return wq.Or(options)
    if isinstance(condition, plan.SessionIs):
        return wq.Term("session", condition.slug)
    if isinstance(condition, plan.KindIs):
        return wq.Term("kind", condition.kind)
    if (year := condition.year) is not None:
        # One term of the year field, where a date range expands into many date terms.
        return wq.NumericRange("year", year, year)
    return wq.DateRange(
        "date",
        dt.datetime.combine(condition.start, dt.time()) if condition.start else None,
        dt.datetime.combine(condition.end, dt.time.max) if condition.end else None,
    )
