"""PostgreSQL: the agencies whose inbox holds a message, in the trigram index itself.

A term dense somewhere else (a Khmer word searched by a Vietnamese province: ~50,000
matches in the table, none in the province's subtree) made pg_trgm's bitmap scan hand
every candidate to the heap, and the lossy trigrams had to be rechecked row by row on
~43,000 pages (2.4 s) before the join to the recipients dropped them all. Now each
message carries `inbox_agencies` (bigint[]: the agencies of its *sent* parts, the
received side the inbox filters on, forwards included), and ONE multicolumn GIN index
holds its trigrams and these agencies (`msg_search_trgm`, replacing the trigram-only
index of 0002; int arrays have a default GIN opclass, no btree_gin needed). The inbox
adds `inbox_agencies && ARRAY[subtree]` (selectors/matching), so the index drops the
candidates outside the subtree before any heap page is read. A search without it (sent
box, other apps) uses the same index on its trigrams alone.

The array is kept by triggers on exchange_recipient, not by the services: every write
path (services, admin, factories, raw SQL such as the bench generator) keeps it right,
and a send costs no extra query. The triggers are statement-level with transition
tables (one UPDATE of the messages per statement, e.g. per bulk_create of the parts)
and incremental: they add or remove only the changed agencies against the message
row's *current* value, so two concurrent forwards of one message both land (a
recomputation from exchange_recipient could read a snapshot missing the other's part).
The (message, agency) pair is unique, so removing an agency on a part's deletion is
exact.

SQLite has no such column: its FTS5 index is separate from the table and the inbox
filters its listed matches by the recipients' covering indexes (matching.py).
The model does not declare the column (Django never writes it; it defaults to '{}').
"""

from django.db import migrations

ADD_PARTS = """
CREATE OR REPLACE FUNCTION exchange_inbox_agencies_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE exchange_message AS m
    SET inbox_agencies = ARRAY(
        SELECT DISTINCT a FROM unnest(m.inbox_agencies || added.agencies) AS a ORDER BY a
    )
    FROM (
        SELECT message_id, array_agg(agency_id) AS agencies
        FROM new_parts WHERE sent_at IS NOT NULL GROUP BY message_id
    ) AS added
    WHERE m.id = added.message_id AND NOT m.inbox_agencies @> added.agencies;
    RETURN NULL;
END $$
"""

# A part leaves the inbox when deleted, unsent, or moved to another message or agency;
# it enters when it becomes sent or is moved. Removal first: a swap then ends right.
CHANGE_PARTS = """
CREATE OR REPLACE FUNCTION exchange_inbox_agencies_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE exchange_message AS m
    SET inbox_agencies = ARRAY(
        SELECT a FROM unnest(m.inbox_agencies) AS a WHERE a <> ALL (gone.agencies) ORDER BY a
    )
    FROM (
        SELECT o.message_id, array_agg(o.agency_id) AS agencies
        FROM old_parts AS o JOIN new_parts AS n ON n.id = o.id
        WHERE o.sent_at IS NOT NULL
          AND (n.sent_at IS NULL OR n.message_id <> o.message_id OR n.agency_id <> o.agency_id)
        GROUP BY o.message_id
    ) AS gone
    WHERE m.id = gone.message_id AND m.inbox_agencies && gone.agencies;
    UPDATE exchange_message AS m
    SET inbox_agencies = ARRAY(
        SELECT DISTINCT a FROM unnest(m.inbox_agencies || added.agencies) AS a ORDER BY a
    )
    FROM (
        SELECT n.message_id, array_agg(n.agency_id) AS agencies
        FROM new_parts AS n JOIN old_parts AS o ON o.id = n.id
        WHERE n.sent_at IS NOT NULL
          AND (o.sent_at IS NULL OR o.message_id <> n.message_id OR o.agency_id <> n.agency_id)
        GROUP BY n.message_id
    ) AS added
    WHERE m.id = added.message_id AND NOT m.inbox_agencies @> added.agencies;
    RETURN NULL;
END $$
"""

REMOVE_PARTS = """
CREATE OR REPLACE FUNCTION exchange_inbox_agencies_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE exchange_message AS m
    SET inbox_agencies = ARRAY(
        SELECT a FROM unnest(m.inbox_agencies) AS a WHERE a <> ALL (gone.agencies) ORDER BY a
    )
    FROM (
        SELECT message_id, array_agg(agency_id) AS agencies
        FROM old_parts WHERE sent_at IS NOT NULL GROUP BY message_id
    ) AS gone
    WHERE m.id = gone.message_id AND m.inbox_agencies && gone.agencies;
    RETURN NULL;
END $$
"""

POSTGRES_CREATE = [
    "ALTER TABLE exchange_message ADD COLUMN IF NOT EXISTS inbox_agencies bigint[] "
    "NOT NULL DEFAULT '{}'",
    # fill before indexing: one pass over the table, not an index update per row
    "DROP INDEX IF EXISTS msg_search_trgm",
    """UPDATE exchange_message AS m SET inbox_agencies = parts.agencies
    FROM (
        SELECT message_id, array_agg(DISTINCT agency_id ORDER BY agency_id) AS agencies
        FROM exchange_recipient WHERE sent_at IS NOT NULL GROUP BY message_id
    ) AS parts
    WHERE m.id = parts.message_id""",
    "CREATE INDEX msg_search_trgm ON exchange_message "
    "USING gin (search_text gin_trgm_ops, inbox_agencies)",
    ADD_PARTS,
    CHANGE_PARTS,
    REMOVE_PARTS,
    "CREATE TRIGGER exchange_inbox_agencies_insert AFTER INSERT ON exchange_recipient "
    "REFERENCING NEW TABLE AS new_parts "
    "FOR EACH STATEMENT EXECUTE FUNCTION exchange_inbox_agencies_insert()",
    "CREATE TRIGGER exchange_inbox_agencies_update AFTER UPDATE ON exchange_recipient "
    "REFERENCING OLD TABLE AS old_parts NEW TABLE AS new_parts "
    "FOR EACH STATEMENT EXECUTE FUNCTION exchange_inbox_agencies_update()",
    "CREATE TRIGGER exchange_inbox_agencies_delete AFTER DELETE ON exchange_recipient "
    "REFERENCING OLD TABLE AS old_parts "
    "FOR EACH STATEMENT EXECUTE FUNCTION exchange_inbox_agencies_delete()",
    "ANALYZE exchange_message",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS exchange_inbox_agencies_insert ON exchange_recipient",
    "DROP TRIGGER IF EXISTS exchange_inbox_agencies_update ON exchange_recipient",
    "DROP TRIGGER IF EXISTS exchange_inbox_agencies_delete ON exchange_recipient",
    "DROP FUNCTION IF EXISTS exchange_inbox_agencies_insert()",
    "DROP FUNCTION IF EXISTS exchange_inbox_agencies_update()",
    "DROP FUNCTION IF EXISTS exchange_inbox_agencies_delete()",
    "DROP INDEX IF EXISTS msg_search_trgm",
    "ALTER TABLE exchange_message DROP COLUMN IF EXISTS inbox_agencies",
    "CREATE INDEX msg_search_trgm ON exchange_message USING gin (search_text gin_trgm_ops)",
]


def add_inbox_agencies(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)


def drop_inbox_agencies(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0004_recipient_covering_indexes")]

    operations = [migrations.RunPython(add_inbox_agencies, drop_inbox_agencies, elidable=False)]
