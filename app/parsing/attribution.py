"""Stage 6b: who asked each exchange, walking the session's floor from turn to turn.

An exchange's asker is, in order of strength: the turn's own label (`N.Ivanov:`), a
self-introduction (`Konstantin Panyushkin, Channel One.`), the call that gave the floor just
before (`Let's go to Meg Tirrell at CNBC.`), the principal naming them in the answer (`Thanks,
Steve.`), or the journalist who already held the floor (a follow-up). The floor passes when an
official gives it (named or not), when a moderator speaks, or when unnamed voices cut in; then
nobody holds it until the transcript names someone. An anonymous asker is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.parsing import floor, identity
from app.parsing.exchanges import Draft
from app.parsing.known_people import KNOWN
from app.parsing.model import Exchange, Identity, Role, Speaker, Turn
from app.parsing.names import fold, parse_name

OFFICIAL_ROLES = (Role.PRINCIPAL, Role.MODERATOR)


@dataclass
class _Holder:
    name: str | None
    outlet: str | None
    speaker: str  # the label speaker key the holder asks under (`anon:question`)
    evidence: str
    # A question relayed for someone absent (`This is a question from Cleve Wootson`): the
    # absent reporter holds the floor only until the question is fully answered.
    relayed: bool = False


def officials_of(speakers: dict[str, Speaker]) -> set[str]:
    """Folded full names, first names and surnames of everyone who answers or moderates."""
    out: set[str] = set()
    for s in speakers.values():
        if s.role not in OFFICIAL_ROLES:
            continue
        parts = parse_name(s.name)
        for name in (s.name, *s.labels):
            out.add(fold(name))
        if parts.surname:
            out.add(fold(parts.surname))
        if parts.full and parts.given:
            out.add(fold(parts.given[0]))
    # Officials the curated list knows, by surname (`Kirby — John Kirby spoke to this`), even
    # when they do not speak in this session; first names are left out (`Jeff` may be Jeff
    # Zients or Jeff Mason of Reuters).
    out |= {fold(parse_name(k.name).surname) for k in KNOWN if not k.moderator}
    return out


def context(speakers: dict[str, Speaker], names: floor.Names) -> floor.Context:
    """The session as the floor functions see it, once roles are known."""
    return floor.Context(officials_of(speakers), names)


def hands_over(ctx: floor.Context) -> Callable[[str], bool]:
    """Whether an official's words give the floor on: to someone named, or after an answer."""

    def named(text: str) -> bool:
        found = floor.give(text, ctx)
        if found is None:
            return False
        # `Go ahead.` after an answer passes the floor; `Sure.` alone only grants a request.
        return found.named is not None or len([p for p in text.split("\n\n") if p.strip()]) > 1

    return named


def attribute(
    drafts: list[Draft],
    turns: list[Turn],
    speakers: dict[str, Speaker],
    introduced: dict[str, Identity],
    ctx: floor.Context,
) -> list[Exchange]:
    walk = _Walk(ctx, turns, speakers, introduced)
    return [walk.step(number, draft) for number, draft in enumerate(drafts, start=1)]


class _Walk:
    """The session read in order, with who holds the floor after each exchange."""

    def __init__(
        self,
        ctx: floor.Context,
        turns: list[Turn],
        speakers: dict[str, Speaker],
        introduced: dict[str, Identity],
    ) -> None:
        self.ctx, self.turns, self.speakers, self.introduced = ctx, turns, speakers, introduced
        self.holder: _Holder | None = None
        self.prev_end = -1

    def step(self, number: int, draft: Draft) -> Exchange:
        turns, speakers = self.turns, self.speakers
        first = turns[draft.question[0]]
        speaker = speakers[first.speaker]
        own = [
            p.text
            for i in draft.question
            if turns[i].speaker == first.speaker
            for p in turns[i].paragraphs
        ]
        between = turns[self.prev_end + 1 : first.index]
        # The previous answer's last turn may end by giving the floor (`Go ahead, Patsy.`).
        given = _given(turns[max(self.prev_end, 0) : first.index], speakers, self.ctx)
        if given is not None or any(speakers[t.speaker].role == Role.QUESTIONER for t in between):
            self.holder = None  # the floor went to someone (named or not), or voices cut in
        elif speaker.anonymous and own and floor.opens_new(own[0], self.ctx):
            self.holder = None  # a new voice addressing the principal takes the floor
        exchange = Exchange(number, draft.question, draft.answer, None, None, speaker.key, "")
        if speaker.role == Role.MODERATOR:
            # Put by the host for someone else: no journalist to credit, and nobody's floor.
            exchange.evidence = f"put by the moderator, {speaker.name}"
            self.holder = None
        elif not speaker.anonymous:
            self._labelled(exchange, speaker, first, given)
        else:
            self._anonymous(exchange, speaker, first, own, given, draft)
        if self.holder is not None and self.holder.relayed and _answered(draft, turns):
            self.holder = None
        self.prev_end = max(draft.question + draft.answer)
        return exchange

    def _labelled(
        self, exchange: Exchange, speaker: Speaker, first: Turn, given: floor.Give | None
    ) -> None:
        """`N.Ivanov:`: the label names the asker; a call may still give their outlet."""
        intro = self.introduced.get(speaker.key)
        evidence = intro.evidence if intro else f"label: {first.label}"
        called = given.named if given else None
        if (
            speaker.outlet is None
            and called is not None
            and called.outlet
            and (called.name is None or identity.person(called.name, parse_name(speaker.name)))
        ):
            speaker.outlet = called.outlet
        exchange.questioner, exchange.outlet = speaker.name, speaker.outlet
        exchange.basis, exchange.evidence = ("self" if intro else "label"), evidence
        self.holder = _Holder(speaker.name, speaker.outlet, speaker.key, evidence)

    def _anonymous(
        self,
        exchange: Exchange,
        speaker: Speaker,
        first: Turn,
        own: list[str],
        given: floor.Give | None,
        draft: Draft,
    ) -> None:
        """`Q`: an introduction, the call, the answer's address, or the floor's holder."""
        found, basis = self._found(first, own, given, draft)
        if found is None and self.holder is not None and self.holder.speaker == speaker.key:
            found, basis = (
                Identity(self.holder.name, self.holder.outlet, self.holder.evidence),
                "follow-up",
            )
        if found is None or not (found.name or found.outlet):
            self.holder = None
            return
        exchange.questioner, exchange.outlet = found.name, found.outlet
        exchange.basis, exchange.evidence = basis, found.evidence
        if basis != "follow-up":
            relayed = basis == "self" and identity.relays(found.evidence)
            self.holder = _Holder(found.name, found.outlet, speaker.key, found.evidence, relayed)

    def _found(
        self, first: Turn, own: list[str], given: floor.Give | None, draft: Draft
    ) -> tuple[Identity | None, str]:
        turns = self.turns
        found = identity.self_intro(own, None) or identity.outlet_only(own)
        asked_back = first.index > 0 and turns[first.index - 1].text.rstrip().endswith("?")
        if found is not None and found.name is None and asked_back:
            found = None  # `Wall Street Journal.` answering `What reporting is that?`
        if found is not None and found.name and floor.is_official(found.name, self.ctx.officials):
            found = None  # `Sebastian Kurz. Thank you for your question.`: the answer begins
        called = given.named if given else None
        if found is not None and found.name is None and called:
            found = Identity(called.name, found.outlet or called.outlet, found.evidence)
        if found is not None:
            return found, "self"
        if called is not None:
            return called, "call"
        if draft.answer and self.speakers[turns[draft.answer[0]].speaker].role == Role.PRINCIPAL:
            named = floor.vocative(turns[draft.answer[0]].text, self.ctx)
            holder = self.holder
            if named and not (holder and holder.name and _same(holder.name, named.name)):
                return named, "call"
        return None, ""


def _answered(draft: Draft, turns: list[Turn]) -> bool:
    """A full answer: long enough, and not a question back (`Or can you be more —`)."""
    if not draft.answer:
        return False
    text = turns[draft.answer[-1]].text.strip()
    return sum(turns[i].words for i in draft.answer) >= 25 and not text.endswith(("?", "—"))


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return fold(a).split()[0] == fold(b).split()[0]


def _given(
    before: list[Turn], speakers: dict[str, Speaker], ctx: floor.Context
) -> floor.Give | None:
    """How the floor was given just before this question: the last official turn before it
    (the end of the previous answer, or a moderator's call)."""
    candidates = [t for t in before if speakers[t.speaker].role in OFFICIAL_ROLES]
    for turn in reversed(candidates):
        found = floor.give(turn.text, ctx)
        if found is not None:
            return found
        if speakers[turn.speaker].role == Role.MODERATOR:
            return floor.Give(None, turn.text[:200])  # a moderator speaks only to pass it on
        if turn.words > 30:
            break  # an answer of substance: whoever asked keeps the floor
        # A short aside after the call (`I don't know if Liz is asking a question.`): the
        # call before it still stands.
    return None
