"""Stage directions and editorial notes inside speech: kept, marked, and never indexed as speech."""

from __future__ import annotations

import re

# `(Laughter.)`, `(Applause)`, `(inaudible)`, `(Cross-talk.)`, `(The President exits.)`;
# `[percent – ed. note]`, `[cubic meters of gas]`, `[senior administration official]`.
_STAGE = re.compile(
    r"\((?:[A-Z][\w’'\- ]{0,40}\.|(?:laughter|applause|inaudible|crosstalk|cross-talk|"
    r"off-mic|off mic|audio cut|no response|pause|technical difficulties|unintelligible|"
    r"in progress|video|break|recess)[\w\s.,’'\-]{0,30})\)|\[[^\[\]\n]{1,120}\]",
    re.I,
)


def segments(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_stage_direction) in order; the pieces join back to the text."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _STAGE.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def speech_only(text: str) -> str:
    """The words actually spoken: what the index sees."""
    return " ".join("".join(piece for piece, stage in segments(text) if not stage).split())


def speech_words(text: str) -> int:
    return len(speech_only(text).split())


def is_stage_only(text: str) -> bool:
    return not speech_only(text).strip(" .,;:-–—")
