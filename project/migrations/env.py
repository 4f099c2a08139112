# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""Alembic's entry point: run the migrations on a synchronous connection."""
from alembic import context

import project.models  # noqa: F401  (registers the tables on metadata)
from project.database import DATABASE_URL, metadata
from project.migrations import migration_lock, sync_engine

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


# The helpers in project.migrations hand us an open connection. The `alembic`
# command line does not: open one on the configured (or the app's) database,
# under the same lock as the app, so it never races a starting instance.
connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    db_url = config.get_main_option("sqlalchemy.url") or DATABASE_URL
    engine = sync_engine(db_url)
    with migration_lock(db_url), engine.begin() as connection:
        run_migrations(connection)
    engine.dispose()
