"""Transcript parsing: bytes in, plain Python objects out; no database here."""

from app.parsing.model import ParseError, Transcript
from app.parsing.pipeline import parse_bytes, parse_file

__all__ = ["ParseError", "Transcript", "parse_bytes", "parse_file"]
