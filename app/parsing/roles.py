"""Stage 5: who is the principal, who moderates, who asks.

Principals answer most words; a moderator gives the floor in short turns and asks nothing;
everyone else who speaks to the principal is a questioner. Front matter that declares the
principal(s) or moderator(s) wins over all of this.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.parsing import floor as floor_stage
from app.parsing.known_people import Known
from app.parsing.model import Metadata, Role, Speaker, Turn, Warning_
from app.parsing.names import MODERATOR_LABELS, fold, parse_name
from app.parsing.speakers import _compatible, label_key

_FLOOR = re.compile(
    r"\b(?:please|next question|last question|final question|go ahead|the floor|you have the floor|"
    r"let's (?:move|go|continue|finish|end)|let us (?:move|go|continue)|microphone|"
    r"introduce yourself|one more question|time for)\b",
    re.I,
)


# A host passes on other people's questions: `Here is another question`, `a call from Omsk
# Region`, `let's hear what she wants to ask`, `we have a video call`.
_RELAY = re.compile(
    r"\b(?:here(?:['’]s| is) (?:a|another|one more|the next) (?:question|message|call)|"
    r"(?:a|another|the next|we have a|we['’]ve got a) (?:video |phone |text )?(?:call|message|"
    r"question) from (?!the press|journalists)|let['’]s hear|on the line|"
    r"(?:text|sms|video) messages?|question processing centre|call centre|our operators?|"
    r"(?:you|she|he) can (?:talk|speak|go ahead|ask)|people are (?:asking|writing)|"
    r"(?:many|lots of|a lot of) (?:people|viewers) (?:are )?(?:asking|writing))\b",
    re.I,
)
_OFFICES = {
    "official",
    "president",
    "secretary",
    "minister",
    "chancellor",
    "chair",
    "chairman",
    "governor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "director",
    "advisor",
    "adviser",
    "administrator",
    "general",
    "lady",
    "king",
    "queen",
    "emir",
    "prince",
    "envoy",
    "coordinator",
}


_AIDES = {"aide", "staff", "staffer", "white house aide", "press aide", "press staff"}
_ADDRESS = {
    "mr",
    "ms",
    "mrs",
    "miss",
    "dr",
    "secretary",
    "senator",
    "ambassador",
    "general",
    "admiral",
    "governor",
    "mayor",
    "administrator",
    "director",
    "deputy",
    "chair",
    "chairman",
    "chairwoman",
    "commissioner",
    "representative",
    "congressman",
    "congresswoman",
}


def _office_titled(speaker: Speaker) -> bool:
    """Printed with an office (`President of Turkey Recep Tayyip Erdogan`): an official."""
    for label in speaker.labels:
        parts = parse_name(re.sub(r"\s*\([^)]*\)", "", label))
        if parts.given and _OFFICES & {fold(t) for t in parts.titles}:
            return True
    return False


def _in_title(speaker: Speaker, meta: Metadata) -> bool:
    """Named in the session's title (`Joint news conference with ... Sebastian Kurz`, `Press
    Briefing by ... Brian Deese`): someone the event is held by or with."""
    parts = parse_name(speaker.name)
    return parts.full and f" {fold(speaker.name)}" in f" {fold(meta.title)}"


def _titled(speaker: Speaker) -> bool:
    """Labelled by a title and a surname only (`MR. SAVETT:`, `DR. JHA:`)."""
    return any(
        (parts := parse_name(label)).titles
        and not parts.given
        and fold(parts.titles[0].strip(".")) in _ADDRESS
        for label in speaker.labels
    )


def _office_label(speaker: Speaker) -> bool:
    """`SENIOR ADMINISTRATION OFFICIAL TWO`, `THE VICE PRESIDENT`: an office with no name is
    someone answering for it, even when they ask a colleague to take a question."""
    return speaker.key.startswith("role:") and bool(_OFFICES & set(label_key(speaker.name).split()))


def _declared(names: list[str], speaker: Speaker) -> bool:
    for name in names:
        declared = parse_name(name)
        if fold(name) == fold(speaker.name) or any(
            fold(name) == fold(lbl) for lbl in speaker.labels
        ):
            return True
        if declared.surname and _compatible(declared, parse_name(speaker.name)):
            return True
    return False


@dataclass
class _Stats:
    """What each speaker does over the session, keyed by speaker key."""

    words: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    turns: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    asks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    longest: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    floor: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    after_anonymous: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Named hand-overs to the next speaker and relayed questions: a host who says `Go ahead,
    # Alexei.` runs the event (a Direct Line's TV hosts), however long their own questions.
    hands: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def short_only(self, k: str) -> bool:
        return self.longest[k] <= 30 and self.asks[k] == 0


def _count_hands(
    st: _Stats, turns: list[Turn], speakers: dict[str, Speaker], top: str, names: floor_stage.Names
) -> None:
    """Fill `st.hands` for everyone but the main principal and anonymous `Q`s, whose roles do
    not depend on it (reading every turn for calls was a third of the parse time)."""
    ctx = floor_stage.Context(set(), names)
    for turn, nxt in itertools.pairwise(turns):
        if turn.speaker == top or speakers[turn.speaker].anonymous:
            continue
        st.hands[turn.speaker] += bool(_RELAY.search(turn.text))
        if nxt.speaker != turn.speaker and turn.words <= 200:
            given = floor_stage.give(turn.text, ctx)
            st.hands[turn.speaker] += given is not None and given.named is not None


def _stats(turns: list[Turn], speakers: dict[str, Speaker]) -> _Stats:
    st = _Stats()
    for i, turn in enumerate(turns):
        k = turn.speaker
        st.words[k] += turn.words
        st.turns[k] += 1
        st.longest[k] = max(st.longest[k], turn.words)
        st.asks[k] += "?" in turn.text
        st.floor[k] += bool(_FLOOR.search(turn.text)) and turn.words <= 30
        if i and speakers[turns[i - 1].speaker].anonymous and not speakers[k].anonymous:
            st.after_anonymous[k] += 1
    return st


def assign(
    turns: list[Turn],
    speakers: dict[str, Speaker],
    meta: Metadata,
    known: list[Known],
    introduced: set[str],
    names: floor_stage.Names,
) -> list[Warning_]:
    """Set each speaker's role.

    `introduced` are speakers who named their outlet: journalists, never principals.
    `names`: the transcript's vocabulary (floor.Names), read once by the pipeline.
    """
    st = _stats(turns, speakers)
    named = [s for s in speakers.values() if not s.anonymous]
    for speaker in speakers.values():
        if speaker.anonymous:
            speaker.role = Role.QUESTIONER
    if meta.principals or meta.moderators:
        return _declared_roles(named, speakers, meta, st)
    for s in named:
        if label_key(s.labels[0]) in MODERATOR_LABELS or label_key(s.labels[0]) in _AIDES:
            s.role = Role.MODERATOR
    candidates = [s for s in named if s.role != Role.MODERATOR]
    if not candidates:
        return []
    answering = [s for s in candidates if s.key not in introduced] or candidates
    top = max(answering, key=lambda s: st.words[s.key])
    top.role = Role.PRINCIPAL
    _count_hands(st, turns, speakers, top.key, names)
    for s in candidates:
        if s is not top:
            s.role = _role_of(s, st, top, meta, known, introduced)
    return []


def _declared_roles(
    named: list[Speaker], speakers: dict[str, Speaker], meta: Metadata, st: _Stats
) -> list[Warning_]:
    """Front matter that names the principals and moderators wins over everything else."""
    for speaker in named:
        if _declared(meta.principals, speaker):
            speaker.role = Role.PRINCIPAL
        elif _declared(meta.moderators, speaker):
            speaker.role = Role.MODERATOR
        else:
            speaker.role = Role.QUESTIONER if st.asks[speaker.key] else Role.OTHER
    if not any(s.role == Role.PRINCIPAL for s in speakers.values()) and meta.principals:
        return [Warning_(1, "roles", f"declared principal(s) {meta.principals} never speak")]
    return []


def _role_of(
    s: Speaker, st: _Stats, top: Speaker, meta: Metadata, known: list[Known], introduced: set[str]
) -> Role:
    """One named speaker besides the main principal, strongest evidence first."""
    k = s.key
    if k not in introduced and (_office_titled(s) or _in_title(s, meta)):
        return Role.PRINCIPAL  # `Federal Chancellor of Austria Sebastian Kurz`
    if k not in introduced and st.hands[k] >= 2:
        return Role.MODERATOR
    if _titled(s):
        # `MR. SAVETT`, `MS. SIMONS`: transcripts give officials a title and a surname and
        # reporters a `Q`; one who mostly gives the floor moderates.
        floor_share = st.floor[k] / max(st.turns[k], 1)
        return Role.MODERATOR if st.short_only(k) or floor_share >= 0.5 else Role.PRINCIPAL
    if k in introduced:
        return Role.QUESTIONER
    # Officials the curated list knows (`DR. FAUCI`) answer, even when they ask a colleague
    # a question now and then.
    if fold(s.name) in {fold(x.name) for x in known if not x.moderator} or _office_label(s):
        return Role.PRINCIPAL
    known_moderator = fold(s.name) in {fold(x.name) for x in known if x.moderator}
    if (known_moderator and st.words[k] < st.words[top.key]) or (
        st.short_only(k) and (st.turns[k] >= 2 or st.floor[k])
    ):
        return Role.MODERATOR
    q_ratio = st.asks[k] / max(st.turns[k], 1)
    if q_ratio < 0.34 and (st.words[k] >= 0.2 * st.words[top.key] or st.after_anonymous[k] >= 2):
        return Role.PRINCIPAL
    return Role.QUESTIONER if st.asks[k] or st.turns[k] else s.role
