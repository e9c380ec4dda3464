"""Stage 6: who asked, from a self-introduction, the principal's call, or a thank-you by name.

Every function returns an Identity with the sentence it relied on, so `presser check`
can show why a question is credited to someone.
"""

from __future__ import annotations

import re

from app.parsing import known_outlets
from app.parsing.model import Identity
from app.parsing.names import (
    COMMON_WORDS,
    OUTLET_WORDS,
    STRONG_OUTLET_WORDS,
    NameParts,
    fold,
    known_first_name,
    looks_like_person,
    parse_name,
)

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|St|Jr|Sr|Prof|Gen|Sen|Rep|Gov|No|vs|U\.S|U\.K)|\b[A-Z])\.$"
)
_NAME = r"[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-.]*|de|da|van|von|der|di|del|la|le|bin|al)){1,3}"
_LEAD = re.compile(
    r"^(?:(?:good\s+(?:morning|afternoon|evening|day)|hello|hi|thank\s+you(?:\s+(?:very|so)\s+much)?|"
    r"thanks(?:\s+so\s+much)?|dear\s+\w+|mr\.?\s+(?:president|chairman|secretary)|madam\s+\w+|"
    r"chairman|chair\s+\w+|sir|yes|okay|ok|hey|everyone|vladimir\s+vladimirovich)"
    r"[,!.]?\s+)+",
    re.I,
)
_TRAIL = re.compile(
    r"[,\s]+(?:mr\.?\s+(?:president|chairman|secretary)|madam\s+\w+|sir|chairman|please|thank\s+you)[.!]?$",
    re.I,
)
_INTRO_VERB = re.compile(
    rf"^(?:I'm|I’m|I am|my name is|this is|it's|it’s|hi,?\s+I'm|"
    rf"(?:this is |I have |here is |here's |I['’]ve got )?a question from)\s+"
    rf"(?P<name>(?-i:{_NAME}))"
    r"(?:\s*,?\s*(?:and\s+)?(?:I'm\s+|I am\s+|I\s+)?(?:from|with|of|at|for|representing|represent|"
    r"work for|working for|here for)\s+(?P<outlet>.+))?$",
    re.I,
)
_NAME_PREP_OUTLET = re.compile(
    rf"^(?P<name>(?-i:{_NAME}))\s*,?\s+(?:from|with|of|at|for|representing)\s+(?P<outlet>.+)$"
)
_FIRST_PREP_OUTLET = re.compile(
    r"^(?P<first>[A-Z][a-z'’\-]+),?\s+(?:from|with|of|at)\s+(?P<outlet>.{2,60})$"
)
_PAIR = re.compile(r"^(?P<a>[^,]{2,60}),\s*(?P<b>[^,]{2,60})$")
_FLOOR_WORDS = {
    "please",
    "yes",
    "sure",
    "okay",
    "ok",
    "thanks",
    "go",
    "next",
    "right",
    "alright",
    "all",
    "everyone",
    "everybody",
    "well",
    "so",
    "and",
    "let's",
    "let",
    "now",
    "the",
    "you",
    "we",
    "good",
    "great",
    "thank",
    "one",
    "last",
    "final",
    "question",
    "questions",
    "hi",
    "hello",
    "mr",
    "ms",
    "sir",
    "ma'am",
    "madam",
    "folks",
    "guys",
    "back",
    "here",
    "there",
    "again",
    "in",
    "on",
    "about",
    "first",
    "then",
    "jen",
    "this",
    "that",
    "no",
    "not",
}


def sentences(text: str, limit: int = 4) -> list[str]:
    """The first few sentences; `Mr. Chairman` and initials do not end one."""
    pieces = re.split(r"(?<=[.!?])\s+", text.strip())
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREV.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
        if len(out) > limit:
            break
    return out[:limit]


def clean_outlet(raw: str) -> str | None:
    text = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", raw)  # `IPEF (inaudible)`: not part of a name
    text = _TRAIL.sub("", text.strip().rstrip(".!?").strip())
    text = text.split(",")[0].strip()
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I).strip(" .")
    text = re.split(r"\s+(?:and|who|which|where)\s+(?:I|we)\b", text)[0].strip()
    # `Modern Healthcare wanted to know`: the outlet ends where a verb begins.
    text = re.split(
        r"\s+(?:wanted|wants|want|asks|asked|would|is|was|has|had|says|said|writes|wrote)\b",
        text,
    )[0].strip()
    words = text.split()
    if not words or len(words) > 7 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return None
    return text


def outlet_like(text: str) -> bool:
    """A media organisation's name: it has an outlet word (`News`, `Times`, `Reuters`), or it
    is an acronym (`CBS`, `L.A. Times`) or a handle (`Kremlin_Russian`). A bare proper noun
    (`Belgorod`, `Moscow`) is more often a place than an outlet, so it is not one."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if known_outlets.known(text):
        return True
    raw = [w.strip(".,") for w in re.split(r"[\s\-]+", text) if w.strip(".,")]
    words = [fold(w) for w in raw]
    if not words or words[0] in COMMON_WORDS or len(words) > 7:
        return False  # `As Jen mentioned, I'm Miguel Cardona`: a clause, not an outlet
    if any(w in OUTLET_WORDS for w in words):
        return True
    return len(words) <= 3 and any(
        re.fullmatch(r"[A-Z][A-Z0-9&]{1,5}|(?:[A-Z]\.){2,}|\w+_\w+", w) for w in raw
    )


_NOT_GIVEN = {
    "yeah",
    "yes",
    "yep",
    "okay",
    "ok",
    "sure",
    "thanks",
    "thank",
    "hi",
    "hello",
    "hey",
    "well",
    "so",
    "and",
    "but",
    "oh",
    "sorry",
    "no",
    "please",
    "good",
    "great",
    "right",
    "all",
    "look",
    "listen",
    "dear",
    "merry",
    "happy",
}


def person(name: str, label: NameParts | None) -> str | None:
    name = name.strip(" .,")
    if re.search(r"\b(?:I|we|you|it)['’]", name, re.I):
        return None  # `I'm Miguel Cardona` holds a name; it is not one
    if "," in name or fold(name.split()[0]) in _NOT_GIVEN if name.split() else True:
        return None  # `Yeah, Jen`: a reply and an address, not a name
    parts = parse_name(name)
    if not parts.full or not looks_like_person(parts.display()):
        return None
    if any(fold(t) in {"the", "of"} for t in parts.titles):
        return None  # `The Western Balkans`: a place, not a person
    if any(fold(t) not in {"mr", "ms", "mrs", "miss", "dr"} for t in parts.titles):
        return None  # `Senator Josh Hawley`: someone spoken of, not a reporter
    if label is not None and label.surname:
        if fold(parts.surname) != fold(label.surname):
            return None
        if label.given and fold(label.given[0][0]) != fold(parts.given[0][0]):
            return None
    return parts.display()


_BLOG = re.compile(
    r"\b(?:I have|I run|I write|I edit|I host|we have|we run)\s+an?\s+(?:[\w-]+\s+){0,2}"
    r"(?:blog|channel|website|site|newspaper|podcast|page|portal|magazine)\s+"
    r"(?:called|named)\s+(?P<outlet>[A-Z][\w_\-]*(?:\s+[A-Z][\w_\-]*){0,3})"
)


def _about_someone(raw: str, following: list[str]) -> bool:
    """`Novak Djokovic.  Is he going to be allowed in?` and `Sean Casten?`: a name said as
    the topic of a question, not as who is asking."""
    if raw.rstrip().endswith("?"):
        return True
    words = raw.strip(" .").split()
    if not (2 <= len(words) <= 3) or not following:
        return False
    surname = words[-1].strip(".,").casefold()
    nxt = following[0].casefold()
    return (
        bool(
            re.match(
                r"(?:is|was|does|did|has|will|would|can|should)?\s*(?:he|she|his|her|him|they)\b",
                nxt,
            )
        )
        or surname in nxt
    )


def self_intro(paragraphs: list[str], label: NameParts | None) -> Identity | None:
    """`Konstantin Panyushkin, Channel One.` and its many relatives, in the first sentences."""
    candidates: list[str] = []
    for paragraph in paragraphs[:2]:
        candidates.extend(sentences(paragraph, 3))
    for position, raw in enumerate(candidates[:4]):
        if _about_someone(raw.split(": ")[0], candidates[position + 1 : position + 2]):
            continue
        blog = _BLOG.search(raw)
        if blog:
            return Identity(None, blog.group("outlet"), raw.strip())
        # `This is a question from Cleve Wootson from the Washington Post: What kind ...`
        raw = raw.split(": ")[0] if ": " in raw else raw
        s = _TRAIL.sub("", _LEAD.sub("", raw).strip()).strip().rstrip(".!")
        if not s or len(s.split()) > 14:
            continue
        more = position + 1 < len(candidates)
        found = _match_intro(s, label, more)
        if found and found[1] is None:
            # `My name is Konstantin Tkachenko. I have a news blog called Kremlin_Russian.`
            later = candidates[position + 1 : position + 3]
            blog = next((b for b in map(_BLOG.search, later) if b), None)
            if blog:
                return Identity(found[0], blog.group("outlet"), raw.strip() + " " + blog.group(0))
        if found:
            return Identity(found[0], found[1], raw.strip())
    return None


def _match_intro(
    s: str, label: NameParts | None, more: bool = True
) -> tuple[str | None, str | None] | None:
    m = _INTRO_VERB.match(s) or _NAME_PREP_OUTLET.match(s)
    if m:
        name = person(m.group("name"), label)
        if name:
            raw_outlet = m.group("outlet")
            outlet = clean_outlet(raw_outlet) if raw_outlet and outlet_like(raw_outlet) else None
            return name, outlet
    m = _FIRST_PREP_OUTLET.match(s)
    first = m.group("first") if m else ""
    if m and single_name(first) and known_first_name(first) and outlet_like(m.group("outlet")):
        return m.group("first"), clean_outlet(m.group("outlet"))  # `Bo, from CBS.`
    m = _PAIR.match(s)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        for name_part, outlet_part in ((a, b), (b, a)):
            name = person(name_part, label)
            if name and outlet_like(outlet_part):
                # Both halves may look like names (`Hughes Honore, Agence France-Presse`);
                # name first is the commoner order, so it is tried first.
                return name, clean_outlet(outlet_part)
    name = person(s, label)
    if name and s.count(" ") <= 3 and not strong_outlet(s) and _bare_name_ok(name, label, more):
        return name, None
    return None


def _bare_name_ok(name: str, label: NameParts | None, more: bool) -> bool:
    """A name alone (`Mr. Chairman, John Berry.`) introduces the asker when a question
    follows it and it starts with a first name; `Hatch Act.` or `Novak Djokovic.` said alone
    is an answer to the principal, not an introduction. A speaker label already names them."""
    if label is not None:
        return True
    return more and known_first_name(name.split()[0])


def outlet_only(paragraphs: list[str]) -> Identity | None:
    """`Interfax agency.` as a questioner's whole first sentence."""
    first = sentences(paragraphs[0], 1) if paragraphs else []
    if not first:
        return None
    s = first[0].rstrip(".!")
    words = [fold(w) for w in re.split(r"[\s\-]+", s) if w]
    strong = any(w in STRONG_OUTLET_WORDS for w in words)
    if 1 <= len(words) <= 4 and strong and s[:1].isupper() and words[0] not in COMMON_WORDS:
        outlet = clean_outlet(s)
        if outlet:
            return Identity(None, outlet, first[0])
    return None


def strong_outlet(text: str) -> bool:
    words = [fold(w.strip(".,")) for w in re.split(r"[\s\-]+", text) if w.strip(".,")]
    return (
        bool(words)
        and len(words) <= 6
        and text[:1].isupper()
        and words[0] not in COMMON_WORDS
        and any(w in STRONG_OUTLET_WORDS for w in words)
    )


def single_name(word: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z][a-z'’\-]{1,20}", word))
        and not re.search(r"['’](?:m|ll|d|s|re|ve|t)$", word)  # `I’m`, `I’ll`: not names
        and fold(word) not in _FLOOR_WORDS
        and fold(word) not in COMMON_WORDS
        and fold(word) not in OUTLET_WORDS
    )


def introduces_by_verb(text: str) -> bool:
    """`This is a question from Cleve Wootson ...`, `I'm Toshi Ogata with ...`: the turn
    opens by saying who asks."""
    for raw in sentences(text, 2):
        s = _TRAIL.sub("", _LEAD.sub("", raw.split(": ")[0]).strip()).strip().rstrip(".!")
        m = _INTRO_VERB.match(s)
        if m and person(m.group("name"), None):
            return True
    return False


def relays(evidence: str) -> bool:
    """An introduction that relays someone else's question (`a question from Cleve Wootson`)."""
    return bool(re.search(r"\bquestion from\b", evidence, re.I))
