"""The migrations build exactly the schema the models describe (alembic check)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.config import Settings
from app.db import described_by_models, get_engine, migrate


def test_models_and_migrations_agree(settings: Settings) -> None:
    migrate(settings)
    with get_engine(settings).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": described_by_models}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrate_is_idempotent(settings: Settings) -> None:
    migrate(settings)
    migrate(settings)
