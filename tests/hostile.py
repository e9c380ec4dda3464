"""Generators of hostile transcript files: each returns the bytes of one file.

Kept as code, not blobs, so every case says what it is and the big ones cost no disk in git."""

from __future__ import annotations

import codecs
import itertools

GOOD = """date 2024-05-01 A small briefing

V. Putin: Good afternoon, colleagues.

K. Panyushkin: Konstantin Panyushkin, Channel One.

How do you assess the talks on gas supplies?

V. Putin: The talks went well, and the gas will flow.

L. Samsonia: Lana Samsonia, Interfax.

What about the pipeline to China?

V. Putin: The pipeline is being built on schedule.
"""

_SYLLABLES = ["ka", "lo", "mi", "re", "su", "ta", "vi", "no", "de", "za"]


def distinct_names(n: int) -> list[str]:
    """n different plausible names ("Kalon Mireova"), no digits: labels never hold digits."""
    pairs = list(itertools.product(_SYLLABLES, repeat=2))
    first = [f"{a}{b}n".capitalize() for a, b in pairs]
    last = [f"{a}{b}rova".capitalize() for a, b in pairs]
    return [
        f"{given} {family}" for given, family in itertools.islice(itertools.product(first, last), n)
    ]


def many_speakers(n: int) -> bytes:
    """A principal answering n distinct named journalists, each introducing themselves."""
    parts = ["date 2024-05-02 A very long news conference\n", "V. Putin: Good afternoon.\n"]
    for name in distinct_names(n):
        parts.append(f"{name}: {name}, Daily News. What is your view on the budget?\n")
        parts.append("V. Putin: My view is positive.\n")
    return "\n".join(parts).encode()


CASES: dict[str, bytes] = {
    "empty": b"",
    "whitespace_only": b"  \n\t\n   \r\n",
    "binary_nul": b"V. Putin: hello\n\x00\x01\x02\xff binary",
    "invalid_utf8": GOOD.encode()[:120] + b"\xc3\x28 broken" + GOOD.encode()[120:],
    "utf16_bom": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
    "utf8_bom": codecs.BOM_UTF8 + GOOD.encode(),
    "crlf": GOOD.replace("\n", "\r\n").encode(),
    "lone_cr": GOOD.replace("\n", "\r").encode(),
    "one_megabyte_paragraph": GOOD.replace(
        "The talks went well, and the gas will flow.",
        " ".join(["The talks went well and the gas will flow."] * 24_000),
    ).encode(),
    "ten_thousand_speakers": many_speakers(10_000),
    "labels_without_text": b"V. Putin:\n\nK. Panyushkin:\n\nV. Putin:\n",
    "text_without_labels": (
        b"This is an essay about press conferences.\n\nIt has paragraphs but nobody speaks.\n"
    ),
    "html_and_script": GOOD.replace(
        "The talks went well", "<script>alert(1)</script><b>The talks</b> went well"
    ).encode(),
    "front_matter_not_yaml": b"---\ntitle: [unclosed\ndate: : :\n---\n" + GOOD.encode(),
    "front_matter_never_closed": b"---\ntitle: Briefing\n" + GOOD.encode(),
    "date_that_does_not_exist": GOOD.replace("2024-05-01", "2023-02-30").encode(),
    "front_matter_impossible_date": b"---\ntitle: T\ndate: 2021-13-45\n---\n" + GOOD.encode(),
}

# Files that must go in (the rest may go in or be refused, but only with file:line: reason).
MUST_INGEST = {
    "utf16_bom",
    "utf8_bom",
    "crlf",
    "lone_cr",
    "one_megabyte_paragraph",
    "ten_thousand_speakers",
    "html_and_script",
    "date_that_does_not_exist",
    "front_matter_impossible_date",
}
MUST_FAIL = {
    "empty",
    "whitespace_only",
    "binary_nul",
    "invalid_utf8",
    "labels_without_text",
    "text_without_labels",
    "front_matter_not_yaml",
    "front_matter_never_closed",
}


def briefing(i: int, exchanges: int = 30) -> bytes:
    """The i-th of a family of valid, distinct transcripts (for batches and fault tests)."""
    names = distinct_names(exchanges + i)[i:]
    parts = [f"date 2024-{1 + i % 12:02d}-{1 + i % 28:02d} Generated briefing number {i}\n"]
    parts.append("V. Putin: Good afternoon, colleagues.\n")
    for n, name in enumerate(names[:exchanges]):
        parts.append(f"{name}: {name}, Daily News. Question {n} of briefing {i}: gas prices?\n")
        parts.append(f"V. Putin: Answer {n} to briefing {i}. " + "The market decides. " * 20 + "\n")
    return "\n".join(parts).encode()
