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

    def lookup(
        self, conn: Connection, config: str, words: Iterable[str]
    ) -> dict[str, tuple[str, ...]]:
        """Each word's lexemes in order (more than one when the parser splits it)."""
        wanted = set(words)
        found = {w: lx for w in wanted if (lx := self._known.get((config, w))) is not None}
        missing = sorted(wanted - set(found))
        if not missing:
            return found
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
            self._known = {}
        for word, lexemes in rows:
            found[word] = self._known[(config, word)] = tuple(lexemes)
        return found


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
    """The words each configuration must look up to compile `node` (and mark its hits)."""
    stem, exact = set[str](), set[str]()
    for leaf in _leaves(node):
        if isinstance(leaf, plan.Word):
            (exact if leaf.exact else stem).add(leaf.text)
        else:  # matched on the exact words, marked by their stems
            words = leaf.words if isinstance(leaf, plan.Phrase) else (leaf.text,)
            exact.update(words)
            stem.update(words)
    return {CONFIGS[STEM]: stem, CONFIGS[EXACT]: exact}


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
    lexemes: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def prepare(self, conn: Connection, node: plan.Node) -> None:
        """Look up the lexemes of `node`'s words (a statement a configuration, for the
        words this process has not seen)."""
        for config, words in needed_words(node).items():
            for word, lexemes in self.lexicon.lookup(conn, config, words).items():
                self.lexemes[(config, word)] = lexemes

    def get(self, config: str, word: str) -> tuple[str, ...]:
        return self.lexemes[(config, word)]

    def bind(self, value: object, cast: str = "") -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"CAST(:{name} AS {cast})" if cast else f":{name}"

    def condition(self, node: plan.Node) -> str:
        """`node` as an SQL condition on the exchange row."""
        return self._sql(self._compile(node))

    def rank(self, node: plan.Node) -> str | None:
        """Relevance: cover density of each column's positive words, OR'ed, summed."""
        queries: dict[str, list[str]] = {}
        for leaf in plan.positive(node):
            compiled = self._compile(leaf)
            if isinstance(compiled, Leaf) and compiled.query:
                queries.setdefault(compiled.column, []).append(f"({compiled.query})")
        parts = [
            f"ts_rank_cd({self.alias}.{column}, {self.bind(' | '.join(q), 'tsquery')})"
            for column, q in sorted(queries.items())
        ]
        return " + ".join(parts) if parts else None

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
        lexemes = [lx for w in words for lx in self.get(CONFIGS[column], w)]
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


def highlight_query(compiler: Compiler, node: plan.Node) -> str:
    """The stems to mark in snippets: every positive word and phrase word but stop words,
    OR'ed (as the Whoosh engine marks them); prefixes as stem prefixes."""
    marks: list[str] = []
    for leaf in plan.positive(node):
        words = leaf.words if isinstance(leaf, plan.Phrase) else (leaf.text,)
        for word in words:
            if plan.droppable(word):
                continue
            for lexeme in compiler.get(CONFIGS[STEM], word):
                marks.append(quote(lexeme) + (":*" if isinstance(leaf, plan.Prefix) else ""))
    return " | ".join(dict.fromkeys(marks))
