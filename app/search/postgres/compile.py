"""The engine-neutral plan (app.search.plan) -> SQL conditions over PostgreSQL's tsvectors.

Every exchange has two (migration 3e16de0d4fc8): `search_stem`, English stems, and
`search_exact`, every word as written; in both, question words weigh A and answer words B.
Words are looked up as the database's own parser and dictionaries make them (`Lexicon`),
then written into tsquery text with each lexeme quoted; the text is a bound parameter,
never part of the SQL. Filters become conditions on the joined tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from app.search import plan

STEM, EXACT = "search_stem", "search_exact"
# A text search configuration for each column (the migration creates presser_english).
CONFIGS = {STEM: "presser_english", EXACT: "simple"}
WEIGHTS = {"question": "A", "answer": "B"}


def quote(lexeme: str) -> str:
    """A lexeme as tsquery text: quoted, with quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class Lexicon:
    """Words -> the lexemes the database indexes them as, per configuration: the same
    parser and dictionaries as the columns, so a query word always meets its indexed form.
    Remembered per process (the configurations never change while it runs)."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[str, ...]] = {}

    def lookup(self, conn: Connection, config: str, words: Iterable[str]) -> None:
        missing = sorted({w for w in words if (config, w) not in self._known})
        if not missing:
            return
        rows = conn.execute(
            text(
                "SELECT u.w, ARRAY(SELECT d.lexemes[1] FROM ts_debug(CAST(:config AS regconfig), "
                "presser_words(u.w)) WITH ORDINALITY AS d(a, b, c, e, f, lexemes, n) "
                "WHERE d.lexemes[1] IS NOT NULL ORDER BY d.n) "
                "FROM unnest(CAST(:words AS text[])) AS u(w)"
            ),
            {"config": config, "words": missing},
        )
        if len(self._known) > self.LIMIT:
            self._known.clear()
        for word, lexemes in rows:
            self._known[(config, word)] = tuple(lexemes)

    def get(self, config: str, word: str) -> tuple[str, ...]:
        return self._known[(config, word)]


@dataclass
class Leaf:
    """A tsquery over one column."""

    column: str
    query: str


@dataclass
class Clause:
    sql: str


Compiled = Leaf | Clause


def needed_words(node: plan.Node) -> dict[str, set[str]]:
    """The words each configuration must look up to compile `node`."""
    out: dict[str, set[str]] = {STEM: set(), EXACT: set()}
    for leaf in _leaves(node):
        if isinstance(leaf, plan.Word):
            out[EXACT if leaf.exact else STEM].add(leaf.text)
        elif isinstance(leaf, plan.Prefix):
            out[EXACT].add(leaf.text)
            out[STEM].add(leaf.text)
        else:
            out[EXACT].update(leaf.words)
            out[STEM].update(leaf.words)
    return out


def _leaves(node: plan.Node) -> Iterable[plan.Word | plan.Prefix | plan.Phrase]:
    if isinstance(node, plan.Word | plan.Prefix | plan.Phrase):
        yield node
    elif isinstance(node, plan.And | plan.Or):
        for child in node.children:
            yield from _leaves(child)
    elif isinstance(node, plan.Not):
        yield from _leaves(node.child)


@dataclass
class Compiler:
    """Compiles plans into SQL with bound parameters, collected in `params`."""

    lexicon: Lexicon
    alias: str = "e"
    params: dict[str, object] = field(default_factory=dict)

    def bind(self, value: object, cast: str = "") -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"CAST(:{name} AS {cast})" if cast else f":{name}"

    def condition(self, node: plan.Node) -> str:
        """`node` as an SQL condition on the exchange row."""
        return self._sql(self._compile(node))

    def _sql(self, compiled: Compiled) -> str:
        if isinstance(compiled, Clause):
            return compiled.sql
        if not compiled.query:
            return "FALSE"
        return f"{self.alias}.{compiled.column} @@ {self.bind(compiled.query, 'tsquery')}"

    def _compile(self, node: plan.Node) -> Compiled:
        if isinstance(node, plan.All):
            return Clause("TRUE")
        if isinstance(node, plan.Word):
            column = EXACT if node.exact else STEM
            return Leaf(column, self._within(column, [node.text], node.fields))
        if isinstance(node, plan.Prefix):
            return Leaf(EXACT, self._within(EXACT, [node.text], node.fields, prefix=True))
        if isinstance(node, plan.Phrase):
            return Leaf(EXACT, self._within(EXACT, list(node.words), node.fields))
        if isinstance(node, plan.Not):
            child = self._compile(node.child)
            if isinstance(child, Leaf) and child.query:
                return Leaf(child.column, f"!({child.query})")
            return Clause(f"NOT ({self._sql(child)})")
        children = [self._compile(c) for c in node.children]
        joiner, sql_joiner = (" & ", " AND ") if isinstance(node, plan.And) else (" | ", " OR ")
        columns = {c.column for c in children if isinstance(c, Leaf)}
        if len(columns) == 1 and all(isinstance(c, Leaf) and c.query for c in children):
            # One tsquery for the column: one index search instead of one per word.
            queries = [f"({c.query})" for c in children if isinstance(c, Leaf)]
            return Leaf(columns.pop(), joiner.join(queries))
        return Clause("(" + sql_joiner.join(self._sql(c) for c in children) + ")")

    def _within(
        self, column: str, words: Sequence[str], fields: tuple[str, ...], prefix: bool = False
    ) -> str:
        """The words in order (a phrase when more than one lexeme), in any of `fields`: a
        phrase is tried in each field on its own, so it never runs from question to answer."""
        lexemes = [lx for w in words for lx in self.lexicon.get(CONFIGS[column], w)]
        if not lexemes:
            return ""
        options = []
        # One lexeme needs no weight when both fields will do; a phrase always has one,
        # so it never runs from the question into the answer (the Whoosh engine's does).
        weights = _weights(fields) if len(lexemes) == 1 else [WEIGHTS[f] for f in fields]
        for weight in weights:
            marks = [f"{quote(lx)}:{weight}" if weight else quote(lx) for lx in lexemes]
            if prefix:
                marks[-1] = f"{quote(lexemes[-1])}:*{weight}"
            options.append(" <-> ".join(marks))
        return " | ".join(f"({o})" for o in options) if len(options) > 1 else options[0]


def _weights(fields: tuple[str, ...]) -> list[str]:
    if set(fields) >= set(plan.TEXT_FIELDS):
        return [""]
    return [WEIGHTS[f] for f in fields]


@dataclass
class Ranking:
    """What relevance is scored on: each column's positive words, OR'ed."""

    queries: dict[str, list[str]] = field(default_factory=dict)

    def add(self, compiler: Compiler, node: plan.Node) -> None:
        for leaf in plan.positive(node):
            compiled = compiler._compile(leaf)
            if isinstance(compiled, Leaf) and compiled.query:
                self.queries.setdefault(compiled.column, []).append(f"({compiled.query})")

    def sql(self, compiler: Compiler) -> str | None:
        parts = [
            f"ts_rank_cd({compiler.alias}.{column}, "
            f"{compiler.bind(' | '.join(queries), 'tsquery')})"
            for column, queries in sorted(self.queries.items())
        ]
        return " + ".join(parts) if parts else None


def highlight_query(lexicon: Lexicon, node: plan.Node) -> str:
    """The stems to mark in snippets: every positive word and phrase word but stop words,
    OR'ed (as the Whoosh engine marks them); prefixes as stem prefixes."""
    marks: list[str] = []
    for leaf in plan.positive(node):
        words = leaf.words if isinstance(leaf, plan.Phrase) else (leaf.text,)
        for word in words:
            if plan.droppable(word):
                continue
            for lexeme in lexicon.get(CONFIGS[STEM], word):
                marks.append(quote(lexeme) + (":*" if isinstance(leaf, plan.Prefix) else ""))
    return " | ".join(dict.fromkeys(marks))
