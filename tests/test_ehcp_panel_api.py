"""The panel area's API twins: panel meetings, cases and recommendations, the advice inbox and submission
(multipart), and bringing a child to the LA's attention; with the role matrix of every endpoint
(13 personas, own and other partnership)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ehcp.models import AdviceRequest, AttentionReferral, Deadline, PanelCase, PanelMeeting
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
LA_STAFF = {"caseworker", "manager"}
MEMBERS_WITH_ACCOUNTS = {"manager", "health", "social_care"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
API = "/api/v1"


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


def meeting_body(area, **overrides) -> dict:
    body = {
        "meets_at": "2027-03-16T10:00:00Z",
        "location": "Civic Centre, room 2",
        "agenda": "Requests received in February",
        "members": [
            {"name": "Chris Chair", "perspective": "chair", "user": area.people["manager"].email},
            {"name": "Erin Education", "perspective": "education"},
            {"perspective": "health", "user": area.people["health"].email},
        ],
    }
    body.update(overrides)
    return body


# Meetings -------------------------------------------------------------------------------------------


def test_create_a_meeting(north, signed_in):
    client = signed_in(north.people["caseworker"])
    response = post_json(client, f"{API}/panel/meetings/", meeting_body(north))
    assert response.status_code == 201, response.json()
    data = response.json()
    meeting = PanelMeeting.objects.get()
    assert data["id"] == meeting.pk
    assert data["partnership"] == north.partnership.slug
    assert {(m["name"], m["perspective"], m["user"]) for m in data["members"]} == {
        ("Chris Chair", "chair", north.people["manager"].email),
        ("Erin Education", "education", None),
        (north.people["health"].full_name, "health", north.people["health"].email),
    }
    assert data["missing_perspectives"] == ["Social care", "Parent representative"]
    assert data["cases"] == []


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"location": ""}, "location", "Enter where the panel meets (or how to join online)"),
        ({"meets_at": "16/03/2027 10am"}, "meets_at", None),
        (
            {"members": [{"name": "Erin Education", "perspective": "education"}]},
            "members",
            "The panel needs a chair: choose Chair for one of the members",
        ),
        ({"members": []}, "members", "Add the panel's members, with a chair"),
        (
            {"members": [{"name": "A", "perspective": "chair", "user": "senco@south.example.org"}]},
            "members",
            "Member 1: choose someone who works with this partnership",
        ),
        ({"members": [{"name": "A", "perspective": "umpire"}]}, "members", None),
    ],
)
def test_create_meeting_errors(north, south, signed_in, overrides, field, message):
    response = post_json(
        signed_in(north.people["caseworker"]), f"{API}/panel/meetings/", meeting_body(north, **overrides)
    )
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message:
        assert message in errors[field]
    assert not PanelMeeting.objects.exists()


def test_meeting_list_and_detail(north, south, signed_in):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    journey.panel_meeting(south)
    client = signed_in(north.people["caseworker"])
    listing = client.get(f"{API}/panel/meetings/").json()
    assert [(m["id"], m["case_count"], m["recommendation_count"]) for m in listing["results"]] == [
        (meeting.pk, 1, 0)
    ]
    detail = client.get(f"{API}/panel/meetings/{meeting.pk}/").json()
    [row] = detail["cases"]
    assert row["case"] == case.pk
    assert row["child"]["name"] == "Riley Taylor"
    assert row["received_on"] == case.received_on.isoformat()
    decision = case.deadlines.get(code="decide_whether_to_assess")
    assert row["decision_deadline"]["text"] == (
        f"Decision on whether to assess due by {decision.due_on:%A} {decision.due_on.day} "
        f"{decision.due_on:%B %Y} (6 weeks, regulation 5)"
    )
    assert row["reasons"] == "Not making progress despite SEN support over two years."
    assert row["recommendation"] == ""
    assert ChildAccessLog.objects.filter(
        user=north.people["caseworker"], child=north.children["pupil"], channel="api"
    ).exists()


def test_health_member_reads_but_cannot_run_the_meeting(north, signed_in):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    other = journey.received(north, child="ap_pupil")
    client = signed_in(north.people["health"])
    assert client.get(f"{API}/panel/meetings/{meeting.pk}/").status_code == 200
    assert [m["id"] for m in client.get(f"{API}/panel/meetings/").json()["results"]] == [meeting.pk]
    assert (
        post_json(client, f"{API}/panel/meetings/{meeting.pk}/cases/", {"request": other.pk}).status_code
        == 403
    )
    url = f"{API}/panel/meetings/{meeting.pk}/cases/{case.pk}/recommendation/"
    assert post_json(client, url, {"recommendation": "assess", "reasons": "Yes"}).status_code == 403
    assert post_json(client, f"{API}/panel/meetings/", meeting_body(north)).status_code == 403


def test_add_a_case_and_record_the_recommendation(north, south, signed_in):
    meeting = journey.panel_meeting(north)
    case = journey.received(north)
    assessing = journey.at_stage(north, "assessing", child="ap_pupil")
    theirs = journey.received(south)
    client = signed_in(north.people["caseworker"])
    url = f"{API}/panel/meetings/{meeting.pk}/cases/"
    for refused in (assessing, theirs):
        response = post_json(client, url, {"request": refused.pk})
        assert response.status_code == 400
        assert "request" in response.json()
    response = post_json(client, url, {"request": case.pk})
    assert response.status_code == 201
    assert response.json() == {"case": case.pk, "meeting": meeting.pk, "position": 1}
    assert post_json(client, url, {"request": case.pk}).status_code == 400  # already on the list

    rec_url = f"{API}/panel/meetings/{meeting.pk}/cases/{case.pk}/recommendation/"
    response = post_json(client, rec_url, {"recommendation": "assess", "reasons": " "})
    assert response.status_code == 400
    assert response.json() == {"reasons": ["Enter the panel's reasons"]}
    response = post_json(client, rec_url, {"recommendation": "maybe", "reasons": "Because"})
    assert response.json() == {"recommendation": ["Choose the panel's recommendation"]}
    response = post_json(
        client, rec_url, {"recommendation": "assess", "reasons": "Needs beyond SEN support."}
    )
    assert response.status_code == 200
    assert response.json()["recommendation"] == "assess"
    assert PanelCase.objects.get(request=case).reasons == "Needs beyond SEN support."
    missing = f"{API}/panel/meetings/{meeting.pk}/cases/{assessing.pk}/recommendation/"
    assert post_json(client, missing, {"recommendation": "assess", "reasons": "x"}).status_code == 404


# Advice ---------------------------------------------------------------------------------------------


@pytest.fixture
def case(north):
    return journey.at_stage(north, "advice_requested")


def test_advice_inbox_and_detail(north, case, signed_in):
    client = signed_in(north.people["health"])
    [row] = client.get(f"{API}/advice/").json()["results"]
    advice = case.advice_requests.get(advice_type="health")
    assert row["id"] == advice.pk
    assert row["advice_type"] == "health"
    assert row["due"]["text"].startswith("Advice due by ")
    assert row["due"]["text"].endswith("(6 weeks, regulation 8)")
    assert row["due"]["overdue"] is False
    detail = client.get(f"{API}/advice/{advice.pk}/").json()
    assert detail["questions"] == "Health needs and provision."
    assert detail["family_views"] == "We would like a specialist assessment."
    assert detail["can_submit"] is True
    assert detail["child"]["date_of_birth"] == north.children["pupil"].date_of_birth.isoformat()


def test_submit_advice_with_a_document(north, case, signed_in):
    advice = case.advice_requests.get(advice_type="educational")
    client = signed_in(north.people["senco"])
    url = f"{API}/advice/{advice.pk}/submission/"
    bad = client.post(url, {"advice": "Text", "document": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert bad.status_code == 400
    assert "document" in bad.json()
    assert client.post(url, {"advice": ""}).json() == {
        "advice": ["Enter your advice or attach it as a document"]
    }
    response = client.post(url, {"advice": "See attached.", "document": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted"
    assert data["can_submit"] is False
    assert data["document"]["content_type"] == "application/pdf"
    assert data["due"]["status"] == "met"
    assert client.post(url, {"advice": "Again"}).status_code == 403


def test_late_advice_through_the_api_is_missed(north, signed_in, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))
    case = journey.at_stage(north, "advice_requested")
    advice = case.advice_requests.get(advice_type="social_care")
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC))
    response = signed_in(north.people["social_care"]).post(
        f"{API}/advice/{advice.pk}/submission/", {"advice": "Late"}
    )
    assert response.status_code == 201
    assert (response.json()["due"]["status"], response.json()["due"]["met_on"]) == ("missed", "2026-11-02")
    assert advice.deadlines.get(code="advice_due").status == Deadline.Status.MISSED


# Bringing a child to the LA's attention -------------------------------------------------------------


def test_attention_referral(north, south, signed_in):
    child = north.children["pupil"]
    client = signed_in(north.people["health"])
    url = f"{API}/children/{child.pk}/attention-referrals/"
    assert post_json(client, url, {"summary": ""}).json() == {
        "summary": ["Enter why you are bringing this child to the local authority's attention"]
    }
    response = post_json(client, url, {"summary": "Speech much delayed."})
    assert response.status_code == 201
    assert response.json()["outcome"] == "open"
    assert AttentionReferral.objects.get().referred_by == north.people["health"]
    parent = signed_in(north.people["parent"])
    assert post_json(parent, url, {"summary": "Please"}).status_code == 403
    assert (
        post_json(
            client, f"{API}/children/{south.children['pupil'].pk}/attention-referrals/", {"summary": "x"}
        ).status_code
        == 404
    )


# The role matrix ------------------------------------------------------------------------------------

SEES_PUPIL = {
    "parent",
    "senco",
    "headteacher",
    "caseworker",
    "manager",
    "health",
    "social_care",
    "mediator",
    "support",
}
# Health, social care and mediators: the school requests instead, the LA acts itself.
CAN_BRING = {"health", "social_care", "mediator"}
ANSWERS_EDUCATIONAL = {"senco", "headteacher"}


def _meeting_read(persona: str) -> int:
    if persona in AGGREGATE_ONLY:
        return 403
    return 200 if persona in LA_STAFF | MEMBERS_WITH_ACCOUNTS else 404


def _meeting_write(persona: str) -> int:
    """An empty body: 400 for those who may, else the refusal."""
    read = _meeting_read(persona)
    return 400 if persona in LA_STAFF else (403 if read == 200 else read)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix_own_partnership(north, case, signed_in, persona):
    meeting = PanelCase.objects.get(request=case).meeting
    advice = case.advice_requests.get(advice_type="educational")
    client = signed_in(north.people[persona])
    pupil = north.children["pupil"]
    results = {
        "list meetings": client.get(f"{API}/panel/meetings/").status_code,
        "create meeting": post_json(client, f"{API}/panel/meetings/", {}).status_code,
        "read meeting": client.get(f"{API}/panel/meetings/{meeting.pk}/").status_code,
        "add case": post_json(client, f"{API}/panel/meetings/{meeting.pk}/cases/", {}).status_code,
        "recommend": post_json(
            client, f"{API}/panel/meetings/{meeting.pk}/cases/{case.pk}/recommendation/", {}
        ).status_code,
        "advice inbox": client.get(f"{API}/advice/").status_code,
        "read advice": client.get(f"{API}/advice/{advice.pk}/").status_code,
        "submit advice": client.post(f"{API}/advice/{advice.pk}/submission/", {}).status_code,
        "bring to attention": post_json(
            client, f"{API}/children/{pupil.pk}/attention-referrals/", {}
        ).status_code,
    }
    not_case = 403 if persona in AGGREGATE_ONLY else 404
    expected = {
        "list meetings": 403 if persona in AGGREGATE_ONLY else 200,
        "create meeting": 400 if persona in LA_STAFF else 403,
        "read meeting": _meeting_read(persona),
        "add case": _meeting_write(persona),
        "recommend": _meeting_write(persona),
        "advice inbox": 200,
        "read advice": 200 if persona in ANSWERS_EDUCATIONAL else not_case,
        "submit advice": 400 if persona in ANSWERS_EDUCATIONAL else not_case,
        "bring to attention": (
            not_case if persona not in SEES_PUPIL else (400 if persona in CAN_BRING else 403)
        ),
    }
    assert results == expected
    assert AdviceRequest.objects.filter(status="submitted").count() == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix_other_partnership(north, south, signed_in, persona):
    """South's meetings, cases, advice and children are out of reach from north: 404 (403 for DfE)."""
    case = journey.at_stage(south, "advice_requested")
    meeting = PanelCase.objects.get(request=case).meeting
    client = signed_in(north.people[persona])
    missing = 403 if persona in AGGREGATE_ONLY else 404
    calls = {
        "read meeting": client.get(f"{API}/panel/meetings/{meeting.pk}/").status_code,
        "add case": post_json(
            client, f"{API}/panel/meetings/{meeting.pk}/cases/", {"request": case.pk}
        ).status_code,
        "recommend": post_json(
            client,
            f"{API}/panel/meetings/{meeting.pk}/cases/{case.pk}/recommendation/",
            {"recommendation": "assess", "reasons": "x"},
        ).status_code,
    }
    for advice in case.advice_requests.all():
        calls[f"read {advice.advice_type}"] = client.get(f"{API}/advice/{advice.pk}/").status_code
        calls[f"submit {advice.advice_type}"] = client.post(
            f"{API}/advice/{advice.pk}/submission/", {"advice": "x"}
        ).status_code
    calls["bring to attention"] = post_json(
        client, f"{API}/children/{south.children['pupil'].pk}/attention-referrals/", {"summary": "x"}
    ).status_code
    assert calls == dict.fromkeys(calls, missing)
    if persona not in AGGREGATE_ONLY:
        assert client.get(f"{API}/panel/meetings/").json()["results"] == []
    assert client.get(f"{API}/advice/").json()["results"] == []
    # Arranging a meeting for south is refused.
    body = {**meeting_body(north), "partnership": south.partnership.slug, "members": []}
    assert post_json(client, f"{API}/panel/meetings/", body).status_code == 403
    assert not AttentionReferral.objects.exists()
    assert PanelCase.objects.get(request=case).reasons == "May need provision by a plan."  # unchanged


def test_signed_out_api_is_refused(north, client):
    for url in (f"{API}/panel/meetings/", f"{API}/advice/"):
        assert client.get(url).status_code in (401, 403)
