"""postgres search

Revision ID: 3e16de0d4fc8
Revises: cf3666f4d86f
Create Date: 2026-11-25 22:38:01.650098

Autogenerate finds nothing: the models are unchanged. What follows is written by hand and
runs on PostgreSQL only (PRESSER_SEARCH_ENGINE=postgres, app/search/postgres): full-text
search data that the database computes itself, so it is written in the transaction that
writes the exchange, whoever writes it (ingest, `presser import`), and no host ever
reindexes. app.db.described_by_models keeps these `search_*` objects out of `alembic check`.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '3e16de0d4fc8'
down_revision: str | None = 'cf3666f4d86f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# app.parsing.stage._STAGE in PostgreSQL's regular expressions: stage directions
# ("(Laughter.)", "[inaudible]") are not speech and are not indexed.
STAGE = (
    r"\((?:[A-Z][\w’'\- ]{0,40}\.|(?:laughter|applause|inaudible|crosstalk|cross-talk|"
    r"off-mic|off mic|audio cut|no response|pause|technical difficulties|unintelligible|"
    r"in progress|video|break|recess)[\w\s.,’'\-]{0,30})\)|\[[^\[\]\n]{1,120}\]"
)
# Punctuation becomes a space before PostgreSQL's parser sees the text, so that it splits
# words where the embedded engines' `\w+(\.?\w+)*` does: "covid-19" is "covid 19" (not
# "covid" and the number "-19"), "24/7" two numbers (not a file path), "<img src=x>" three
# words (not a skipped tag). Ranges by code point, not [[:punct:]]: in a database of the C
# locale the parser takes every non-ASCII character for a letter, curly quotes included.
PUNCTUATION = (
    r"[\u0021-\u002D\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E"
    r"\u00A0-\u00BF\u00D7\u00F7\u2000-\u206F\u2E00-\u2E7F\u3000-\u303F]"
)
# app.search.plan.STOP_WORDS as of this revision, and every one-character word: the
# stemmed column leaves them out before stemming, as the embedded engines' analyzers do,
# or "its" (stem "it") would match every "it" and "ins" every "in". Whole words only,
# not a part of "a.m." (a word may hold inner dots). Written with \m and \M: lookbehind
# with alternatives made this pass 4x slower than stemming itself (1.7 ms an answer).
STOP_WORDS = (
    "a an and are as at be by can for from have if in is it may not of on or tbd that the "
    "this to us we when will with yet you your"
).split()
UNSTEMMED = r"(?<!\.)\m(?:" + "|".join(STOP_WORDS) + r"|\w)\M(?!\.\w)"

UPGRADE = [
    # Contrib modules shipped with PostgreSQL, trusted (a database owner may create them):
    # trigrams find did-you-mean candidates, unaccent folds names, levenshtein checks them.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS fuzzystrmatch",
    # English stems without a stop list: the query language drops its own stop words
    # (app.search.plan.STOP_WORDS), and PostgreSQL's longer list would drop words a reader
    # may look for ("about", "what").
    "CREATE TEXT SEARCH DICTIONARY presser_english (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION presser_english (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION presser_english ALTER MAPPING FOR "
    "asciiword, word, asciihword, hword, hword_asciipart, hword_part WITH presser_english",
    f"""CREATE FUNCTION presser_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT regexp_replace($1, '{PUNCTUATION}', ' ', 'g') $$""",
    f"""CREATE FUNCTION presser_speech(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT presser_words(regexp_replace($1, '{STAGE.replace("'", "''")}', '', 'gi')) $$""",
    f"""CREATE FUNCTION presser_stemmed(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT regexp_replace(presser_speech($1), '{UNSTEMMED}', ' ', 'gi') $$""",
    # Question words weigh A, answer words B: `question:word` is `'word':A`, and a phrase
    # restricted to one weight never runs from the question into the answer.
    """ALTER TABLE exchange ADD COLUMN search_stem tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('presser_english', presser_stemmed(question)), 'A')
        || setweight(to_tsvector('presser_english', presser_stemmed(answer)), 'B')) STORED""",
    # Every word as written, for exact phrases (stop words included) and prefixes.
    """ALTER TABLE exchange ADD COLUMN search_exact tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', presser_speech(question)), 'A')
        || setweight(to_tsvector('simple', presser_speech(answer)), 'B')) STORED""",
    "CREATE INDEX search_exchange_stem ON exchange USING gin (search_stem)",
    "CREATE INDEX search_exchange_exact ON exchange USING gin (search_exact)",
    # How many exchanges use each word (did-you-mean) and each stem (related answers pick
    # an answer's rarest stems), kept by the triggers below in the writing transaction.
    "CREATE TABLE search_word (word text PRIMARY KEY, ndoc integer NOT NULL)",
    "CREATE TABLE search_term (term text PRIMARY KEY, ndoc integer NOT NULL)",
    "CREATE INDEX search_word_trigrams ON search_word USING gist (word gist_trgm_ops)",
    """INSERT INTO search_word (word, ndoc)
        SELECT word, count(*) FROM exchange, unnest(tsvector_to_array(search_exact)) AS word
        GROUP BY word""",
    """INSERT INTO search_term (term, ndoc)
        SELECT term, count(*) FROM exchange, unnest(tsvector_to_array(search_stem)) AS term
        GROUP BY term""",
    # One function for both triggers: each names its transition table `changed_rows` and
    # passes +1 (inserted) or -1 (deleted). Statement-level, so a session's exchanges cost
    # one upsert; rows in word order, so concurrent ingests lock them in one order.
    # Exchange text is never updated in place (a re-ingest deletes and inserts).
    """CREATE FUNCTION presser_count_words() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            sign integer := TG_ARGV[0]::integer;
        BEGIN
            INSERT INTO search_word AS w (word, ndoc)
                SELECT word, sign * count(*)
                FROM changed_rows, unnest(tsvector_to_array(search_exact)) AS word
                GROUP BY word ORDER BY word
                ON CONFLICT (word) DO UPDATE SET ndoc = w.ndoc + excluded.ndoc;
            INSERT INTO search_term AS t (term, ndoc)
                SELECT term, sign * count(*)
                FROM changed_rows, unnest(tsvector_to_array(search_stem)) AS term
                GROUP BY term ORDER BY term
                ON CONFLICT (term) DO UPDATE SET ndoc = t.ndoc + excluded.ndoc;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_words_added AFTER INSERT ON exchange
        REFERENCING NEW TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION presser_count_words('1')""",
    """CREATE TRIGGER search_words_removed AFTER DELETE ON exchange
        REFERENCING OLD TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION presser_count_words('-1')""",
]

DOWNGRADE = [
    "DROP TRIGGER search_words_removed ON exchange",
    "DROP TRIGGER search_words_added ON exchange",
    "DROP FUNCTION presser_count_words()",
    "DROP TABLE search_term",
    "DROP TABLE search_word",
    "ALTER TABLE exchange DROP COLUMN search_exact",
    "ALTER TABLE exchange DROP COLUMN search_stem",
    "DROP FUNCTION presser_stemmed(text)",
    "DROP FUNCTION presser_speech(text)",
    "DROP FUNCTION presser_words(text)",
    "DROP TEXT SEARCH CONFIGURATION presser_english",
    "DROP TEXT SEARCH DICTIONARY presser_english",
]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    pass
    # ### end Alembic commands ###
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in UPGRADE:
            # As written: op.execute would read `(?:laughter` as a bound parameter.
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    pass
    # ### end Alembic commands ###
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in DOWNGRADE:
            bind.exec_driver_sql(statement)
