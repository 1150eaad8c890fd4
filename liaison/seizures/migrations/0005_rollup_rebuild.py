"""Rebuild the roll-up in the shape of 0004 (its measures as columns, its quarterly item
table), then give the planner statistics of the new indexes."""

from django.db import migrations


def rebuild_rollup(apps, schema_editor):
    # the live module: it writes the roll-up in exactly the shape this migration leaves
    from liaison.seizures import rollup

    rollup.rebuild()
    # planner statistics for the new indexes (SQLite: just them; PostgreSQL samples)
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            for name in (
                "seizures_rollupincident",
                "seizures_rollupitem",
                "seizures_rollupitemquarter",
                "incident_date",
                "incident_agency_date",
            ):
                cursor.execute(f"ANALYZE {name}")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "ANALYZE seizures_rollupincident, seizures_rollupitem, "
                "seizures_rollupitemquarter, seizures_incident"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("seizures", "0004_rollup_columns"),
    ]

    operations = [
        migrations.RunPython(rebuild_rollup, migrations.RunPython.noop),
    ]
