"""Row-level security on the assessment journey's tables (docs/adr/0003)."""

from django.db import migrations

from partnerships.rls import RLS_TABLES_BY_APP, disable_sql, enable_sql


def _statements(builder):
    return [statement for table in RLS_TABLES_BY_APP["ehcp"] for statement in builder(table)]


class Migration(migrations.Migration):
    dependencies = [("ehcp", "0001_journey")]

    operations = [
        migrations.RunSQL(sql=_statements(enable_sql), reverse_sql=_statements(disable_sql)),
    ]
