"""Stage 5: who is the principal, who moderates, who asks.

Principals answer most words; a moderator gives the floor in short turns and asks nothing;
everyone else who speaks to the principal is a questioner. Front matter that declares the
principal(s) or moderator(s) wins over all of this.
"""

from __future__ import annotations

import re
from collections import defaultdict

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


def assign(
    turns: list[Turn],
    speakers: dict[str, Speaker],
    meta: Metadata,
    known: list[Known],
    introduced: set[str],
) -> list[Warning_]:
    """Set each speaker's role.

    `introduced` are speakers who named their outlet: journalists, never principals.
    """
    warnings: list[Warning_] = []
    words: dict[str, int] = defaultdict(int)
    turn_count: dict[str, int] = defaultdict(int)
    asks: dict[str, int] = defaultdict(int)
    longest: dict[str, int] = defaultdict(int)
    floor: dict[str, int] = defaultdict(int)
    after_anonymous: dict[str, int] = defaultdict(int)
    # Named hand-overs to the next speaker: a host who says `Go ahead, Alexei.` runs the
    # event (a Direct Line's TV hosts), however long their own questions are.
    ctx = floor_stage.Context(set(), floor_stage.Names.of("\n".join(t.text for t in turns)))
    hands: dict[str, int] = defaultdict(int)
    for turn, nxt in zip(turns, turns[1:], strict=False):
        hands[turn.speaker] += bool(_RELAY.search(turn.text))
        if nxt.speaker != turn.speaker and turn.words <= 200:
            given = floor_stage.give(turn.text, ctx)
            hands[turn.speaker] += given is not None and given.named is not None
    for i, turn in enumerate(turns):
        words[turn.speaker] += turn.words
        turn_count[turn.speaker] += 1
        longest[turn.speaker] = max(longest[turn.speaker], turn.words)
        asks[turn.speaker] += "?" in turn.text
        floor[turn.speaker] += bool(_FLOOR.search(turn.text)) and turn.words <= 30
        if i and speakers[turns[i - 1].speaker].anonymous and not speakers[turn.speaker].anonymous:
            after_anonymous[turn.speaker] += 1

    declared = bool(meta.principals or meta.moderators)
    moderator_names = {fold(k.name) for k in known if k.moderator}
    # Officials the curated list knows (`DR. FAUCI`) answer, even when they ask a colleague
    # a question now and then.
    official_names = {fold(k.name) for k in known if not k.moderator}
    named = [s for s in speakers.values() if not s.anonymous]
    for speaker in speakers.values():
        if speaker.anonymous:
            speaker.role = Role.QUESTIONER
    if declared:
        for speaker in named:
            if _declared(meta.principals, speaker):
                speaker.role = Role.PRINCIPAL
            elif _declared(meta.moderators, speaker):
                speaker.role = Role.MODERATOR
            else:
                speaker.role = Role.QUESTIONER if asks[speaker.key] else Role.OTHER
        if not any(s.role == Role.PRINCIPAL for s in speakers.values()) and meta.principals:
            warnings.append(
                Warning_(1, "roles", f"declared principal(s) {meta.principals} never speak")
            )
        return warnings

    labelled_moderators = [
        s
        for s in named
        if label_key(s.labels[0]) in MODERATOR_LABELS or label_key(s.labels[0]) in _AIDES
    ]
    for s in labelled_moderators:
        s.role = Role.MODERATOR
    candidates = [s for s in named if s.role != Role.MODERATOR]
    if not candidates:
        return warnings
    answering = [s for s in candidates if s.key not in introduced] or candidates
    top = max(answering, key=lambda s: words[s.key])
    top.role = Role.PRINCIPAL
    for s in candidates:
        if s is top:
            continue
        k = s.key
        q_ratio = asks[k] / max(turn_count[k], 1)
        short_only = longest[k] <= 30 and asks[k] == 0
        if k not in introduced and (_office_titled(s) or _in_title(s, meta)):
            s.role = Role.PRINCIPAL  # `Federal Chancellor of Austria Sebastian Kurz`
        elif k not in introduced and hands[k] >= 2:
            s.role = Role.MODERATOR
        elif _titled(s):
            # `MR. SAVETT`, `MS. SIMONS`: transcripts give officials a title and a surname
            # and reporters a `Q`; one who mostly gives the floor moderates.
            floor_share = floor[k] / max(turn_count[k], 1)
            s.role = Role.MODERATOR if short_only or floor_share >= 0.5 else Role.PRINCIPAL
        elif k in introduced:
            s.role = Role.QUESTIONER
        elif fold(s.name) in official_names or _office_label(s):
            s.role = Role.PRINCIPAL
        elif (fold(s.name) in moderator_names and words[k] < words[top.key]) or (
            short_only and (turn_count[k] >= 2 or floor[k])
        ):
            s.role = Role.MODERATOR
        elif q_ratio < 0.34 and (words[k] >= 0.2 * words[top.key] or after_anonymous[k] >= 2):
            s.role = Role.PRINCIPAL
        elif asks[k] or turn_count[k]:
            s.role = Role.QUESTIONER
    return warnings
