"""A page's number of SQL queries does not grow with the amount of data behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import factories

PAGES = [
    ("caseworker", "backoffice-home", None),
    ("parent", "portal-home", None),
    ("senco", "school-home", None),
    ("health", "inbox-home", None),
    ("support", "support-home", "q=Taylor"),
    ("caseworker", "child-detail", None),
    ("support", "child-audit", None),
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(area, n: int) -> None:
    """More children at the school, linked to the parent and the health officer, with more history."""
    for i in range(n):
        child = factories.ChildFactory(
            partnership=area.partnership, first_name=f"Extra{i}", current_setting=area.school
        )
        factories.ParentalResponsibilityFactory(child=child, user=area.people["parent"])
        factories.CaseParticipantFactory(child=child, user=area.people["parent"], role="parent_carer")
        factories.CaseParticipantFactory(child=child, user=area.people["health"], role="health_officer")
    pupil = area.children["pupil"]
    for i in range(n):
        pupil.preferred_name = f"R{i}"
        pupil.save()
        factories.CaseParticipantFactory(
            child=pupil, user=factories.UserFactory(), role="invited_professional"
        )


@pytest.mark.parametrize("persona,url_name,query", PAGES)
def test_query_count_is_flat(north, signed_in, persona, url_name, query):
    # Start from a record that already has history made by a person (as any real record has).
    signed_in(north.people["caseworker"]).patch(
        f"/api/v1/children/{north.children['pupil'].pk}/",
        {"preferred_name": "Ri"},
        content_type="application/json",
    )
    client = signed_in(north.people[persona])
    args = [north.children["pupil"].pk] if url_name.startswith("child-") else []
    url = reverse(url_name, args=args) + (f"?{query}" if query else "")
    client.get(url)  # warm caches (content types, sessions)
    before = _queries(client, url)
    _grow(north, 30)
    assert _queries(client, url) == before
