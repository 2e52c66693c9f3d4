"""The API twins of the review pages: the same access rules, field errors as 400s, the whole review."""

from datetime import date

import pytest
import time_machine

from ehcp.models import Plan, PlanReview
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db

MADE = date(2026, 3, 2)
ACCESS = {
    "parent": 200,
    "young_person": 404,
    "senco": 200,
    "headteacher": 200,
    "caseworker": 200,
    "manager": 200,
    "health": 200,
    "social_care": 200,
    "ap_provider": 404,
    "mediator": 200,
    "regional": 403,
    "national": 403,
    "support": 404,
}


@pytest.fixture
def plan(north) -> Plan:
    with time_machine.travel(MADE, tick=False):
        case = journey.at_stage(north, "final")
    return Plan.objects.get(pk=case.plan.pk)


def _arrange(client, plan: Plan, school_id: int, meeting: str = "2027-01-25T10:00:00Z"):
    return client.post(
        f"/api/v1/plans/{plan.pk}/reviews/",
        {"host_setting": school_id, "meeting_at": meeting, "place": "Northby Primary School"},
        content_type="application/json",
    )


def test_the_whole_review_through_the_api(north, plan, signed_in):
    with time_machine.travel(date(2027, 1, 4), tick=False):
        caseworker = signed_in(north.people["caseworker"])
        bad = _arrange(caseworker, plan, north.school.pk, meeting="2027-01-10T10:00:00Z")
        assert bad.status_code == 400
        assert "regulation 20(3)" in bad.json()["meeting_at"][0]
        response = _arrange(caseworker, plan, north.school.pk)
        assert response.status_code == 201
        body = response.json()
        review_id = body["id"]
        assert {d["code"]: d["due_on"] for d in body["deadlines"]} == {
            "review_notice_due": "2027-01-11",
            "review_advice_due": "2027-01-11",
        }
        assert {i["role"] for i in body["invitees"]} >= {
            "family",
            "head",
            "sen_officer",
            "health",
            "social_care",
        }
    with time_machine.travel(date(2027, 1, 5), tick=False):
        senco = signed_in(north.people["senco"])
        for step in ("notice", "advice"):
            assert senco.post(f"/api/v1/reviews/{review_id}/{step}/", {"on": "2027-01-05"}).status_code == 200
        future = senco.post(f"/api/v1/reviews/{review_id}/held/", {"on": "2027-01-25"})
        assert future.status_code == 400 and "on" in future.json()
    with time_machine.travel(date(2027, 1, 25), tick=False):
        senco = signed_in(north.people["senco"])
        assert senco.post(f"/api/v1/reviews/{review_id}/held/", {"on": "2027-01-25"}).status_code == 200
        empty = senco.post(
            f"/api/v1/reviews/{review_id}/report/",
            {"child_views": "", "progress_summary": "", "outcomes_still_appropriate": None},
            content_type="application/json",
        )
        assert empty.status_code == 400
        assert set(empty.json()) >= {"child_views", "progress_summary", "outcomes_still_appropriate"}
        report = senco.post(
            f"/api/v1/reviews/{review_id}/report/",
            {"child_views": "Happy.", "progress_summary": "Good.", "outcomes_still_appropriate": True},
            content_type="application/json",
        )
        assert report.status_code == 200 and report.json()["report"]["child_views"] == "Happy."
    with time_machine.travel(date(2027, 2, 15), tick=False):
        decision = {"decision": "maintain", "reasons": "Still right."}
        assert (
            signed_in(north.people["caseworker"])
            .post(f"/api/v1/reviews/{review_id}/decision/", decision)
            .status_code
            == 403
        )
        decided = signed_in(north.people["manager"]).post(f"/api/v1/reviews/{review_id}/decision/", decision)
        assert decided.status_code == 200 and decided.json()["status"] == "decided"
        page = signed_in(north.people["parent"]).get(f"/api/v1/plans/{plan.pk}/reviews/").json()
    assert page["last_reviewed_on"] == "2027-02-15"
    assert page["next_review_due_on"] == "2028-02-15"
    assert page["reviews"][0]["report"]["progress_summary"] == "Good."
    assert ChildAccessLog.objects.filter(child=plan.child, channel="api").exists()


def test_access_matrix(north, south, plan, signed_in):
    with time_machine.travel(date(2027, 1, 4), tick=False):
        assert _arrange(signed_in(north.people["caseworker"]), plan, north.school.pk).status_code == 201
        review = PlanReview.objects.get(plan=plan)
        for persona, expected in ACCESS.items():
            client = signed_in(north.people[persona])
            assert client.get(f"/api/v1/plans/{plan.pk}/reviews/").status_code == expected, persona
            assert client.get(f"/api/v1/reviews/{review.pk}/").status_code == expected, persona
        for persona in ("caseworker", "manager", "parent"):
            client = signed_in(south.people[persona])
            assert client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
            assert _arrange(client, plan, north.school.pk).status_code == 404
        for persona, expected in {"senco": 403, "parent": 403, "health": 403, "regional": 403}.items():
            assert _arrange(signed_in(north.people[persona]), plan, north.school.pk).status_code == expected
            held = signed_in(north.people[persona]).post(f"/api/v1/reviews/{review.pk}/held/", {"on": "soon"})
            assert held.status_code == (400 if persona == "senco" else 403), persona
        other_tenant_school = _arrange(signed_in(north.people["caseworker"]), plan, south.school.pk)
        assert other_tenant_school.status_code == 400 and "host_setting" in other_tenant_school.json()


def test_queue_and_phase_transfer(north, plan, signed_in):
    with time_machine.travel(date(2026, 9, 7), tick=False):
        caseworker = signed_in(north.people["caseworker"])
        bad = caseworker.post(
            f"/api/v1/plans/{plan.pk}/reviews/phase-transfer/",
            {"transfer_kind": "primary_to_secondary", "transfer_on": "2028-09-01"},
        )
        assert bad.status_code == 400 and "transfer_on" in bad.json()
        unknown = caseworker.post(
            f"/api/v1/plans/{plan.pk}/reviews/phase-transfer/",
            {"transfer_kind": "x", "transfer_on": "2027-09-01"},
        )
        assert unknown.status_code == 400 and "transfer_kind" in unknown.json()
        started = caseworker.post(
            f"/api/v1/plans/{plan.pk}/reviews/phase-transfer/",
            {"transfer_kind": "primary_to_secondary", "transfer_on": "2027-09-01"},
        )
        assert started.status_code == 201
        assert started.json()["transfer_plan_due"] == "2027-02-15"
        queue = caseworker.get("/api/v1/reviews/?show=phase_transfer").json()
        assert [p["id"] for p in queue["plans"]] == [plan.pk]
        assert caseworker.get("/api/v1/reviews/?show=nonsense").status_code == 400
        assert caseworker.get("/api/v1/reviews/?show=due_soon&days=0").status_code == 400
        assert signed_in(north.people["parent"]).get("/api/v1/reviews/").status_code == 403
        assert signed_in(north.people["national"]).get("/api/v1/reviews/").status_code == 403
