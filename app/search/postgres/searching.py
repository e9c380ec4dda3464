"""Run a planned search inside PostgreSQL: hits, snippets (ts_headline), facet counts (GROUP
BY over every match), suggestions (trigrams over the word counts) and related answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup
from sqlalchemy import Connection, text

from app.identity.explain import short
from app.parsing.stage import speech_only
from app.search import plan
from app.search.postgres.compile import Compiler, Lexicon, highlight_query, quote
from app.search.query import PAGE_SIZE, ParsedSearch, SearchRequest
from app.search.related import CANDIDATES, Rarity, key_terms, pick
from app.search.results import FACETS, Hit, SearchResults, in_order, top_counts

# Who answered an exchange, as the embedded engines' documents say (queries.
# session_index_docs): its answerers, or, when none is known, the session's principals.
PRINCIPALS = """
    SELECT ea.person_id, ea.id AS ord, '' AS name_order FROM exchangeanswerer ea
    WHERE ea.exchange_id = {e}.id
    UNION ALL
    SELECT a.person_id, 0, p.name FROM appearance a JOIN person p ON p.id = a.person_id
    WHERE a.session_id = {e}.session_id AND a.role = 'principal'
      AND NOT EXISTS (SELECT 1 FROM exchangeanswerer x WHERE x.exchange_id = {e}.id)
"""

# Names as the embedded engines index them: every word, accents folded.
NAME_WORDS = "to_tsvector('simple', presser_words(unaccent({})))"
VALUE_WORDS = "plainto_tsquery('simple', presser_words(unaccent({})))"

# Undated sessions come after every date, as in the embedded engines: last of the oldest,
# first of the newest.
ORDERS = {
    "newest": "date DESC NULLS FIRST, session_id DESC, position",
    "oldest": "date ASC NULLS LAST, session_id, position",
}

# ts_headline's fragments: about Whoosh's (300 characters around a match, two for an answer).
HEADLINE = (
    "MaxFragments={n}, MaxWords=40, MinWords=12, StartSel=<mark>, StopSel=</mark>, "
    'FragmentDelimiter=" … "'
)


def search(
    conn: Connection, lexicon: Lexicon, parsed: ParsedSearch, request: SearchRequest
) -> SearchResults:
    plan_for_search(conn)
    compiler = Compiler(lexicon)
    compiler.prepare(conn, parsed.query)
    where = " AND ".join(
        [compiler.condition(parsed.query), *(_filter(conn, compiler, f) for f in parsed.conditions)]
    )
    rank = compiler.rank(parsed.query)
    order = ORDERS.get(request.sort, "rank DESC, id" if rank else "id")
    page, total, facets = matches(
        conn, where, rank or "0", order, (request.page - 1) * PAGE_SIZE, compiler.params
    )
    hits = load_hits(conn, page, highlight_query(compiler, parsed.query))
    return SearchResults(
        request=request,
        total=total,
        hits=hits,
        facets=facets,
        suggestion=suggest(conn, parsed, request.q),
    )


def plan_for_search(conn: Connection) -> None:
    """Planner settings for this transaction's searches. The planner prices `@@` on a row
    as one operator, not as reading the row's tsvector from TOAST, so for a common word it
    prefers a sequential scan: 62 ms for "president" (56% of 29,157 exchanges) against
    17 ms by the GIN index's bitmap. Without a usable index (`-president`) it scans anyway.
    JIT compiled these statements for 20-40 ms to save less than that."""
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    conn.execute(text("SET LOCAL jit = off"))


def _filter(conn: Connection, compiler: Compiler, condition: plan.Filter) -> str:
    if isinstance(condition, plan.SessionIs):
        return f"s.slug = {compiler.bind(condition.slug)}"
    if isinstance(condition, plan.KindIs):
        return f"s.kind = {compiler.bind(condition.kind)}"
    if isinstance(condition, plan.DateIn):
        # An undated session compares as NULL, so it never matches a range.
        parts = []
        if condition.start:
            parts.append(f"s.date >= {compiler.bind(condition.start)}")
        if condition.end:
            parts.append(f"s.date <= {compiler.bind(condition.end)}")
        return " AND ".join(parts) or "TRUE"
    return _name_filter(conn, compiler, condition)


def _name_filter(conn: Connection, compiler: Compiler, condition: plan.NameIs) -> str:
    """A slug the archive uses is all it takes (every facet link); otherwise every word of
    the value in the name, as the Whoosh engine narrows it."""
    field, value = condition.field, compiler.bind(condition.value)
    if field == "outlet":
        known = conn.execute(
            text(
                "SELECT o.id FROM outlet o WHERE o.slug = :slug "
                "AND EXISTS (SELECT 1 FROM exchange x WHERE x.outlet_id = o.id)"
            ),
            {"slug": condition.slug},
        ).scalar()
        if known is not None:
            return f"e.outlet_id = {compiler.bind(known)}"
        return (
            f"e.outlet_id IN (SELECT o.id FROM outlet o "
            f"WHERE {NAME_WORDS.format('o.name')} @@ {VALUE_WORDS.format(value)})"
        )
    if field == "questioner":
        known = conn.execute(
            text(
                "SELECT p.id FROM person p WHERE p.slug = :slug "
                "AND EXISTS (SELECT 1 FROM exchange x WHERE x.questioner_id = p.id)"
            ),
            {"slug": condition.slug},
        ).scalar()
        if known is not None:
            return f"e.questioner_id = {compiler.bind(known)}"
        # The name as the transcript printed it (the embedded engines' `questioner_name`).
        printed = NAME_WORDS.format("coalesce(e.questioner_name, '')")
        return f"{printed} @@ {VALUE_WORDS.format(value)}"
    known = conn.execute(
        text(
            "SELECT p.id FROM person p WHERE p.slug = :slug AND ("
            "EXISTS (SELECT 1 FROM exchangeanswerer x WHERE x.person_id = p.id) OR "
            "EXISTS (SELECT 1 FROM appearance a WHERE a.person_id = p.id AND a.role = 'principal'))"
        ),
        {"slug": condition.slug},
    ).scalar()
    if known is not None:
        person = compiler.bind(known)
        return (
            f"(e.id IN (SELECT ea.exchange_id FROM exchangeanswerer ea "
            f"WHERE ea.person_id = {person}) "
            f"OR (e.session_id IN (SELECT a.session_id FROM appearance a "
            f"WHERE a.person_id = {person} AND a.role = 'principal') "
            "AND NOT EXISTS (SELECT 1 FROM exchangeanswerer x WHERE x.exchange_id = e.id)))"
        )
    # Every word somewhere in the answering principals' names ("putin peskov": both).
    names = NAME_WORDS.format(
        f"coalesce((SELECT string_agg(p.name, ' ') FROM ({PRINCIPALS.format(e='e')}) pr "
        "JOIN person p ON p.id = pr.person_id), '')"
    )
    return f"{names} @@ {VALUE_WORDS.format(value)}"


def load_hits(conn: Connection, ids: Sequence[int], highlight: str = "") -> list[Hit]:
    """The exchanges `ids` as hits, in that order, with marked snippets when `highlight`."""
    if not ids:
        return []
    rows = {
        row.id: row
        for row in conn.execute(
            text(
                "SELECT e.id, e.number, e.question, e.answer, e.questioner_name, e.basis, "
                "e.inferred_from, e.questioner_id, s.slug AS session, s.title, s.date, s.kind, "
                "q.slug AS questioner, o.slug AS outlet, o.name AS outlet_name "
                "FROM exchange e JOIN session s ON s.id = e.session_id "
                "LEFT JOIN person q ON q.id = e.questioner_id "
                "LEFT JOIN outlet o ON o.id = e.outlet_id WHERE e.id = ANY(:ids)"
            ),
            {"ids": list(ids)},
        )
    }
    names: dict[int, list[str]] = {}
    for exchange_id, name in conn.execute(
        text(
            f"SELECT e.id, p.name FROM exchange e, LATERAL ({PRINCIPALS.format(e='e')}) pr "
            "JOIN person p ON p.id = pr.person_id WHERE e.id = ANY(:ids) "
            "ORDER BY e.id, pr.ord, pr.name_order"
        ),
        {"ids": list(ids)},
    ):
        names.setdefault(exchange_id, []).append(name)
    texts = {i: (speech_only(rows[i].question), speech_only(rows[i].answer)) for i in ids}
    snippets = _snippets(conn, texts, highlight) if highlight else {}
    hits = []
    for i in ids:
        row = rows[i]
        question, answer = texts[i]
        marked = snippets.get(i, (None, None))
        hits.append(
            Hit(
                key=f"{row.session}/{row.number}",
                session=row.session,
                session_title=row.title,
                number=row.number,
                date=row.date,
                questioner=row.questioner or "",
                questioner_name=row.questioner_name or "",
                outlet=row.outlet or "",
                outlet_name=row.outlet_name or "",
                principal_names=names.get(i, []),
                how=short(row),
                kind=row.kind or "",
                question=question,
                answer=answer,
                question_snippet=marked[0],
                answer_snippet=marked[1],
            )
        )
    return hits


def _escape(value: str) -> str:
    """Text safe between tags. Only &, < and >: ts_headline copies them through as one
    token, where a numeric entity (&#39;) would be cut into words and could be marked."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _snippets(
    conn: Connection, texts: dict[int, tuple[str, str]], highlight: str
) -> dict[int, tuple[Markup | None, Markup | None]]:
    """Marked fragments of each question (one) and answer (two). The text is escaped
    before ts_headline sees it, so the only markup in what comes back is its <mark>."""
    ids = list(texts)
    rows = conn.execute(
        text(
            "SELECT u.i, ts_headline('presser_english', u.q, CAST(:hq AS tsquery), :one), "
            "ts_headline('presser_english', u.a, CAST(:hq AS tsquery), :two) "
            "FROM unnest(CAST(:ids AS integer[]), CAST(:qs AS text[]), CAST(:as_ AS text[])) "
            "AS u(i, q, a)"
        ),
        {
            "ids": ids,
            "qs": [_escape(texts[i][0]) for i in ids],
            "as_": [_escape(texts[i][1]) for i in ids],
            "hq": highlight,
            "one": HEADLINE.format(n=1),
            "two": HEADLINE.format(n=2),
        },
    )

    def marked(fragment: str | None) -> Markup | None:
        # Without a match ts_headline returns the text's start: no snippet, as Whoosh.
        return Markup(fragment.strip()) if fragment and "<mark>" in fragment else None

    return {i: (marked(q), marked(a)) for i, q, a in rows}


def matches(
    conn: Connection, where: str, rank: str, order: str, offset: int, params: dict[str, object]
) -> tuple[list[int], int, dict[str, list[tuple[str, int]]]]:
    """One page of matches in `order`, how many match, the top values of each facet among
    all of them, and every year and month with a match: one statement, so the matches are
    found once (finding them again for the facets cost as much as counting them)."""
    rows = conn.execute(
        text(
            "WITH m AS MATERIALIZED (SELECT e.id, e.session_id, e.position, e.questioner_id, "
            f"e.outlet_id, s.date, s.kind, {rank} AS rank "
            f"FROM exchange e JOIN session s ON s.id = e.session_id WHERE {where}) "
            f"(SELECT 'page', id::text, row_number() OVER (ORDER BY {order}) AS n FROM m "
            f"ORDER BY n LIMIT {PAGE_SIZE} OFFSET {offset}) "
            "UNION ALL SELECT 'total', '', count(*) FROM m "
            "UNION ALL SELECT 'outlet', o.slug, count(*) FROM m "
            "JOIN outlet o ON o.id = m.outlet_id GROUP BY o.slug "
            "UNION ALL SELECT 'questioner', p.slug, count(*) FROM m "
            "JOIN person p ON p.id = m.questioner_id GROUP BY p.slug "
            # Joined as sets: per match (LATERAL), it was 1.2 s for "president" at 29k.
            "UNION ALL SELECT 'principal', p.slug, count(*) FROM ("
            "SELECT ea.person_id FROM m JOIN exchangeanswerer ea ON ea.exchange_id = m.id "
            "UNION ALL SELECT a.person_id FROM m JOIN appearance a "
            "ON a.session_id = m.session_id AND a.role = 'principal' "
            "WHERE NOT EXISTS (SELECT 1 FROM exchangeanswerer x WHERE x.exchange_id = m.id)"
            ") pr JOIN person p ON p.id = pr.person_id GROUP BY p.slug "
            "UNION ALL SELECT 'kind', m.kind, count(*) FROM m WHERE m.kind <> '' GROUP BY 2 "
            "UNION ALL SELECT 'month', to_char(m.date, 'YYYY-MM'), count(*) FROM m "
            "WHERE m.date IS NOT NULL GROUP BY 2"
        ),
        params,
    )
    counts: dict[str, dict[str, int]] = {name: {} for name in (*FACETS, "month", "total")}
    page: list[tuple[int, int]] = []
    for facet, value, n in rows:
        if facet == "page":
            page.append((n, int(value)))
        else:
            counts[facet][value] = n
    for month, n in counts["month"].items():  # a year's count is its months'
        counts["year"][str(int(month[:4]))] = counts["year"].get(str(int(month[:4])), 0) + n
    facets = {name: top_counts(counts[name]) for name in FACETS if name != "year"}
    facets["year"] = in_order(counts["year"])
    facets["month"] = in_order(counts["month"])
    return [i for _, i in sorted(page)], counts["total"].get("", 0), facets


def suggest(conn: Connection, parsed: ParsedSearch, box_text: str) -> str | None:
    """The box text with each word the archive never uses replaced by its nearest word:
    within one edit for a word of five letters or fewer, two for a longer one, the same
    first letter, the most used of those (the Whoosh engine's rules). Trigrams find the
    candidates; levenshtein checks the distance."""
    corrected = box_text
    for word in parsed.words:
        lower = word.lower()
        if conn.execute(
            text("SELECT 1 FROM search_word WHERE word = :w AND ndoc > 0"), {"w": lower}
        ).first():
            continue
        maxdist = 1 if len(lower) <= 5 else 2
        found = conn.execute(
            text(
                "SELECT word FROM (SELECT word, ndoc FROM search_word "
                "WHERE left(word, 1) = left(:w, 1) AND ndoc > 0 "
                "ORDER BY word <-> :w LIMIT 200) c "
                "WHERE levenshtein_less_equal(word, :w, :d) <= :d "
                "ORDER BY ndoc DESC, word LIMIT 1"
            ),
            {"w": lower, "d": maxdist},
        ).scalar()
        if found and found != lower:
            pattern = rf"(?<![\w:-]){re.escape(word)}(?!\w)"
            corrected = re.sub(pattern, found, corrected, count=1)
    return corrected if corrected != box_text else None


def related(conn: Connection, key: str, top: int = 5) -> list[Hit]:
    """Answers from other sessions about the same subject (app.search.related): candidates
    by the key words, ranked by ts_rank (a word in the question counting double). Stem
    counts come from the table the triggers keep, in one statement for the exchange and
    one for its candidates."""
    slug, _, number = key.rpartition("/")
    if not number.isdigit():
        return []
    me = conn.execute(
        text(
            "SELECT e.id, e.session_id FROM exchange e "
            "JOIN session s ON s.id = e.session_id WHERE s.slug = :slug AND e.number = :number"
        ),
        {"slug": slug, "number": int(number)},
    ).first()
    if me is None:
        return []

    def lookup(stems: list[str]) -> dict[str, int]:
        rows = conn.execute(
            text("SELECT term, ndoc FROM search_term WHERE term = ANY(:stems)"), {"stems": stems}
        )
        return {str(term): int(ndoc) for term, ndoc in rows}

    rarity = Rarity(lookup, _exchange_estimate(conn))
    source = load_hits(conn, [me.id])[0]  # its texts as the candidates': speech only
    chosen = key_terms(source.question, source.answer, rarity)
    if not chosen:
        return []
    plan_for_search(conn)
    ids = conn.execute(
        text(
            "SELECT e.id FROM exchange e WHERE e.search_stem @@ CAST(:q AS tsquery) "
            "AND e.session_id <> :session ORDER BY "
            "ts_rank('{0, 0, 0.5, 1}', e.search_stem, CAST(:q AS tsquery)) DESC, e.id "
            "LIMIT :candidates"
        ),
        {
            "q": " | ".join(quote(t.stem) for t in chosen),
            "session": me.session_id,
            "candidates": CANDIDATES,
        },
    ).scalars()
    return pick(source, load_hits(conn, list(ids)), rarity, top)


def _exchange_estimate(conn: Connection) -> float:
    """The number of exchanges, as the planner's statistics have it: exact enough for
    weighing terms, and free where count(*) reads the whole table."""
    estimate: Any = conn.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = 'exchange'::regclass")
    ).scalar()
    if estimate is None or estimate < 1:
        return float(conn.execute(text("SELECT count(*) FROM exchange")).scalar() or 1)
    return float(estimate)
