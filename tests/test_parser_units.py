"""Parser stages on small inputs written here, one concern per test."""

from __future__ import annotations

import pytest

from app.parsing import ParseError, parse_bytes
from app.parsing.floor import Context, Names, give
from app.parsing.identity import self_intro
from app.parsing.labels import LabelReader
from app.parsing.model import Identity, Role
from app.parsing.names import parse_name
from app.slugs import outlet_key


def reader(*lines: str) -> LabelReader:
    return LabelReader(list(lines))


@pytest.mark.parametrize(
    "line",
    [
        "V. Putin: Hello.",
        "V.Putin: Hi.",
        "VladimirPutin: Typo.",
        "MS. PSAKI:  Hi.",
        "THE PRESIDENT: Yes.",
        "CHAIRMAN BERNANKE.  Good afternoon.",
        "QUESTION.  Mr. Chairman,",
        "Q    No updates?",
        "Question (retranslated): Yes?",
        "Remark: You spent.",
        "President of Russia Vladimir Putin: Good.",
    ],
)
def test_labels_recognised(line: str) -> None:
    assert reader(line).read(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Here is my question: why?",
        "One more thing: the budget.",
        "You said: someone wants it.",
        "Vladimir Vladimirovich, on your way back to Alaska: As soon",
        "Second: the price.",
        "The question is: when?",
        "Note: this is important.",
        "Colleagues: welcome.",
    ],
)
def test_sentences_ending_in_colon_are_not_labels(line: str) -> None:
    assert reader(line).read(line) is None


def test_initials_and_full_names() -> None:
    assert parse_name("V.Putin").initial == "v"
    assert parse_name("V.Putin").surname == "Putin"
    full = parse_name("President of Russia Vladimir Putin")
    assert full.given == ("Vladimir",)
    assert full.surname == "Putin"
    assert parse_name("VladimirPutin").display() == "Vladimir Putin"
    assert parse_name("Alexander Van der Bellen").surname == "Van der Bellen"


@pytest.mark.parametrize(
    ("text", "name", "outlet"),
    [
        ("Konstantin Panyushkin, Channel One.", "Konstantin Panyushkin", "Channel One"),
        ("RIA Novosti, Olga Samsonova.", "Olga Samsonova", "RIA Novosti"),
        (
            "Zvezda TV channel, Konstantin Kokoveshnikov.",
            "Konstantin Kokoveshnikov",
            "Zvezda TV channel",
        ),
        (
            "Chairman, Jon Hilsenrath from the Wall Street Journal. Many Americans",
            "Jon Hilsenrath",
            "Wall Street Journal",
        ),
        (
            "Thank you, Mr. Chairman. I’m Toshi Ogata with the Asahi Shimbun, Japanese newspaper.",
            "Toshi Ogata",
            "Asahi Shimbun",
        ),
        (
            "Peter Barnes, of Fox Business Network, Mr. Chairman. Last week",
            "Peter Barnes",
            "Fox Business Network",
        ),
        ("Good evening! My name is Anna Smith, and I represent Reuters.", "Anna Smith", "Reuters"),
    ],
)
def test_self_introductions(text: str, name: str, outlet: str) -> None:
    found = self_intro([text], None)
    assert found is not None
    assert (found.name, found.outlet) == (name, outlet)


def call(text: str) -> Identity | None:
    """The floor given by an official's turn, as the attribution stage reads it."""
    given = give(text, Context(set(), Names.of(text)))
    return given.named if given else None


def test_introduction_must_match_the_label() -> None:
    assert self_intro(["Olga Skabeeva, Russia TV channel."], parse_name("K. Panyushkin")) is None


@pytest.mark.parametrize(
    ("text", "name", "outlet"),
    [
        ("That's all. Go ahead, Patsy.", "Patsy", None),
        ("Steve, Reuters. Steve Holland.", "Steve Holland", "Reuters"),
        ("Karen Travers of ABC Radio.", "Karen Travers", "ABC Radio"),
        ("Channel One, please.", None, "Channel One"),
        ("With that, Zeke why don’t you kick us off?", "Zeke", None),
    ],
)
def test_principal_calls(text: str, name: str | None, outlet: str | None) -> None:
    found = call(text)
    assert found is not None
    assert (found.name, found.outlet) == (name, outlet)


def test_a_substantive_sentence_is_not_a_call() -> None:
    assert call("Any of those would be concerning to us, but I will not speculate.") is None


def test_outlet_variants_merge() -> None:
    assert outlet_key("Kommersant newspaper") == outlet_key("Kommersant") == "kommersant"
    assert outlet_key("the Wall Street Journal") == outlet_key("Wall Street Journal")
    assert outlet_key("Zvezda TV channel") == outlet_key("Zvezda")
    assert outlet_key("Channel One") == "channel one"


SMALL = """---
title: Test briefing
date: 2024-02-30
---
MS. SMITH:  Good afternoon.

Q    What about the budget?

MS. SMITH:  We will see.
"""


def test_impossible_date_is_reported_and_left_empty() -> None:
    t = parse_bytes(SMALL.encode())
    assert t.meta.date is None
    assert t.meta.title == "Test briefing"
    assert any(w.kind == "date" for w in t.warnings)


def test_front_matter_declaring_principals_wins() -> None:
    text = """---
title: Declared
principals: [Anna Host]
moderators: [Bob Chair]
---
Bob Chair: Welcome. I will talk for a long while about many many things today before questions.

Anna Host: Thanks.

Carl Asker: Carl Asker, Daily Planet. What is next?

Anna Host: Good things.
"""
    t = parse_bytes(text.encode())
    roles = {s.name: s.role for s in t.speakers.values()}
    assert roles == {
        "Bob Chair": Role.MODERATOR,
        "Anna Host": Role.PRINCIPAL,
        "Carl Asker": Role.QUESTIONER,
    }
    assert (t.exchanges[0].questioner, t.exchanges[0].outlet) == ("Carl Asker", "Daily Planet")


def test_hard_wraps_join_and_crlf_is_fine() -> None:
    text = (
        "Title line\r\n\r\nMay 1, 2020\r\n\r\nA. Boss: This answer\r\nwraps here.\r\n\r\n"
        "Question: Why?\r\n\r\nA. Boss: Because.\r\n"
    )
    t = parse_bytes(text.encode())
    assert t.turns[0].text == "This answer wraps here."
    assert str(t.meta.date) == "2020-05-01"
    assert t.meta.title == "Title line"


def test_invalid_front_matter_names_the_line() -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(b"---\ntitle: [unclosed\n---\nA: b\n", "x.md")
    assert info.value.line >= 2
    assert "YAML" in info.value.reason


def test_single_space_q_label_when_it_recurs() -> None:
    text = (
        "MS. SMITH:  Good afternoon.\n\nQ Thanks. What about A?\n\nMS. SMITH:  A is fine.\n\n"
        "Q And B?\n\nMS. SMITH:  B too, and more words to make it a full answer here.\n\n"
        "Q Last one, C?\n\nMS. SMITH:  C as well.\n"
    )
    t = parse_bytes(text.encode())
    assert [turn.label for turn in t.turns].count("Q") == 3


def test_one_q_followed_by_a_space_is_prose() -> None:
    assert LabelReader(["Q ratings are up."]).read("Q ratings are up.") is None


def test_consecutive_officials_under_one_label_are_not_relabelled() -> None:
    text = (
        "MODERATOR:  Welcome, the speakers on this call are two officials.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  I will cover trade at length today for you all.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  Thanks, [senior administration official]. "
        "I cover energy.\n\n"
        "Q    Why now?\n\nSENIOR ADMINISTRATION OFFICIAL:  Because it is time to act on it.\n"
    )
    t = parse_bytes(text.encode())
    assert not any(w.kind == "relabelled" for w in t.warnings)
    assert {t.speakers[turn.speaker].name for turn in t.turns[1:3]} == {
        "Senior Administration Official"
    }


def test_a_moderator_calling_a_full_name_and_outlet() -> None:
    """Found by the White House corpus report: `Zeke Miller, AP.` came out as an outlet
    called "Zeke Miller"."""
    found = call("Next, let's go to Zeke Miller, AP.")
    assert found is not None
    assert (found.name, found.outlet) == ("Zeke Miller", "AP")


def test_a_clause_before_a_self_introduction_is_not_an_outlet() -> None:
    """Found by the corpus report: `As Jen mentioned, I'm Miguel Cardona.` gave the outlet
    "As Jen mentioned" and the journalist "I'm Miguel Cardona"."""
    from app.parsing.identity import self_intro

    assert self_intro(["As Jen mentioned, I'm Miguel Cardona. Thank you."], None) is None


def test_yeah_is_not_a_name_in_a_call() -> None:
    """Found by the corpus report: `Yeah, Ed.` gave the journalist "Yeah" of outlet "Ed"."""
    found = call("Yeah, Ed.")
    assert found is not None
    assert (found.name, found.outlet) == ("Ed", None)
