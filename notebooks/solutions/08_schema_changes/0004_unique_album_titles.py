"""Album titles unique per artist

Revision ID: 0004
Revises: 0003

Exercise 08-1, a worked solution.
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Albums entered twice already break the rule, and the constraint would refuse the
    # table as it is: first rename every duplicate but the oldest, "Pastel Blues (2)",
    # "(3)", ... (A real database may also hold a "Pastel Blues (2)" already: look first.)
    op.execute(
        "UPDATE albums SET title = albums.title || ' (' || numbered.position || ')' FROM ("
        " SELECT id, ROW_NUMBER() OVER (PARTITION BY artist_id, title ORDER BY id) AS position FROM albums"
        ") AS numbered WHERE albums.id = numbered.id AND numbered.position > 1"
    )
    with op.batch_alter_table('albums', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_albums_artist_id_title', ['artist_id', 'title'])


def downgrade() -> None:
    # The renamed titles stay as they are: nothing tells them from titles chosen so.
    with op.batch_alter_table('albums', schema=None) as batch_op:
        batch_op.drop_constraint('uq_albums_artist_id_title', type_='unique')
