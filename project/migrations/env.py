# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""Alembic's entry point: run the migrations on a synchronous connection."""
from alembic import context

import project.models  # noqa: F401  (registers the tables on metadata)
from project.database import DATABASE_URL, metadata
from project.migrations import sync_engine

config = context.config


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# The helpers in project.migrations hand us an open connection; the `alembic`
# command line does not, so we open one on the configured (or the app's) database.
connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = sync_engine(config.get_main_option("sqlalchemy.url") or DATABASE_URL)
    with engine.begin() as connection:
        run_migrations(connection)
    engine.dispose()
