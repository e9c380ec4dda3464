"""The tantivy schema and analyzers: one document per exchange, words as the plan splits them."""

from __future__ import annotations

import datetime as dt
import functools

import tantivy

from app.search.documents import ExchangeDoc
from app.search.plan import STOP_WORDS, droppable

# Bump when the fields or analyzers change: `presser doctor` then advises a reindex.
LAYOUT = "1"

# plan.words' pattern (`\w+(?:\.?\w+)*`) in Rust's syntax: Python's `\w` is a letter, a
# number of any kind or `_`; Rust's `\w` leaves out numbers such as "¼" and takes in
# combining marks, so it is spelled out. "covid-19" is two words, "U.S." one ("u.s"),
# "don't" two ("don", "t"), in every field and in the plan alike. The dot is not optional
# here (the same words: runs of word characters joined by single dots), which tokenizes
# 15% faster; a regex tokenizer still costs 4x tantivy's own, 0.7 s of CPU per 10,000
# White House exchanges and field.
WORD = r"[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*"

STEMMED = "presser_stemmed"
EXACT = "presser_exact"
NAME = "presser_name"

UNDATED = dt.date.max.toordinal() + 1  # the `day` of an undated exchange

# The fields whose values are slugs, kept whole, and where their display names are indexed.
NAME_FIELDS = {
    "questioner": "questioner_name",
    "outlet": "outlet_name",
    "principal": "principal_name",
}


# Fields left out of a document, not set to "", when the exchange does not say.
IF_KNOWN = ("questioner", "outlet", "questioner_name", "outlet_name", "principal_name", "kind")


def _builder() -> tantivy.TextAnalyzerBuilder:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD)).filter(
        tantivy.Filter.lowercase()
    )


@functools.cache
def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    return {
        # Snowball English, as tantivy's own "en_stem" (the plan's stop words dropped
        # first, as Whoosh drops them, so a stop word never stands for a stem).
        STEMMED: _builder()
        .filter(tantivy.Filter.custom_stopword(sorted(STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("english"))
        .build(),
        # Exact phrases need every word where it was said: nothing stemmed or dropped. The
        # same field feeds "Did you mean", whose suggestions must be words, not stems.
        EXACT: _builder().build(),
        # Names of people and outlets: every word kept, accents folded (`sanchez`, Sánchez).
        NAME: _builder().filter(tantivy.Filter.ascii_fold()).build(),
    }


def register(index: tantivy.Index) -> tantivy.Index:
    """An index opened or created here knows the analyzers its fields name."""
    for name, analyzer in analyzers().items():
        index.register_tokenizer(name, analyzer)
    return index


@functools.cache
def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw")  # "<session slug>/<number>"
    b.add_text_field("session", stored=True, tokenizer_name="raw")
    b.add_text_field("session_title", stored=True, tokenizer_name="raw")
    b.add_integer_field("number", stored=True)  # found through `key`
    b.add_date_field("date", stored=True, indexed=True, fast=True)  # date ranges
    # The order of "newest" and "oldest": the day, an undated exchange after every date, as
    # Whoosh (and PostgreSQL's NULLs) sort it: last of the oldest, first of the newest.
    b.add_integer_field("day", fast=True)
    b.add_integer_field("year", stored=True, indexed=True, fast=True)
    b.add_text_field("month", fast=True, tokenizer_name="raw")  # "YYYY-MM", a facet
    # Word frequencies without positions: phrases are matched on `exact`.
    b.add_text_field("question", stored=True, tokenizer_name=STEMMED, index_option="freq")
    b.add_text_field("answer", stored=True, tokenizer_name=STEMMED, index_option="freq")
    b.add_text_field("exact", tokenizer_name=EXACT)  # question, then answer, with positions
    for slug_field, name_field in NAME_FIELDS.items():
        # Slugs are absent, not "", when unknown; a principal field holds one per principal.
        b.add_text_field(slug_field, stored=True, fast=True, tokenizer_name="raw")
        b.add_text_field(name_field, stored=True, tokenizer_name=NAME, index_option="basic")
    # The principals of an exchange as one value ("putin,peskov"), for facet counts: a
    # terms aggregation over the many-valued `principal` took 25 of the 57 ms that the
    # facets of "president" cost at a million exchanges; over one value a document, as
    # much as `outlet` does.
    b.add_text_field("principals", fast=True, tokenizer_name="raw")
    b.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw")  # the session's
    b.add_text_field("how", stored=True, tokenizer_name="raw")
    return b.build()


def document(doc: ExchangeDoc) -> tantivy.Document:
    """ExchangeDoc.fields(), the same speech-only text Whoosh indexes, as a tantivy document."""
    fields = doc.fields()
    out = tantivy.Document()
    for name in ("key", "session", "session_title", "question", "answer", "exact"):
        out.add_text(name, str(fields[name]))
    out.add_integer("number", doc.number)
    out.add_integer("day", doc.date.toordinal() if doc.date else UNDATED)
    if doc.date:
        out.add_date("date", fields["date"])  # type: ignore[arg-type]
        out.add_integer("year", doc.date.year)
        out.add_text("month", f"{doc.date.year:04d}-{doc.date.month:02d}")
    for name in IF_KNOWN:
        if value := str(fields[name]):
            out.add_text(name, value)
    if slugs := [slug for slug in dict.fromkeys(doc.principal_slugs) if slug]:
        for slug in slugs:
            out.add_text("principal", slug)
        out.add_text("principals", ",".join(slugs))
    if doc.how:
        out.add_text("how", doc.how)
    return out


def stems(words: list[str] | tuple[str, ...]) -> list[str]:
    """Words as the stemmed fields index them, stop words and single letters left out."""
    analyzer = analyzers()[STEMMED]
    return [s for w in words if not droppable(w) for s in analyzer.analyze(w)]


def name_words(value: str) -> list[str]:
    return analyzers()[NAME].analyze(value)
