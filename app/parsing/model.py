"""The parser's output: plain dataclasses that the ingest and `presser check` consume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    PRINCIPAL = "principal"
    MODERATOR = "moderator"
    QUESTIONER = "questioner"
    OTHER = "other"


class ParseError(Exception):
    """A file that cannot become a session; carries the file and line for `file:line: reason`."""

    def __init__(self, reason: str, line: int = 1, path: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.path = path

    def __str__(self) -> str:
        return f"{self.path or '<input>'}:{self.line}: {self.reason}"


@dataclass
class Warning_:
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: [{self.kind}] {self.message}"


@dataclass
class Line:
    """One physical line after decoding, with its 1-based number in the file."""

    number: int
    text: str


@dataclass
class Paragraph:
    line: int
    text: str
    label: str = ""  # set when the paragraph opens a turn; `text` is then what follows it


@dataclass
class Metadata:
    title: str = ""
    date: dt.date | None = None
    location: str = ""
    source_url: str = ""
    description: str = ""
    principals: list[str] = field(default_factory=list)
    moderators: list[str] = field(default_factory=list)


@dataclass
class Turn:
    """A run of paragraphs by one speaker; `speaker` is a key into Transcript.speakers."""

    index: int
    line: int
    label: str
    speaker: str
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)


@dataclass
class Speaker:
    key: str
    name: str
    labels: list[str]
    role: Role = Role.OTHER
    anonymous: bool = False
    outlet: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class Identity:
    """Who asked one exchange, with the sentence that told us."""

    name: str | None
    outlet: str | None
    evidence: str


@dataclass
class Exchange:
    number: int
    question_turns: list[int]
    answer_turns: list[int]
    questioner: str | None
    outlet: str | None
    questioner_speaker: str
    evidence: str = ""
    # How the asker was established: label, self, call, follow-up (or "" when unknown).
    basis: str = ""

    @property
    def line(self) -> int:
        return self.question_turns[0] if self.question_turns else 0


@dataclass
class Transcript:
    source: str
    meta: Metadata
    speakers: dict[str, Speaker]
    turns: list[Turn]
    exchanges: list[Exchange]
    warnings: list[Warning_]
    content_hash: str = ""
    kind: str = "other"  # a key of app.parsing.kinds.KINDS

    def speaker_of(self, turn: Turn) -> Speaker:
        return self.speakers[turn.speaker]

    def question_text(self, exchange: Exchange) -> str:
        """The question as shown and cited: the asker's turns as printed, and any reply in
        between (`Sure. Go ahead.`) under its speaker's name, never as the asker's words."""
        asker = self.turns[exchange.question_turns[0]].speaker
        parts = []
        for i in exchange.question_turns:
            turn = self.turns[i]
            if turn.speaker == asker:
                parts.append(turn.text)
            else:
                parts.append(f"{self.speakers[turn.speaker].name}: {turn.text}")
        return "\n\n".join(parts)
