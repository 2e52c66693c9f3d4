"""Row-level security is the second line: raw SQL as the application role sees no child rows unless a
tenant is set, and then only that tenant's."""

import pytest
from django.db import connection

from partnerships import rls


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


def test_application_role_is_not_a_superuser(db):
    """The database role the service uses cannot bypass row-level security."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)


@pytest.mark.parametrize("table", rls.RLS_TABLES)
def test_every_child_table_forces_row_level_security(db, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = %s", [table])
        assert cursor.fetchone() == (True, True)


def test_no_tenant_means_no_child_rows(north, south):
    """With no tenant set, raw SQL returns 0 rows from every child-level table."""
    assert _count("partnerships_child") == 6  # set-up ran with the fence lifted
    rls.clear()
    for table in rls.RLS_TABLES:
        assert _count(table) == 0, table


def test_tenant_set_shows_only_that_tenant(north, south):
    rls.clear()
    with rls.tenant_scope([north.partnership.pk]), connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT partnership_id FROM partnerships_child")
        assert [r[0] for r in cursor.fetchall()] == [north.partnership.pk]
        cursor.execute(
            "SELECT count(*) FROM partnerships_caseparticipant WHERE partnership_id = %s",
            [south.partnership.pk],
        )
        assert cursor.fetchone()[0] == 0
    assert _count("partnerships_child") == 0


def test_writes_into_another_tenant_are_refused(north, south):
    """Even a bug that tried to move a child into another partnership is stopped by the database."""
    from django.db.utils import ProgrammingError

    rls.clear()
    with rls.tenant_scope([north.partnership.pk]), connection.cursor() as cursor:
        cursor.execute("SAVEPOINT before_write")
        with pytest.raises(ProgrammingError):
            cursor.execute(
                "UPDATE partnerships_child SET partnership_id = %s WHERE id = %s",
                [south.partnership.pk, north.children["pupil"].pk],
            )
        cursor.execute("ROLLBACK TO SAVEPOINT before_write")


def test_request_fence_follows_the_person(north, south, signed_in):
    """During a request the fence is the person's partnerships: a caseworker's ORM reads cannot reach south."""
    from django.test import override_settings

    with override_settings(DEBUG=False):
        response = signed_in(north.people["caseworker"]).get("/api/v1/children/")
    assert {r["id"] for r in response.json()["results"]} == {c.pk for c in north.children.values()}
