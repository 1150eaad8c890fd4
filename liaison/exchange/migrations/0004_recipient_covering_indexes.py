"""The inbox indexes carry the message id, so a search's membership test reads no row.

See selectors.MemberIn: a Khmer word searched by a Vietnamese province (tens of thousands
of matches, none in its subtree) walked every part of the table and read each of the
subtree's rows for its message id (540 ms at 1,000,000 messages); with the message id in
both indexes, the subtree's parts are tested from the index alone. The statistics of the
table are refreshed afterwards: SQLite's choice between the two indexes depends on them.
"""

from django.conf import settings
from django.db import migrations, models


def analyze_recipients(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        schema_editor.execute("ANALYZE exchange_recipient")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("exchange", "0003_recipient_sent_agency_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="recipient",
            name="rcpt_agency_sent",
        ),
        migrations.RemoveIndex(
            model_name="recipient",
            name="rcpt_sent_agency",
        ),
        migrations.AddIndex(
            model_name="recipient",
            index=models.Index(fields=["agency", "-sent_at", "message"], name="rcpt_agency_sent"),
        ),
        migrations.AddIndex(
            model_name="recipient",
            index=models.Index(fields=["-sent_at", "agency", "message"], name="rcpt_sent_agency"),
        ),
        migrations.RunPython(analyze_recipients, migrations.RunPython.noop, elidable=True),
    ]
