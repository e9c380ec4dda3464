"""The reader's search input -> an engine-neutral plan (app.search.plan), by pure functions:
no engine, no index, no database.

The box accepts what a reader types: words (stemmed, so "sanction" finds "sanctions"),
"exact phrases" (matched on an unstemmed field that keeps every word), AND/OR/NOT,
`-word`, parentheses, and filters (`journalist:skabeeva`, `outlet:"RIA Novosti"`,
`principal:putin`, `session:<slug>`, `year:2019`, `from:2019-01-01`, `to:2019-12-31`,
`question:word`, `answer:word`). Anything it cannot read raises `QueryError` with a
message for the page, never an exception from deep inside a search engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from typing import Literal

from app.parsing.kinds import KINDS
from app.search import plan
from app.search.plan import TEXT_FIELDS
from app.slugs import slugify

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
PAGE_SIZE = 10
SORTS = ("relevance", "newest", "oldest")
Sort = Literal["relevance", "newest", "oldest"]

# Filters a reader can type in the box or pass as form fields.
FILTERS = ("journalist", "outlet", "principal", "session", "kind", "year", "from", "to")

_FILTER_RE = re.compile(r'(?<![\w:"])([A-Za-z_]+):("([^"]*)"|[^\s"()]+)')
_WORD_FIELD_RE = re.compile(r'(?<![\w:"])([A-Za-z_]+):(?=["\w(])')
_PHRASE_RE = re.compile(r'(?<![\w:])"([^"]*)"')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class QueryError(ValueError):
    """A search the reader typed that cannot be run; the message is shown on the page."""


@dataclass(frozen=True)
class SearchRequest:
    """Everything that decides a result page; built from the URL's parameters."""

    q: str = ""
    journalist: str = ""
    outlet: str = ""
    principal: str = ""
    session: str = ""
    kind: str = ""  # a session kind's slug (app.parsing.kinds)
    date_from: str = ""  # YYYY-MM-DD; checked by parse_search so a bad date is a 400 with a reason
    date_to: str = ""
    sort: Sort = "relevance"
    page: int = 1

    def params(self, **changes: object) -> dict[str, str]:
        """URL parameters for this request with `changes` applied (facet links, paging)."""
        req = replace(self, **changes)  # type: ignore[arg-type]
        out = {
            "q": req.q,
            "journalist": req.journalist,
            "outlet": req.outlet,
            "principal": req.principal,
            "session": req.session,
            "kind": req.kind,
            "from": req.date_from,
            "to": req.date_to,
            "sort": "" if req.sort == "relevance" else req.sort,
            "page": "" if req.page == 1 else str(req.page),
        }
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class ParsedSearch:
    """The text query (scored), the filters (not scored, all must hold) and what the page
    tells the reader."""

    query: plan.Node
    conditions: tuple[plan.Filter, ...]
    free_text: str
    words: list[str] = field(default_factory=list)  # bare words, for spelling suggestions
    filters: dict[str, str] = field(default_factory=dict)  # every filter in force, by name


def parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: expects a date written YYYY-MM-DD, not {value!r}.") from None


def split_filters(text: str) -> tuple[str, dict[str, str]]:
    """Pull `name:value` filters out of the box's text; the rest is the free text.

    `question:` and `answer:` stay in the text (they restrict words, not results); any other
    unknown `name:` is an error, so a typo is not silently searched as a word."""
    filters: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        value = match.group(3) if match.group(3) is not None else match.group(2)
        if name in TEXT_FIELDS:
            return match.group(0)
        if name not in FILTERS:
            raise QueryError(
                f"Unknown filter {match.group(1)}:. Filters are "
                + ", ".join(f"{f}:" for f in FILTERS + TEXT_FIELDS)
                + "."
            )
        if not value.strip():
            raise QueryError(f"{name}: needs a value, for example {name}:{_EXAMPLES[name]}.")
        filters[name] = value.strip()
        return " "

    rest = _FILTER_RE.sub(take, text)
    for match in re.finditer(r"(?<![\w:])([A-Za-z_]+):(?=\s|$)", rest):
        name = match.group(1).lower()
        if name in _EXAMPLES:
            raise QueryError(f"{name}: needs a value, for example {name}:{_EXAMPLES[name]}.")
    for match in _WORD_FIELD_RE.finditer(rest):  # `name:(` or a stray `name:` left over
        if match.group(1).lower() not in TEXT_FIELDS:
            raise QueryError(f"Unknown filter {match.group(1)}:.")
    return " ".join(rest.split()), filters


_EXAMPLES = {
    "journalist": "skabeeva",
    "outlet": '"RIA Novosti"',
    "principal": "putin",
    "session": "<session slug>",
    "kind": "gaggle",
    "year": "2019",
    "from": "2019-01-01",
    "to": "2019-12-31",
}


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('A quotation mark is not closed: phrases go between two " marks.')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("A closing parenthesis has no opening one.")
    if depth:
        raise QueryError("A parenthesis is not closed.")
    tokens = _PHRASE_RE.sub(" x ", text).replace("(", " ( ").replace(")", " ) ").split()
    for i, token in enumerate(tokens):
        if token not in _OPERATORS:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is None or after in _OPERATORS - {"NOT"} or after == ")":
            raise QueryError(f"{token} needs a word after it.")
        if token != "NOT" and (before is None or before in _OPERATORS or before == "("):
            raise QueryError(f"{token} needs a word before it.")


def _bare_words(text: str) -> list[str]:
    """Plain words of the free text (not phrases, operators or field-restricted words)."""
    text = _PHRASE_RE.sub(" ", text)
    words = []
    for token in re.split(r"[\s()]+", text):
        token = token.lstrip("+-")
        if not token or token in _OPERATORS or ":" in token or "*" in token or "?" in token:
            continue
        if re.fullmatch(r"[^\W\d_][\w'’-]*", token):
            words.append(token)
    return words


# One token of the free text: a parenthesis, a field prefix, a sign, a phrase or a word.
_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<open>\() | (?P<close>\))
      | (?P<field>(?:question|answer):)
      | (?P<sign>[+-])(?=["(\w])
      | "(?P<phrase>[^"]*)"
      | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # open, close, field, sign, phrase, word, op
    text: str


def _tokens(text: str) -> list[_Token]:
    out = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        value = match.group(kind)
        if kind == "word" and value in _OPERATORS:
            kind = "op"
        out.append(_Token(kind, value))
    return out


class _Parser:
    """Recursive descent over the tokens: OR binds loosest, then AND (written or implied),
    then NOT and signs. `a ANDNOT b` is `a AND NOT b`; `a ANDMAYBE b` matches what `a`
    matches (b could only change the order, and the plan does not rank)."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> plan.Node | None:
        node = self.any_of(TEXT_FIELDS)
        if self.peek() is not None:  # unbalanced input is caught before; belt and braces
            raise QueryError("The search could not be read.")
        return node

    def any_of(self, fields: tuple[str, ...]) -> plan.Node | None:
        options = [self.all_of(fields)]
        while (token := self.peek()) is not None and token == _Token("op", "OR"):
            self.take()
            options.append(self.all_of(fields))
        kept = [o for o in options if o is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else plan.Or(tuple(kept))

    def all_of(self, fields: tuple[str, ...]) -> plan.Node | None:
        parts: list[plan.Node | None] = []
        while (token := self.peek()) is not None and token.kind != "close":
            if token == _Token("op", "OR"):
                break
            if token.kind == "op" and token.text in ("AND", "ANDNOT", "ANDMAYBE"):
                self.take()
                following = self.unary(fields)
                if token.text == "ANDNOT":
                    parts.append(plan.Not(following) if following is not None else None)
                elif token.text == "AND":
                    parts.append(following)
                continue
            parts.append(self.unary(fields))
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else plan.And(tuple(kept))

    def unary(self, fields: tuple[str, ...]) -> plan.Node | None:
        token = self.peek()
        if token is not None and (token == _Token("op", "NOT") or token == _Token("sign", "-")):
            self.take()
            child = self.unary(fields)
            return plan.Not(child) if child is not None else None
        if token == _Token("sign", "+"):
            self.take()
        return self.atom(fields)

    def atom(self, fields: tuple[str, ...]) -> plan.Node | None:
        token = self.take()
        if token.kind == "open":
            node = self.any_of(fields)
            if self.peek() is not None and self.peek() == _Token("close", ")"):
                self.take()
            return node
        if token.kind == "field":
            if self.peek() is None:
                raise QueryError(f"{token.text} needs a word after it.")
            return self.atom((token.text[:-1].lower(),))
        if token.kind == "phrase":
            return _phrase(plan.words(token.text), fields)
        if token.kind in ("word", "sign", "op"):
            return _word(token.text, fields)
        return None  # a stray closing parenthesis: caught by the syntax check


def _word(token: str, fields: tuple[str, ...]) -> plan.Node | None:
    if "*" in token or "?" in token:
        stem = token.rstrip("*").lower()
        if "*" in stem or "?" in stem or not token.endswith("*") or not plan.words(stem):
            raise QueryError(f"{token}: a wildcard goes at the end of a word, as in sanction*.")
        if plan.words(stem) != [stem]:
            raise QueryError(f"{token}: a wildcard ends one word, as in sanction*.")
        return plan.Prefix(stem, fields)
    return _phrase(plan.words(token), fields)


def _phrase(found: list[str], fields: tuple[str, ...]) -> plan.Node | None:
    """Words joined by hyphens or dots ("covid-19") are a phrase, not an exclusion."""
    if not found:
        return None
    if len(found) == 1:
        return plan.Word(found[0], fields)
    return plan.Phrase(tuple(found), fields)


def _drop_stop_words(node: plan.Node) -> plan.Node | None:
    """Stop words as bare words match anything, as they would in a stemmed field."""
    if isinstance(node, plan.Word) and plan.droppable(node.text):
        return None
    if isinstance(node, plan.Not):
        child = _drop_stop_words(node.child)
        return plan.Not(child) if child is not None else None
    if isinstance(node, plan.And | plan.Or):
        kept = [c for c in (_drop_stop_words(c) for c in node.children) if c is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else type(node)(tuple(kept))
    return node


def _exact_words(node: plan.Node) -> plan.Node:
    """A search of stop words only ("the who") looks for them as written."""
    if isinstance(node, plan.Word):
        return plan.Word(node.text, node.fields, exact=True)
    if isinstance(node, plan.Not):
        return plan.Not(_exact_words(node.child))
    if isinstance(node, plan.And | plan.Or):
        return type(node)(tuple(_exact_words(c) for c in node.children))
    return node


def _anchor_negations(node: plan.Node, in_and: bool = False) -> plan.Node:
    """Every Not inside an And with something positive: `-pipeline` is everything but."""
    if isinstance(node, plan.Not):
        inner = plan.Not(_anchor_negations(node.child))
        return inner if in_and else plan.And((plan.All(), inner))
    if isinstance(node, plan.And):
        children = tuple(_anchor_negations(c, in_and=True) for c in node.children)
        if all(isinstance(c, plan.Not) for c in children):
            children = (plan.All(), *children)
        return plan.And(children)
    if isinstance(node, plan.Or):
        return plan.Or(tuple(_anchor_negations(c) for c in node.children))
    return node


def text_query(text: str) -> plan.Node:
    """The free text as a plan; an empty text matches every exchange."""
    _check_syntax(text)
    if not text.strip():
        return plan.All()
    parsed = _Parser(_tokens(text)).parse()
    if parsed is None:
        raise QueryError("The search has no words to look for.")
    node = _drop_stop_words(parsed)
    if node is None:
        node = _exact_words(parsed)
    return _anchor_negations(node)


def filter_plan(filters: dict[str, str]) -> tuple[plan.Filter, ...]:
    parts: list[plan.Filter] = []
    for name, field_name in (
        ("journalist", "questioner"),
        ("outlet", "outlet"),
        ("principal", "principal"),
    ):
        if value := filters.get(name):
            parts.append(plan.NameIs(field_name, slugify(value), value))  # type: ignore[arg-type]
    if value := filters.get("session"):
        parts.append(plan.SessionIs(value))
    if value := filters.get("kind"):
        kind = slugify(value)
        if kind not in KINDS:
            raise QueryError(f"kind: expects one of {', '.join(KINDS)}, not {value!r}.")
        parts.append(plan.KindIs(kind))
    start = parse_date(filters["from"], "from") if filters.get("from") else None
    end = parse_date(filters["to"], "to") if filters.get("to") else None
    if year := filters.get("year"):
        if not re.fullmatch(r"\d{4}", year):
            raise QueryError(f"year: expects four digits, not {year!r}.")
        start = max(start or dt.date.min, dt.date(int(year), 1, 1))
        end = min(end or dt.date.max, dt.date(int(year), 12, 31))
    if start and end and start > end:
        raise QueryError("The date range ends before it starts.")
    if start or end:
        parts.append(plan.DateIn(start, end))
    return tuple(parts)


def remove_filter(request: SearchRequest, name: str) -> SearchRequest:
    """The request without one filter, whether it came from a form field or the box."""
    field_name = {"from": "date_from", "to": "date_to"}.get(name, name)
    q = _FILTER_RE.sub(lambda m: " " if m.group(1).lower() == name else m.group(0), request.q)
    changes: dict[str, object] = {"q": " ".join(q.split()), "page": 1}
    if field_name in {f.name for f in fields(request)}:
        changes[field_name] = ""
    return replace(request, **changes)  # type: ignore[arg-type]


def parse_search(request: SearchRequest) -> ParsedSearch:
    """The request's box text and form fields as one query and its filters."""
    if len(request.q) > MAX_QUERY_LENGTH:
        raise QueryError(f"The search is longer than {MAX_QUERY_LENGTH} characters.")
    if not 1 <= request.page <= MAX_PAGE:
        raise QueryError(f"Pages run from 1 to {MAX_PAGE}.")
    free_text, typed = split_filters(request.q)
    form = {
        "journalist": request.journalist,
        "outlet": request.outlet,
        "principal": request.principal,
        "session": request.session,
        "kind": request.kind,
        "from": request.date_from,
        "to": request.date_to,
    }
    # A filter typed in the box wins over the same one in the form fields.
    filters = {k: v for k, v in form.items() if v} | typed
    return ParsedSearch(
        query=text_query(free_text),
        conditions=filter_plan(filters),
        free_text=free_text,
        words=_bare_words(free_text),
        filters=filters,
    )
