# Written by notebooks/08_schema_changes.ipynb: edit the notebook, not this file.
"""Album years and track numbers

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('albums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year', sa.Integer(), autoincrement=False, nullable=True))

    # Tracks already in the database need a number before the column may refuse
    # NULL: add it nullable, number each album's tracks in id order, then refuse NULL.
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), autoincrement=False, nullable=True))
    op.execute(
        "UPDATE tracks SET number = numbered.position FROM ("
        " SELECT id, ROW_NUMBER() OVER (PARTITION BY album_id ORDER BY id) AS position FROM tracks"
        ") AS numbered WHERE tracks.id = numbered.id"
    )
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.drop_column('number')

    with op.batch_alter_table('albums', schema=None) as batch_op:
        batch_op.drop_column('year')
