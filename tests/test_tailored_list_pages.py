"""The tailored list pages and their API twins: who may use each (every persona of two tenants), cost for
the LA only, bad input, the family's view of requests and consultations, and flat query counts."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import services as ehcp_services
from ehcp.models import PlanConsultation
from placements import services_lists
from placements.models import PlacementRequest

from . import factories
from .conftest import PERSONA_ROLES
from .test_tailored_lists import draft_plan, special

JSON = "application/json"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)


def placed(area):
    """A draft plan with its list, the family's two preferences, a request outside the list, the
    consultations sent (the school's answered) and a naming decision."""
    plan = draft_plan(area)
    other = special(area)
    tailored = services_lists.list_generate(actor=area.people["caseworker"], plan=plan)
    school_entry = tailored.entries.get(setting=area.school, category="mainstream")
    special_entry = tailored.entries.get(setting=other)
    services_lists.preferences_set(
        actor=area.people["parent"], plan=plan, entry_ids=[special_entry.pk, school_entry.pk], reasons="Near."
    )
    asked = services_lists.placement_request_make(
        actor=area.people["parent"], plan=plan, setting=None, setting_name="Hilltop School", reasons="Small."
    )
    services_lists.consult_preferences(actor=area.people["caseworker"], plan=plan)
    consultation = PlanConsultation.objects.get(plan=plan, setting=area.school)
    return {"plan": plan, "special": other, "request": asked, "consultation": consultation, "list": tailored}


def _errors(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', summary.group(1)) if summary else []


LA = {"caseworker", "manager"}
DFE = {"regional", "national"}
# Who can see the north pupil's plan at all (others get 404): the LA, the family, the school, the people on
# the case. DfE users are refused outright.
SEES_PLAN = {"caseworker", "manager", "parent", "senco", "headteacher", "health", "social_care", "mediator"}


def _expected(persona: str, area: str, allowed: set[str]) -> int:
    if persona in DFE:
        return 403
    if area == "south":
        return 404
    if persona in allowed:
        return 200
    return 403 if persona in SEES_PLAN else 404


@pytest.mark.parametrize("area_name", ["north", "south"])
def test_access_matrix_for_every_page_and_api(north, south, signed_in, today, area_name):
    data = placed(north)
    plan = data["plan"]
    pages = [
        (reverse("placement-la-list", args=[plan.pk]), LA),
        (reverse("placement-decision", args=[plan.pk]), LA),
        (reverse("placement-request-answer", args=[data["request"].pk]), LA),
        (reverse("placement-family-list", args=[plan.pk]), {"parent"}),
        (reverse("placement-family-request", args=[plan.pk]), {"parent"}),
        (f"/api/v1/plans/{plan.pk}/tailored-list/", LA | {"parent"}),
        (f"/api/v1/plans/{plan.pk}/preferences/", LA | {"parent"}),
        (f"/api/v1/plans/{plan.pk}/placement-requests/", LA | {"parent"}),
        (f"/api/v1/plans/{plan.pk}/placement-consultations/", LA | {"parent"}),
        (f"/api/v1/plans/{plan.pk}/naming-decision/", LA),
    ]
    area = north if area_name == "north" else south
    for persona in PERSONA_ROLES:
        client = signed_in(area.people[persona])
        for url, allowed in pages:
            expected = _expected(persona, area_name, allowed)
            got = client.get(url).status_code
            if url.endswith("naming-decision/") and expected == 200:
                expected = 404  # no decision yet
            assert got == expected, (persona, area_name, url, got)
        # Writes are refused the same way.
        for url in (
            reverse("placement-generate", args=[plan.pk]),
            reverse("placement-consult", args=[plan.pk]),
            f"/api/v1/plans/{plan.pk}/tailored-list/",
        ):
            if persona in LA and area_name == "north":
                continue
            assert client.post(url).status_code in (403, 404), (persona, url)
            expected = _expected(persona, area_name, set())
            assert client.post(url).status_code == expected, (persona, area_name, url)


def test_setting_pages_and_api_access(north, south, signed_in, today):
    data = placed(north)
    capacity_url = reverse("setting-capacity", args=[north.school.pk])
    api_url = f"/api/v1/settings/{north.school.pk}/register-entry/"
    inbox = reverse("school-consultations")
    consultation_page = reverse("consultation-respond", args=[data["consultation"].pk])
    for area_name, area in (("north", north), ("south", south)):
        for persona in PERSONA_ROLES:
            client = signed_in(area.people[persona])
            if persona in DFE:
                expected_capacity, expected_inbox = 403, 403
            elif persona in ("senco", "headteacher"):
                expected_capacity = 200 if area_name == "north" else 404
                expected_inbox = 200
            elif persona == "ap_provider":
                expected_capacity, expected_inbox = (
                    404,
                    403,
                )  # another setting's entry; AP gets no consultations
            else:
                expected_capacity, expected_inbox = 403, 403
            assert client.get(capacity_url).status_code == expected_capacity, (area_name, persona)
            assert client.get(api_url).status_code == expected_capacity, (area_name, persona)
            assert client.get(inbox).status_code == expected_inbox, (area_name, persona)
    # A setting sees only the consultations addressed to it.
    south_senco = signed_in(south.people["senco"])
    assert "Riley Taylor" not in south_senco.get(inbox).content.decode()
    assert south_senco.get(consultation_page).status_code == 404
    assert south_senco.get(f"/api/v1/consultations/{data['consultation'].pk}/").status_code == 404
    special_consultation = PlanConsultation.objects.get(plan=data["plan"], setting=data["special"])
    senco = signed_in(north.people["senco"])
    assert senco.get(reverse("consultation-respond", args=[special_consultation.pk])).status_code == 404
    html = senco.get(inbox).content.decode()
    assert ("Riley Taylor" in html and html.count("consultation-respond") == 0) or "/consultations/" in html
    assert f"/consultations/{data['consultation'].pk}/" in html
    assert f"/consultations/{special_consultation.pk}/" not in html


def test_cost_is_shown_to_the_la_only(north, signed_in, today):
    data = placed(north)
    plan = data["plan"]
    la = signed_in(north.people["caseworker"])
    html = la.get(reverse("placement-la-list", args=[plan.pk])).content.decode()
    assert "What each option costs" in html and "£24000.00" in html
    api = la.get(f"/api/v1/plans/{plan.pk}/tailored-list/").json()
    assert {e["cost_per_year"] for e in api["entries"] if e["setting"] == data["special"].pk} == {"24000.00"}
    family = signed_in(north.people["parent"])
    html = family.get(reverse("placement-family-list", args=[plan.pk])).content.decode()
    assert "24000" not in html and "cost" not in html.lower() and "£" not in html
    body = family.get(f"/api/v1/plans/{plan.pk}/tailored-list/").content.decode()
    assert "cost" not in body and "24000" not in body
    school = signed_in(north.people["senco"])
    for url in (
        reverse("consultation-respond", args=[data["consultation"].pk]),
        reverse("school-consultations"),
    ):
        assert "24000" not in school.get(url).content.decode()


def test_the_family_page_shows_reasons_ranks_preferences_and_asks_outside_the_list(
    north, south, signed_in, today
):
    data = placed(north)
    plan = data["plan"]
    client = signed_in(north.people["parent"])
    url = reverse("placement-family-list", args=[plan.pk])
    html = client.get(url).content.decode()
    assert "Does not offer places for autism (ASD)" not in html  # every setting here serves ASD
    assert (
        "Alternative provision is arranged by the local authority" in html
    )  # the AP, left off with its reason
    assert "2.0 km from home in a straight line" in html
    assert "Hilltop School" in html and "Waiting for the local authority" in html
    assert "Waiting for an answer" in html  # the consultations, visible to the family
    # Bad input: the error summary, nothing saved lost.
    entries = {e.setting_id: e.pk for e in data["list"].entries.filter(included=True)}
    response = client.post(url, {"rank_1": "", "rank_2": str(entries[north.school.pk]), "reasons": "Keep me"})
    assert _errors(response) == ["Choose your first preference before the others"]
    assert "Keep me" in response.content.decode()
    response = client.post(url, {"rank_1": "999999", "reasons": ""})
    assert _errors(response) == ["Choose a setting that is on the list"]
    response = client.post(url, {"rank_1": str(entries[north.school.pk]), "reasons": "Walkable."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.preferred_setting == north.school
    # A request outside the list, from the register of any partnership, by search.
    far = special(south, name="Seaside Special School")
    request_url = reverse("placement-family-request", args=[plan.pk])
    assert "Seaside Special School" in client.get(request_url + "?q=Seaside").content.decode()
    response = client.post(request_url, {"setting": str(far.pk), "reasons": ""})
    assert _errors(response) == ["Say why you want this school or college"]
    response = client.post(request_url, {"setting": str(far.pk), "reasons": "The sea calms her."})
    assert response.status_code == 302
    made = PlacementRequest.objects.get(plan=plan, setting=far)
    # The LA sees the requests waiting on the case page, answers on its page; the family sees the answer.
    la = signed_in(north.people["caseworker"])
    case_html = la.get(reverse("case-detail", args=[plan.request_id])).content.decode()
    assert "The family has asked for 2 schools or colleges not on the list" in case_html
    answer_url = reverse("placement-request-answer", args=[made.pk])
    response = la.post(answer_url, {"answer": "refuse", "ground": "", "reasons": "Too far."})
    assert _errors(response) == ["Choose the legal ground for refusing"]
    response = la.post(
        answer_url, {"answer": "refuse", "ground": "efficient_use_of_resources", "reasons": "Too far."}
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert (
        "Attendance would be incompatible with the efficient use of resources" in html and "Too far." in html
    )


def test_the_api_twins_validate_and_act(north, signed_in, today):
    data = placed(north)
    plan = data["plan"]
    family = signed_in(north.people["parent"])
    base = f"/api/v1/plans/{plan.pk}/"
    response = family.put(base + "preferences/", json.dumps({"entries": []}), content_type=JSON)
    assert response.status_code == 400 and response.json() == {"rank_1": ["Choose your first preference"]}
    response = family.put(base + "preferences/", json.dumps({"entries": "x"}), content_type=JSON)
    assert response.status_code == 400
    entry = data["list"].entries.get(setting=north.school, category="mainstream")
    response = family.put(base + "preferences/", json.dumps({"entries": [entry.pk]}), content_type=JSON)
    assert response.status_code == 200 and [p["setting"] for p in response.json()] == [north.school.pk]
    response = family.post(
        base + "placement-requests/", {"setting_name": "", "reasons": ""}, content_type=JSON
    )
    assert response.status_code == 400 and set(response.json()) == {"setting_name", "reasons"}
    response = family.post(
        base + "placement-requests/", {"setting_name": "Brook School", "reasons": "Near."}, content_type=JSON
    )
    assert response.status_code == 201
    la = signed_in(north.people["caseworker"])
    answer = f"/api/v1/placement-requests/{response.json()['id']}/answer/"
    assert family.post(answer, {"agree": False, "reasons": "x"}, content_type=JSON).status_code == 403
    response = la.post(answer, {"agree": False, "ground": "nonsense", "reasons": "No."}, content_type=JSON)
    assert response.status_code == 400 and set(response.json()) == {"ground"}
    response = la.post(
        answer, {"agree": False, "ground": "not_requestable_type", "reasons": "Not s.41."}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["status"] == "refused"
    # The family sees the consultations' answers.
    ehcp_services.consultation_respond(
        actor=north.people["senco"], consultation=data["consultation"], response="can_meet", details="Yes."
    )
    rows = family.get(base + "placement-consultations/").json()
    assert {r["setting"]: r["response"] for r in rows}[north.school.pk] == "can_meet"
    assert all(r["due_on"] == "2026-01-20" for r in rows)
    # Naming: a preference above the named one needs a ground.
    response = la.post(
        base + "naming-decision/",
        {"named_setting": north.school.pk, "setting_type": "Mainstream primary", "reasons": "Meets needs."},
        content_type=JSON,
    )
    assert response.status_code == 201  # the school is now the only list preference
    assert response.json()["named_setting"] == north.school.pk
    assert la.get(base + "naming-decision/").json()["capacity_note"].endswith("(+1).")
    # The setting's register entry.
    senco = signed_in(north.people["senco"])
    url = f"/api/v1/settings/{north.school.pk}/register-entry/"
    response = senco.patch(url, {"capacity": -1}, content_type=JSON)
    assert response.status_code == 400 and set(response.json()) == {"capacity"}
    response = senco.patch(url, {"capacity": 500, "need_types_served": ["ASD"]}, content_type=JSON)
    assert response.status_code == 200 and response.json()["capacity"] == 500


def test_the_capacity_form_saves_and_shows_errors(north, signed_in):
    client = signed_in(north.people["headteacher"])
    url = reverse("setting-capacity", args=[north.school.pk])
    response = client.post(url, {"capacity": "lots", "inclusion_offer": "Nurture group"})
    assert _errors(response) == ["Enter a whole number, like 30"]
    assert "Nurture group" in response.content.decode()
    response = client.post(
        url,
        {
            "capacity": "400",
            "pupils_on_roll": "390",
            "need_types_served": ["ASD", "SEMH"],
            "inclusion_offer": "Nurture",
        },
    )
    assert response.status_code == 302
    north.school.refresh_from_db()
    assert north.school.capacity == 400 and north.school.need_types_served == ["ASD", "SEMH"]
    assert north.school.capacity_updated_by == north.people["headteacher"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_list_or_the_inbox(north, signed_in, today):
    data = placed(north)
    plan = data["plan"]
    la = signed_in(north.people["caseworker"])
    senco = signed_in(north.people["senco"])
    list_url = reverse("placement-la-list", args=[plan.pk])
    family_url = reverse("placement-family-list", args=[plan.pk])
    inbox = reverse("school-consultations")
    parent = signed_in(north.people["parent"])
    before = (_queries(la, list_url), _queries(parent, family_url), _queries(senco, inbox))
    for i in range(8):
        special(north, name=f"Extra Special {i}")
    services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    for i in range(3):
        other = journey_plan(north, i)
        ehcp_services.consultation_send(actor=north.people["caseworker"], plan=other, setting=north.school)
    after = (_queries(la, list_url), _queries(parent, family_url), _queries(senco, inbox))
    assert after == before


def journey_plan(area, i):
    """Another child's draft plan, to consult the school about."""
    from . import ehcp_journey as journey

    child = factories.ChildFactory(
        partnership=area.partnership, first_name=f"Extra{i}", current_setting=area.school
    )
    area.children[f"extra{i}"] = child
    return journey.at_stage(area, "draft_plan", child=f"extra{i}").plan
