"""The parser end to end: bytes -> Transcript, each stage a module of its own."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

from app.parsing import attribution, floor, identity, kinds, provenance, roles
from app.parsing import exchanges as exchange_stage
from app.parsing.decode import decode, normalise
from app.parsing.known_people import applicable
from app.parsing.labels import LabelReader
from app.parsing.layout import join_paragraphs, strip_layout
from app.parsing.model import (
    Exchange,
    Identity,
    Paragraph,
    ParseError,
    Role,
    Speaker,
    Transcript,
    Turn,
    Warning_,
)
from app.parsing.names import fold, parse_name
from app.parsing.speakers import _compatible, label_key, name_hints, resolve

_HAND_OVER = re.compile(
    r"\b(?:turn(?:ing)? (?:it|things) over|hand(?:ing)? (?:it|things) over|over to you|"
    r"speakers? (?:on|for) (?:this|the|today's|today’s) call|i'?ll turn it|let me turn it)",
    re.I,
)

# Follow-up openings: an anonymous `Q` that starts like this, with no one given the floor
# in between, is the previous questioner going on.
_FOLLOW_UP = (
    "and ",
    "and,",
    "but ",
    "so ",
    "so,",
    "just to follow",
    "to follow up",
    "following up",
    "a follow",
    "one more",
    "and one",
    "also,",
    "also ",
    "okay. and",
    "ok. and",
    "one last",
    "and then",
    "and just",
    "just one",
    "and finally",
    "finally",
    "last one",
    "one other",
)


# Part of every session's content hash: when the parser reads transcripts differently, a
# re-ingest of the same files replaces their sessions (keeping each permalink that still
# exists, redirecting the rest) instead of skipping them as unchanged.
PARSER_VERSION = b"presser-parser/3\n"


def parse_file(path: str | Path) -> Transcript:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", 1, str(path)) from None
    return parse_bytes(data, str(path))


def parse_bytes(data: bytes, source: str = "<input>") -> Transcript:
    try:
        return _parse(data, source)
    except ParseError as exc:
        exc.path = source
        raise
    except RecursionError:
        raise ParseError("transcript too deeply nested to parse", 1, source) from None


def _parse(data: bytes, source: str) -> Transcript:
    lines = normalise(decode(data))
    reader = LabelReader([line.text.strip() for line in lines])
    layout = strip_layout(lines, reader.is_label)
    warnings = list(layout.warnings)
    paragraphs = join_paragraphs(layout.body, reader.split, reader.recurs)
    turns = _turns(paragraphs, warnings)
    if not turns:
        first = layout.body[0].number if layout.body else (lines[-1].number if lines else 1)
        raise ParseError("no speaker labels found: not a Q&A transcript", first)

    meta = layout.meta
    meta.source_url = meta.source_url or provenance.source_url(Path(source).name, meta)
    known = applicable(f"{meta.source_url} {meta.title}", meta.date)
    hints = name_hints([meta.title, meta.description, *layout.preamble])
    body = name_hints([p.text for t in turns for p in t.paragraphs])
    mapping, speakers, typos = resolve([t.label for t in turns], hints, known, body)
    for label, target in typos:
        line = next(t.line for t in turns if t.label == label)
        warnings.append(
            Warning_(line, "typo", f"label {label!r} taken as a misspelling of {target!r}")
        )
    for turn in turns:
        turn.speaker = mapping[turn.label]
    _mislabelled_moderator(turns, speakers, warnings)

    introduced = _introduced(turns, speakers)
    # Which words the transcript uses in lower case: read once, for roles and attribution.
    names = floor.Names.of("\n".join(t.text for t in turns))
    warnings += roles.assign(turns, speakers, meta, known, set(introduced), names)
    ctx = attribution.context(speakers, names)
    drafts = exchange_stage.group(turns, speakers, ctx.officials, attribution.hands_over(ctx))
    if not drafts:
        raise ParseError("no questions found: nobody but the principal speaks", turns[0].line)
    exchanges = _identify(drafts, turns, speakers, introduced, ctx)
    speaking = {t.speaker for t in turns}
    _unused = [s for s in speakers if s not in speaking]
    for key in _unused:
        if speakers[key].role != Role.QUESTIONER or speakers[key].anonymous:
            speakers.pop(key)
    principals = sum(speakers[k].role == Role.PRINCIPAL for k in speaking if k in speakers)
    return Transcript(
        source=source,
        meta=meta,
        speakers=speakers,
        turns=turns,
        exchanges=exchanges,
        warnings=sorted(warnings, key=lambda w: w.line),
        content_hash=hashlib.sha256(PARSER_VERSION + data).hexdigest(),
        kind=kinds.classify(meta.title, " ".join([meta.description, *layout.preamble]), principals),
    )


def _turns(paragraphs: list[Paragraph], warnings: list[Warning_]) -> list[Turn]:
    turns: list[Turn] = []
    for paragraph in paragraphs:
        if paragraph.label:
            turns.append(Turn(len(turns), paragraph.line, paragraph.label, "", []))
        if paragraph.text and turns:
            turns[-1].paragraphs.append(Paragraph(paragraph.line, paragraph.text))
    kept: list[Turn] = []
    for turn in turns:
        if turn.paragraphs:
            turn.index = len(kept)
            kept.append(turn)
        else:
            warnings.append(
                Warning_(turn.line, "empty-turn", f"label {turn.label!r} has no text; dropped")
            )
    return kept


def _mislabelled_moderator(
    turns: list[Turn], speakers: dict[str, Speaker], warnings: list[Warning_]
) -> None:
    """Two turns in a row under one label, the first handing over and the second thanking
    that label by name: the first was a moderator introducing the speaker (seen in White
    House background calls). Consecutive turns of several officials under one role label
    do not hand over, so they are left alone."""
    for prev, turn in itertools.pairwise(turns):
        if prev.label != turn.label or speakers[turn.speaker].anonymous:
            continue
        opening = fold(" ".join(identity.sentences(turn.text, 2)))
        thanks_label = re.search(
            rf"\bthank(?:s| you)\b[^.]*\[?{re.escape(label_key(turn.label))}\]?", opening
        )
        if thanks_label and _HAND_OVER.search(prev.text):
            key = "role:moderator"
            speakers.setdefault(key, Speaker(key, "Moderator", []))
            if prev.label not in speakers[key].labels:
                speakers[key].labels.append(prev.label)
            prev.speaker = key
            warnings.append(
                Warning_(
                    prev.line,
                    "relabelled",
                    f"turn labelled {prev.label!r} is the moderator's: "
                    f"the next turn, under the same label, thanks {prev.label!r}",
                )
            )


def _introduced(turns: list[Turn], speakers: dict[str, Speaker]) -> dict[str, Identity]:
    """Named speakers who introduce themselves with an outlet in one of their turns."""
    found: dict[str, Identity] = {}
    for turn in turns:
        speaker = speakers[turn.speaker]
        if speaker.anonymous or turn.speaker in found or not turn.speaker.startswith("person:"):
            continue
        intro = identity.self_intro([p.text for p in turn.paragraphs], parse_name(speaker.name))
        if intro and intro.outlet:
            found[turn.speaker] = intro
    return found


def _identify(
    drafts: list[exchange_stage.Draft],
    turns: list[Turn],
    speakers: dict[str, Speaker],
    introduced: dict[str, Identity],
    ctx: floor.Context,
) -> list[Exchange]:
    for key, intro in introduced.items():
        speaker = speakers[key]
        if intro.name and len(intro.name) > len(speaker.name):
            speaker.name = intro.name
        speaker.outlet = intro.outlet
        speaker.evidence.append(intro.evidence)
    exchanges = attribution.attribute(drafts, turns, speakers, introduced, ctx)
    _complete_first_names(exchanges, speakers)
    _promote_named(exchanges, turns, speakers)
    return exchanges


def _complete_first_names(exchanges: list[Exchange], speakers: dict[str, Speaker]) -> None:
    """`Steve` named by the principal, `Steve Holland` elsewhere in the session: one person."""
    full_names = {e.questioner for e in exchanges if e.questioner and " " in e.questioner}
    full_names |= {s.name for s in speakers.values() if " " in s.name and s.role == Role.QUESTIONER}
    for exchange in exchanges:
        if exchange.questioner and " " not in exchange.questioner:
            matches = [n for n in full_names if fold(n.split()[0]) == fold(exchange.questioner)]
            if len(matches) == 1:
                exchange.questioner = matches[0]
                outlets = {e.outlet for e in exchanges if e.questioner == matches[0] and e.outlet}
                if exchange.outlet is None and len(outlets) == 1:
                    exchange.outlet = outlets.pop()


def _promote_named(
    exchanges: list[Exchange], turns: list[Turn], speakers: dict[str, Speaker]
) -> None:
    """A journalist identified under an anonymous label becomes a speaker of the session."""
    for exchange in exchanges:
        anon = speakers[exchange.questioner_speaker]
        if not anon.anonymous or not exchange.questioner or " " not in exchange.questioner:
            continue
        parts = parse_name(exchange.questioner)
        key = next(
            (
                k
                for k, s in speakers.items()
                if not s.anonymous
                and s.role == Role.QUESTIONER
                and _compatible(parse_name(s.name), parts)
            ),
            f"person:{fold(exchange.questioner)}",
        )
        speaker = speakers.setdefault(key, Speaker(key, exchange.questioner, [], Role.QUESTIONER))
        label = turns[exchange.question_turns[0]].label
        if label not in speaker.labels:
            speaker.labels.append(label)
        if exchange.outlet and not speaker.outlet:
            speaker.outlet = exchange.outlet
        speaker.evidence.append(exchange.evidence)
