"""The deflecting phrases: matched alike in Python and in the database, whichever it is."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from app import deflections
from app.deflections import PHRASES
from app.ingest import Ingester
from app.models import Exchange


def test_phrases_are_plain_lower_case_and_documented() -> None:
    patterns = [p.pattern for p in PHRASES]
    assert len(set(patterns)) == len(patterns)
    assert len(PHRASES) < 63  # one bit each in deflections.mask
    for p in PHRASES:
        assert p.pattern == p.pattern.lower()
        assert "%" not in p.pattern
        assert "\\" not in p.pattern
        assert p.pattern.isascii()
        assert p.first_seen.startswith("/sessions/")
        assert "/q/" in p.first_seen
        assert p.measured > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I’m not going to get ahead of the President.", ["not going to get ahead of"]),
        ("I'M NOT GOING TO GET AHEAD OF him.", ["not going to get ahead of"]),
        ("I don't have an update for you.", ["don_t have an update"]),
        ("I don’t have an update for you.", ["don_t have an update"]),
        ("I’d refer you to the Department; I’d point you to them.", ["refer you", "point you to"]),
        ("We will get ahead of the virus.", []),
        ("", []),
    ],
)
def test_found_in_text(text: str, expected: list[str]) -> None:
    assert [p.pattern for p in deflections.found(text)] == expected


def test_the_sentence_holding_a_phrase_is_quoted() -> None:
    text = "We are working on it.\n\nBut I’d refer you to the State Department. Next?"
    (phrase,) = deflections.found(text)
    assert deflections.sentence(text, phrase) == "But I’d refer you to the State Department."


def test_database_and_python_agree_on_every_answer(archive: Ingester) -> None:
    """On SQLite (LIKE) and PostgreSQL (ILIKE) alike, answer by answer."""
    with Session(archive.engine) as db:
        rows = db.exec(
            select(Exchange.answer, deflections.mask(Exchange.answer)).order_by(col(Exchange.id))
        ).all()
        flagged = set(
            db.exec(select(Exchange.answer).where(deflections.deflects(Exchange.answer))).all()
        )
    matched = 0
    for answer, bits in rows:
        in_python = deflections.found(answer)
        assert deflections.phrases_of(int(bits)) == in_python, answer[:200]
        assert (answer in flagged) == bool(in_python)
        matched += bool(in_python)
    assert matched >= 3  # the seeds' Psaki briefing points reporters elsewhere
