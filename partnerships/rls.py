"""PostgreSQL row-level security: the second line of tenant isolation (docs/adr/0003).

The child-level tables have policies that return only rows whose ``partnership_id`` is in the
connection's ``send.tenant_ids`` setting, or every row when ``send.rls_bypass`` is ``on`` (system work:
migrations, Celery sweeps, seeding). With neither set, a query returns no child rows at all.
The application's database role is not a superuser and the tables use FORCE ROW LEVEL SECURITY, so the
owner is bound by the policies too.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

TENANTS_SETTING = "send.tenant_ids"
BYPASS_SETTING = "send.rls_bypass"

# Tables holding a child's personal data, with their audit (pghistory) event tables, by app. Each app's
# migration enables row-level security on its own tables; the tests check every table listed here.
RLS_TABLES_BY_APP = {
    "partnerships": (
        "partnerships_child",
        "partnerships_childevent",
        "partnerships_parentalresponsibility",
        "partnerships_parentalresponsibilityevent",
        "partnerships_caseparticipant",
        "partnerships_caseparticipantevent",
        "partnerships_childaccesslog",
    ),
    "ehcp": (
        *(
            f"ehcp_{name}"
            for model in (
                "assessmentrequest",
                "attentionreferral",
                "casedocument",
                "panelmeeting",
                "panelcase",
                "advicerequest",
                "plan",
                "planconsultation",
                "decisionletter",
                "caseexception",
            )
            for name in (model, f"{model}event")
        ),
        "ehcp_panelmember",
        "ehcp_deadline",
        "ehcp_reminder",
    ),
    # The plan's versions and life (ehcp migration 0005).
    "ehcp_plans": tuple(
        f"ehcp_{name}"
        for model in (
            "planattachment",
            "planreview",
            "plancessation",
            "plantransfer",
            "progressupdate",
            "planversion",
        )
        for name in (model, f"{model}event")
    ),
    # Tailored lists, preferences, requests outside the list and naming decisions (placements 0004).
    "placements": tuple(
        f"placements_{name}"
        for model in (
            "tailoredlist",
            "tailoredlistentry",
            "placementrequest",
            "placementpreference",
            "placementdecision",
        )
        for name in (model, f"{model}event")
    ),
    # Redress (docs/adr/0015).
    "redress": (
        *(
            f"redress_{name}"
            for model in (
                "appealabledecision",
                "dispute",
                "mediationsession",
                "agreementitem",
                "appeal",
                "appealissue",
                "tribunalorder",
            )
            for name in (model, f"{model}event")
        ),
        "redress_noplacealert",
    ),
}
RLS_TABLES = tuple(table for tables in RLS_TABLES_BY_APP.values() for table in tables)

POLICY_EXPRESSION = (
    f"current_setting('{BYPASS_SETTING}', true) = 'on' OR partnership_id = ANY ("
    f"string_to_array(nullif(current_setting('{TENANTS_SETTING}', true), ''), ',')::bigint[])"
)


# Rows another partnership may also read, never write: the table and the column naming that partnership.
# A move to another local authority (ehcp.PlanTransfer) belongs to the old one, which writes it; the new
# one reads the moves addressed to it ("Plans moving in", and where a transferred plan came from). The
# extra policy is FOR SELECT only, so inserts, updates and deletes still need ``partnership_id``.
ADMITTED_READERS = {"ehcp_plantransfer": "to_partnership_id"}


def admitted_reader_expression(column: str) -> str:
    return f"{column} = ANY (string_to_array(nullif(current_setting('{TENANTS_SETTING}', true), ''), ',')::bigint[])"


def enable_sql(table: str) -> list[str]:
    statements = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"CREATE POLICY tenant_isolation ON {table} USING ({POLICY_EXPRESSION}) WITH CHECK ({POLICY_EXPRESSION})",
    ]
    column = ADMITTED_READERS.get(table)
    if column:
        statements += [
            f"DROP POLICY IF EXISTS admitted_reader ON {table}",
            f"CREATE POLICY admitted_reader ON {table} FOR SELECT USING ({admitted_reader_expression(column)})",
        ]
    return statements


def disable_sql(table: str) -> list[str]:
    return [
        f"DROP POLICY IF EXISTS admitted_reader ON {table}",
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


def _current() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting(%s, true), ''), coalesce(current_setting(%s, true), '')",
            [TENANTS_SETTING, BYPASS_SETTING],
        )
        tenants, bypass = cursor.fetchone()
    return tenants, bypass


def _set(tenants: str, bypass: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
            [TENANTS_SETTING, tenants, BYPASS_SETTING, bypass],
        )


def _swap(tenants: str, bypass: str) -> tuple[str, str]:
    """Set both settings and return what they were, in one round trip (the CTE is read first)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH previous AS MATERIALIZED (SELECT coalesce(current_setting(%s, true), '') AS tenants,"
            " coalesce(current_setting(%s, true), '') AS bypass)"
            " SELECT tenants, bypass, set_config(%s, %s, false), set_config(%s, %s, false) FROM previous",
            [TENANTS_SETTING, BYPASS_SETTING, TENANTS_SETTING, tenants, BYPASS_SETTING, bypass],
        )
        previous_tenants, previous_bypass, _, _ = cursor.fetchone()
    return previous_tenants, previous_bypass


def _tenant_list(partnership_ids: Iterable[int]) -> str:
    return ",".join(str(int(p)) for p in sorted(set(partnership_ids)))


@contextmanager
def tenant_scope(partnership_ids: Iterable[int]) -> Iterator[None]:
    """Run the block seeing only the given partnerships' child rows, then restore what was set before."""
    previous = _swap(_tenant_list(partnership_ids), "off")
    try:
        yield
    finally:
        _set(*previous)


@contextmanager
def system_scope() -> Iterator[None]:
    """Run system work (sweeps, seeding, roll-ups) that must see every partnership's rows."""
    previous = _current()
    _set(previous[0], "on")
    try:
        yield
    finally:
        _set(*previous)


def clear() -> None:
    """Forget any tenant: afterwards the connection sees no child rows."""
    _set("", "off")


def fence_to(partnership_ids: Iterable[int]) -> None:
    """Set the fence for the rest of the request (used once a person is known, for example by token).

    The request middleware restores the connection's previous settings when the response is done.
    """
    _set(_tenant_list(partnership_ids), "off")
