"""Stage 3a: recognise speaker labels at the start of a line or paragraph.

A label candidate is scored, not trusted: it must look like a name, a title or a role.
Sentences that end in a colon (`Here is my question:`) stay text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from app.parsing.names import SENTENCE_WORDS

# `Name:` (colon style, the Kremlin and White House), with an optional annotation.
_COLON = re.compile(r"^(?P<label>[^:\n]{1,90}?)\s*:(?:\s+(?P<rest>.*)|$)")
# `CHAIRMAN BERNANKE.  text` (Fed PDFs): capitals, a period, two spaces or end of line.
_CAPS_PERIOD = re.compile(r"^(?P<label>[A-Z][A-Z.'’\- ]{0,48}[A-Z])\.(?:\s{2,}(?P<rest>.*)|$)")
# `Q    text`: the anonymous White House questioner (spaces were NBSPs).
_BARE_Q = re.compile(r"^(?P<label>Q)(?:\s{2,}|\.\s+|\s*$)(?P<rest>.*)")
# `Q Thanks, Jen.`: one space only; trusted when the file uses it again and again.
_LOOSE_Q = re.compile(r"^(?P<label>Q) (?P<rest>[A-Z“\"'‘(\[—–-].*)")
_ANNOTATION = re.compile(r"\s*\((?P<note>[^()]{1,40})\)\s*$")

# Words that start sentences, not names.
_NOT_FIRST = SENTENCE_WORDS | {
    "answer",
    "are",
    "audio",
    "can",
    "correction",
    "could",
    "date",
    "did",
    "do",
    "does",
    "example",
    "fifth",
    "finally",
    "firstly",
    "fourth",
    "her",
    "his",
    "is",
    "its",
    "lastly",
    "link",
    "location",
    "might",
    "must",
    "nb",
    "note",
    "p.s",
    "photo",
    "place",
    "ps",
    "quote",
    "re",
    "remark",
    "secondly",
    "see",
    "should",
    "source",
    "subject",
    "tags",
    "their",
    "third",
    "thirdly",
    "time",
    "title",
    "topic",
    "transcript",
    "unquote",
    "update",
    "venue",
    "video",
    "was",
    "will",
    "would",
}
# Capitalised first words that do begin a label (roles and titles).
_ROLE_FIRST = {"the", "question", "answer", "remark", "mr", "ms", "dr", "mrs", "q"}
_CONNECTORS = {
    "of",
    "the",
    "for",
    "and",
    "de",
    "da",
    "del",
    "der",
    "van",
    "von",
    "al",
    "el",
    "bin",
    "ibn",
    "la",
    "le",
    "du",
    "dos",
    "das",
    "y",
    "e",
    "di",
    "ter",
    "ten",
    "mc",
    "on",
    "to",
}
# Single words that label a role on their own.
ROLE_WORDS = {
    "question",
    "remark",
    "response",
    "reply",
    "answer",
    "comment",
    "moderator",
    "host",
    "presenter",
    "interpreter",
    "participant",
    "audience",
    "voice",
    "voices",
    "operator",
    "journalist",
    "reporter",
    "correspondent",
    "official",
    "aide",
    "q",
    "questioner",
    "speaker",
    "chairman",
    "chair",
    "president",
    "secretary",
    "interviewer",
    "anchor",
    "narrator",
}


@dataclass(frozen=True)
class Label:
    text: str  # the label as printed, annotation removed
    note: str  # `retranslated`, `translates`, ... or ""
    rest: str  # the speech after the label on the same line
    loose: bool = False  # a shape that prose can take too; needs to recur


def candidate(line: str) -> Label | None:
    """The label shape at the start of a line, before any judgement of plausibility."""
    for pattern in (_BARE_Q, _CAPS_PERIOD, _COLON):
        m = pattern.match(line)
        if m:
            raw = m.group("label").strip()
            note = ""
            a = _ANNOTATION.search(raw)
            if a and a.start() > 0:
                note, raw = a.group("note").strip(), raw[: a.start()].strip()
            return Label(raw, note, (m.group("rest") or "").strip())
    m = _LOOSE_Q.match(line)
    if m:
        return Label("Q", "", m.group("rest").strip(), loose=True)
    return None


def _initials_only(words: list[str]) -> bool:
    """`D.C:`, `U.S.:`: initials alone name no one (`Q` is handled before this)."""
    return len(words) >= 2 and all(len(w.strip(".")) <= 1 for w in words)


def _plausible(text: str, recurs: bool) -> bool:
    if not text or len(text) > 60:
        return False
    if re.search(r"[\d,;?!\"“”«»/\[\]{}=@#%&*+<>|]", text):
        return False
    words = text.replace(".", ". ").split()
    if not words or len(words) > 8 or _initials_only(words):
        return False
    first = words[0].strip(".").lower()
    if text.isupper():
        # CAPS labels (`MS. PSAKI`, `THE PRESIDENT`) are a transcriber's convention, not prose;
        # a lone CAPS word (`NOTE`, `OK`) must be a role or recur.
        if len(words) == 1:
            return first in ROLE_WORDS or recurs
        return len(words) <= 6 and first not in {"i", "a", "an", "and", "but", "so", "or"}
    if not words[0][0].isupper():
        return False
    initial = bool(re.fullmatch(r"[A-Z]\.", words[0]))  # `A. Yunashev`, `I. Zhdanov`
    if first in _NOT_FIRST and first not in _ROLE_FIRST and not initial:
        return False
    if len(words) == 1:
        bare = words[0].strip(".").lower()
        if bare in ROLE_WORDS:
            return True
        # One capitalised word (`Putin`, `Colleagues`) is a label only if it recurs, or is a
        # joined-up name like `VladimirPutin`.
        return recurs or bool(re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", words[0]))
    lowered = [
        w for w in words[1:] if not w[0].isupper() and w.strip(".").lower() not in _CONNECTORS
    ]
    if first == "the" and lowered:
        return False
    if lowered:
        # `Call centre operator`: lower-case words are fine in a label that recurs.
        return recurs and len(words) <= 4
    return first not in {"question", "answer", "remark"}  # `Question for Mr Peskov:` is a sentence


class LabelReader:
    """Decides which lines open a turn, using counts of label candidates across the file."""

    def __init__(self, lines: list[str]) -> None:
        counts: Counter[str] = Counter()
        loose = 0
        for line in lines:
            found = candidate(line.strip())
            if found:
                counts[found.text] += 1
                loose += found.loose
        self._counts = counts
        self._loose_ok = loose >= 3

    def read(self, line: str) -> Label | None:
        found = candidate(line)
        if found is None:
            return self._name_then_period(line)
        if found.loose and not self._loose_ok:
            return None
        if _plausible(found.text, self._counts[found.text] >= 2):
            return found
        return None

    def _name_then_period(self, line: str) -> Label | None:
        """`Sebastian Kurz. Thank you for your question.`: a transcriber's period for a colon,
        trusted only for a name this file uses as a label elsewhere."""
        m = re.match(
            r"^(?P<label>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3})\.\s+(?P<rest>\S.*)$", line
        )
        if m and self._counts[m.group("label")] >= 1 and " " in m.group("label"):
            return Label(m.group("label"), "", m.group("rest").strip())
        return None

    def split(self, line: str) -> tuple[str, str] | None:
        """(label, rest of the line) when the line opens a turn."""
        found = self.read(line)
        return (found.text, found.rest) if found else None

    def recurs(self, label: str) -> bool:
        return self._counts[label] >= 2

    def is_label(self, line: str) -> bool:
        return self.read(line) is not None
