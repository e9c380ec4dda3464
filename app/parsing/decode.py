"""Stage 1: bytes -> normalised lines (encoding, line ends, odd spaces, markdown escapes)."""

from __future__ import annotations

import codecs
import re

from app.parsing.model import Line, ParseError

# Spaces that should behave like a plain space: NBSP, the typographic spaces, narrow NBSP,
# medium mathematical space, ideographic space. White House `Q` labels use U+00A0.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
# Zero-width characters carry nothing a reader sees, but break label matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Markdown escapes (`\[`, `\*`) from HTML-to-markdown converters; a transcript never means
# a literal backslash before punctuation.
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not) or UTF-16 with a BOM; anything else is an error."""
    if not data.strip():
        raise ParseError("empty file (no text at all)")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(f"invalid UTF-16: {exc.reason}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(
            "binary file (NUL byte), not a transcript", line=data.count(b"\n", 0, nul) + 1
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line=line
        ) from None


def unescape_markdown(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text)


def normalise(text: str) -> list[Line]:
    """Split into numbered lines with uniform spaces; line numbers match the file's."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        clean = _INVISIBLE.sub("", raw)
        clean = _ODD_SPACES.sub(" ", clean)
        lines.append(Line(number, clean.rstrip()))
    if not any(line.text.strip() for line in lines):
        raise ParseError("empty file (only white space)")
    return lines
