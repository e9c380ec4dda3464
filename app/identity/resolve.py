"""First-name calls resolved across the archive, from plain objects (no database).

`Go ahead, Zeke.` names no one in full; other sessions do (`Let's go to Zeke Miller at AP.`).
A first name (or a first name and an initial, `Kelly O.`) is linked to a journalist only when
exactly one journalist with that name was named in full in sessions within the window around
the call's date, and was so named at least `min_named` times there: a single visitor named
once years apart is not enough evidence against a regular who never is (PARSER-NOTES.md).
The window and the minimum are chosen by measuring (`measure`, docs/corpus-report.md).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from app.parsing.names import fold

# Measured on ../shared/data by leave-one-out (docs/corpus-report.md): named in full in at
# least 3 sessions within 90 days of the call, and nobody else of that first name named within
# two years: precision 0.985 at 16% coverage. Every wider or laxer setting tried fell below
# 0.98 (a single visitor named once is indistinguishable from the regular otherwise).
WINDOW_DAYS = 90
MIN_NAMED = 3
CONFLICT_DAYS = 730


@dataclass(frozen=True)
class FullMention:
    """A journalist named in full in one session (label, introduction or call)."""

    name: str
    date: dt.date
    session: int
    outlet: str | None = None


@dataclass(frozen=True)
class Link:
    """A first-name call linked to a journalist, with the session that names them in full."""

    name: str
    outlet: str | None
    evidence_session: int
    evidence_date: dt.date


def first_key(name: str) -> tuple[str, str] | None:
    """(`zeke`, ``) for `Zeke`; (`kelly`, `o`) for `Kelly O.`; None for a full name."""
    words = name.replace(".", " ").split()
    if len(words) == 1:
        return fold(words[0]), ""
    if len(words) == 2 and len(words[1]) == 1:
        return fold(words[0]), fold(words[1])
    return None


class Resolver:
    def __init__(
        self,
        named: Iterable[FullMention],
        window_days: int = WINDOW_DAYS,
        min_named: int = MIN_NAMED,
        conflict_days: int | None = CONFLICT_DAYS,
    ) -> None:
        self.window = dt.timedelta(days=window_days)
        self.min_named = min_named
        # Anyone else of that first name named within this wider span makes a call ambiguous.
        self.conflict = dt.timedelta(days=conflict_days if conflict_days else window_days)
        self._by_first: dict[str, list[FullMention]] = defaultdict(list)
        for m in named:
            words = m.name.split()
            if len(words) >= 2:
                self._by_first[fold(words[0])].append(m)
        for mentions in self._by_first.values():
            mentions.sort(key=lambda m: m.date)
        self._dates = {k: [m.date for m in v] for k, v in self._by_first.items()}

    def resolve(
        self, name: str, date: dt.date | None, exclude_session: int | None = None
    ) -> Link | None:
        key = first_key(name)
        if key is None or date is None:
            return None
        first, initial = key
        mentions = self._by_first.get(first, [])
        dates = self._dates.get(first, [])
        span = max(self.window, self.conflict)
        lo, hi = bisect_left(dates, date - span), bisect_right(dates, date + span)
        near = [
            m
            for m in mentions[lo:hi]
            if m.session != exclude_session
            and (not initial or fold(m.name.split()[-1]).startswith(initial))
        ]
        people: dict[str, list[FullMention]] = defaultdict(list)
        for m in near:
            if abs(m.date - date) <= self.conflict:
                people[fold(m.name)].append(m)
        if len(people) != 1:
            return None  # nobody, or more than one journalist of that name: leave it
        (mentions_of,) = people.values()
        mentions_of = [m for m in mentions_of if abs(m.date - date) <= self.window]
        if len({m.session for m in mentions_of}) < self.min_named:
            return None
        closest = min(mentions_of, key=lambda m: abs((m.date - date).days))
        outlet = _outlet_as_of(mentions_of, date)
        return Link(closest.name, outlet, closest.session, closest.date)


def _outlet_as_of(mentions: list[FullMention], date: dt.date) -> str | None:
    """The outlet named with the person nearest that date (people change employers)."""
    with_outlet = [m for m in mentions if m.outlet]
    if not with_outlet:
        return None
    return min(with_outlet, key=lambda m: abs((m.date - date).days)).outlet


@dataclass
class Measure:
    window_days: int
    min_named: int
    conflict_days: int
    tried: int = 0
    resolved: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.resolved if self.resolved else 1.0

    @property
    def coverage(self) -> float:
        return self.resolved / self.tried if self.tried else 0.0


def measure(
    named: list[FullMention], window_days: int, min_named: int, conflict_days: int | None = None
) -> Measure:
    """Leave-one-out: hide each full name but its first name, resolve it against the rest of
    the archive (its own session left out), and count how often the right person comes back."""
    resolver = Resolver(named, window_days, min_named, conflict_days)
    out = Measure(window_days, min_named, conflict_days or window_days)
    for m in named:
        first = m.name.split()[0]
        out.tried += 1
        link = resolver.resolve(first, m.date, exclude_session=m.session)
        if link is not None:
            out.resolved += 1
            out.right += fold(link.name) == fold(m.name)
    return out
