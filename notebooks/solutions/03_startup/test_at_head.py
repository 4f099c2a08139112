"""Exercise 03-1, a worked solution: a database at head keeps its rows."""
from project.migrations import apply_migrations, current_revision, head_revision, sync_connection
from tests.support import query

EVERY_TABLE = ["artists", "albums", "tracks"]


def test_a_database_at_head_keeps_its_rows(db_url):
    apply_migrations(db_url)  # a new database, created at head
    with sync_connection(db_url) as connection:  # committed when the block ends
        connection.exec_driver_sql("INSERT INTO artists (id, name) VALUES (1, 'Nina Simone'), (2, 'Miles Davis')")
        connection.exec_driver_sql("INSERT INTO albums (id, title, artist_id) VALUES (1, 'Pastel Blues', 1)")
        connection.exec_driver_sql("INSERT INTO tracks (title, album_id) VALUES ('Sinnerman', 1)")
    before = {table: query(db_url, f"SELECT * FROM {table} ORDER BY id") for table in EVERY_TABLE}
    assert all(before.values())  # every table has rows to lose

    apply_migrations(db_url)  # the next start finds it at head

    assert current_revision(db_url) == head_revision()
    assert {table: query(db_url, f"SELECT * FROM {table} ORDER BY id") for table in EVERY_TABLE} == before
