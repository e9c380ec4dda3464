"""exchange: index (session_id, position) in place of (session_id)

Revision ID: 5b1f0c2d9a47
Revises: 3e16de0d4fc8
Create Date: 2026-11-26 05:00:00.000000
"""
from collections.abc import Sequence

from alembic import op


revision: str = '5b1f0c2d9a47'
down_revision: str | None = '3e16de0d4fc8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The new index leads with session_id, so it serves everything the old one did.
    op.create_index('ix_exchange_session_position', 'exchange', ['session_id', 'position'], unique=False)
    op.drop_index('ix_exchange_session_id', table_name='exchange')


def downgrade() -> None:
    op.create_index('ix_exchange_session_id', 'exchange', ['session_id'], unique=False)
    op.drop_index('ix_exchange_session_position', table_name='exchange')
