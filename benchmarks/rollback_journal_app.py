"""The app as it ran before chapter 3's write-ahead log, for benchmarks/load.py to compare:
every worker imports this module, so each one leaves the file in SQLite's default mode."""
import project.migrations

project.migrations.use_write_ahead_log = lambda db_url: None  # apply_migrations looks it up when called

from project.app import app  # noqa: E402, F401
