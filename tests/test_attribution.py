"""Who asked, for which outlet, and on what evidence: the cases of each family, one per test.

Small transcripts written here in each family's own format (White House markdown with `Q`
labels, Kremlin `Name:` labels, Federal Reserve `QUESTION.`), each holding one shape of call,
introduction or floor that the real corpora contain (../shared/data, docs/corpus-report.md).
"""

from __future__ import annotations

import pytest

from app.parsing import Transcript, parse_bytes
from app.parsing.model import Exchange, Role

NBSP_Q = "Q\u00a0\u00a0\u00a0 "


def white_house(
    body: str, title: str = "Press Briefing by Press Secretary Jen Psaki"
) -> Transcript:
    front = (
        "---\n"
        f'title: "{title}"\n'
        "date: '2022-03-18'\n"
        "source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2022/03/18/x/\n"
        "---\n\n"
    )
    text = front + body.strip().replace("Q: ", NBSP_Q) + "\n"
    return parse_bytes(text.encode(), "wh.md")


OPENING = (
    "MS. PSAKI:  Good afternoon.  I have a few items for you at the top, and then we will "
    "get to your questions about the week ahead and the President's schedule.\n\n"
)


def asked(t: Transcript) -> list[tuple[str | None, str | None, str]]:
    return [(e.questioner, e.outlet, e.basis) for e in t.exchanges]


def first_words(t: Transcript, e: Exchange) -> str:
    return t.turns[e.question_turns[0]].text.split(".")[0]


@pytest.mark.parametrize(
    ("call", "name", "outlet"),
    [
        ("Let's go to Meg Tirrell at CNBC.", "Meg Tirrell", "CNBC"),
        ("We'll go to Andrea from Reuters.", "Andrea", "Reuters"),
        ("We'll go to Jim Tankersley with the New York Times.", "Jim Tankersley", "New York Times"),
        ("I'll start with Chris from the L.A. Times.", "Chris", "L.A. Times"),
        ("Next question comes from Jeff Mason with Reuters.", "Jeff Mason", "Reuters"),
        ("Go ahead, Patsy.", "Patsy", None),
        ("Brian, go ahead.", "Brian", None),
        ("Darlene, welcome to the briefing room.  Go ahead.", "Darlene", None),
        ("Steve, Reuters.  I'm sorry.  Steve Holland.", "Steve Holland", "Reuters"),
        ("Karen.  Karen Travers of ABC Radio.", "Karen Travers", "ABC Radio"),
        ("Jenny Leonard, Bloomberg.", "Jenny Leonard", "Bloomberg"),
    ],
)
def test_calls_that_give_the_floor(call: str, name: str, outlet: str | None) -> None:
    t = white_house(
        OPENING
        + f"MS. PSAKI:  {call}\n\n"
        + "Q: Thank you.  What is the President doing about gas prices this week?\n\n"
        + "MS. PSAKI:  He is working with Congress on a package that brings prices down.\n"
    )
    assert asked(t) == [(name, outlet, "call")]
    assert call.split()[0].rstrip(",.") in t.exchanges[0].evidence


@pytest.mark.parametrize(
    ("intro", "name", "outlet"),
    [
        ("Hi, this is Andrea Shalal with Reuters.", "Andrea Shalal", "Reuters"),
        ("I'm Toshi Ogata with the Asahi Shimbun.", "Toshi Ogata", "Asahi Shimbun"),
        (
            "This is a question from Cleve Wootson from the Washington Post:",
            "Cleve Wootson",
            "Washington Post",
        ),
        ("Bo, from CBS.", "Bo", "CBS"),
    ],
)
def test_self_introductions_in_a_q_turn(intro: str, name: str, outlet: str) -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + f"Q: {intro}  What is the plan for the summit next week in Brussels?\n\n"
        + "MS. PSAKI:  The plan is to meet our allies and discuss the next steps together.\n"
    )
    assert asked(t) == [(name, outlet, "self")]


def test_the_floor_is_kept_for_follow_ups_until_given_away() -> None:
    t = white_house(
        OPENING
        + "With that, Zeke, why don't you kick us off?\n\n"
        + "Q: No updates on the Friday schedule?\n\n"
        + "MS. PSAKI:  Don't have any updates at this point in time.\n\n"
        + "Q: On the call this morning, did the President raise the question of sanctions?\n\n"
        + "MS. PSAKI:  I'm not going to give an assessment of that from here today, but the "
        + "President was clear about the consequences of any support for Russia.\n\n"
        + "Q: And one more on a different topic: what about the vaccines for children?\n\n"
        + "MS. PSAKI:  The FDA will make that decision on its own timeline, as always.\n\n"
        + "Go ahead.\n\n"
        + "Q: During the readout of this call, why did the President not ask for more?\n\n"
        + "MS. PSAKI:  Because China has to make a decision for themselves about this.\n"
    )
    assert asked(t) == [
        ("Zeke", None, "call"),
        ("Zeke", None, "follow-up"),
        ("Zeke", None, "follow-up"),
        (None, None, ""),  # `Go ahead.` gave the floor to someone unnamed
    ]


def test_the_answer_names_the_asker() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + "Q: Can you say a little more about the discussions with the G7 allies?\n\n"
        + "MS. PSAKI:  Well, Andrea, I would say the movement of China is of great concern.\n\n"
        + "Q: And then, just to follow up on that: did the leaders discuss Iran?\n\n"
        + "MS. PSAKI:  They did discuss a range of issues, including Iran and North Korea.\n"
    )
    assert asked(t) == [("Andrea", None, "call"), ("Andrea", None, "follow-up")]


def test_a_new_voice_addressing_the_principal_takes_the_floor() -> None:
    t = white_house(
        OPENING
        + "And, Chris, do you want to kick us off?\n\n"
        + "Q: Sure.  Are there gaps in the administration's efforts on domestic terrorism?\n\n"
        + "MS. PSAKI:  Congress is looking at the Domestic Terrorism Prevention Act now.\n\n"
        + "Q: Jen, on NATO, what is the U.S. prepared to do to assuage Turkey's concerns?\n\n"
        + "MS. PSAKI:  We are confident that they will reach a consensus as an Alliance.\n"
    )
    assert asked(t) == [("Chris", None, "call"), (None, None, "")]


def test_cross_talk_passes_the_floor_and_is_not_numbered() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead, Sally.\n\n"
        + "Q: Does the President have any plans to watch the returns tonight?\n\n"
        + "MS. PSAKI:  I don't have anything on his schedule on what that will look like.\n\n"
        + "Q: And just quickly on —\n\n"
        + "Q: And, Jen — and just —\n\n"
        + "MS. PSAKI:  (Inaudible) follow up.\n\n"
        + "Q: No, just on one other topic: when will the invitations go out?\n\n"
        + "MS. PSAKI:  I don't have anything new on the invites just quite yet, sorry.\n"
    )
    assert asked(t) == [("Sally", None, "call"), (None, None, "")]
    numbered = {i for e in t.exchanges for i in e.question_turns}
    assert all(
        t.turns[i].index not in numbered
        for i in range(len(t.turns))
        if "quickly on" in t.turns[i].text
    )


def test_thanks_and_greetings_are_not_questions() -> None:
    t = white_house(
        "MS. PSAKI:  Hi, everyone.\n\n"
        + "Q: Good afternoon.\n\n"
        + "MS. PSAKI:  Good afternoon.  I have one item at the top about the economy today.\n\n"
        + "Q: Thank you.\n\n"
        + "MS. PSAKI:  Go ahead, Kristen.\n\n"
        + "Q: What is the plan for the economy in the second half of the year?\n\n"
        + "MS. PSAKI:  The plan is to keep the recovery going, with Congress's help.\n\n"
        + "Q: Today.  Thank you.\n"
    )
    assert asked(t) == [("Kristen", None, "call")]
    assert t.exchanges[0].number == 1
    # Nothing is lost: the turns stay in the transcript.
    assert any(turn.text == "Good afternoon." for turn in t.turns)


def test_a_reply_inside_a_question_is_labelled() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead, Brian.\n\n"
        + "Q: Can I ask a follow-up on the call?\n\n"
        + "MS. PSAKI:  Sure.\n\n"
        + "Q: Did the President bring up the past meetings with President Xi at all?\n\n"
        + "MS. PSAKI:  He did, and he spoke about their long history of conversations.\n"
    )
    assert len(t.exchanges) == 1
    assert "\n\nJen Psaki: Sure.\n\n" in t.question_text(t.exchanges[0])


@pytest.mark.parametrize(
    "interjection", ["Yeah.", "Mm-hmm.", "Remarkable.", "Yep.", "Sorry.", "Merry Christmas."]
)
def test_interjections_are_never_names(interjection: str) -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + "Q: The President has cast this as democracies versus autocracies.\n\n"
        + f"MS. PSAKI:  {interjection}\n\n"
        + "Q: The largest democracy is buying Russian oil; does the White House respond?\n\n"
        + "MS. PSAKI:  We have been in touch with Indian leaders at a range of levels.\n"
    )
    assert [e.questioner for e in t.exchanges] == [None]


def test_officials_answer_and_are_never_askers() -> None:
    t = white_house(
        "MODERATOR:  Thank you, everyone.  Dr. Jha will start us off today.\n\n"
        + "DR. JHA:  Thank you.  We have new data on boosters, and Dr. Fauci will add more.\n\n"
        + "DR. FAUCI:  Thank you very much, Dr. Jha.  What I'd like to do is show the data?\n\n"
        + "MODERATOR:  Let's go to Meg Tirrell at CNBC.\n\n"
        + "Q: Thank you.  I wanted to ask about the rebound after Paxlovid.\n\n"
        + "DR. JHA:  Tony, do you want to take that?\n\n"
        + "DR. FAUCI:  Yes, we are in active discussion with the company about the data.\n",
        title="Press Briefing by White House COVID-19 Response Team and Public Health Officials",
    )
    roles = {s.name: s.role for s in t.speakers.values()}
    assert roles["Anthony Fauci"] == Role.PRINCIPAL
    assert roles["Ashish Jha"] == Role.PRINCIPAL
    assert roles["Moderator"] == Role.MODERATOR
    assert asked(t) == [("Meg Tirrell", "CNBC", "call")]


def test_principals_are_named_properly() -> None:
    t = white_house(
        "MS. JEAN-PIERRE:  Hello, everyone.  A few things at the top before questions today.\n\n"
        + "Go ahead, Zolan.\n\n"
        + "Q: When will the President make a decision on student loan relief?\n\n"
        + "MS. JEAN-PIERRE:  We have no policy to announce yet on that, as I said before.\n",
        title="Press Briefing by Press Secretary Karine Jean-Pierre",
    )
    assert {s.name for s in t.speakers.values() if s.role == Role.PRINCIPAL} == {
        "Karine Jean-Pierre"
    }


def test_a_title_label_is_an_official_and_moderates_when_it_calls() -> None:
    t = white_house(
        "MR. SAVETT:  Good morning.  This is Sean Savett from the National Security Council.\n\n"
        + "MR. SULLIVAN:  Thanks, Sean.  I will say a few words about the trip and then take "
        + "your questions on it, for as long as you like, this morning.\n\n"
        + "MR. SAVETT:  Next, we'll go to Peter Nicholas from NBC.\n\n"
        + "Q: Thanks.  Will the President meet the Chinese leader on this trip?\n\n"
        + "MR. SULLIVAN:  We don't have anything to announce on that today, Peter.\n",
        title="On-the-Record Press Call by National Security Advisor Jake Sullivan",
    )
    roles = {s.name: s.role for s in t.speakers.values()}
    assert roles["Jake Sullivan"] == Role.PRINCIPAL
    assert roles["Sean Savett"] == Role.MODERATOR  # the full name the text gives
    assert asked(t) == [("Peter Nicholas", "NBC", "call")]


def kremlin(body: str, title: str = "News conference") -> Transcript:
    text = f"{title}\n\nDecember 10, 2019 (2019-12-10), Paris\n\n{body.strip()}\n"
    return parse_bytes(text.encode(), "kremlin.txt")


def test_kremlin_outlet_without_a_name_and_a_place_that_is_not_an_outlet() -> None:
    t = kremlin(
        "Vladimir Putin: Good afternoon. Let us begin with questions from the press today.\n\n"
        "Question (retranslated): Deutsche Presse-Agentur. Madame Chancellor, you have "
        "said that the talks went well. What comes next?\n\n"
        "Vladimir Putin: We will meet again in four months, and we agreed on the steps.\n\n"
        "Ilya Lochkanov: Good afternoon, Mr President. My name is Ilya Lochkanov and I am "
        "from Belgorod. Were you invited to take part in the summit?\n\n"
        "Vladimir Putin: We were invited, but we decided that it was not the right time.\n"
    )
    assert asked(t) == [
        (None, "Deutsche Presse-Agentur", "self"),
        ("Ilya Lochkanov", None, "label"),
    ]


def test_a_direct_line_host_moderates_and_their_put_questions_stay() -> None:
    t = kremlin(
        "Vladimir Putin: Good afternoon. I am ready to answer as many questions as I can.\n\n"
        "Yelena Vinnik: Here is another question from our call centre: will pensions rise "
        "this year?\n\n"
        "Vladimir Putin: Yes, pensions will rise by more than the rate of inflation this year.\n\n"
        "Yelena Vinnik: We have a video call from Omsk Region. Let's hear what she wants to "
        "ask. Go ahead, Olga.\n\n"
        "Olga Ivanova: Good afternoon. When will the road to our village be repaired?\n\n"
        "Vladimir Putin: I will ask the governor to look into it and report back to me soon.\n",
        title="Direct Line with Vladimir Putin",
    )
    roles = {s.name: s.role for s in t.speakers.values()}
    assert roles["Yelena Vinnik"] == Role.MODERATOR
    assert [e.questioner for e in t.exchanges] == [None, "Olga Ivanova"]


def test_a_leader_printed_with_an_office_is_a_principal() -> None:
    t = kremlin(
        "Vladimir Putin: Good afternoon. We have had substantive talks with our guest.\n\n"
        "Federal Chancellor of Austria Sebastian Kurz (retranslated): Thank you. We discussed "
        "trade and gas supplies, and I am grateful for the hospitality.\n\n"
        "Question: My question is addressed to both leaders. How do you see trade growing?\n\n"
        "Vladimir Putin: Trade grew by a third last year, and we expect more this year.\n\n"
        "Sebastian Kurz: We see great potential in trade between our two countries.\n",
        title="Joint news conference with Federal Chancellor of Austria Sebastian Kurz",
    )
    roles = {s.name: s.role for s in t.speakers.values()}
    assert roles["Sebastian Kurz"] == Role.PRINCIPAL
    assert [e.questioner for e in t.exchanges] == [None]


def fed(body: str) -> Transcript:
    text = (
        "April 27, 2011 Chairman Bernanke's Press Conference FINAL\n\n"
        "Transcript of Chairman Bernanke's Press Conference April 27, 2011\n\n"
        f"{body.strip()}\n"
    )
    return parse_bytes(text.encode(), "fomc.txt")


def test_fed_new_voices_and_explicit_follow_ups() -> None:
    t = fed(
        "CHAIRMAN BERNANKE.  Good afternoon.  Welcome.  I will take your questions now.\n"
        "QUESTION.  Darren Gersh with Nightly Business Report.  Can the Fed reduce long-term "
        "unemployment?\n"
        "CHAIRMAN BERNANKE.  Well, first, you're absolutely right that it is very high now.\n"
        "QUESTION.  Could I just follow up?  Is that out of the scope of what the Fed can do?\n"
        "CHAIRMAN BERNANKE.  Well, indirectly, of course, we can help the economy recover.\n"
        "QUESTION.  Mr. Chairman, what will be the impact on the recovery when buying ends?\n"
        "CHAIRMAN BERNANKE.  As I have noted, we expect the impact to be quite small indeed.\n"
        "QUESTION.  Mr. Chairman, first, thanks for doing this.  How do you respond to critics?\n"
        "CHAIRMAN BERNANKE.  Thanks, Steve.  The Secretary of the Treasury speaks for the dollar.\n"
    )
    assert asked(t) == [
        ("Darren Gersh", "Nightly Business Report", "self"),
        ("Darren Gersh", "Nightly Business Report", "follow-up"),
        (None, None, ""),
        ("Steve", None, "call"),
    ]


def test_a_name_asked_about_is_not_the_asker() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + "Q: Novak Djokovic.  Is he going to be allowed to play at the U.S. Open this year?\n\n"
        + "MS. PSAKI:  The vaccine requirement for travellers stays in place for everyone.\n\n"
        + "Q: Sean Casten?\n\n"
        + "MS. PSAKI:  The President spoke with the Congressman this morning about it.\n"
    )
    assert [e.questioner for e in t.exchanges] == [None, None]


def test_a_phrase_with_a_colon_wrapped_inside_a_question_is_not_a_speaker() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  So, go ahead, George.\n\n"
        + "Q:  Yeah, thanks.  Two questions, if I could — one on the — on the\n"
        + "Hatch Act:  Will this administration take that seriously?  And do you\n"
        + "think it is ever appropriate to have a political event at the White House?\n\n"
        + "MS. PSAKI:  We take it seriously, and we will abide by it, as we always have.\n"
    )
    assert {s.name for s in t.speakers.values()} == {"Jen Psaki", "Question"}
    assert asked(t) == [("George", None, "call")]


@pytest.mark.parametrize("reply", ["Hatch Act.", "Novak Djokovic.", "Inside Ukraine."])
def test_a_phrase_said_alone_is_a_reply_not_an_introduction(reply: str) -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + "Q: Is the White House looking at what happened last week at the rally?\n\n"
        + "MS. PSAKI:  Which part of it are you asking about, exactly, if I may ask you that?\n\n"
        + f"Q: {reply}\n\n"
        + "MS. PSAKI:  We take it seriously, and the Counsel's Office is looking into it.\n"
    )
    assert t.exchanges
    assert all(e.questioner is None for e in t.exchanges)


def test_initials_alone_are_not_a_speaker_label() -> None:
    t = white_house(
        OPENING
        + "MS. PSAKI:  Go ahead.\n\n"
        + "Q: They came to Washington,\n\n"
        + "D.C:  They said the border is open.  What do you make of that claim?\n\n"
        + "MS. PSAKI:  The border is not open, and we have said that many times before.\n"
    )
    assert "D.C" not in {label for s in t.speakers.values() for label in s.labels}


def test_a_period_for_a_colon_after_a_known_speaker_opens_their_turn() -> None:
    t = kremlin(
        "Vladimir Putin: Good afternoon. We have had substantive talks with our guest.\n\n"
        "Sebastian Kurz: Thank you. We discussed trade and gas supplies at length today.\n\n"
        "Question: My question is addressed to both leaders. How do you see trade growing?\n\n"
        "Sebastian Kurz. Thank you very much for your question. Trade is growing well.\n\n"
        "Vladimir Putin: Trade grew by a third last year, and we expect more this year.\n",
        title="Joint news conference with Federal Chancellor of Austria Sebastian Kurz",
    )
    assert [e.questioner for e in t.exchanges] == [None]
    answerers = {t.speakers[t.turns[i].speaker].name for i in t.exchanges[0].answer_turns}
    assert answerers == {"Sebastian Kurz", "Vladimir Putin"}
