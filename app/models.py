"""Tables: sessions, people, outlets, turns and exchanges (the permalinked Q&A units)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel


class PressSession(SQLModel, table=True):
    """One press conference or briefing. `source_key` (the file name) identifies it across
    re-ingests, so a corrected file replaces its session and keeps the slug."""

    __tablename__ = "session"
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=120)
    source_key: str = Field(index=True, unique=True, max_length=255)
    source_file: str = Field(max_length=1024)
    title: str = Field(default="", max_length=500)
    date: dt.date | None = Field(default=None, index=True)
    location: str = Field(default="", max_length=255)
    source_url: str = Field(default="", max_length=1024)
    # A key of app.parsing.kinds.KINDS, set on every ingest; "" until an archive built before
    # kinds existed is re-ingested.
    kind: str = Field(
        default="", max_length=40, index=True, sa_column_kwargs={"server_default": ""}
    )
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    content_hash: str = Field(max_length=64)
    # Permalink numbers are never reused: a removed exchange's number is retired.
    next_number: int = Field(default=1)
    exchange_count: int = Field(default=0)
    # Set in the transaction that stores the session, cleared once the search index holds
    # it: a crash in between leaves it set, and the next ingest (or doctor) indexes it.
    index_pending: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    ingested_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=160)
    name: str = Field(max_length=200)
    name_key: str = Field(index=True, unique=True, max_length=200)


class PersonLabel(SQLModel, table=True):
    """Every label variant a person was printed under (`V. Putin`, `V.Putin`, ...)."""

    __table_args__ = (UniqueConstraint("person_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    label: str = Field(max_length=200)


class Outlet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=160)
    name: str = Field(max_length=200)
    key: str = Field(index=True, unique=True, max_length=200)


class OutletVariant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("outlet_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    name: str = Field(max_length=200)


class Appearance(SQLModel, table=True):
    """A person's role in one session: principal, moderator, questioner or other."""

    __table_args__ = (UniqueConstraint("session_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=20)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id")
    labels: str = Field(default="", max_length=1000)  # the labels used in this session, "; "-joined


class Turn(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("session_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id", index=True, ondelete="CASCADE")
    position: int
    line: int
    label: str = Field(max_length=200)
    speaker_name: str = Field(max_length=200)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    role: str = Field(max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))  # paragraphs joined by blank lines
    exchange_number: int | None = Field(default=None)


class Exchange(SQLModel, table=True):
    """A question and its answer; `number` is the permalink (/sessions/<slug>/q/<number>)."""

    __table_args__ = (
        UniqueConstraint("session_id", "number"),
        # A session's exchanges in order, and a permalink's neighbours found in the index
        # rather than by reading each of the session's rows (a cold permalink's slowest
        # query at 1M). It serves lookups by session alone too.
        Index("ix_exchange_session_position", "session_id", "position"),
    )
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id", ondelete="CASCADE")
    number: int
    position: int
    questioner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    questioner_name: str | None = Field(default=None, max_length=200)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    answerers: str = Field(default="", max_length=1000)  # display names, "; "-joined
    first_turn: int
    last_turn: int
    fingerprint: str = Field(max_length=64)
    evidence: str = Field(default="", max_length=1000)
    # How the asker was established: label, self, call, follow-up; "" when nobody is named.
    basis: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    # Set when `questioner_id` comes from the archive, not this transcript: a first-name call
    # linked to the journalist that session (`inferred_from`) names in full (app.identity).
    # No foreign key: links are recomputed after every ingest, never trusted across one.
    inferred_from: int | None = Field(default=None)
    outlet_inferred: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class RetiredNumber(SQLModel, table=True):
    """A permalink number that a re-ingest retired, and the exchange that now holds its
    question: /sessions/<slug>/q/<number> redirects there instead of answering 404."""

    __table_args__ = (UniqueConstraint("session_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id", index=True, ondelete="CASCADE")
    number: int
    target: int


class ExchangeAnswerer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("exchange_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    exchange_id: int = Field(foreign_key="exchange.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True)
