"""The seed transcript (a translated Kremlin Q&A): what the file really says."""

from __future__ import annotations

import pytest

from app.parsing import Transcript, parse_file
from app.parsing.model import Role, Speaker
from app.slugs import outlet_key
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed() -> Transcript:
    return parse_file(SEEDS / "000_5b99c013b2dfb6f7.txt")


def by_name(t: Transcript, name: str) -> Speaker:
    return next(s for s in t.speakers.values() if s.name == name)


def test_metadata_from_first_line(seed: Transcript) -> None:
    assert str(seed.meta.date) == "2025-09-03"
    # The first line's sentence, as printed (not invented): the session's only name.
    assert seed.meta.title.startswith("In Beijing’s warm night air")
    assert seed.meta.description == ""  # the line is all title


def test_three_putin_labels_are_one_principal(seed: Transcript) -> None:
    putin = by_name(seed, "Vladimir Putin")
    assert set(putin.labels) == {"V. Putin", "V.Putin", "Vladimir Putin"}
    assert putin.role == Role.PRINCIPAL
    assert [s for s in seed.speakers.values() if s.role == Role.PRINCIPAL] == [putin]


def test_peskov_moderates(seed: Transcript) -> None:
    peskov = by_name(seed, "Dmitry Peskov")
    assert peskov.role == Role.MODERATOR
    assert all(e.questioner != "Dmitry Peskov" for e in seed.exchanges)


def test_same_surname_different_initials_are_two_people(seed: Transcript) -> None:
    n, g = by_name(seed, "N. Ivanov"), by_name(seed, "G. Ivanov")
    assert n.key != g.key
    assert set(n.labels) == {"N. Ivanov", "N.Ivanov"}


EXPECTED_PAIRS = {
    "Konstantin Panyushkin": "Channel One",
    "Lana Samsonia": "Interfax",
    "Pavel Zarubin": "Russia TV channel",
    "Alexander Yunashev": "Life",
    "Andrey Kolesnikov": "Kommersant newspaper",
    "Olga Skabeeva": "Russia TV channel",
    "Konstantin Kokoveshnikov": "Zvezda TV channel",
    "Igor Zhdanov": "RT",
    "Olga Samsonova": "RIA Novosti",
    "Valentin Alfimov": "Komsomolskaya Pravda",
    "Alyona Nefyodova": "Izvestia newspaper",
    "Lyudmila Alexandrov": "Moskovsky Komsomolets",
}


def test_every_journalist_who_names_an_outlet_is_linked(seed: Transcript) -> None:
    pairs = {e.questioner: e.outlet for e in seed.exchanges if e.outlet}
    assert pairs == EXPECTED_PAIRS
    outlets = {outlet_key(o) for o in EXPECTED_PAIRS.values()}
    assert len(outlets) == 11


def test_journalists_without_an_outlet_have_none_invented(seed: Transcript) -> None:
    for name in ("N. Ivanov", "G. Ivanov", "A. Savinykh", "R. Sobol", "I. Baldin", "O. Matveeva"):
        assert by_name(seed, name).role == Role.QUESTIONER
        assert by_name(seed, name).outlet is None


def test_exchanges(seed: Transcript) -> None:
    questioners = [e.questioner for e in seed.exchanges]
    assert len(seed.exchanges) == 22
    assert questioners[:5] == [
        "Konstantin Panyushkin",
        "Lana Samsonia",
        "Pavel Zarubin",
        "Alexander Yunashev",
        "Andrey Kolesnikov",
    ]
    # Olga Skabeeva's follow-up after a full answer is an exchange of its own.
    assert questioners.count("Olga Skabeeva") == 2
    # "Can we continue about Ukraine?" / "You can." is folded into Yunashev's question.
    yunashev = seed.exchanges[3]
    texts = [seed.turns[i].text for i in yunashev.question_turns]
    assert texts[0] == "Can we continue about Ukraine?"
    assert "You can." in texts
    assert all(
        seed.speakers[seed.turns[i].speaker].name == "Vladimir Putin" for i in yunashev.answer_turns
    )
    # The anonymous `Remark:` is a question with no questioner named.
    remark = next(e for e in seed.exchanges if seed.turns[e.question_turns[0]].label == "Remark")
    assert remark.questioner is None
    assert remark.outlet is None


def test_label_like_sentences_stay_text(seed: Transcript) -> None:
    labels = {t.label for t in seed.turns}
    assert not any(label.startswith(("Vladimir Vladimirovich", "You said")) for label in labels)
    assert any("on your way back to Alaska: As soon as" in t.text for t in seed.turns)


def test_stage_note_kept_in_text(seed: Transcript) -> None:
    assert any("[My Emphasis]" in t.text for t in seed.turns)
