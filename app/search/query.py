"""The user's search input -> Whoosh queries, by pure functions (no index, no database).

The box accepts what a reader types: words (stemmed, so "sanction" finds "sanctions"),
"exact phrases" (matched on an unstemmed field that keeps every word), AND/OR/NOT,
`-word`, parentheses, and filters (`journalist:skabeeva`, `outlet:"RIA Novosti"`,
`principal:putin`, `session:<slug>`, `year:2019`, `from:2019-01-01`, `to:2019-12-31`,
`question:word`, `answer:word`). Anything it cannot read raises `QueryError` with a
message for the page, never an exception from deep inside Whoosh.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from typing import Literal

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import AndGroup, MultifieldParser, PlusMinusPlugin

from app.search.schema import name_analyzer
from app.slugs import slugify

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
PAGE_SIZE = 10
SORTS = ("relevance", "newest", "oldest")
Sort = Literal["relevance", "newest", "oldest"]

# Filters a reader can type in the box or pass as form fields.
FILTERS = ("journalist", "outlet", "principal", "session", "year", "from", "to")
# Fields a reader can restrict words to, inside the free text.
TEXT_FIELDS = ("question", "answer")

_FILTER_RE = re.compile(r'(?<![\w:"])([A-Za-z_]+):("([^"]*)"|[^\s"()]+)')
_WORD_FIELD_RE = re.compile(r'(?<![\w:"])([A-Za-z_]+):(?=["\w(])')
_PHRASE_RE = re.compile(r'(?<![\w:])"([^"]*)"')
_FIELD_PHRASE_RE = re.compile(r'(?<![\w:"])(question|answer):"([^"]*)"', re.IGNORECASE)
# A word joined by hyphens (covid-19, well-known), not a leading -exclusion.
_HYPHENATED_RE = re.compile(r"(?<![\w-])(\w+(?:-\w+)+)")
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
            "from": req.date_from,
            "to": req.date_to,
            "sort": "" if req.sort == "relevance" else req.sort,
            "page": "" if req.page == 1 else str(req.page),
        }
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class ParsedSearch:
    """The text query (scored), the filter (not scored) and what the page tells the reader."""

    query: wq.Query
    filter: wq.Query | None
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


def _rewrite_phrases(text: str) -> str:
    """Hyphenated words become phrases ("covid-19": the hyphen is not an exclusion), and
    a phrase within questions or answers becomes its words in that field and the phrase
    in `exact` (only `exact` keeps positions: the phrase is in the exchange, its words in
    the field asked for)."""
    parts = re.split(r'("[^"]*")', text)
    text = "".join(
        part if part.startswith('"') else _HYPHENATED_RE.sub(r'"\1"', part) for part in parts
    )
    return _FIELD_PHRASE_RE.sub(
        lambda m: f'({m.group(1).lower()}:({m.group(2).replace("-", " ")}) exact:"{m.group(2)}")',
        text,
    )


def _parser(schema: Schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(PlusMinusPlugin())
    return parser


def text_query(text: str, schema: Schema) -> wq.Query:
    """The free text as a Whoosh query; quoted phrases go to the unstemmed `exact` field."""
    _check_syntax(text)
    if not text.strip():
        return wq.Every()
    # Phrases are searched where every word was kept, so "president of russia" does not
    # match "President Russia" the way the stemmed fields (stop words dropped) would.
    rewritten = _PHRASE_RE.sub(lambda m: f'exact:"{m.group(1)}"', _rewrite_phrases(text))
    query = _parse(_parser(schema), rewritten)
    if query is wq.NullQuery and re.search(r"(^|[\s(])(-|NOT\s)", rewritten):
        # Only exclusions ("-word"): everything except those words, not nothing.
        query = _parse(_parser(schema), f"* {rewritten}")
        # "*" per field would walk every term; the unfielded Every() walks document ids.
        query = query.accept(lambda q: wq.Every() if isinstance(q, wq.Every) else q).normalize()
    if query is wq.NullQuery:
        # Only stop words ("the who"), dropped by the stemmed fields: look in the field
        # that keeps every word instead of finding nothing.
        query = _parse(MultifieldParser(["exact"], schema, group=AndGroup), rewritten)
    if query is wq.NullQuery:
        raise QueryError("The search has no words to look for.")
    if isinstance(query, wq.Not):
        return wq.And([wq.Every(), query])
    return query.accept(_and_not_as_and)


def _and_not_as_and(q: wq.Query) -> wq.Query:
    """`a ANDNOT b` as `a AND NOT b`: whoosh-reloaded 2.7.5's AndNot matcher lets through
    documents that contain b (seen on the seeds: "gas -pipeline" kept an answer about the
    gas pipeline), while the Not matcher excludes them."""
    if isinstance(q, wq.AndNot):
        return wq.And([q.a, wq.Not(q.b)])
    return q


def _parse(parser: MultifieldParser, text: str) -> wq.Query:
    try:
        return parser.parse(text)
    except Exception as exc:  # Whoosh's parser is lenient; anything it throws is our 400
        raise QueryError(f"The search could not be read: {exc}.") from None


def _name_filter(slug_field: str, name_field: str, value: str) -> wq.Query:
    """A filter matching a slug exactly, or every word of a name (`skabeeva`, `"RIA Novosti"`)."""
    words = [t.text for t in name_analyzer()(value)]
    options: list[wq.Query] = [wq.Term(slug_field, slugify(value))]
    if words:
        options.append(wq.And([wq.Term(name_field, w) for w in words]))
    return wq.Or(options)


def filter_query(filters: dict[str, str]) -> wq.Query | None:
    parts: list[wq.Query] = []
    if value := filters.get("journalist"):
        parts.append(_name_filter("questioner", "questioner_name", value))
    if value := filters.get("outlet"):
        parts.append(_name_filter("outlet", "outlet_name", value))
    if value := filters.get("principal"):
        parts.append(_name_filter("principal", "principal_name", value))
    if value := filters.get("session"):
        parts.append(wq.Term("session", value))
    start = parse_date(filters["from"], "from") if filters.get("from") else None
    end = parse_date(filters["to"], "to") if filters.get("to") else None
    if year := filters.get("year"):
        if not re.fullmatch(r"\d{4}", year):
            raise QueryError(f"year: expects four digits, not {year!r}.")
        start = max(start or dt.date.min, dt.date(int(year), 1, 1))
        end = min(end or dt.date.max, dt.date(int(year), 12, 31))
    if start and end and start > end:
        raise QueryError("The date range ends before it starts.")
    if (
        start
        and end
        and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        and (start.year == end.year)
    ):
        # One calendar year (a year facet's link): one term of the year field, where a
        # date range would expand into many terms of the date field.
        parts.append(wq.NumericRange("year", start.year, start.year))
    elif start or end:
        parts.append(
            wq.DateRange(
                "date",
                dt.datetime.combine(start, dt.time()) if start else None,
                dt.datetime.combine(end, dt.time.max) if end else None,
            )
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def remove_filter(request: SearchRequest, name: str) -> SearchRequest:
    """The request without one filter, whether it came from a form field or the box."""
    field_name = {"from": "date_from", "to": "date_to"}.get(name, name)
    q = _FILTER_RE.sub(lambda m: " " if m.group(1).lower() == name else m.group(0), request.q)
    changes: dict[str, object] = {"q": " ".join(q.split()), "page": 1}
    if field_name in {f.name for f in fields(request)}:
        changes[field_name] = ""
    return replace(request, **changes)  # type: ignore[arg-type]


def parse_search(request: SearchRequest, schema: Schema) -> ParsedSearch:
    """The request's box text and form fields as one query and one filter."""
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
        "from": request.date_from,
        "to": request.date_to,
    }
    # A filter typed in the box wins over the same one in the form fields.
    filters = {k: v for k, v in form.items() if v} | typed
    return ParsedSearch(
        query=text_query(free_text, schema),
        filter=filter_query(filters),
        free_text=free_text,
        words=_bare_words(free_text),
        filters=filters,
    )
