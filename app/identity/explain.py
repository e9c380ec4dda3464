"""How an exchange's asker was established, in the plain words a reader sees beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from app.models import Exchange, Outlet, Person, PressSession

_STATED = {
    "label": "named by the transcript's speaker label",
    "self": "introduced themselves",
    "call": "named from the podium",
    "follow-up": "a follow-up by the journalist named before",
}


@dataclass(frozen=True)
class Basis:
    """The reader-facing account of one attribution."""

    how: str  # `introduced themselves`, `identified from the call ...`
    evidence: str  # the sentence quoted, or ""
    inferred: bool  # linked across the archive rather than stated in this transcript
    named_in: PressSession | None = None  # for inferred links: the session naming them in full
    named_on: dt.date | None = None

    @property
    def sentence(self) -> str:
        quote = f": “{self.evidence}”" if self.evidence else ""
        return f"{self.how}{quote}"


def explain(
    exchange: Exchange,
    questioner: Person | None,
    outlet: Outlet | None,
    named_in: PressSession | None = None,
) -> Basis | None:
    """None when nobody is named: the page says `unnamed reporter` and no more."""
    evidence = (
        exchange.evidence.removeprefix("label: ")
        if exchange.basis == "label"
        else exchange.evidence
    )
    if exchange.inferred_from is not None and questioner is not None:
        where = f" ({outlet.name})" if outlet and exchange.outlet_inferred else ""
        date = named_in.date if named_in else None
        when = f" on {date.isoformat()}" if date else " in another session"
        how = f"identified from the call; {questioner.name}{where} is named in full{when}"
        return Basis(how, evidence, True, named_in, date)
    if exchange.evidence.startswith("put by the moderator"):
        return Basis(exchange.evidence, "", False)
    if not exchange.basis:
        return None
    return Basis(_STATED.get(exchange.basis, exchange.basis), evidence, False)


_SHORT = {
    "label": "by label",
    "self": "introduced themselves",
    "call": "called on",
    "follow-up": "follow-up",
}


class _Attributed(Protocol):
    """A stored exchange row or the values just inserted for one."""

    @property
    def basis(self) -> str: ...
    @property
    def inferred_from(self) -> int | None: ...
    @property
    def questioner_id(self) -> int | None: ...


def short(exchange: _Attributed) -> str:
    """A few words for a list of questions: how the asker was identified, if at all."""
    if exchange.inferred_from is not None and exchange.questioner_id is not None:
        return "inferred from a first-name call"
    return _SHORT.get(exchange.basis, "")
