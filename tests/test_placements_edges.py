"""Edges of the tailored lists, inclusion plans and standards found in review: who reads a setting's reasons on
the case page, who counts as family, odd digits and very large numbers, a school's last year, the year of
the inclusion plan a list reads, the grounds a mainstream school may give, and standard codes in any case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ehcp import services as ehcp_services
from ehcp.models import PlanConsultation
from partnerships.models import Membership
from partnerships.roles import Role
from placements import lists, services_lists
from placements.models import StandardsVersion

from . import factories
from .inclusion_plans import national_admin, new_plan, standards  # noqa: F401 (fixtures)
from .test_tailored_list_generation import by_name, candidate, inputs
from .test_tailored_lists import draft_plan, special

pytestmark = pytest.mark.django_db

DECLINE = "Our hydrotherapy pool closes for rebuilding this year."


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)


def _consulted(area):
    """The pupil's draft plan with the special school and the pupil's own school consulted; the special
    school declines with its reasons."""
    plan = draft_plan(area)
    other = special(area)
    tailored = services_lists.list_generate(actor=area.people["caseworker"], plan=plan)
    entries = [
        tailored.entries.get(setting=other),
        tailored.entries.get(setting=area.school, category="mainstream"),
    ]
    services_lists.preferences_set(
        actor=area.people["parent"], plan=plan, entry_ids=[e.pk for e in entries], reasons="Near."
    )
    services_lists.consult_preferences(actor=area.people["caseworker"], plan=plan)
    special_senco = factories.UserFactory(email="senco@special.example.org")
    Membership.objects.create(user=special_senco, role=Role.SENCO, setting=other)
    ehcp_services.consultation_respond(
        actor=special_senco,
        consultation=PlanConsultation.objects.get(plan=plan, setting=other),
        response="cannot_meet",
        details=DECLINE,
        decline_ground="efficient_use_of_resources",
    )
    return plan


def test_the_case_page_gives_a_settings_reasons_only_to_the_la_the_family_and_that_setting(
    north, signed_in, today
):
    plan = _consulted(north)
    url = reverse("case-detail", args=[plan.request_id])
    for persona, sees in (("caseworker", True), ("parent", True), ("senco", False), ("health", False)):
        html = signed_in(north.people[persona]).get(url).content.decode()
        assert "answered: we cannot meet the child" in html.lower(), persona
        assert (DECLINE in html) is sees, persona


def test_a_senco_who_is_also_a_parent_is_family_only_for_their_own_child(north, signed_in, today):
    plan = draft_plan(north)
    services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    senco = north.people["senco"]
    Membership.objects.create(user=senco, role=Role.PARENT_CARER, partnership=north.partnership)
    client = signed_in(senco)
    assert client.get(reverse("placement-family-list", args=[plan.pk])).status_code == 403
    response = client.put(
        reverse("api-placement-preferences", args=[plan.pk]),
        {"entry_ids": []},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(reverse("api-placement-preferences", args=[plan.pk])).status_code == 403


def test_odd_digits_and_huge_numbers_get_errors_not_500s(north, signed_in, today, standards):  # noqa: F811
    plan = draft_plan(north)
    services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    parent = signed_in(north.people["parent"])
    url = reverse("placement-family-request", args=[plan.pk])
    assert parent.get(url, {"q": "²"}).status_code == 200
    assert parent.post(url, {"setting": "²", "reasons": "Small."}).status_code == 200
    response = parent.post(
        reverse("api-placement-requests", args=[plan.pk]),
        {"setting_name": "Hilltop School", "setting_urn": "²", "reasons": "Small."},
        content_type="application/json",
    )
    assert response.status_code == 400 and "setting_urn" in response.json()
    inclusion = new_plan(north)
    manager = signed_in(north.people["manager"])
    assert manager.get(reverse("inclusion-plan-line", args=[inclusion.pk]), {"line": "²"}).status_code == 200
    response = manager.post(
        reverse("api-inclusion-plan-places", args=[inclusion.pk]),
        {"category": "special", "need_code": "ASD", "places": [99_999_999_999, 0, 0, 0]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "places" in response.json()
    assert not inclusion.sufficiency_lines.filter(category="special", need_code="ASD").exists()


def test_a_school_takes_children_to_the_year_they_reach_its_high_age():
    """A 4 to 11 primary: a child who is 10 when the year starts is in Year 6 there; at 11 they move on."""
    primary = candidate(1, "Ash Primary")
    assert by_name(lists.generate(inputs(primary, age=10)))["Ash Primary"].included
    at_eleven = by_name(lists.generate(inputs(primary, age=11)))["Ash Primary"]
    assert not at_eleven.included
    assert any(
        reason.text.endswith("Riley will be 11 at the start of the 2027 to 2028 school year")
        and reason.excludes
        for reason in at_eleven.reasons
    )
    assert by_name(lists.generate(inputs(primary, age=4)))["Ash Primary"].included


def test_a_list_reads_the_inclusion_plan_for_the_school_year_it_is_for(north, today):
    """In January the list is for next September: the plan's places for that year count, not this year's."""
    from placements.models import InclusionPlan, SufficiencyLine

    plan = draft_plan(north)
    version = StandardsVersion.objects.create(number=99, title="Standards", status="published")
    inclusion = InclusionPlan.objects.create(
        partnership=north.partnership,
        number=1,
        status=InclusionPlan.Status.APPROVED,
        title="Plan",
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2029, 8, 31),
        standards_version=version,
    )
    SufficiencyLine.objects.create(
        partnership=north.partnership,
        plan=inclusion,
        category="special",
        need_code="ASD",
        places_year_0=0,  # 2025 to 2026: none yet
        places_year_1=20,  # 2026 to 2027: the new places open
    )
    other = special(north)
    tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    entry = tailored.entries.get(setting=other)
    assert entry.included
    assert "Places of this kind are in the local inclusion plan" in [r["text"] for r in entry.reasons]


def test_a_mainstream_school_declines_only_on_the_section_33_ground(north, today):
    plan = draft_plan(north)
    tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    entry = tailored.entries.get(setting=north.school, category="mainstream")
    services_lists.preferences_set(actor=north.people["parent"], plan=plan, entry_ids=[entry.pk], reasons="")
    [consultation] = services_lists.consult_preferences(actor=north.people["caseworker"], plan=plan)
    with pytest.raises(ValidationError, match="section 33"):
        ehcp_services.consultation_respond(
            actor=north.people["senco"],
            consultation=consultation,
            response="cannot_meet",
            details="We have no money for the support.",
            decline_ground="efficient_use_of_resources",
        )
    consultation.refresh_from_db()
    assert consultation.response == ""
    ehcp_services.consultation_respond(
        actor=north.people["senco"],
        consultation=consultation,
        response="cannot_meet",
        details="A class of 35 with three children needing 1:1 support.",
        decline_ground="efficient_education_of_others",
    )


def test_a_standard_code_is_one_code_whatever_its_case(national_admin, signed_in, standards):  # noqa: F811
    client = signed_in(national_admin)
    assert (
        client.post(
            reverse("api-standards-versions"), ["not", "an", "object"], content_type="application/json"
        )
    ).status_code == 400
    draft = client.post(
        reverse("api-standards-versions"), {"title": "Version 2"}, content_type="application/json"
    )
    assert draft.status_code == 201
    number = draft.json()["number"]
    existing = StandardsVersion.objects.get(number=number).standards.order_by("position").first()
    response = client.post(
        reverse("api-standards-draft-standards", args=[number]),
        {
            "code": existing.code.upper(),
            "area_of_need": existing.area_of_need,
            "tier": existing.tier,
            "title": "A different standard",
            "expected_provision": "Something else.",
            "responsible_partner": existing.responsible_partner,
            "source": "Somewhere",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "code" in response.json()
    existing.refresh_from_db()
    assert existing.title != "A different standard"
