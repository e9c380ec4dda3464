"""Each transcript family in seeds/: Kremlin, White House, Federal Reserve."""

from __future__ import annotations

import pytest

from app.parsing import Transcript, parse_file
from app.parsing.model import Role
from app.parsing.stage import speech_only
from tests.conftest import SEEDS


def parse(name: str) -> Transcript:
    return parse_file(SEEDS / name)


def principals(t: Transcript) -> set[str]:
    return {s.name for s in t.speakers.values() if s.role == Role.PRINCIPAL}


def test_kremlin_news_conference() -> None:
    t = parse("kremlin_2019_china_newsconf.txt")
    assert t.meta.title == "News conference following working visit to China"
    assert str(t.meta.date) == "2019-04-27"
    assert t.meta.location == "Beijing"
    assert principals(t) == {"Vladimir Putin"}
    assert set(t.speakers["person:vladimir putin"].labels) == {
        "President of Russia Vladimir Putin",
        "Vladimir Putin",
    }
    assert len(t.exchanges) == 12
    interfax = [e for e in t.exchanges if e.outlet]
    assert [(e.questioner, e.outlet) for e in interfax] == [(None, "Interfax agency")]
    # "Interfax agency." / the principal's joke / the real question: one exchange.
    assert len(interfax[0].question_turns) >= 3


def test_kremlin_joint_conference_has_two_principals_and_a_typo() -> None:
    t = parse("kremlin_2020_putin_merkel_joint.txt")
    assert principals(t) == {"Vladimir Putin", "Angela Merkel"}
    merkel = t.speakers["person:angela merkel"]
    assert "Angela Markel" in merkel.labels
    assert "Federal Chancellor of Germany Angela Merkel" in merkel.labels
    assert any(w.kind == "typo" for w in t.warnings)
    assert len(t.exchanges) == 4
    both = [e for e in t.exchanges if "both leaders" in t.turns[e.question_turns[0]].text]
    for e in both:
        answerers = {t.speakers[t.turns[i].speaker].name for i in e.answer_turns}
        assert answerers == {"Vladimir Putin", "Angela Merkel"}
    # `(retranslated)` is an annotation, not part of the label.
    assert {t.turns[e.question_turns[0]].label for e in t.exchanges} == {"Question"}


def test_fed_press_conference() -> None:
    t = parse("fomc_2011-04-27_bernanke_presconf.txt")
    assert str(t.meta.date) == "2011-04-27"
    assert t.meta.title == "Transcript of Chairman Bernanke’s Press Conference"
    assert principals(t) == {"Ben Bernanke"}
    text = "\n".join(turn.text for turn in t.turns)
    assert "FINAL" not in text
    assert " of 26" not in text
    # A page break in mid-sentence is healed.
    assert "taking into account factors like—like weaker construction" in text
    pairs = {(e.questioner, e.outlet) for e in t.exchanges if e.questioner and " " in e.questioner}
    assert {
        ("Jon Hilsenrath", "Wall Street Journal"),
        ("Scott Lanman", "Bloomberg News"),
        ("Robin Harding", "Financial Times"),
        ("John Ydstie", "NPR News"),
        ("Luca Di Leo", "Dow Jones"),
        ("Darren Gersh", "Nightly Business Report"),
        ("Peter Barnes", "Fox Business Network"),
        ("John Berry", None),
        ("Toshi Ogata", "Asahi Shimbun"),
        ("Hughes Honore", "Agence France-Presse"),
        ("Anthony Mason", "CBS"),
    } == pairs
    assert len(t.exchanges) == 21


def test_white_house_briefing() -> None:
    t = parse("wh_2022-03-18_psaki_briefing.txt")
    assert t.meta.title == "Press Briefing by Press Secretary Jen Psaki, March 18, 2022"
    assert t.meta.source_url.startswith("https://bidenwhitehouse.archives.gov/")
    assert t.meta.location == "James S. Brady Press Briefing Room"
    assert principals(t) == {"Jen Psaki"}
    assert t.exchanges[0].questioner == "Zeke"  # "Zeke why don't you kick us off?"
    assert ("Jahanzaib Ali", "ARY News TV Pakistan") in {
        (e.questioner, e.outlet) for e in t.exchanges
    }
    assert any(e.questioner == "Ashley" for e in t.exchanges)  # "Go ahead, Ashley."
    first = t.turns[0]
    assert "(Laughter.)" in first.text
    assert "(Laughter.)" not in speech_only(first.text)
    assert not any(":" in turn.label for turn in t.turns)
    assert 80 <= len(t.exchanges) <= 100


def test_white_house_background_call_moderator_mislabelled() -> None:
    t = parse("wh_2022-03-18_background_call_biden_xi.txt")
    first = t.turns[0]
    assert t.speakers[first.speaker].role == Role.MODERATOR
    assert any(w.kind == "relabelled" for w in t.warnings)
    official = t.speakers["role:senior administration official"]
    assert official.role == Role.PRINCIPAL
    assert [e.questioner for e in t.exchanges][:3] == ["Michael", "Aamer", "Ellen"]
    assert len(t.exchanges) == 6
    assert "[senior administration official]" in t.turns[1].text  # markdown escapes undone


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_parses_deterministically(name: str) -> None:
    a, b = parse(name), parse(name)
    assert [(e.questioner, e.outlet, e.question_turns) for e in a.exchanges] == [
        (e.questioner, e.outlet, e.question_turns) for e in b.exchanges
    ]
    assert a.exchanges, "every seed has questions"
