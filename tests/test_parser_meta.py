"""A session's metadata as the parser reads it: date and place, title, kind, and where the
transcript was published (with the credit its licence asks for)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.parsing import kinds, parse_bytes, provenance
from app.parsing.dates import match_date_line
from app.parsing.model import Metadata
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The Kremlin page leaves the place empty: the date is still the date.
        ("March 22, 2013 (2013-03-22), ", (dt.date(2013, 3, 22), "")),
        ("April 27, 2019 (2019-04-27), Beijing", (dt.date(2019, 4, 27), "Beijing")),
        # The time line under a Kremlin dateline.
        ("September 20, 2016 17:00 Izhevsk", (dt.date(2016, 9, 20), "Izhevsk")),
        ("March 22, 2013 00:00", (dt.date(2013, 3, 22), "")),
        # A PDF page header that starts with a date is not a dateline.
        ("April 27, 2011 Chairman Bernanke’s Press Conference FINAL", None),
        ("March 22, 2013, said the minister", (dt.date(2013, 3, 22), "said the minister")),
    ],
)
def test_datelines(line: str, expected: tuple[dt.date, str] | None) -> None:
    assert match_date_line(line) == expected


KREMLIN = f"""Interview to the Testland news agency

March 22, 2013 (2013-03-22),{" "}

March 22, 2013 00:00

Question: What is the significance of the summit for Russia?

President of Russia Vladimir Putin: It is considerable. The economies have grown.

Question: And what comes next?

Vladimir Putin: More meetings.
"""
KREMLIN_NAME = "2013-03-22-17723-interview-to-the-testland-news-agency.txt"


def test_a_dateline_with_an_empty_place_dates_the_session() -> None:
    t = parse_bytes(KREMLIN.encode(), KREMLIN_NAME)
    assert t.meta.date == dt.date(2013, 3, 22)
    assert t.meta.location == ""  # not the dateline itself, as before
    assert t.meta.title == "Interview to the Testland news agency"
    assert t.meta.description == ""  # the time line is not a lead
    assert t.kind == "interview"


def test_kremlin_file_names_give_the_kremlin_page() -> None:
    t = parse_bytes(KREMLIN.encode(), f"/some/folder/{KREMLIN_NAME}")
    assert t.meta.source_url == "http://en.kremlin.ru/events/president/news/17723"
    # The mirror cuts slugs at 60 characters; `’` and `'` become hyphens there.
    meta = Metadata(title="Answers to journalists’ questions following the Direct Line")
    name = "2016-04-14-51718-answers-to-journalists-questions-following-the-direct-line.txt"
    assert provenance.source_url(name, meta).endswith("/news/51718")


@pytest.mark.parametrize(
    "name",
    [
        "2013-03-23-17723-interview-to-the-testland-news-agency.txt",  # another day
        "2013-03-22-17723-press-briefing-by-someone-else.txt",  # another title
        "2013-03-22-interview-to-the-testland-news-agency.txt",  # no id
        "kremlin_2013_interview.txt",
    ],
)
def test_other_file_names_give_no_source(name: str) -> None:
    assert parse_bytes(KREMLIN.encode(), name).meta.source_url == ""


def test_a_source_url_in_the_transcript_is_kept() -> None:
    text = "---\ntitle: Interview to the Testland news agency\nsource_url: https://example.org/x\n---\n"
    t = parse_bytes((text + KREMLIN.split("\n", 1)[1]).encode(), KREMLIN_NAME)
    assert t.meta.source_url == "https://example.org/x"


def test_credit_by_publisher() -> None:
    kremlin = provenance.credit("http://en.kremlin.ru/events/president/news/17723")
    assert kremlin is not None
    assert (kremlin.name, kremlin.licence) == ("kremlin.ru", "CC BY 4.0")
    assert kremlin.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    wh = provenance.credit("https://bidenwhitehouse.archives.gov/briefing-room/x/")
    assert wh is not None
    assert "public domain" in wh.licence
    assert provenance.credit("https://example.org/kremlin.ru") is None
    assert provenance.credit("https://notkremlin.ru/x") is None
    assert provenance.credit("") is None


def test_the_seed_is_titled_from_its_first_line() -> None:
    t = parse_bytes((SEEDS / "000_5b99c013b2dfb6f7.txt").read_bytes(), "000.txt")
    assert t.meta.title.startswith("In Beijing’s warm night air, the Russian press corps")
    assert t.meta.title.endswith("Chinese Palace")  # the sentence, without its period
    assert t.meta.date == dt.date(2025, 9, 3)
    assert t.kind == "press-qa"


def test_a_long_lead_gives_a_short_title() -> None:
    lead = "Mr. Smith of the U.S. delegation spoke " + "at great length " * 20 + ". Then more."
    t = parse_bytes(f"date 2024-01-02 {lead}\n\nA: Hello.\n\nQ: Why?\n\nA: Because.\n".encode())
    assert t.meta.title.startswith("Mr. Smith of the U.S. delegation spoke at great length")
    assert len(t.meta.title) <= 160
    assert t.meta.title.endswith(" at…")  # cut at a word
    assert t.meta.description == "Then more."


def test_head_lines_lose_markdown_emphasis() -> None:
    text = (
        "---\ntitle: Background Press Briefing on the Trip\ndate: '2023-02-18'\n---\n\n"
        "*Munich, Germany*\n\nSENIOR ADMINISTRATION OFFICIAL: Hello.\n\nQ: Why?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: Because.\n"
    )
    t = parse_bytes(text.encode())
    assert t.meta.location == "Munich, Germany"
    assert t.kind == "background"


@pytest.mark.parametrize(
    ("title", "lead", "principals", "kind"),
    [
        ("Press Briefing by Press Secretary Jen Psaki, March 18, 2022", "", 1, "press-briefing"),
        ("Press Briefing by Press Secretary Jen Psaki and Jake Sullivan", "", 2, "press-briefing"),
        ("Press Gaggle by Principal Deputy Press Secretary Karine Jean-Pierre", "", 1, "gaggle"),
        ("Virtual On-the-Record Gaggle by NSC Coordinator John Kirby", "", 1, "gaggle"),
        ("Background Press Call by a Senior Administration Official", "", 1, "background"),
        ("Background Press Gaggle by Senior Administration Officials", "", 2, "background"),
        ("Background Press Briefing on the Vice President’s Meetings", "", 1, "background"),
        ("On-the-Record Press Call by National Security Advisor", "", 2, "on-the-record-call"),
        ("Transcript of Chairman Bernanke’s Press Conference", "", 1, "press-conference"),
        (
            "Joint Press Conference by President Biden and Prime Minister",
            "",
            2,
            "joint-press-conference",
        ),
        ("Joint news conference with President of Turkey", "", 2, "joint-press-conference"),
        (
            "News conference following Russian-Turkish talks",
            "X and Y gave a joint news conference.",
            1,
            "joint-press-conference",
        ),
        ("News conference following Russian-German talks", "", 2, "joint-press-conference"),
        ("News conference following the G20 Summit", "", 1, "news-conference"),
        ("Vladimir Putin’s news conference", "", 1, "news-conference"),
        ("Remarks by President Biden In Briefing on the Flooding", "", 1, "other"),
        ("Direct Line with Vladimir Putin", "", 1, "direct-line"),
        ("Answers to journalists’ questions following the Direct Line", "", 1, "press-qa"),
        ("Answers to media questions", "", 2, "press-qa"),
        ("Interview to Chinese newspaper People’s Daily", "", 1, "interview"),
        ("Truth and Justice regional and local media forum", "", 1, "media-forum"),
        ("Russia – Land of Opportunity forum", "", 11, "other"),
        (
            "Press statements and answers to journalists’ questions following talks",
            "",
            2,
            "joint-press-conference",
        ),
        ("Press statements and answers to journalists’ questions", "", 1, "press-qa"),
        (
            "Talks with President of Austria",
            "Both made statements for the press and answered journalists’ questions.",
            2,
            "joint-press-conference",
        ),
        ("Visit to Yamal LNG plant", "Vladimir Putin toured the plant.", 1, "other"),
        ("", "The press corps was treated to a 50-minute Q&A with the President.", 1, "press-qa"),
        ("", "", 1, "other"),
    ],
)
def test_kinds(title: str, lead: str, principals: int, kind: str) -> None:
    assert kinds.classify(title, lead, principals) == kind
    assert kind in kinds.KINDS


def test_every_kind_has_a_label_and_unknown_ones_none() -> None:
    assert all(kinds.label(k) for k in kinds.KINDS)
    assert kinds.label("") == ""
