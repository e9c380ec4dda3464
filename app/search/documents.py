"""Exchange rows -> Whoosh documents (speech only: stage directions are not indexed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from app.identity.explain import short
from app.models import Outlet, Person, PressSession
from app.parsing.stage import speech_only


@dataclass(frozen=True)
class ExchangeDoc:
    session_slug: str
    session_title: str
    number: int
    date: dt.date | None
    question: str
    answer: str
    questioner_slug: str
    questioner_name: str
    outlet_slug: str
    outlet_name: str
    principal_slugs: list[str]
    principal_names: list[str]
    how: str = ""
    session_kind: str = ""  # app.parsing.kinds: press-briefing, gaggle, …

    def fields(self) -> dict[str, object]:
        question, answer = speech_only(self.question), speech_only(self.answer)
        fields: dict[str, object] = {
            "key": f"{self.session_slug}/{self.number}",
            "session": self.session_slug,
            "session_title": self.session_title,
            "number": self.number,
            "question": question,
            "answer": answer,
            "exact": f"{question}\n{answer}",
            "questioner": self.questioner_slug,
            "questioner_name": self.questioner_name,
            "outlet": self.outlet_slug,
            "outlet_name": self.outlet_name,
            "principal": ",".join(self.principal_slugs),
            "principal_name": "; ".join(self.principal_names),
            "how": self.how,
            "kind": self.session_kind,
        }
        if self.date:
            fields["date"] = dt.datetime.combine(self.date, dt.time())
            fields["year"] = self.date.year
        return fields


class ExchangeFields(Protocol):
    """What a document needs of an exchange: a stored row or the values just inserted."""

    @property
    def number(self) -> int: ...
    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def questioner_name(self) -> str | None: ...
    @property
    def basis(self) -> str: ...
    @property
    def inferred_from(self) -> int | None: ...
    @property
    def questioner_id(self) -> int | None: ...


def exchange_doc(
    session: PressSession,
    exchange: ExchangeFields,
    questioner: Person | None,
    outlet: Outlet | None,
    answering: list[Person],
) -> ExchangeDoc:
    """The index document of one stored exchange (used by ingest and by reindex alike)."""
    return ExchangeDoc(
        session_slug=session.slug,
        session_title=session.title,
        number=exchange.number,
        date=session.date,
        question=exchange.question,
        answer=exchange.answer,
        questioner_slug=questioner.slug if questioner else "",
        questioner_name=exchange.questioner_name or "",
        outlet_slug=outlet.slug if outlet else "",
        outlet_name=outlet.name if outlet else "",
        principal_slugs=[p.slug for p in answering],
        principal_names=[p.name for p in answering],
        how=short(exchange),
        session_kind=session.kind,
    )
