"""The API twins of the family portal and the school screens: the same journey, the same bad-input cases
as 400s with field errors, and the same access policy (every persona, own partnership and another)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ehcp import plan_content, services
from ehcp.models import AssessmentRequest, CaseDocument, Deadline, Plan, PlanConsultation
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from . import factories
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
FAMILY = {"parent", "young_person"}
SCHOOL_STAFF = {"senco", "headteacher"}
SETTING_ROLES = {"senco", "headteacher", "ap_provider"}
LA = {"caseworker", "manager"}
# Linked to the pupil's case as professionals (and panel members in tests/ehcp_journey).
CASE_PROFESSIONALS = {"health", "social_care", "mediator"}
TODAY = datetime.date(2026, 1, 5)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JSON = "application/json"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    return TODAY


def _patch(client, pk: int, body: dict):
    return client.patch(f"/api/v1/requests/{pk}/", body, content_type=JSON)


def _upload(client, pk: int, name: str, content: bytes, **extra):
    return client.post(
        f"/api/v1/requests/{pk}/documents/", {"file": SimpleUploadedFile(name, content), **extra}
    )


def test_the_whole_journey_through_the_api(north, signed_in, today):
    client = signed_in(north.people["parent"])
    response = client.post("/api/v1/requests/", {"requester": "parent"}, content_type=JSON)
    assert response.status_code == 201
    draft = response.json()
    assert draft["stage"] == "draft" and draft["partnership"] == north.partnership.slug
    pk = draft["id"]

    response = _patch(
        client,
        pk,
        {
            "child": north.children["pupil"].pk,
            "setting": north.school.pk,
            "reasons": "Falling behind.",
            "family_views": "We want a specialist assessment.",
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["child_name"] == "Riley Taylor"
    response = _upload(client, pk, "report.pdf", PDF, title="School report")
    assert response.status_code == 201
    assert response.json()["content_type"] == "application/pdf"

    response = client.post(f"/api/v1/requests/{pk}/submit/")
    assert response.status_code == 200
    sent = response.json()
    assert sent["stage"] == "received" and sent["received_on"] == "2026-01-05"
    assert {d["code"]: d["due_on"] for d in sent["deadlines"]} == {
        "decide_whether_to_assess": "2026-02-16",
        "notify_not_to_issue": "2026-04-27",
        "final_plan_due": "2026-05-25",
    }
    assert sent["deadlines"][0]["description"] == (
        "Decision on whether to assess due by Monday 16 February 2026 (regulation 5)"
    )
    assert [d["title"] for d in sent["documents"]] == ["School report"]

    listing = client.get("/api/v1/requests/").json()
    [item] = listing["results"]
    assert item["id"] == pk and item["open_deadlines"][0]["code"] == "decide_whether_to_assess"
    assert "decide whether to carry out" in item["what_happens_next"]
    assert client.get(f"/api/v1/requests/{pk}/").status_code == 200
    assert ChildAccessLog.objects.filter(user=north.people["parent"], channel="api").exists()


def test_someone_else_and_changing_who_is_asking(north, signed_in, today):
    client = signed_in(north.people["parent"])
    pk = client.post("/api/v1/requests/", {"requester": "parent"}, content_type=JSON).json()["id"]
    response = _patch(
        client,
        pk,
        {
            "requester": "young_person",
            "child": None,
            "child_first_name": "Robin",
            "child_last_name": "Hughes",
            "child_date_of_birth": "2008-09-04",
            "reasons": "Autism, and college is not working.",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["requester"], body["child_name"], body["child"]) == ("young_person", "Robin Hughes", None)
    assert client.post(f"/api/v1/requests/{pk}/submit/").status_code == 200
    case = AssessmentRequest.objects.get(pk=pk)
    assert case.child.full_name == "Robin Hughes"


def test_bad_input_is_a_400_with_field_errors_and_answers_stay(north, south, signed_in, settings, today):
    client = signed_in(north.people["parent"])
    assert client.post("/api/v1/requests/", {}, content_type=JSON).json() == {
        "requester": ["Choose whether you are the parent or carer, or the young person"]
    }
    pk = client.post("/api/v1/requests/", {"requester": "parent"}, content_type=JSON).json()["id"]
    assert _patch(client, pk, {"reasons": "Falling behind."}).status_code == 200

    response = _patch(client, pk, {"child": None, "child_date_of_birth": "2031-01-01"})
    assert response.status_code == 400
    assert response.json() == {"child_date_of_birth": ["The date of birth must be in the past"]}
    response = _patch(client, pk, {"child_date_of_birth": "31/02/2015"})
    assert response.status_code == 400 and "child_date_of_birth" in response.json()
    response = _patch(client, pk, {"setting": south.school.pk})
    assert response.json() == {"setting": ["Choose a school or college in this partnership"]}

    response = client.post(f"/api/v1/requests/{pk}/submit/")
    assert response.status_code == 400
    assert set(response.json()) == {"child_first_name", "child_last_name", "child_date_of_birth"}

    settings.EHCP_MAX_UPLOAD_BYTES = 64
    response = _upload(client, pk, "big.pdf", PDF + b"0" * 100)
    assert response.status_code == 400 and response.json()["file"][0].startswith(
        "The selected file must be smaller"
    )
    settings.EHCP_MAX_UPLOAD_BYTES = 10_000
    response = _upload(client, pk, "photo.pdf", PNG)
    assert response.json() == {
        "file": ["The selected file is not what its name says: its content is a PNG image"]
    }
    response = _upload(client, pk, "notes.pdf", b"plain text")
    assert response.status_code == 400 and response.json()["file"][0].startswith(
        "The selected file must be a"
    )
    assert not CaseDocument.objects.exists()
    assert client.get(f"/api/v1/requests/{pk}/").json()["reasons"] == "Falling behind."


def test_a_sent_request_cannot_be_changed(north, signed_in, today):
    client = signed_in(north.people["parent"])
    pk = client.post(
        "/api/v1/requests/", {"requester": "parent", "child": north.children["pupil"].pk}, content_type=JSON
    ).json()["id"]
    _patch(client, pk, {"reasons": "Falling behind."})
    assert client.post(f"/api/v1/requests/{pk}/submit/").status_code == 200
    assert _patch(client, pk, {"reasons": "Changed"}).status_code == 403
    assert client.post(f"/api/v1/requests/{pk}/submit/").status_code == 403


def test_two_partnerships_need_a_choice(north, south, signed_in):
    parent = north.people["parent"]
    factories.MembershipFactory(user=parent, role="parent_carer", partnership=south.partnership)
    client = signed_in(parent)
    response = client.post("/api/v1/requests/", {"requester": "parent"}, content_type=JSON)
    assert response.json() == {"partnership": ["Choose the partnership you are asking"]}
    response = client.post(
        "/api/v1/requests/", {"requester": "parent", "partnership": south.partnership.slug}, content_type=JSON
    )
    assert response.status_code == 201 and response.json()["partnership"] == south.partnership.slug


def test_the_draft_plan_response(north, signed_in, today):
    case = journey.at_stage(north, "draft_plan")
    plan = Plan.objects.get(request=case)
    client = signed_in(north.people["parent"])
    url = f"/api/v1/plans/{plan.pk}/response/"
    body = client.get(url).json()
    served = plan.versions.get(status="issued")
    assert body["version"] == {"number": 1, "kind": "draft", "issued_on": "2026-01-05"}
    assert body["content"] == served.content and set(body["content"]) == set(plan_content.SECTION_CODES)
    assert body["content"]["I"] == {"setting_type": "", "setting_name": "", "setting_urn": ""}
    assert body["comments_due"]["due_on"] == "2026-01-19"
    response = client.post(url, {"preferred_setting": north.school.pk}, content_type=JSON)
    assert response.json() == {"preference_reasons": ["Enter why you would like this setting"]}
    response = client.post(url, {}, content_type=JSON)
    assert response.json() == {"comments": ["Enter your comments on the draft plan, or choose a setting"]}
    response = client.post(
        url,
        {
            "comments": "Section F is vague.",
            "preferred_setting": north.school.pk,
            "preference_reasons": "Close to home.",
            "wants_meeting": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["wants_meeting"] is True
    assert case.deadlines.get(code="comments_due").status == Deadline.Status.MET


def test_the_school_dashboard_request_and_consultation(north, south, signed_in, today):
    journey.at_stage(north, "advice_requested")
    consulted = journey.at_stage(north, "consulted")
    journey.at_stage(south, "consulted")
    consultation = PlanConsultation.objects.get(plan__request=consulted)
    client = signed_in(north.people["senco"])

    dashboard = client.get("/api/v1/school/dashboard/").json()
    assert dashboard["requests_count"] == 2 and dashboard["pages"] == 1
    assert {r["child_name"] for r in dashboard["requests"]} == {"Riley Taylor"}
    assert [a["advice_type"] for a in dashboard["advice"]] == ["educational"]
    assert [c["id"] for c in dashboard["consultations"]] == [consultation.pk]
    assert dashboard["consultations"][0]["next_deadline"]["due_on"] == "2026-01-20"

    response = client.post(
        "/api/v1/school/requests/",
        {"child": south.children["pupil"].pk, "reasons": "x", "support_so_far": "y"},
        content_type=JSON,
    )
    assert response.status_code == 400 and "child" in response.json()
    response = client.post(
        "/api/v1/school/requests/",
        {"child": north.children["pupil"].pk, "reasons": "", "support_so_far": ""},
        content_type=JSON,
    )
    assert set(response.json()) == {"reasons", "support_so_far"}
    response = client.post(
        "/api/v1/school/requests/",
        {"child": north.children["pupil"].pk, "reasons": "Behind.", "support_so_far": "SEN support."},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["route"] == "school" and len(response.json()["deadlines"]) == 3

    listing = client.get("/api/v1/consultations/").json()
    assert [c["id"] for c in listing] == [consultation.pk]
    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert set(detail["content"]) == {"A", "B", "E", "F"}
    served = consultation.plan.versions.get(status="issued")
    assert detail["content"]["F"] == served.content["F"] and detail["version"]["kind"] == "draft"
    url = f"/api/v1/consultations/{consultation.pk}/response/"
    response = client.post(url, {"response": "maybe", "details": ""}, content_type=JSON)
    assert set(response.json()) == {"response"}
    response = client.post(url, {"response": "cannot_meet", "details": ""}, content_type=JSON)
    assert response.json() == {
        "details": ["Enter the reasons for your answer"],
        "decline_ground": ["Choose the legal ground for saying you cannot meet the needs"],
    }
    answer = {
        "response": "cannot_meet",
        "details": "No places.",
        "decline_ground": "efficient_use_of_resources",
    }
    # A mainstream place: only the efficient education of others is a ground (CFA s.33).
    response = client.post(url, answer, content_type=JSON)
    assert response.status_code == 400 and "section 33" in response.json()["decline_ground"][0]
    answer["decline_ground"] = "efficient_education_of_others"
    response = client.post(url, answer, content_type=JSON)
    assert response.status_code == 200 and response.json()["response"] == "cannot_meet"
    assert response.json()["decline_ground"] == "efficient_education_of_others"
    assert client.get("/api/v1/consultations/").json() == []
    assert len(client.get("/api/v1/consultations/?include_done=true").json()) == 1
    assert client.post(url, {"response": "can_meet", "details": "x"}, content_type=JSON).status_code == 403


# The access matrix --------------------------------------------------------------------------------------


def _expected(persona: str, allowed: set, visible: set, ok: int = 200) -> int:
    if persona in AGGREGATE_ONLY:
        return 403
    if persona in allowed:
        return ok
    return 403 if persona in visible else 404


@pytest.fixture
def cases(north):
    draft = services.request_start(
        actor=north.people["parent"],
        partnership=north.partnership,
        child=north.children["pupil"],
        requester="parent",
    )
    consulted = journey.at_stage(north, "consulted")
    return {
        "draft": draft,
        "plan": Plan.objects.get(request=consulted),
        "consultation": PlanConsultation.objects.get(plan__request=consulted),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_own_partnership(north, cases, signed_in, persona):
    client = signed_in(north.people[persona])
    draft, plan, consultation = cases["draft"], cases["plan"], cases["consultation"]

    assert client.get("/api/v1/requests/").status_code == (200 if persona in FAMILY else 403)
    start = client.post("/api/v1/requests/", {"requester": "parent"}, content_type=JSON)
    assert start.status_code == (201 if persona in FAMILY else 403)

    assert client.get(f"/api/v1/requests/{draft.pk}/").status_code == _expected(persona, {"parent"}, LA)
    patch = _patch(client, draft.pk, {"family_views": "x"})
    assert patch.status_code == _expected(persona, {"parent"}, LA)
    upload = _upload(client, draft.pk, "report.pdf", PDF)
    assert upload.status_code == _expected(persona, {"parent"}, LA, ok=201)
    submit = client.post(f"/api/v1/requests/{draft.pk}/submit/")  # reasons missing: 400 for the parent
    assert submit.status_code == _expected(persona, {"parent"}, LA, ok=400)

    plan_status = _expected(persona, {"parent"}, LA | SCHOOL_STAFF | CASE_PROFESSIONALS)
    assert client.get(f"/api/v1/plans/{plan.pk}/response/").status_code == plan_status
    response = client.post(f"/api/v1/plans/{plan.pk}/response/", {"comments": "x"}, content_type=JSON)
    assert response.status_code == plan_status

    assert client.get("/api/v1/school/dashboard/").status_code == (200 if persona in SETTING_ROLES else 403)
    school = client.post(
        "/api/v1/school/requests/",
        {"child": north.children["pupil"].pk, "reasons": "Behind.", "support_so_far": "SEN support."},
        content_type=JSON,
    )
    assert school.status_code == (201 if persona in SCHOOL_STAFF else 403)
    assert client.get("/api/v1/consultations/").status_code == (200 if persona in SCHOOL_STAFF else 403)
    consult_status = _expected(persona, SCHOOL_STAFF, LA)
    assert client.get(f"/api/v1/consultations/{consultation.pk}/").status_code == consult_status
    response = client.post(
        f"/api/v1/consultations/{consultation.pk}/response/",
        {"response": "can_meet", "details": "We can."},
        content_type=JSON,
    )
    assert response.status_code == consult_status


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_other_partnership(north, south, cases, signed_in, persona):
    """South's people never reach north's cases through the API: 404 (403 for DfE users)."""
    client = signed_in(south.people[persona])
    expected = 403 if persona in AGGREGATE_ONLY else 404
    draft, plan, consultation = cases["draft"], cases["plan"], cases["consultation"]
    assert client.get(f"/api/v1/requests/{draft.pk}/").status_code == expected
    assert _patch(client, draft.pk, {"reasons": "x"}).status_code == expected
    assert _upload(client, draft.pk, "report.pdf", PDF).status_code == expected
    assert client.post(f"/api/v1/requests/{draft.pk}/submit/").status_code == expected
    assert client.get(f"/api/v1/plans/{plan.pk}/response/").status_code == expected
    assert (
        client.post(f"/api/v1/plans/{plan.pk}/response/", {"comments": "x"}, content_type=JSON).status_code
        == expected
    )
    assert client.get(f"/api/v1/consultations/{consultation.pk}/").status_code == expected
    assert (
        client.post(
            f"/api/v1/consultations/{consultation.pk}/response/",
            {"response": "can_meet", "details": "x"},
            content_type=JSON,
        ).status_code
        == expected
    )
    if persona in SCHOOL_STAFF:
        school = client.post(
            "/api/v1/school/requests/",
            {"child": north.children["pupil"].pk, "reasons": "x", "support_so_far": "y"},
            content_type=JSON,
        )
        assert school.status_code == 400
        dashboard = client.get("/api/v1/school/dashboard/").json()
        assert dashboard["requests"] == [] and dashboard["consultations"] == []
    if persona in FAMILY:
        assert client.get("/api/v1/requests/").json()["results"] == []
    draft.refresh_from_db()
    consultation.refresh_from_db()
    assert draft.reasons == "" and consultation.response == ""
    assert not CaseDocument.objects.exists()


def test_signed_out_callers_are_refused(north, cases, client):
    for method, url in (
        ("get", "/api/v1/requests/"),
        ("post", "/api/v1/requests/"),
        ("get", f"/api/v1/requests/{cases['draft'].pk}/"),
        ("post", f"/api/v1/requests/{cases['draft'].pk}/submit/"),
        ("get", f"/api/v1/plans/{cases['plan'].pk}/response/"),
        ("get", "/api/v1/school/dashboard/"),
        ("get", "/api/v1/consultations/"),
        ("post", f"/api/v1/consultations/{cases['consultation'].pk}/response/"),
    ):
        assert getattr(client, method)(url).status_code in (401, 403), url


# Query counts -------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "persona,url", [("parent", "/api/v1/requests/"), ("senco", "/api/v1/school/dashboard/")]
)
def test_query_counts_stay_flat_as_requests_grow(north, signed_in, today, persona, url):
    journey.at_stage(north, "consulted")
    client = signed_in(north.people[persona])
    client.get(url)
    before = _queries(client, url)
    for i in range(10):
        child = factories.ChildFactory(
            partnership=north.partnership, first_name=f"Extra{i}", current_setting=north.school
        )
        factories.CaseParticipantFactory(child=child, user=north.people["parent"], role="parent_carer")
        journey.received(north, child="pupil")
        services.request_start(
            actor=north.people["parent"], partnership=north.partnership, child=child, requester="parent"
        )
    assert _queries(client, url) == before
