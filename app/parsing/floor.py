"""Who holds the floor: calls that give it, vocatives that name the asker, and cross-talk.

Pure text functions over one official turn or one answer; `attribution` walks the session
with them. Each returns the sentence it relied on, for `presser check` and the evidence shown
beside an attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.parsing.identity import (
    clean_outlet,
    outlet_like,
    person,
    sentences,
    single_name,
    strong_outlet,
)
from app.parsing.model import Identity
from app.parsing.names import TITLE_WORDS, fold, known_first_name
from app.parsing.stage import speech_only

# The verbs a moderator or press secretary gives the floor with, before the name:
# `Let's go to Meg Tirrell at CNBC.`, `We'll go to Andrea from Reuters.`, `I'll start with
# Chris from the L.A. Times.`, `Our next question comes from Jeff Mason with Reuters.`
_CALL_VERB = re.compile(
    r"(?:\b(?:let['’]s|let us|we['’]ll|we will|I['’]ll|I will|I['’]m going to|we['’]re going to|"
    r"going to|gonna)\s+(?:go|turn|start|move|come|head|finish|end|close|begin)\s+"
    r"(?:(?:back|over|right|first|now|next)\s+)?(?:to|with)\s+|"
    r"\b(?:next|first|last|final|another|our next|the next)\s+(?:question|one)\s+"
    r"(?:is\s+)?(?:comes\s+|will come\s+|goes\s+|is\s+)?(?:from|to|with)\s+|"
    r"\bwe\s+have\s+(?:a\s+question\s+)?from\s+|"
    r"\b(?:go ahead|over to you|you['’]re up|you have the floor|the floor is yours)[,.]?\s+"
    r"(?=(?-i:[A-Z])))",
    re.I,
)
# The name first: `Darlene, welcome to the briefing room.`, `Brian, go ahead.`
_NAME_FIRST_CALL = re.compile(
    r"(?:^|[.!?]\s+|,\s+|\band\s+)(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?),\s+"
    r"(?:welcome|go ahead|you['’]re up|why don['’]t you|do you want to|would you like to|"
    r"you['’]ve got|you have)"
)
# What may follow the name: `at CNBC`, `from Reuters`, `with the Associated Press`, `, AP`.
_NAME_THEN_OUTLET = re.compile(
    r"^(?P<name>[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-.]*|de|da|van|von|der|di|del|la|le|bin|al)){0,3})"
    r"(?:\s*(?:,\s*|\s+)(?:at|from|with|of|for)\s+(?P<outlet>[^,;:—]+?)|,\s*(?P<outlet2>[A-Z][^,;:—]+?))?"
    r"(?:[,\s]+(?:next|then|first|please|go ahead|to start|to begin|to kick us off|"
    r"in the back|in the front|and then .*|followed by .*|after that .*))?\s*[.!?]*$"
)
# A floor given with no name: `Go ahead.`, `Yes, in the back.`, `Next question.`
_UNNAMED_GIVE = re.compile(
    r"\b(?:go ahead|go on|please|next question|next one|last question|final question|"
    r"one more|in the back|in the front|the floor|yes|yeah|yep|sure|okay|ok|"
    r"right here|over here|microphone|let['’]s go|let us go|all right|take a question|"
    r"take questions|few questions|any questions|questions)\b",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:and|so|okay|ok|yes|yeah|yep|sure|right|great|all right|alright|well|now|"
    r"with that|then|next|hi|hello|hey|thanks|thank you|good|um|uh|please|go ahead)[,.!]?\s+)+",
    re.I,
)
_TRAIL = re.compile(
    r"[,\s]+(?:go ahead|please|you['’]re up|yes|in the back|in the front|welcome|"
    r"you have the floor|the floor is yours|why don['’]t you .*|do you want to .*|"
    r"would you like to .*|come on in|welcome back|we['’]ll unmute you.*|"
    r"welcome to the briefing room|good to see you|go for it|to start|to kick us off)$",
    re.I,
)


# Words gender-guesser lists as names that are, in a press room, ordinary words. Words that
# are also names of reporters (April Ryan, Mark Knoller, Christian Datoc) are left to the
# transcript's own test: a word it also prints in lower case is no name.
_NOT_NAMES = frozenset(
    [
        "okay",
        "ok",
        "yep",
        "yup",
        "nope",
        "um",
        "uh",
        "hmm",
        "huh",
        "ah",
        "wow",
        "alright",
        "absolutely",
        "exactly",
        "correct",
        "indeed",
        "except",
        "go",
        "way",
        "oh",
        "aide",
        "merry",
        "yeah",
        "yes",
        "sure",
        "so",
        "well",
        "thanks",
        "please",
        "look",
        "listen",
        "next",
        "sorry",
        "right",
        "great",
        "good",
        "all",
        "thank",
        "you",
        "and",
        "but",
        "now",
        "then",
        "first",
        "last",
        "final",
        "again",
        "hi",
        "hello",
        "hey",
        "bye",
        "ma'am",
        "sir",
        "madam",
        "mister",
        "mr",
        "ms",
        "mrs",
        "dr",
        "jr",
        "president",
        "chairman",
        "secretary",
        "general",
        "major",
        "china",
        "paris",
    ]
)


@dataclass
class Names:
    """Tells a first name from a word, using the transcript itself: a word that also appears
    in lower case (`yeah`, `obviously`, `because`) is a word, not a name."""

    lowercase: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Names:
        return cls(set(re.findall(r"(?<![.!?]\s)\b[a-z][a-z'’\-]+\b", text)))

    def plausible(self, word: str) -> bool:
        """Could be a first name: capitalised, whole (not `Yami-`), not a title (`Senator`),
        not an interjection (`Uh-huh`, `Hmmm`), not a word of this transcript."""
        key = fold(word)
        return (
            single_name(word)
            and not word.endswith(("-", "’", "'"))
            and key not in _NOT_NAMES
            and key not in TITLE_WORDS
            and not re.search(r"(.)\1\1|^(?:uh|um|mm|hm)", key)
            and word.lower() not in self.lowercase
        )

    def known(self, word: str) -> bool:
        """A first name that a dictionary of names lists as well."""
        return self.plausible(word) and known_first_name(word)


_CLOSING = re.compile(r"^(?:thank you|thanks)(?: (?:so|very) much)?,\s+[A-Z][\w'’\-]+\W*$", re.I)
_DEFER = re.compile(
    r"\b(?:(?:come|get) back to you|get to you|you (?:already )?(?:got|had|asked) (?:a|one|your)|"
    r"in a (?:second|minute|moment)|next time|hold on|hang on)\b",
    re.I,
)


@dataclass
class Context:
    """What the floor functions know of the session: its officials and its vocabulary."""

    officials: set[str]
    names: Names
    # give() per turn text: grouping and attribution both ask of the same official turns.
    given: dict[str, Give | None] = field(default_factory=dict, repr=False)


@dataclass
class Give:
    """An official turn's hand-over of the floor: to someone named, or to no one named."""

    named: Identity | None
    evidence: str


def _clean(sentence: str) -> str:
    s = speech_only(sentence).strip().rstrip(".!?").strip()
    for _ in range(3):
        s = _LEAD.sub("", s).strip()
        s = _TRAIL.sub("", s).strip(" ,.—-")
    return s


def _named(fragment: str, ctx: Context) -> Identity | None:
    """`Meg Tirrell at CNBC`, `Andrea from Reuters`, `Steve, Reuters`, `Zeke`: who and where."""
    m = _NAME_THEN_OUTLET.match(fragment.strip())
    if not m:
        return None
    raw_name = m.group("name").strip()
    outlet_text = m.group("outlet") or m.group("outlet2")
    name = person(raw_name, None)
    if name is not None and fold(name.split()[0]) in ctx.names.lowercase | _NOT_NAMES:
        name = None  # `Thank You`, `Okay Zeke`: a word before a name
    if name is None and ctx.names.plausible(raw_name):
        name = raw_name
    if name is None and " " in raw_name:
        first = raw_name.split()[0]
        # `Kelly O.`: a first name and an initial.
        if ctx.names.plausible(first) and re.fullmatch(r"[A-Z][\w'’\-]+\s+[A-Z]\.?", raw_name):
            name = raw_name.rstrip(".") + "."
    if name is None or is_official(name, ctx.officials):
        return None
    outlet = None
    if outlet_text:
        outlet_text = re.sub(r"^the\s+", "", outlet_text.strip(), flags=re.I)
        # A reporter is `at` or `with` an outlet; `from` or `of` may name a place instead.
        at = re.search(r"\b(?:at|with)\s+(?:the\s+)?" + re.escape(outlet_text), fragment)
        if not outlet_like(outlet_text) and not (at and _proper(outlet_text)):
            return None if m.group("outlet2") else Identity(name, None, fragment)
        outlet = clean_outlet(outlet_text)
    return Identity(name, outlet, fragment)


def _proper(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and all(w[:1].isupper() or w in {"of", "and", "&"} for w in words)


def is_official(name: str, officials: set[str]) -> bool:
    """A name that is one of this session's officials (`Dr. Fauci`, `Jen`, `Jake Sullivan`)."""
    words = [fold(w.strip(".,")) for w in name.split()]
    words = [w for w in words if w not in {"dr", "mr", "ms", "mrs", "secretary", "general"}]
    return bool(words) and (fold(" ".join(words)) in officials or words[-1] in officials)


def give(text: str, ctx: Context) -> Give | None:
    """The floor given at the end of an official turn: named (`Go ahead, Patsy.`, `Let's go
    to Meg Tirrell at CNBC.`, `Steve, Reuters.`) or not (`Go ahead.`). None when the turn
    ends on substance, so whoever had the floor keeps it."""
    if text not in ctx.given:
        ctx.given[text] = _give(text, ctx)
    return ctx.given[text]


def _give(text: str, ctx: Context) -> Give | None:
    paragraphs = [p for p in text.split("\n\n") if speech_only(p).strip()]
    if not paragraphs:
        return None
    last = paragraphs[-1]
    tail = sentences(last, 60)
    return _explicit_call(tail, ctx) or _closing_call(tail, ctx) or _unnamed(last)


def _explicit_call(tail: list[str], ctx: Context) -> Give | None:
    """A call with a verb anywhere in the last sentences, the latest winning: `Let's go to
    Meg Tirrell at CNBC.`, `Darlene, welcome to the briefing room.`"""
    for raw in reversed(tail[-3:]):
        for m in reversed(list(_CALL_VERB.finditer(raw))):
            found = _named(_clean(raw[m.end() :]), ctx)
            single = found and found.name and " " not in found.name and found.outlet is None
            if single and found and not ctx.names.known(found.name or ""):
                found = None  # `we'll continue with Syria`: a place, not a reporter
            if found:
                return Give(Identity(found.name, found.outlet, raw.strip()), raw.strip())
        first = _NAME_FIRST_CALL.search(raw)
        if first and (found := _named(first.group("name"), ctx)):
            return Give(Identity(found.name, None, raw.strip()), raw.strip())
    return None


def _closing_call(tail: list[str], ctx: Context) -> Give | None:
    """Short closing sentences that only give the floor: `Go ahead, Patsy.`, `Hans.`,
    `Channel One, please.`, `Steve, Reuters. I'm sorry. Steve Holland.` (the last name given
    wins, keeping an outlet said before it)."""
    named: Identity | None = None
    evidence: list[str] = []
    for raw in tail[-4:]:
        s = _clean(raw)
        cut_off = speech_only(raw).rstrip().endswith(("—", "–", "-", "…"))
        if (
            _CLOSING.match(speech_only(raw).strip())
            or _DEFER.search(raw)
            or len(s.split()) > 8
            or cut_off  # `Senator —`, `Congress —`: a sentence broken off, no one called
        ):
            # `Thank you, Michael.` ends Michael's turn; `Colleen, we'll come back to you`
            # puts her off; a long sentence is substance: nobody named here has the floor.
            named, evidence = None, []
            continue
        if not s:
            continue
        found = _short_call(s, raw, ctx)
        if found:
            named = _continue_call(named, found, s)
            evidence.append(raw.strip())
        elif re.fullmatch(r"(?:I['’]m sorry|sorry|excuse me|I mean|no)", s, re.I):
            evidence.append(raw.strip())
        else:
            named, evidence = None, []
    if named is None:
        return None
    return Give(Identity(named.name, named.outlet, " ".join(evidence)), " ".join(evidence))


def _short_call(s: str, raw: str, ctx: Context) -> Identity | None:
    found = _named(s, ctx)
    bare = s == speech_only(raw).strip().rstrip(".!?").strip()
    if found and bare and " " not in (found.name or " ") and not ctx.names.known(found.name or ""):
        # A word alone (`Remarkable.`, `Yep.`) names someone only if it is a known name;
        # `Go ahead, Zolan.` or `Hi, Yamiche.` may name anyone.
        return None
    if found is None and not bare and strong_outlet(s):
        return Identity(None, clean_outlet(s), s)  # `Channel One, please.`
    return found


def _continue_call(named: Identity | None, found: Identity, s: str) -> Identity:
    """`Karen. Karen Travers of ABC Radio.` and `Steve, Reuters. Steve Holland.`: one call."""
    if named is None or not named.name or not found.name:
        return found
    if found.outlet is None and fold(found.name).startswith(fold(named.name.split()[0])):
        return Identity(found.name, named.outlet, s)
    return found


def _unnamed(last: str) -> Give | None:
    """`Go ahead.`, `Yes, in the back.`, `Next question, please.`: the floor given, no name."""
    spoken = speech_only(last)
    if _CLOSING.match(spoken.strip()) or _DEFER.search(spoken):
        return Give(None, last.strip())
    if len(spoken.split()) > 12 or not _UNNAMED_GIVE.search(spoken):
        return None
    # Only the words of giving the floor, not a short answer that happens to hold one
    # (`You're absolutely right.`).
    rest = _UNNAMED_GIVE.sub(" ", spoken)
    rest = re.sub(
        r"\b(?:and|so|then|now|the|a|with|that|this|here|there|thank(?:s| you)|"
        r"good|great|well|let['’]s|let me|I['’]ll|we['’]ll|take|go|to|in|on|sir|ma['’]am|"
        r"everyone|everybody|folks|guys|quickly|again|also|back|up|more|one|two|last)\b",
        " ",
        rest,
        flags=re.I,
    )
    return Give(None, last.strip()) if len(re.findall(r"[\w’']+", rest)) <= 1 else None


# `Well, Andrea, I would say`, `Thanks, Steve.`, `for you, Ed, on`, `your question, Zolan —`.
_VOCATIVE = re.compile(
    r"(?:^|[.!?]\s+|[,—–-]\s*)(?P<name>[A-Z][a-z'’\-]{1,20})(?=\s*(?:,|—|–|\.|!|\?|$))"
)
_BEFORE_VOCATIVE = re.compile(
    r"(?:^|\b(?:well|so|yes|yeah|sure|look|okay|ok|and|thanks|thank you|thank you so much|"
    r"thanks so much|thank you very much|great|again|hi|hello|sorry|no|oh|first|right|"
    r"reiterate|question|you|add|mean|know|said|say|think|honestly|frankly|look|listen)"
    r"[,]?\s*|,\s*|—\s*)$",
    re.I,
)


_STRONG_VOCATIVE = re.compile(
    r"^(?:(?:of course|sure|yes|yeah|okay|ok|well|so|great|all right)[,.]?\s+)*"
    r"(?:(?:thanks|thank you|thank you so much|thanks so much|thank you very much|well|hi|"
    r"hello|yes|yeah|sure|okay|look)[,]?\s+)*$",
    re.I,
)


def vocative(answer: str, ctx: Context) -> Identity | None:
    """The asker named in the answer's first sentences (`Thanks, Steve.`, `Well, Andrea, I
    would say`): the principal answering them by name."""
    head = " ".join(sentences(speech_only(answer.split("\n\n")[0]), 3))
    for m in _VOCATIVE.finditer(head):
        word = m.group("name")
        before = head[: m.start("name")]
        if not _BEFORE_VOCATIVE.search(before[-40:]):
            continue
        # A list (`France, Germany, and Italy`) is not an address.
        after = head[m.end("name") : m.end("name") + 12]
        if re.match(r"\s*,\s*(?:and\s+)?(?!I\b)[A-Z][a-z]", after) or re.search(
            r",\s*[A-Z][a-z]+,\s*$", before
        ):
            continue
        # At the head of the answer (`Thanks, Aamer.`, `Well, Andrea,`) any plausible name
        # will do; further in, only a name the dictionary knows.
        strong = 0 < m.start("name") < 40 and bool(_STRONG_VOCATIVE.search(before))
        # Mid-answer, an address is set off on both sides (`for you, Ed, on`); `the country
        # we are talking about, Syria.` ends a sentence on an apposition instead.
        # Commas on both sides: `as you know, India — and` is an aside, not an address.
        enclosed = before.rstrip().endswith(",") and head[m.end("name") :].lstrip().startswith(",")
        ok = ctx.names.plausible(word) if strong else ctx.names.known(word) and enclosed
        if not ok or is_official(word, ctx.officials):
            continue
        rest = head[m.end("name") :].split(".")[0]
        if re.match(
            r"[,\s]*(?:do you|would you|can you|could you|want|if you|you want)", rest, re.I
        ):
            continue  # `Tony, do you want to take that?`: handing over to a colleague
        return Identity(word, None, _sentence_of(head, m.start("name")))
    return None


def _sentence_of(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("? ", 0, pos), text.rfind("! ", 0, pos))
    end = min((i for i in (text.find(". ", pos), text.find("? ", pos)) if i >= 0), default=-1)
    return text[start + 2 if start >= 0 else 0 : end + 1 if end >= 0 else len(text)].strip()


# A question that opens by addressing the principal (`Karine, on NATO, ...`, `Mr. Chairman,
# what will be ...`) is a new voice taking the floor, unless it says it follows up.
_ADDRESS_TITLES = (
    r"(?:mr\.?|madam|madame|ms\.?|mrs\.?|dr\.?)\s+(?:president|chairman|chair|secretary|"
    r"prime minister|vice president|speaker|\w+)|sir|ma['’]am|chairman|chair|"
    r"vladimir vladimirovich|president"
)
_FOLLOWS = re.compile(
    r"\b(?:follow(?:ing)?[- ]?up|followup|one more|to clarify|to be clear|clarif|"
    r"just to|on that|on this|same topic|related|back to|you said|you mentioned)\b",
    re.I,
)


# A reporter taking the floor greets or thanks first (`Hi, everyone.`, `Thanks for doing
# this.`); one who already holds it goes straight on.
_NEW_QUESTION = re.compile(
    r"^(?:I have (?:a|one|two|three) (?:question|questions)|my (?:question|first question) is|"
    r"(?:a|one) question (?:for|to)|I(?:['’]d| would) like to ask|question (?:for|to))\b",
    re.I,
)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|good (?:morning|afternoon|evening)|thank you|thanks)\b[^.!?]{0,40}", re.I
)


def opens_new(text: str, ctx: Context) -> bool:
    """A new voice: the question opens with a greeting or thanks, or by addressing the
    principal (`Karine, on NATO, ...`, `Mr. Chairman, what will ...`), without saying it
    follows up."""
    first = sentences(speech_only(text), 2)
    if not first:
        return False
    # Whether it follows up is said at once: after the greeting, if there is one.
    said = " ".join(first) if _GREETING.fullmatch(first[0].rstrip(".!, ")) else first[0]
    if _FOLLOWS.search(said):
        return False
    if _GREETING.match(first[0]) or _NEW_QUESTION.match(first[0]):
        return True
    m = re.match(rf"(?P<who>{_ADDRESS_TITLES}|[A-Z][\w'’\-]+)\s*[,—]", first[0], re.I)
    if not m:
        return False
    who = m.group("who")
    return bool(re.fullmatch(_ADDRESS_TITLES, who, re.I)) or is_official(who, ctx.officials)
