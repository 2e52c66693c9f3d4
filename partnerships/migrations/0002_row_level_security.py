"""Row-level security on every table that holds a child's personal data (docs/adr/0003)."""

from django.db import migrations

from partnerships.rls import RLS_TABLES_BY_APP, disable_sql, enable_sql


def _statements(builder):
    return [statement for table in RLS_TABLES_BY_APP["partnerships"] for statement in builder(table)]


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.RunSQL(sql=_statements(enable_sql), reverse_sql=_statements(disable_sql)),
    ]
