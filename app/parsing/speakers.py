"""Stage 4: one speaker per person, whatever label variants the transcript uses.

`V. Putin`, `V.Putin`, `Vladimir Putin`, `President of Russia Vladimir Putin` and
`VladimirPutin` are one person; `N. Ivanov` and `G. Ivanov` are two.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from app.parsing.known_people import Known
from app.parsing.model import Speaker
from app.parsing.names import (
    ANONYMOUS_LABELS,
    MODERATOR_LABELS,
    TITLE_WORDS,
    NameParts,
    edit_distance,
    fold,
    parse_name,
)

_ROLE_TOKENS = TITLE_WORDS | {
    "administration",
    "official",
    "officials",
    "participant",
    "member",
    "interpreter",
    "translator",
    "centre",
    "center",
    "call",
    "operator",
    "unidentified",
    "male",
    "female",
    "speaker",
    "the",
    "of",
    "moderator",
    "host",
    "audience",
    "voice",
    "spokesperson",
    "aide",
    "narrator",
    "anchor",
    "presenter",
    "correspondent",
    "reporter",
    "journalist",
    # `SENIOR ADMINISTRATION OFFICIAL TWO`, `PARTICIPANT 1`: numbered roles are still roles.
    "one",
    "two",
    "three",
    "four",
    "five",
    "#1",
    "#2",
    "#3",
    "1",
    "2",
    "3",
    "4",
    "5",
    "no",
    "number",
}


def label_key(label: str) -> str:
    return " ".join(fold(label).replace(".", " ").split())


def is_role_label(label: str) -> bool:
    """`SENIOR ADMINISTRATION OFFICIAL`, `THE PRESIDENT`: a role with no name in it."""
    tokens = label_key(label).split()
    return bool(tokens) and all(t in _ROLE_TOKENS for t in tokens)


def _role_display(label: str) -> str:
    words = label.replace(".", ". ").split()
    small = {"of", "the", "and"}
    out = [w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(words)]
    return " ".join(out).replace(" .", ".")


@dataclass
class _Group:
    parts: NameParts
    labels: list[str] = field(default_factory=list)
    name: str = ""
    uses: int = 0  # how many turns carry one of its labels


def _compatible(a: NameParts, b: NameParts) -> bool:
    if fold(a.surname) != fold(b.surname):
        return False
    if not a.given or not b.given:
        return True
    if a.full and b.full:
        return fold(a.given[0]) == fold(b.given[0])
    return a.initial == b.initial


def _typo_of(a: NameParts, b: NameParts) -> bool:
    """`Angela Markel` for `Angela Merkel`: same full given name, surname one edit away."""
    return (
        a.full
        and b.full
        and fold(a.given[0]) == fold(b.given[0])
        and len(a.surname) >= 5
        and edit_distance(fold(a.surname), fold(b.surname), 1) == 1
    )


def name_hints(texts: list[str]) -> list[NameParts]:
    """Full names in the title or lead (`Press Briefing by Press Secretary Jen Psaki`)."""
    hints = []
    for text in texts:
        for m in re.finditer(r"(?:[A-Z][\w'’\-]+\s+){1,3}[A-Z][\w'’\-]+", text):
            parts = parse_name(m.group(0))
            if parts.full and len(parts.given) <= 2:
                hints.append(parts)
    return hints


def resolve(
    labels: list[str],
    hints: list[NameParts],
    known: list[Known],
    body_hints: list[NameParts] | None = None,
) -> tuple[dict[str, str], dict[str, Speaker], list[tuple[str, str]]]:
    """Map each label to a speaker key; return (label->key, speakers, typo merges)."""
    mapping: dict[str, str] = {}
    speakers: dict[str, Speaker] = {}
    named = _classify(labels, known, mapping, speakers)
    groups, typos = _group(named, Counter(labels))
    for group in groups:
        group.name = _canonical(group.parts, hints, known)
        if not parse_name(group.name).full and body_hints:
            # `MR. SAVETT` whose transcript says `This is Sean Savett`: the one full name
            # the text gives that surname.
            group.name = _canonical(group.parts, body_hints, [])
        skey = f"person:{fold(group.name)}"
        speaker = speakers.setdefault(skey, Speaker(skey, group.name, []))
        for label in group.labels:
            speaker.labels.append(label)
            mapping[label] = skey
    return mapping, speakers, typos


def _classify(
    labels: list[str], known: list[Known], mapping: dict[str, str], speakers: dict[str, Speaker]
) -> list[tuple[str, NameParts]]:
    """Anonymous and role labels become their speakers at once; the named ones are returned
    with their parsed names, for grouping."""
    known_by_alias = {label_key(alias): k for k in known for alias in k.aliases}
    named = []
    for label in dict.fromkeys(labels):
        key = label_key(label)
        if key in ANONYMOUS_LABELS or key.startswith(("question", "unidentified")):
            word = (
                "Question"
                if key in ("q", "questions") or key.startswith("question")
                else _role_display(label)
            )
            skey = f"anon:{fold(word)}"
            speakers.setdefault(skey, Speaker(skey, word, [], anonymous=True))
        elif key in known_by_alias:
            named.append((label, parse_name(known_by_alias[key].name)))
            continue
        elif key in MODERATOR_LABELS or is_role_label(label):
            skey = f"role:{key}"
            speakers.setdefault(skey, Speaker(skey, _role_display(label), []))
        else:
            named.append((label, parse_name(label)))
            continue
        speakers[skey].labels.append(label)
        mapping[label] = skey
    return named


def _group(
    named: list[tuple[str, NameParts]], frequency: Counter[str]
) -> tuple[list[_Group], list[tuple[str, str]]]:
    """One group per person: initials join the full name they abbreviate, a rare spelling
    joins a commoner one it is a typo of."""
    # Fullest variants first, so initials attach to the full name they abbreviate.
    # The commonest spelling wins over a one-off typo (`Angela Markel`).
    named.sort(
        key=lambda item: (not item[1].full, -frequency[item[0]], -len(item[1].given), item[0])
    )
    groups: list[_Group] = []
    typos: list[tuple[str, str]] = []
    # Groups indexed by folded surname (a match needs the same surname) and by folded
    # given name (a typo needs the same given name), so 10,000 speakers stay linear.
    by_surname: dict[str, list[_Group]] = {}
    by_given: dict[str, list[_Group]] = {}
    for label, parts in named:
        surname = fold(parts.surname)
        matches = [g for g in by_surname.get(surname, []) if _compatible(g.parts, parts)]
        if len(matches) > 1 and not parts.given:
            matches = []  # `Ivanov` alone when N. and G. Ivanov both speak: ambiguous
        if not matches and parts.full:
            # A typo is a rarer spelling of a commoner name; two people heard once each
            # (`Zalorova`, `Kalorova`) are two people.
            typo = next(
                (
                    g
                    for g in by_given.get(fold(parts.given[0]), [])
                    if g.uses > frequency[label] and _typo_of(g.parts, parts)
                ),
                None,
            )
            if typo:
                typos.append((label, typo.labels[0]))
                matches = [typo]
        if matches:
            group = matches[0]
            group.labels.append(label)
            group.uses += frequency[label]
            if parts.full and not group.parts.full:
                group.parts = parts
                by_given.setdefault(fold(parts.given[0]), []).append(group)
            continue
        group = _Group(parts, [label], uses=frequency[label])
        groups.append(group)
        by_surname.setdefault(surname, []).append(group)
        if parts.full:
            by_given.setdefault(fold(parts.given[0]), []).append(group)
    return groups, typos


def _canonical(parts: NameParts, hints: list[NameParts], known: list[Known]) -> str:
    if parts.full:
        return parts.display()
    candidates = [h for h in hints if _compatible(h, parts)]
    candidates += [parse_name(k.name) for k in known if _compatible(parse_name(k.name), parts)]
    names = {c.display() for c in candidates}
    if len(names) == 1:
        return names.pop()
    if not parts.given and parts.titles:
        return _role_display(" ".join((*parts.titles, parts.surname)))
    return parts.display()
