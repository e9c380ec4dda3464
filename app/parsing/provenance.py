"""Where a transcript was published and on what terms: its source address, built from the
file name when the text gives none, and the credit a reuse owes its publisher.

The Kremlin transcripts of ../shared/data are named as their mirror names them:
`<date>-<kremlin id>-<title slug>.txt` (data/SOURCES.md), and each page lives at
en.kremlin.ru/events/president/news/<id>: the address the mirrored pages give as their
canonical link (`<link rel="canonical" href="http://en.kremlin.ru/events/president/news/17723">`).
A name of that shape is trusted only when its date and title slug agree with the transcript
itself, so another source's `2020-01-01-123-notes.txt` never becomes a Kremlin page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.parsing.model import Metadata

_KREMLIN_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<id>\d{1,9})-(?P<slug>[a-z0-9][a-z0-9-]*)\.[A-Za-z]+$"
)
KREMLIN_PAGE = "http://en.kremlin.ru/events/president/news/{id}"


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def source_url(file_name: str, meta: Metadata) -> str:
    """The original page's address built from the file name, or "" when it names none."""
    m = _KREMLIN_NAME.match(file_name)
    if not m or not meta.title:
        return ""
    if meta.date is not None and meta.date.isoformat() != m.group("date"):
        return ""
    # The mirror cuts the slug at 60 characters: it is a prefix of the title's letters.
    slug = _letters(m.group("slug"))
    if len(slug) < 8 or not _letters(meta.title).startswith(slug):
        return ""
    return KREMLIN_PAGE.format(id=int(m.group("id")))


@dataclass(frozen=True)
class Credit:
    """Who published a transcript and the terms a reuse must state."""

    name: str
    licence: str
    licence_url: str = ""


# By host (a subdomain counts), from data/SOURCES.md and seeds/SOURCES: kremlin.ru content is
# CC BY 4.0 with the attribution "kremlin.ru"; White House texts are US government works.
_CREDITS = {
    "kremlin.ru": Credit("kremlin.ru", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "whitehouse.gov": Credit("The White House", "public domain (US government work)"),
    "bidenwhitehouse.archives.gov": Credit("The White House", "public domain (US government work)"),
}


def credit(url: str) -> Credit | None:
    """The publisher and licence of a source address, when it is one we know."""
    host = (urlsplit(url).hostname or "").lower()
    for domain, found in _CREDITS.items():
        if host == domain or host.endswith("." + domain):
            return found
    return None
