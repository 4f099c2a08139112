# Written by notebooks/02_migrations.ipynb and 03_startup.ipynb: edit them, not this file.
"""Alembic's entry point: run the migrations on a synchronous connection."""
import logging.config

import sqlalchemy
from alembic import context
from alembic.util import CommandError

import project.models  # noqa: F401  (registers the tables on metadata)
from project.database import DATABASE_URL, metadata
from project.migrations import migration_lock, sync_connection
from project.settings import StartupError, check_database_url, sqlite_file

config = context.config
if config.config_file_name:  # the `alembic` command line: alembic.ini's logging applies
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations(connection: sqlalchemy.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if isinstance(given, sqlalchemy.Connection):
    run_migrations(given)
elif isinstance(given, sqlalchemy.Engine):
    with given.begin() as connection:
        run_migrations(connection)
else:
    # The command line: the same checks and the same lock as a starting instance; a
    # command that only looks (current, check) never creates the database it looks for.
    db_url = config.get_main_option("sqlalchemy.url") or DATABASE_URL
    looks = config.cmd_opts is not None and config.cmd_opts.cmd[0].__name__ in ("current", "check")
    try:
        url = check_database_url(db_url)
        file = sqlite_file(url) if url.get_backend_name() == "sqlite" else None
        if looks and file is not None and not file.exists():
            raise StartupError(f"there is no database at {file}: `alembic upgrade head` (or the app) creates it")
        with migration_lock(db_url), sync_connection(db_url) as connection:
            run_migrations(connection)
    except StartupError as error:
        raise CommandError(str(error)) from None  # the command prints it as one line
