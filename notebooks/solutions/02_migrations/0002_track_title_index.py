"""Index track titles

Revision ID: 0002
Revises: 0001

Exercise 02-1, a worked solution.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tracks_title', 'tracks', ['title'])


def downgrade() -> None:
    # The exact opposite of upgrade(): the schema goes back to what 0001 made.
    op.drop_index('ix_tracks_title', table_name='tracks')
