"""The engine-neutral plan (app.search.plan) -> tantivy queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import tantivy
from tantivy import Occur, Query

from app.search import plan
from app.search.tantivy.schema import NAME_FIELDS, name_words, stems


def _all(occur: Occur, parts: Sequence[Query]) -> Query:
    return parts[0] if len(parts) == 1 else Query.boolean_query([(occur, p) for p in parts])


class Compiler:
    """Queries for one index. Fields are looked up by name in that index's own schema: a
    query names fields by number, so one built from another layout's schema would search
    other fields (or stop at a field it lacks, where it should)."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def term(self, field: str, text: str) -> Query:
        return Query.term_query(self.schema, field, text)

    def query(self, node: plan.Node) -> Query:
        if isinstance(node, plan.All):
            return Query.all_query()
        if isinstance(node, plan.Word):
            return self._word(node)
        if isinstance(node, plan.Prefix):
            return self._prefix(node)
        if isinstance(node, plan.Phrase):
            # Only `exact` keeps positions (question and answer, one after the other): a
            # phrase in one field is its words in that field and the phrase in the exchange.
            phrase = Query.phrase_query(self.schema, "exact", list(node.words))
            if node.fields == plan.TEXT_FIELDS:
                return phrase
            terms = [self.term(f, s) for f in node.fields for s in stems(node.words)]
            return _all(Occur.Must, [*terms, phrase])
        if isinstance(node, plan.And):
            return Query.boolean_query(
                [
                    (Occur.MustNot, self.query(c.child))
                    if isinstance(c, plan.Not)
                    else (Occur.Must, self.query(c))
                    for c in node.children
                ]
            )
        if isinstance(node, plan.Or):
            return _all(Occur.Should, [self.query(c) for c in node.children])
        # The parser puts every Not inside an And; alone, it is everything but its child.
        return Query.boolean_query(
            [(Occur.Must, Query.all_query()), (Occur.MustNot, self.query(node.child))]
        )

    def _word(self, node: plan.Word) -> Query:
        if node.exact:
            return self.term("exact", node.text)
        found = stems([node.text]) or [node.text]
        return _all(Occur.Should, [self.term(f, s) for f in node.fields for s in found])

    def _prefix(self, node: plan.Prefix) -> Query:
        """Whole words start with the prefix in `exact`; within one field, the field's stems
        must also start with the prefix's stem (stemming only ever trims a word's end)."""
        exact = self._starting("exact", node.text)
        if node.fields == plan.TEXT_FIELDS:
            return exact
        stem = (stems([node.text]) or [node.text])[0]
        within = _all(Occur.Should, [self._starting(f, stem) for f in node.fields])
        return _all(Occur.Must, [exact, within])

    def _starting(self, field: str, prefix: str) -> Query:
        # The regex matches whole terms; the prefix is letters, digits and dots.
        return Query.regex_query(self.schema, field, re.escape(prefix) + ".*")

    def filter(self, conditions: tuple[plan.Filter, ...]) -> Query | None:
        parts = [self._condition(c) for c in conditions]
        return _all(Occur.Must, parts) if parts else None

    def _condition(self, condition: plan.Filter) -> Query:
        if isinstance(condition, plan.NameIs):
            options = [self.term(condition.field, condition.slug)]
            if words := name_words(condition.value):
                name_field = NAME_FIELDS[condition.field]
                options.append(_all(Occur.Must, [self.term(name_field, w) for w in words]))
            return _all(Occur.Should, options)
        if isinstance(condition, plan.SessionIs):
            return self.term("session", condition.slug)
        if isinstance(condition, plan.KindIs):
            return self.term("kind", condition.kind)
        if (year := condition.year) is not None:
            return Query.range_query(self.schema, "year", tantivy.FieldType.Integer, year, year)
        # Dates are stored at midnight; an undated exchange has no date and matches no range.
        return Query.range_query(
            self.schema,
            "date",
            tantivy.FieldType.Date,
            dt.datetime.combine(condition.start, dt.time()) if condition.start else None,
            dt.datetime.combine(condition.end, dt.time.max) if condition.end else None,
        )
