"""Properties of the parser, over generated input (hypothesis):

- it raises nothing but its own ParseError, whatever the bytes;
- every word of speech ends up in exactly one turn, or is reported as dropped;
- the same bytes always give the same transcript;
- folding a text for comparison is folding each of its characters."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.parsing import ParseError, Transcript, parse_bytes
from app.parsing.names import fold_text

SETTINGS = settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)

LABELS = [
    "V. Putin",
    "Vladimir Putin",
    "K. Panyushkin",
    "Konstantin Panyushkin",
    "Q",
    "MS. PSAKI",
    "Question",
    "Moderator",
    "Dmitry Peskov",
]
VOCABULARY = [
    "gas", "the", "pipeline", "sanctions", "president", "we", "will", "talks", "of", "russia",
    "china", "price", "market", "and", "a", "is", "not", "(laughter)", "—", "well,", "yes.",
    "thank", "you", "very", "much", "question?", "inflation", "policy", "it's", "€5", "ñandú",
]  # fmt: skip

speech = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40).map(" ".join)


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A transcript in the seed's shape, and the speech paragraphs it holds."""
    turns = draw(
        st.lists(
            st.tuples(st.sampled_from(LABELS), st.lists(speech, min_size=1, max_size=3)),
            min_size=1,
            max_size=12,
        )
    )
    wrap = draw(st.integers(min_value=20, max_value=200))
    crlf = draw(st.booleans())
    lines = ["date 2024-05-01 A generated briefing", ""]
    paragraphs = []
    for label, paras in turns:
        first, *rest = paras
        lines.append(f"{label}: {first}")
        lines.append("")
        for para in rest:
            # Hard-wrapped at spaces, the way PDF text arrives.
            words, line = para.split(), ""
            for word in words:
                if line and len(line) + len(word) > wrap:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            lines.append(line)
            lines.append("")
        paragraphs += paras
    text = "\n".join(lines)
    return (text.replace("\n", "\r\n") if crlf else text), paragraphs


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\S+", text))


def dropped_words(t: Transcript) -> Counter[str]:
    out: Counter[str] = Counter()
    for w in t.warnings:
        m = re.search(r"left out: '(.*)'$", w.message)
        if w.kind == "dropped" and m:
            out += words(m.group(1))
    return out


def refusal(parse: Callable[[], object]) -> ParseError | None:
    """The ParseError a parse raises, or None: any other exception fails the test."""
    try:
        parse()
    except ParseError as exc:
        return exc
    return None


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    refused = refusal(lambda: parse_bytes(data, "fuzz.txt"))
    assert refused is None or str(refused).startswith("fuzz.txt:")


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_parses_or_raises_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.txt")


@SETTINGS
@given(transcripts(), st.data())
def test_mutated_transcripts_never_crash(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, _ = generated
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    junk = data.draw(st.text(max_size=30))
    with contextlib.suppress(ParseError):
        parse_bytes((text[:cut] + junk + text[cut:]).encode("utf-8", "surrogatepass"), "m.txt")


@SETTINGS
@given(transcripts())
def test_every_word_of_speech_lands_in_one_turn_or_is_reported(
    generated: tuple[str, list[str]],
) -> None:
    text, paragraphs = generated
    refused = refusal(lambda: parse_bytes(text.encode(), "g.txt"))
    if refused is not None:
        # Refusing is allowed only for a reason a reader can act on.
        assert "no questions" in refused.reason or "no speaker labels" in refused.reason
        return
    t = parse_bytes(text.encode(), "g.txt")
    said = words(" ".join(paragraphs))
    kept = words(" ".join(turn.text for turn in t.turns))
    assert kept + dropped_words(t) == said


@SETTINGS
@given(transcripts())
def test_parsing_is_deterministic(generated: tuple[str, list[str]]) -> None:
    data = generated[0].encode()
    refused = refusal(lambda: parse_bytes(data, "d.txt"))
    if refused is not None:
        again = refusal(lambda: parse_bytes(data, "d.txt"))
        assert str(again) == str(refused)
        return
    assert parse_bytes(data, "d.txt") == parse_bytes(data, "d.txt")


@SETTINGS
@given(st.text(max_size=200))
def test_folding_long_text_is_folding_each_character(text: str) -> None:
    """fold_text's shortcut for mostly-ASCII text gives what the plain definition gives:
    fingerprints of stored questions depend on it."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    assert fold_text(text) == plain
    assert fold_text(text + " plain ascii words" * 20) == plain + " plain ascii words" * 20
