"""A substring index over the folded search column (Message.search_text).

A plain LIKE '%term%' scans every message; at 1,000,000 messages that is far over the
300 ms the issue allows. Each database gets its own trigram index:

- SQLite: an FTS5 table with the trigram tokenizer (SQLite >= 3.34) holding the folded
  text as *external content* (no second copy of the text), kept in sync by triggers so
  every write path (services, admin, raw SQL) updates it; a save that leaves the text
  as it was (a status change) does not touch the index. Caveat: Django rebuilds a
  SQLite table to alter it and the rebuild drops these triggers; a later migration that
  alters exchange_message must call `create_sqlite_search_index` again
  (test_search_index.py fails if the triggers are missing).
- PostgreSQL: a GIN index with pg_trgm's gin_trgm_ops, which LIKE '%term%' uses as is.
  Creating the extension needs a superuser once (see README, production).

Terms shorter than three characters have no trigram and fall back to LIKE (selectors).
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS exchange_message_fts USING fts5(
        search_text, content='exchange_message', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER IF NOT EXISTS exchange_message_fts_insert AFTER INSERT ON exchange_message
    BEGIN
        INSERT INTO exchange_message_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS exchange_message_fts_delete AFTER DELETE ON exchange_message
    BEGIN
        INSERT INTO exchange_message_fts (exchange_message_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS exchange_message_fts_update
    AFTER UPDATE OF search_text ON exchange_message
    WHEN old.search_text IS NOT new.search_text
    BEGIN
        INSERT INTO exchange_message_fts (exchange_message_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO exchange_message_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # index what is already there
    "INSERT INTO exchange_message_fts (exchange_message_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS exchange_message_fts_insert",
    "DROP TRIGGER IF EXISTS exchange_message_fts_delete",
    "DROP TRIGGER IF EXISTS exchange_message_fts_update",
    "DROP TABLE IF EXISTS exchange_message_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS msg_search_trgm ON exchange_message "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS msg_search_trgm"]


def create_sqlite_search_index(schema_editor) -> None:
    for sql in SQLITE_CREATE:
        schema_editor.execute(sql)


def create_search_index(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite_search_index(schema_editor)
    elif vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)


def drop_search_index(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(create_search_index, drop_search_index, elidable=False)]
