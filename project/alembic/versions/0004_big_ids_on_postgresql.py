# Written by notebooks/11_production.ipynb: edit the notebook, not this file.
"""Big ids on PostgreSQL

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# PostgreSQL's INTEGER holds 32 bits; the API's ids go up to 2**53 - 1. SQLite's INTEGER
# already holds 64: nothing to do there (and chapter 8's test knows it from `dialects`).
dialects = ("postgresql",)
IDS = [("artists", "id"), ("albums", "id"), ("albums", "artist_id"), ("tracks", "id"), ("tracks", "album_id")]


def upgrade() -> None:
    if op.get_bind().dialect.name in dialects:
        for table, column in IDS:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())
        for table in ("artists", "albums", "tracks"):
            op.execute(f"ALTER SEQUENCE {table}_id_seq AS BIGINT")


def downgrade() -> None:
    if op.get_bind().dialect.name in dialects:
        for table in ("artists", "albums", "tracks"):
            op.execute(f"ALTER SEQUENCE {table}_id_seq AS INTEGER")
        for table, column in IDS:
            op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
