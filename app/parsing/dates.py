"""Date recognition for header lines; a date that does not exist is reported, never guessed."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
_MDY = rf"{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
_DMY = r"(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>\d{4})"
# A line that is a date and nothing else, or a Kremlin dateline: `April 27, 2019
# (2019-04-27), Beijing`, with the place left empty on some pages (`March 22, 2013
# (2013-03-22), `: 3 of the 39 Kremlin files, undated until the empty place was allowed), or
# the time line under it (`September 20, 2016 17:00 Izhevsk`). A place follows a comma, or a
# time of day: `April 27, 2011 Chairman Bernanke's Press Conference` is a page header.
DATE_LINE = re.compile(
    rf"^\(?(?:{_ISO}|{_MDY}|{_DMY})\)?(?:\s*\((?P<iso2>\d{{4}}-\d{{2}}-\d{{2}})\))?"
    rf"(?:\s+\d{{1,2}}:\d{{2}}(?:\s+(?P<place2>[^\d\s].{{0,120}}))?)?"
    rf"(?:\s*,\s*(?P<place>[^\d\s].{{0,120}})?)?$"
)


class BadDate(ValueError):
    """The text is shaped like a date but names a day that does not exist."""


def parse_iso(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"{text.strip()!r} is not a real date") from None


def _build(year: str, month: str, day: str) -> dt.date | None:
    number = MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        raise BadDate(f"{month} {day}, {year} is not a real date") from None


def match_date_line(text: str) -> tuple[dt.date, str] | None:
    """(date, place) when the whole line is a dateline; raises BadDate for impossible dates."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return None
    place = (m.group("place") or m.group("place2") or "").strip()
    if m.group("iso2"):
        return parse_iso(m.group("iso2")), place
    if m.group("iso"):
        return parse_iso(m.group("iso")), place
    if m.group("month"):
        built = _build(m.group("year"), m.group("month"), m.group("day"))
    else:
        built = _build(m.group("year2"), m.group("month2"), m.group("day2"))
    return (built, place) if built else None


def coerce(value: object) -> dt.date | None:
    """A front-matter value (YAML may already have made it a date) to a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_iso(text)
    found = match_date_line(text)
    if found:
        return found[0]
    raise BadDate(f"{text!r} is not a date")
