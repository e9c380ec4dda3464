"""Related answers (app.search.related), the same rule in every engine: from other
sessions, about the same subject, never a coincidence of one word, a number or a
one-line answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import engine_for
from app.ingest import Ingester
from app.search.related import Rarity, key_terms, pick, similarity, subject_stems
from app.search.results import Hit
from tests.conftest import MakeSettings, replace_engine, search_engines

GRAIN_ANSWER = (
    "The grain corridor through the Black Sea worked for a year: ships left Odesa and "
    "the other ports with grain for Africa and Asia, inspected in Istanbul. Grain prices "
    "fell while the corridor worked. Now the ports are shelled and insurers will not "
    "cover the ships, so the grain goes by rail and river, slower and dearer."
)


def transcript(date: str, title: str, *exchanges: tuple[str, str]) -> str:
    turns = [f"date {date} {title}", ""]
    for question, answer in exchanges:
        turns += ["K. Panyushkin: Konstantin Panyushkin, Channel One.", "", question, ""]
        turns += [f"V. Putin: {answer}", ""]
    return "\n".join(turns)


SESSIONS = {
    "a": transcript(
        "2024-01-10",
        "A news conference on trade",
        (
            "What will become of the grain corridor through the Black Sea, and of the "
            "ports of Odesa that ship the grain?",
            GRAIN_ANSWER,
        ),
        (
            "And the grain corridor, once more: will ships from Odesa sail again?",
            GRAIN_ANSWER.replace("a year", "twelve months"),
        ),
    ),
    "b": transcript(
        "2024-02-10",
        "A news conference on the harvest",
        (
            "Is the grain corridor closed for good? Ships with grain wait off Odesa.",
            "The corridor is closed while the ports are shelled. The grain waits in silos "
            "near Odesa, and the ships that would carry it to Africa wait too; when the "
            "shelling stops, the corridor can open within weeks, as it did before.",
        ),
        # Same subject, answered in a word: not an answer to offer.
        ("And the grain corridor, will it reopen for the ships of Odesa?", "We will see."),
    ),
    "c": transcript(
        "2024-03-10",
        "A news conference on hospitals",
        # One word in common with the grain questions ("corridor"), another subject.
        (
            "Patients lie in the corridor of the district hospital for days. When will "
            "the new hospital wing open, and who pays the nurses?",
            "The hospital wing opens in spring; the region pays the nurses from the "
            "health budget, and the district hospital gets two more surgeons and new "
            "beds, so that no patient waits in a corridor again.",
        ),
    ),
    "d": transcript(
        "2024-04-10",
        "A news conference on prices",
        # Numbers in common (1,000 and 2024), another subject.
        (
            "Pensions rose by 1,000 roubles in 2024. Is that enough when bread costs more?",
            "Pensions are indexed above inflation: 1,000 roubles in 2024, more next year. "
            "Bread costs more because flour and energy do; the government watches bread "
            "prices in every region, and pensions will keep ahead of them.",
        ),
    ),
}


@pytest.fixture(scope="module", params=search_engines())
def related_to(
    request: pytest.FixtureRequest,
    make_settings: MakeSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Ingester:
    root = tmp_path_factory.mktemp("related")
    settings = replace_engine(make_settings(root / "data"), request.param)
    ingester = Ingester(settings)
    for name, content in SESSIONS.items():
        path: Path = root / f"{name}.txt"
        path.write_text(content, encoding="utf-8")
        result = ingester.ingest_file(path)
        assert result.status == "added", result.error
    return ingester


def key_of(ingester: Ingester, words: str) -> str:
    """The key of the one exchange whose question has these words."""
    with engine_for(ingester.settings.db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.slug, e.number FROM exchange e JOIN session s "
                "ON s.id = e.session_id WHERE e.question LIKE :words"
            ),
            {"words": f"%{words}%"},
        ).all()
    assert len(rows) == 1, (words, rows)
    return f"{rows[0][0]}/{rows[0][1]}"


def test_related_answers_are_about_the_same_subject_in_another_session(
    related_to: Ingester,
) -> None:
    grain = key_of(related_to, "What will become of")
    # Not the same session's follow-up (its page lists it), not the one-line answer, not
    # the hospital corridor: the other session's answer on the grain corridor.
    assert [h.key for h in related_to.search.related(grain)] == [
        key_of(related_to, "Is the grain corridor")
    ]


def test_one_shared_word_or_number_relates_nothing(related_to: Ingester) -> None:
    assert related_to.search.related(key_of(related_to, "Patients lie in the")) == []
    assert related_to.search.related(key_of(related_to, "Pensions rose by 1,000")) == []
    assert related_to.search.related("nowhere/9") == []


def rarity(counts: dict[str, int] | None = None, total: int = 1_000) -> Rarity:
    """Stem counts as an engine would give them: 3 exchanges each unless told."""
    return Rarity(lambda stems: {s: (counts or {}).get(s, 3) for s in stems}, total)


def test_key_words_are_said_more_than_once_and_name_a_subject() -> None:
    question = "However, maybe the grain corridor reopens in 2024?"
    answer = "The corridor reopens when the grain ships are safe; maybe next month, in 2024."
    terms = key_terms(question, answer, rarity())
    # "however", "maybe" and "next" name no subject; 2024 is a number; "ships" and "safe"
    # are said once.
    assert sorted(t.stem for t in terms) == ["corridor", "grain", "reopen"]
    assert subject_stems("The 250,000 dollars, however") == ["dollar"]


def test_common_and_unique_words_are_not_key_words() -> None:
    terms = key_terms(
        "The grain corridor reopens?",
        "The grain corridor reopens.",
        rarity({"grain": 1, "corridor": 500, "reopen": 20}),
    )
    # grain: only this exchange; corridor: half the archive.
    assert [t.stem for t in terms] == ["reopen"]


def hit(key: str, question: str, answer: str) -> Hit:
    slug, _, number = key.rpartition("/")
    return Hit(
        key=key,
        session=slug,
        session_title="",
        number=int(number),
        date=None,
        questioner="",
        questioner_name="",
        outlet="",
        outlet_name="",
        principal_names=[],
        question=question,
        answer=answer,
    )


def test_pick_keeps_the_similar_most_similar_first_and_each_once() -> None:
    grain = "grain corridor odesa harvest ships ports silos insurers shelling"
    source = hit("s/1", "The grain corridor from Odesa?", grain)
    same = hit("y/1", "The grain corridor?", grain)
    nearly = hit("x/1", "Odesa and the harvest?", grain.replace("corridor", "route"))
    repeat = hit("z/1", "The grain  corridor?", grain)
    other = hit("w/1", "The hospital corridor?", "nurses surgeons beds wards budget region wing")
    curt = hit("v/1", "The grain corridor?", "Ships, grain: we will see.")
    found = pick(source, [nearly, other, same, repeat, curt], rarity(), 5)
    assert [h.key for h in found] == ["y/1", "x/1"]
    assert pick(source, [source], rarity(), 5) == []


def test_similarity_is_the_cosine_of_the_weights() -> None:
    assert similarity({"a": 1.0}, {"a": 2.0}) == pytest.approx(1.0)
    assert similarity({"a": 1.0}, {"b": 1.0}) == 0.0
    assert similarity({"a": 1.0, "b": 1.0}, {"a": 1.0}) == pytest.approx(2**-0.5)
    assert similarity({}, {"a": 1.0}) == 0.0
