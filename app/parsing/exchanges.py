"""Stage 7: group turns into numbered exchanges (a question and its answer).

A question is one questioner's turns, with the principal's procedural replies (`You can.`,
`Sure.`) folded in; a new exchange starts when someone else gets the floor or the same
questioner asks again after a full answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.parsing.identity import introduces_by_verb
from app.parsing.model import Role, Speaker, Turn
from app.parsing.stage import speech_only, speech_words

_FLOOR_REQUEST = re.compile(
    r"\b(?:can|may|could|might)\s+(?:i|we)\b|\bask\b|follow[- ]?up|one more|another|"
    r"\bif you (?:don't|do not) mind\b|\bquestion\b",
    re.I,
)


# Words that carry no question: thanks, greetings, assent, fillers, a principal's first name.
_TRIVIAL_WORDS = re.compile(
    r"\b(?:thank(?:s| you)?|very|so|much|good|morning|afternoon|evening|hi|hello|hey|"
    r"okay|ok|sure|yes|yeah|yep|no|sorry|oh|all|right|great|appreciate|it|everyone|everybody|"
    r"guys|folks|sir|ma['’]am|mr|ms|madam|president|chairman|again|bye|happy|merry|christmas|"
    r"new|year|holidays|thanksgiving|you|too|and|for|doing|this|that|mm|hmm|um|uh|ah|"
    r"inaudible|laughter|crosstalk|cross-talk)\b",
    re.I,
)


def is_trivial(text: str, names: set[str] | None = None) -> bool:
    """Only thanks, a greeting, `(Inaudible.)` or a filler: no question to number. One other
    word before a thank-you (`Today. Thank you.`) is an echo, not a question."""
    rest = _TRIVIAL_WORDS.sub(" ", text)
    words = [w for w in re.findall(r"[\w’']+", rest) if w.casefold() not in (names or set())]
    thanked = re.search(r"\bthank(?:s| you)\W*$", text.strip(), re.I)
    return not words or (len(words) == 1 and bool(thanked) and "?" not in text)


_INTRODUCES_SPEAKER = re.compile(
    r"\b(?:turn (?:it|things) over|hand (?:it|things) over|over to you|for joining|"
    r"kick (?:us|it|things) off|first question|the floor is yours|without further ado)\b",
    re.I,
)


def _relays(turn: Turn, nxt: Turn | None, speakers: dict[str, Speaker]) -> bool:
    """The principal answers the moderator at length: the moderator put a question (or a
    point: `There is also high blood pressure.`), not just the floor."""
    if nxt is None or speakers[nxt.speaker].role != Role.PRINCIPAL:
        return False
    if _INTRODUCES_SPEAKER.search(turn.text) or "?" not in turn.text:
        return False  # `I'll turn it over to ...`: the opening hand-over, not a question
    return speech_words(turn.text) > 4 and speech_words(nxt.text) > 6


def _fragment(text: str) -> bool:
    """Cross-talk: a few words broken off (`And, Karine — and just —`)."""
    spoken = speech_only(text).strip()
    return (
        len(spoken.split()) <= 5 and "?" not in spoken and spoken.endswith(("—", "–", "-", "..."))
    )


@dataclass
class Draft:
    question: list[int] = field(default_factory=list)
    answer: list[int] = field(default_factory=list)
    outside_before: list[int] = field(default_factory=list)  # turns just before, e.g. the call


def _procedural(reply_words: int, question_text: str) -> bool:
    """A reply that hands the floor back rather than answering."""
    if reply_words <= 6:
        return True
    # The question was not yet asked (no question mark), or was a request for the floor.
    not_yet_asked = "?" not in question_text
    asking_for_floor = len(question_text.split()) <= 15 and bool(
        _FLOOR_REQUEST.search(question_text)
    )
    if len(question_text.split()) <= 5 and not_yet_asked:
        # `Interfax agency.` / `A cultural issue.`: the principal may banter before the question.
        return reply_words <= 30
    return reply_words <= 15 and (not_yet_asked or asking_for_floor)


def group(
    turns: list[Turn],
    speakers: dict[str, Speaker],
    names: set[str] | None = None,
    hands_over: Callable[[str], bool] | None = None,
) -> list[Draft]:
    """`names`: folded names of the officials, which may stand in a greeting (`Thanks, Jen.`);
    `hands_over`: whether an official's turn gives the floor to someone named (`Go ahead,
    Patsy.`), which ends an exchange however short it is."""
    drafts: list[Draft] = []
    current: Draft | None = None
    outside: list[int] = []
    for i, turn in enumerate(turns):
        role = speakers[turn.speaker].role
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        crosstalk = (
            nxt is not None
            and speakers[nxt.speaker].role == Role.QUESTIONER
            and _fragment(turn.text)
        )
        if role == Role.QUESTIONER and (is_trivial(turn.text, names) or crosstalk):
            # Thanks, a greeting or words cut off: kept in the transcript, not numbered.
            if current is not None and current.answer:
                current = None
            outside.append(turn.index)
            continue
        if role == Role.QUESTIONER:
            if current is not None and turns[current.question[-1]].speaker == turn.speaker:
                reply = sum(speech_words(turns[i].text) for i in current.answer)
                last_question = turns[current.question[-1]].text
                handed = hands_over is not None and any(
                    hands_over(turns[i].text) for i in current.answer[-1:]
                )
                # A turn that introduces the asker (`This is a question from Cleve Wootson
                # from the Washington Post:`) starts a new question, even after `Sure.`
                introduces = bool(current.answer) and introduces_by_verb(turn.text)
                if not current.answer or (
                    not handed and not introduces and _procedural(reply, last_question)
                ):
                    current.question.extend(current.answer)
                    current.answer = []
                    current.question.append(turn.index)
                    continue
            current = Draft(question=[turn.index], outside_before=outside)
            drafts.append(current)
            outside = []
        elif role == Role.PRINCIPAL and current is not None:
            current.answer.append(turn.index)
        elif role == Role.MODERATOR and _relays(turn, nxt, speakers):
            # A host putting a viewer's question to the principal (`Here is another
            # question: ...?`): a question with no journalist behind it, still numbered.
            current = Draft(question=[turn.index], outside_before=outside)
            drafts.append(current)
            outside = []
        elif role == Role.MODERATOR and current is not None and current.answer:
            current = None  # the moderator moves on: the exchange is over
            outside = [turn.index]
        else:
            outside.append(turn.index)
    for draft in drafts:
        draft.question.sort()
    return drafts
