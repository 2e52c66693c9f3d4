"""Everyone on a case sees its timeline: the professionals linked to the child as well as the family,
the school and the LA; a professional not linked to the child does not."""

import pytest
from django.urls import reverse

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["health", "social_care", "mediator"])
def test_a_professional_linked_to_the_child_sees_the_case_timeline(north, signed_in, persona):
    case = journey.received(north)  # before any panel: seen through the link to the child alone
    page = signed_in(north.people[persona]).get(reverse("case-detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Decision on whether to assess due by" in page.content.decode()


def test_a_professional_not_linked_to_the_child_does_not(north, signed_in):
    case = journey.received(north, child="unlinked")
    assert signed_in(north.people["health"]).get(reverse("case-detail", args=[case.pk])).status_code == 404
