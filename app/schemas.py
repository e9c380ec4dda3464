"""The JSON API's public shapes: what clients may rely on, separate from the tables."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class PersonRef(BaseModel):
    slug: str
    name: str
    url: str


class OutletRef(BaseModel):
    slug: str
    name: str
    url: str


class SessionSummary(BaseModel):
    slug: str
    title: str
    date: dt.date | None
    location: str
    kind: str = Field(
        description="press-briefing, gaggle, background, on-the-record-call, press-conference, "
        "joint-press-conference, news-conference, direct-line, interview, media-forum, "
        'press-qa or other; "" for a session not re-read since kinds were added'
    )
    principals: list[PersonRef]
    exchange_count: int
    url: str
    api_url: str


class SessionPage(BaseModel):
    total: int
    page: int
    pages: int
    sessions: list[SessionSummary]


class Speaker(BaseModel):
    name: str
    role: str
    outlet: str | None
    person: PersonRef | None


class ExchangePublic(BaseModel):
    session: str = Field(description="The session's slug")
    number: int = Field(description="The permalink number; stable across re-ingests")
    url: str
    questioner_name: str | None
    questioner: PersonRef | None
    outlet: OutletRef | None
    question: str
    answerers: list[str]
    answer: str
    in_context: str
    basis: str | None = Field(
        description="How the transcript establishes the asker: label, self, call, follow-up"
    )
    evidence: str | None = Field(description="The sentence the attribution rests on")
    inferred: bool = Field(
        description="The journalist is linked across the archive from a first-name call, "
        "not named in full by this transcript"
    )


class SourceCredit(BaseModel):
    """The publisher of the original transcript and the licence a reuse must state."""

    name: str = Field(description='The attribution, e.g. "kremlin.ru"')
    licence: str = Field(description='e.g. "CC BY 4.0"')
    licence_url: str = Field(description='The licence\'s address, or "" when it has none')


class SessionDetail(SessionSummary):
    source_url: str = Field(description='The original transcript\'s address, or "" if unknown')
    source_credit: SourceCredit | None
    description: str
    speakers: list[Speaker]
    exchanges: list[ExchangePublic]


class ExchangeDetail(ExchangePublic):
    session_title: str
    date: dt.date | None
    source_url: str
    source_credit: SourceCredit | None
    previous: str | None
    next: str | None
    citation: str


class JournalistSummary(BaseModel):
    slug: str
    name: str
    questions: int
    url: str


class OutletSummary(BaseModel):
    slug: str
    name: str
    questions: int
    url: str


class Listed(BaseModel):
    session: str
    session_title: str
    date: dt.date | None
    number: int
    url: str
    questioner_name: str | None
    outlet: str | None
    question: str


class JournalistDetail(JournalistSummary):
    outlets: list[OutletSummary]
    page: int
    pages: int
    exchanges: list[Listed]


class OutletDetail(OutletSummary):
    journalists: list[JournalistSummary]
    page: int
    pages: int
    exchanges: list[Listed]


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class SearchHit(BaseModel):
    session: str
    session_title: str
    number: int
    date: dt.date | None
    url: str
    questioner: str | None = Field(description="Journalist slug, when identified")
    questioner_name: str
    outlet: str | None
    outlet_name: str
    principals: list[str]
    question_snippet: str | None = Field(
        description="HTML: escaped text with <mark> around matches"
    )
    answer_snippet: str | None
    question: str


class SearchResponse(BaseModel):
    q: str
    filters: dict[str, str]
    sort: str
    total: int
    page: int
    pages: int
    suggestion: str | None
    facets: dict[str, list[FacetValue]]
    hits: list[SearchHit]


class Problem(BaseModel):
    detail: str
