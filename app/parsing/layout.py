"""Stage 2: strip layout noise and metadata, then join lines into paragraphs.

Handles YAML front matter, a `date YYYY-MM-DD ...` first line, a title line followed by a
dateline, PDF page headers/footers (removed even mid-sentence), time stamps and
end marks, and hard-wrapped lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from app.parsing import dates
from app.parsing.decode import unescape_markdown
from app.parsing.model import Line, Metadata, Paragraph, ParseError, Warning_

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}\s+of\s+\d{1,4}$|^-?\s*\d{1,4}\s*-?$", re.I)
_TIME_STAMP = re.compile(
    r"^(?:END\b[\s.]*)?\(?\d{1,2}:\d{2}\s*[AP]\.?\s?M\.?(?:\s+[A-Z]{2,5})?\)?$|^END\.?$|^#{3}$",
    re.I,
)
_SEED_FIRST_LINE = re.compile(r"^date\s+(?P<iso>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")
_EMPHASIS_ENDS = re.compile(r"^[*_\s]+|[*_\s]+$")
# A sentence ends at . ! or ? before a capital, unless the word before is a title or an
# initial (`Mr. Putin`, `U.S. President`).
_FIRST_SENTENCE = re.compile(
    r"^(.+?(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?])\s+(?=[A-Z“\"])"
)
_TITLE_MAX = 160


class _TextLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so an impossible date is ours to report."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Layout:
    meta: Metadata
    body: list[Line]
    preamble: list[str] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _front_matter(lines: list[Line], meta: Metadata, warnings: list[Warning_]) -> list[Line]:
    start = next((i for i, line in enumerate(lines) if line.text.strip()), None)
    if start is None or lines[start].text.strip() != "---":
        return lines
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].text.strip() in ("---", "...")), None
    )
    if end is None:
        raise ParseError("front matter opened with '---' is never closed", lines[start].number)
    raw = "\n".join(line.text for line in lines[start + 1 : end])
    try:
        data = yaml.load(raw, Loader=_TextLoader) or {}
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = lines[start].number + 1 + (mark.line if mark else 0)
        raise ParseError(
            f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})", line
        ) from None
    if not isinstance(data, dict):
        raise ParseError("front matter is not a mapping of keys to values", lines[start].number + 1)
    # U+FFFC, an object replacement character, ends one White House title.
    meta.title = " ".join(str(data.get("title") or "").replace("\ufffc", "").split())
    meta.source_url = str(data.get("source_url") or data.get("url") or "").strip()
    meta.location = str(data.get("location") or "").strip()
    try:
        meta.date = dates.coerce(data.get("date"))
    except dates.BadDate as exc:
        warnings.append(
            Warning_(lines[start].number, "date", f"front matter date: {exc}; left empty")
        )
    meta.principals = _as_list(data.get("principals", data.get("principal")))
    meta.moderators = _as_list(data.get("moderators", data.get("moderator")))
    return lines[end + 1 :]


def _page_furniture(lines: list[Line]) -> set[int]:
    """Indexes of PDF page headers/footers: page-number lines and lines recurring beside them."""
    numbered = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line.text.strip())]
    if len(numbered) < 2:
        return set()
    neighbours: Counter[str] = Counter()
    for i in numbered:
        for j in _nonblank_near(lines, i, 2):
            neighbours[lines[j].text.strip()] += 1
    repeated = {text for text, count in neighbours.items() if count >= 2 and len(text) < 160}
    drop = set(numbered)
    for i, line in enumerate(lines):
        if line.text.strip() in repeated:
            drop.add(i)
    # The blank lines of a page break belong to it: the text on either side is one paragraph.
    for i in sorted(drop):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].text.strip():
                drop.add(j)
                j += step
    return drop


def _nonblank_near(lines: list[Line], i: int, count: int) -> list[int]:
    found = []
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(lines) and seen < count:
            if lines[j].text.strip():
                found.append(j)
                seen += 1
            j += step
    return found


def strip_layout(lines: list[Line], is_label: Callable[[str], bool]) -> Layout:
    meta = Metadata()
    warnings: list[Warning_] = []
    lines = [
        Line(line.number, unescape_markdown(line.text))
        for line in _front_matter(lines, meta, warnings)
    ]
    furniture = _page_furniture(lines)
    kept = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i in furniture or _TIME_STAMP.match(text):
            if text:  # every word left out is reported, so none is lost unseen
                kind = "furniture" if i in furniture else "timestamp"
                warnings.append(Warning_(line.number, "dropped", f"{kind} left out: {text!r}"))
            continue
        kept.append(line)
    lines = kept
    first_label = next(
        (i for i, line in enumerate(lines) if is_label(line.text.strip())), len(lines)
    )
    head, body = lines[:first_label], lines[first_label:]
    preamble = _read_head(head, meta, warnings)
    return Layout(meta, body, preamble, warnings)


def _read_head(head: list[Line], meta: Metadata, warnings: list[Warning_]) -> list[str]:
    """Title, date, place and lead from the lines before the first speaker label."""
    texts = [(line.number, text) for line in head if (text := _unemphasised(line.text))]
    rest: list[tuple[int, str]] = []
    i = 0
    if texts and (m := _SEED_FIRST_LINE.match(texts[0][1])):
        try:
            meta.date = meta.date or dates.parse_iso(m.group("iso"))
        except dates.BadDate as exc:
            warnings.append(Warning_(texts[0][0], "date", f"{exc}; left empty"))
        meta.description = m.group("rest").strip()
        i = 1
    while i < len(texts):
        number, text = texts[i]
        try:
            found = dates.match_date_line(text)
        except dates.BadDate as exc:
            warnings.append(Warning_(number, "date", f"{exc}; left empty"))
            i += 1
            continue
        if found:
            date, place = found
            meta.date = meta.date or date
            meta.location = meta.location or place
            # The line before a dateline is the title, when nothing else claimed it.
            if rest and not meta.title and not _SENTENCE_END.search(rest[-1][1]):
                meta.title = rest.pop()[1]
        else:
            rest.append((number, text))
        i += 1
    paragraphs = _join_head(rest)
    for text in paragraphs:
        short = len(text) < 80 and not _SENTENCE_END.search(text)
        if short and not meta.location and meta.title:
            meta.location = text  # e.g. "James S. Brady Press Briefing Room", "Via Teleconference"
        elif short and not meta.title:
            meta.title = text
        elif not meta.description:
            meta.description = text
    if not meta.title and meta.description:
        meta.title, meta.description = _title_from(meta.description)
    return paragraphs


def _unemphasised(text: str) -> str:
    """A head line without the markdown emphasis around it, White House pages setting the
    place in italics (`*Munich, Germany*`, `*Via Teleconference*** **`: 10 files), and with
    single spaces (`James S.  Brady Press Briefing Room`)."""
    text = " ".join(text.split())
    if text[:1] in "*_" or text[-1:] in "*_":
        text = _EMPHASIS_ENDS.sub("", text)
    return text


def _title_from(lead: str) -> tuple[str, str]:
    """(title, rest of the lead) for a transcript that names itself only in its lead, as the
    seed does (`date 2025-09-03 In Beijing's warm night air, ... a 50-minute Q&A with
    President Putin ...`): its first sentence, shortened at a word if it runs long."""
    m = _FIRST_SENTENCE.match(lead)
    sentence, rest = (m.group(1), lead[m.end() :]) if m else (lead, "")
    title = sentence.rstrip(".").strip()
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title, rest.strip()


def _join_head(rest: list[tuple[int, str]]) -> list[str]:
    paragraphs: list[str] = []
    last = -2
    for number, text in rest:
        if paragraphs and number == last + 1 and _SENTENCE_END.search(paragraphs[-1]) is None:
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
        last = number
    return paragraphs


def join_paragraphs(
    body: list[Line],
    read_label: Callable[[str], tuple[str, str] | None],
    recurs: Callable[[str], bool] = lambda _label: True,
) -> list[Paragraph]:
    """Blank lines separate paragraphs; a labelled line always starts one (PDF text has no blanks).

    Within a block, a short line that ends a sentence also ends the paragraph when the block
    is long and hard-wrapped, as PDF text is.
    """
    paragraphs: list[Paragraph] = []
    block: list[Line] = []
    label = ""

    def flush() -> None:
        nonlocal label
        if block:
            found = _split_block(block)
            found[0].label = label
            paragraphs.extend(found)
            block.clear()
        elif label:
            paragraphs.append(Paragraph(0, "", label))
        label = ""

    for line in body:
        text = line.text.strip()
        found = read_label(text) if text else None
        if found is not None and block and not found[0].isupper() and not recurs(found[0]):
            # `Hatch Act:  Will this administration ...` wrapped onto a line of its own in the
            # middle of a question: a label heard once, inside a paragraph, is prose.
            found = None
        if not text:
            flush()
        elif found is not None:
            flush()
            label, rest = found
            if rest:
                block.append(Line(line.number, rest))
            else:
                paragraphs.append(Paragraph(line.number, "", label))
                label = ""
        else:
            block.append(Line(line.number, text))
    flush()
    return paragraphs


def _split_block(block: list[Line]) -> list[Paragraph]:
    lengths = sorted(len(line.text) for line in block)
    width = lengths[len(lengths) // 2]
    out: list[Paragraph] = []
    current: list[Line] = []
    for k, line in enumerate(block):
        current.append(line)
        wrapped_block = len(block) >= 6 and width >= 60
        ends_short = len(line.text) < 0.6 * width and _SENTENCE_END.search(line.text)
        if wrapped_block and ends_short and k + 1 < len(block):
            out.append(_join(current))
            current = []
    if current:
        out.append(_join(current))
    return out


def _join(lines: list[Line]) -> Paragraph:
    text = lines[0].text
    for line in lines[1:]:
        if text.endswith(("—", "–")) and not text.endswith((" —", " –")):
            text += line.text  # "How—\nfirst of all": the dash joins words
        elif re.search(r"[A-Za-z]-$", text):
            text += line.text  # a compound split at its hyphen: "long-\nterm"
        else:
            text += " " + line.text
    return Paragraph(lines[0].number, " ".join(text.split()))
