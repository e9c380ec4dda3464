"""A curated list of people who recur as principals or moderators, to name title-only labels.

Unknown people are still handled from the transcript itself; this list only fills in a full
name where the label gives a surname or a title (`MS. PSAKI`, `THE PRESIDENT`, `D. Peskov`).
`context` limits an entry to sources whose URL or title mention it; `since`/`until` to dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    name: str
    aliases: tuple[str, ...] = ()
    moderator: bool = False
    context: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None


_WH = ("whitehouse.gov", "white house", "press secretary", "press briefing", "press call")
_D = dt.date

KNOWN: tuple[Known, ...] = (
    Known("Vladimir Putin"),
    Known("Dmitry Peskov", moderator=True),
    Known("Jen Psaki", context=_WH),
    Known("Karine Jean-Pierre", context=_WH),
    Known("John Kirby", context=_WH),
    Known("Jake Sullivan", context=_WH),
    Known("Jeff Zients", context=_WH),
    Known("Anthony Fauci", context=_WH),
    Known("Rochelle Walensky", context=_WH),
    Known("Ashish Jha", context=_WH),
    Known("Andy Slavitt", context=_WH),
    Known("Brian Deese", context=_WH),
    Known("Deanne Criswell", context=_WH),
    Known("Alejandro Mayorkas", context=_WH),
    Known("Gina Raimondo", context=_WH),
    Known("Jennifer Granholm", context=_WH),
    Known("Miguel Cardona", context=_WH),
    Known("Pete Buttigieg", context=_WH),
    Known("Vivek Murthy", context=_WH),
    Known("Cecilia Rouse", context=_WH),
    Known("Mitch Landrieu", context=_WH),
    Known("Tom Vilsack", context=_WH),
    Known("John Kerry", context=_WH),
    Known("Susan Rice", context=_WH),
    Known("Michael Regan", context=_WH),
    Known("Marcia Fudge", context=_WH),
    Known("Gene Sperling", context=_WH),
    Known("Neera Tanden", context=_WH),
    Known("Xavier Becerra", context=_WH),
    Known("Denis McDonough", context=_WH),
    Known("Marty Walsh", context=_WH),
    Known("Gina McCarthy", context=_WH),
    Known("Jared Bernstein", context=_WH),
    Known("Kate Bedingfield", context=_WH),
    Known("Anne Neuberger", context=_WH),
    Known("Olivia Dalton", context=_WH),
    Known("Andrew Bates", context=_WH),
    Known("Shalanda Young", context=_WH),
    Known("Daleep Singh", context=_WH),
    Known("Jon Finer", context=_WH),
    Known("Janet Yellen"),
    Known("Ben Bernanke"),
    Known("Jerome Powell"),
    Known(
        "Joe Biden",
        aliases=("The President",),
        context=_WH,
        since=_D(2021, 1, 20),
        until=_D(2025, 1, 20),
    ),
    Known(
        "Kamala Harris",
        aliases=("The Vice President",),
        context=_WH,
        since=_D(2021, 1, 20),
        until=_D(2025, 1, 20),
    ),
    Known(
        "Donald Trump",
        aliases=("The President",),
        context=_WH,
        since=_D(2017, 1, 20),
        until=_D(2021, 1, 20),
    ),
    Known(
        "Mike Pence",
        aliases=("The Vice President",),
        context=_WH,
        since=_D(2017, 1, 20),
        until=_D(2021, 1, 20),
    ),
    Known(
        "Barack Obama",
        aliases=("The President",),
        context=_WH,
        since=_D(2009, 1, 20),
        until=_D(2017, 1, 20),
    ),
)


def applicable(context_text: str, date: dt.date | None) -> list[Known]:
    """The entries that may apply to a transcript with this URL/title text and date."""
    text = context_text.casefold()
    out = []
    for known in KNOWN:
        if known.context and not any(c in text for c in known.context):
            continue
        if (known.since or known.until) and date is None:
            continue
        if known.since and date and date < known.since:
            continue
        if known.until and date and date >= known.until:
            continue
        out.append(known)
    return out
