"""Where people find a plan: the family's portal home and the case page link to it."""

from django.urls import reverse

from tests import ehcp_journey as journey


def test_the_family_portal_lists_the_plan_with_its_ways_to_read_it(north, signed_in):
    plan = journey.at_stage(north, "final").plan
    page = signed_in(north.people["parent"]).get(reverse("portal-home")).content.decode()
    for name in ("plan-detail", "plan-easy-read", "plan-progress", "plan-reviews"):
        assert reverse(name, args=[plan.pk]) in page, name
    assert north.school.name in page


def test_a_draft_not_yet_served_is_not_listed_for_the_family(north, signed_in):
    request = journey.at_stage(north, "decided_to_issue")
    plan = journey.write_draft(north, request)
    page = signed_in(north.people["parent"]).get(reverse("portal-home")).content.decode()
    assert reverse("plan-detail", args=[plan.pk]) not in page


def test_another_family_does_not_see_the_plan(north, south, signed_in):
    plan = journey.at_stage(north, "final").plan
    page = signed_in(south.people["parent"]).get(reverse("portal-home")).content.decode()
    assert reverse("plan-detail", args=[plan.pk]) not in page


def test_the_case_page_links_to_the_plan(north, signed_in):
    request = journey.at_stage(north, "final")
    page = (
        signed_in(north.people["caseworker"]).get(reverse("case-detail", args=[request.pk])).content.decode()
    )
    assert reverse("plan-detail", args=[request.plan.pk]) in page
