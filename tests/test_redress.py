"""Redress (issue 6; docs/adr/0015) through the pages and the API: appealable decisions recorded by the
ehcp services with the family's options and dates; mediation, certificate, appeal, orders on stored
deadlines; complaints and disagreement resolution; the access matrix; bad input.

Dates were worked out by hand. Decision Thursday 1 October 2026: mediation contact and appeal by Tuesday
1 December 2026. Adviser contacted on 20 October, the LA told on 28 October: mediation by 27 November. Meeting on Wednesday 25 November:
certificate within 3 working days, by Monday 30 November; an agreement outside the appeal right by
9 December. Certificate on 27 November: appeal by the later of 1 December and 27 December, moved out of
Christmas to Monday 4 January 2027. Order to make a plan on Monday 8 March 2027: draft by 12 April, final
by 24 May 2027.
"""

from datetime import date

import pytest

from ehcp.models import Deadline, DecisionLetter
from redress.models import Appeal, AppealableDecision, Dispute

from . import ehcp_journey as journey
from . import redress_journey as rj
from .redress_journey import DECIDED, on

API = "/api/v1/redress/disputes/"


def _deadlines(case) -> dict[str, tuple[date, str]]:
    return {d.code: (d.due_on, d.status) for d in Deadline.objects.filter(dispute=case)}


# --- 1. Every appealable decision is recorded, and the family is shown their options and dates ------------


def test_a_refusal_to_assess_is_recorded_with_its_dates_and_the_letter_shows_them(north):
    decision = rj.refusal(north)
    assert decision.kind == AppealableDecision.Kind.REFUSE_TO_ASSESS
    assert decision.decided_on == DECIDED
    assert decision.mediation_contact_due == date(2026, 12, 1)
    assert decision.appeal_due == date(2026, 12, 1)
    letter = DecisionLetter.objects.get(request=decision.request)
    assert "Appeal to the Tribunal by Tuesday 1 December 2026" in letter.html
    assert "Contact the mediation adviser by Tuesday 1 December 2026" in letter.html


def test_a_refusal_to_issue_and_a_final_plan_are_recorded(north):
    with on(date(2026, 3, 2)):
        request = journey.at_stage(north, "not_issuing", received_on=date(2026, 3, 2))
    assert AppealableDecision.objects.get(request=request).kind == "refuse_to_issue"
    with on(date(2026, 3, 2)):
        final = journey.at_stage(north, "final", child="ap_pupil", received_on=date(2026, 3, 2))
    recorded = AppealableDecision.objects.get(request=final, plan__isnull=False)
    assert recorded.kind in ("plan_contents", "no_setting_named")
    assert recorded.sections == "B,F,I"


def test_the_family_sees_their_options_and_dates_in_the_portal(north, signed_in):
    rj.refusal(north)
    with on(date(2026, 10, 2)):
        html = signed_in(north.people["parent"]).get("/portal/redress/").content.decode()
    assert "Refusal to carry out an EHC needs assessment" in html
    assert "Contact the mediation adviser: by Tuesday 1 December 2026" in html
    assert "Appeal to the SEND Tribunal: by Tuesday 1 December 2026" in html
    assert "Disagreement resolution" in html and "Make a complaint" in html


def test_the_family_api_gives_the_same_options(north, signed_in):
    rj.refusal(north)
    with on(date(2026, 10, 2)):
        rows = signed_in(north.people["parent"]).get("/api/v1/portal/redress/").json()
    assert rows[0]["decision"]["appeal_due"] == "2026-12-01"
    assert [o["title"] for o in rows[0]["options"]][1:3] == [
        "Contact the mediation adviser",
        "Appeal to the SEND Tribunal",
    ]


def test_the_options_say_when_the_appeal_date_moved_out_of_august(north, signed_in):
    rj.refusal(north, day=date(2026, 6, 15))
    with on(date(2026, 6, 16)):
        html = signed_in(north.people["parent"]).get("/portal/redress/").content.decode()
    assert "Appeal to the SEND Tribunal: by Tuesday 1 September 2026" in html
    assert "does not count 25 December to 1 January or August" in html


def test_a_family_sees_only_its_own_childrens_decisions(north, south, signed_in):
    rj.refusal(north)
    rj.refusal(south)
    with on(date(2026, 10, 2)):
        mine = signed_in(north.people["parent"]).get("/api/v1/portal/redress/").json()
        other_child = signed_in(north.people["young_person"]).get("/api/v1/portal/redress/").json()
    assert [r["decision"]["child"] for r in mine] == [north.children["pupil"].full_name]
    assert other_child == []


# --- 2 and 3. Mediation, certificate, appeal, orders: the whole journey through the API ---------------------


def test_the_journey_through_the_api(north, signed_in):
    decision = rj.refusal(north)

    def la():  # signed in afresh on each day (the session times out between the days)
        return signed_in(north.people["caseworker"])

    def mediator():
        return signed_in(north.people["mediator"])

    with on(date(2026, 10, 5)):
        response = la().post(
            f"/api/v1/redress/decisions/{decision.pk}/disputes/",
            {"reason": "assessment", "summary": "Needs not met at SEN support"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        due = {d["code"]: d["due_on"] for d in response.json()["deadlines"]}
        assert due == {"mediation_contact_due": "2026-12-01", "appeal_due": "2026-12-01"}
    with on(date(2026, 10, 28)):
        body = (
            la()
            .post(
                f"{API}{pk}/mediation-choice/",
                {"wants_mediation": True, "contacted_on": "2026-10-20", "la_told_on": "2026-10-28"},
                content_type="application/json",
            )
            .json()
        )
        assert {d["code"]: d["due_on"] for d in body["deadlines"]}["mediation_held_by"] == "2026-11-27"
        mediator_id = north.people["mediator"].pk
        assert (
            la()
            .post(f"{API}{pk}/mediator/", {"mediator": mediator_id}, content_type="application/json")
            .status_code
            == 200
        )
    with on(date(2026, 11, 25)):
        response = mediator().post(
            f"{API}{pk}/mediation/",
            {
                "held_on": "2026-11-25",
                "la_decision_maker": "Sam Head, Head of SEND",
                "social_care_in_dispute": True,
                "social_care_attended": True,
                "issues": "Whether the needs can be met at SEN support",
                "outcome": "partly",
                "items": [{"description": "Short breaks assessment", "owner": "social_care"}],
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        due = {d["code"]: d["due_on"] for d in response.json()["deadlines"]}
        assert due["certificate_due"] == "2026-11-30"
        assert due["agreement_action_due"] == "2026-12-09"
    with on(date(2026, 11, 27)):
        body = (
            mediator()
            .post(f"{API}{pk}/certificate/", {"issued_on": "2026-11-27"}, content_type="application/json")
            .json()
        )
        assert {d["code"]: d["due_on"] for d in body["deadlines"]}["appeal_due"] == "2027-01-04"
        assert body["certificate_kind"] == "after_mediation"
    with on(date(2026, 12, 10)):
        response = la().post(
            f"{API}{pk}/appeal/",
            {
                "tribunal_reference": "EH123/26/00001",
                "registered_on": "2026-12-10",
                "issues": ["refusal"],
                "hearing_on": "2027-03-01",
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    with on(date(2027, 3, 8)):
        body = (
            la()
            .post(
                f"{API}{pk}/orders/",
                {"kind": "tribunal_order_make_plan", "made_on": "2027-03-08"},
                content_type="application/json",
            )
            .json()
        )
        orders = {d["code"]: d for d in body["deadlines"] if d["code"].startswith("order_")}
        assert {c: d["due_on"] for c, d in orders.items()} == {
            "order_draft_plan_due": "2027-04-12",
            "order_final_plan_due": "2027-05-24",
        }
    with on(date(2027, 4, 1)):
        draft = orders["order_draft_plan_due"]["id"]
        assert (
            la()
            .post(
                f"{API}{pk}/deadlines/{draft}/done/",
                {"done_on": "2027-04-01"},
                content_type="application/json",
            )
            .status_code
            == 200
        )
    statuses = _deadlines(Dispute.objects.get(pk=pk))
    assert statuses["mediation_contact_due"] == (date(2026, 12, 1), "met")
    assert statuses["mediation_held_by"] == (date(2026, 11, 27), "met")
    assert statuses["certificate_due"] == (date(2026, 11, 30), "met")
    assert statuses["appeal_due"] == (date(2027, 1, 4), "met")
    assert statuses["order_draft_plan_due"] == (date(2027, 4, 12), "met")
    assert statuses["order_final_plan_due"] == (date(2027, 5, 24), "pending")


def test_declining_mediation_starts_3_working_days_to_the_certificate(north):
    case = rj.dispute(north, rj.refusal(north))
    with on(date(2026, 12, 24)):
        from redress import services

        services.mediation_choice(
            actor=north.people["caseworker"],
            dispute=case,
            wants_mediation=False,
            contacted_on=date(2026, 12, 24),
        )
    # 25 December and Boxing Day's substitute (28 December) are not working days.
    assert _deadlines(case)["certificate_due"] == (date(2026, 12, 31), "pending")


def test_an_appeal_only_about_section_i_needs_no_certificate(north, signed_in):
    with on(date(2026, 3, 2)):
        final = journey.at_stage(north, "final", received_on=date(2026, 3, 2))
    decision = AppealableDecision.objects.get(request=final, plan__isnull=False)
    case = rj.dispute(north, decision, section_i_only=True)
    assert set(_deadlines(case)) == {"appeal_due"}
    with on(decision.decided_on):
        response = signed_in(north.people["caseworker"]).post(
            f"{API}{case.pk}/appeal/",
            {
                "tribunal_reference": "EH1",
                "registered_on": decision.decided_on.isoformat(),
                "issues": ["section_i"],
            },
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert Appeal.objects.filter(dispute=case).exists()


def test_mediation_needs_a_decision_maker_for_the_la_and_health_when_in_dispute(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        response = signed_in(north.people["mediator"]).post(
            f"/redress/{case.pk}/mediation/",
            {
                "held_on_day": "2",
                "held_on_month": "11",
                "held_on_year": "2026",
                "la_decision_maker": "",
                "health_in_dispute": "on",
                "issues": "Health provision",
                "outcome": "not_agreed",
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "able to make decisions for the local authority" in html
    assert "the integrated care board must attend" in html
    assert 'value="Health provision"' in html or "Health provision</textarea>" in html
    assert not case.sessions.exists()


def test_complaints_and_disagreements_have_response_deadlines_and_the_ombudsman_is_recorded(north, signed_in):
    def la():
        return signed_in(north.people["caseworker"])

    unlinked = north.children["unlinked"]  # no plan, no assessment: disagreement resolution is for any SEN
    with on(date(2026, 1, 5)):
        body = (
            la()
            .post(
                "/api/v1/redress/disputes/new/",
                {"child": unlinked.pk, "route": "complaint", "reason": "delay", "summary": "Slow replies"},
                content_type="application/json",
            )
            .json()
        )
        assert {d["code"]: d["due_on"] for d in body["deadlines"]} == {"complaint_response_due": "2026-02-02"}
        disagreement = la().post(
            "/api/v1/redress/disputes/new/",
            {
                "child": unlinked.pk,
                "route": "disagreement",
                "reason": "provision",
                "summary": "Support at school",
            },
            content_type="application/json",
        )
        assert disagreement.status_code == 201
    with on(date(2026, 3, 2)):
        response = la().post(
            f"{API}{body['id']}/ombudsman/",
            {"referred_on": "2026-03-02", "reference": "26 001 234"},
            content_type="application/json",
        )
    assert response.json()["ombudsman_referred_on"] == "2026-03-02"


# --- Access matrix: a mediator sees only assigned cases, a family only its own -----------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("mediator", 200),
        ("parent", 403),
        ("young_person", 403),
        ("senco", 403),
        ("headteacher", 403),
        ("health", 403),
        ("social_care", 403),
        ("ap_provider", 403),
        ("support", 403),
        ("regional", 403),
        ("national", 403),
    ],
)
def test_the_list_page_and_api(north, signed_in, persona, status):
    client = signed_in(north.people[persona])
    assert client.get("/redress/").status_code == status
    assert client.get(API).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker", 200),
        ("manager", 200),
        ("mediator", 200),  # assigned
        ("parent", 200),  # their child
        ("young_person", 404),  # another child
        ("senco", 404),
        ("health", 404),
        ("social_care", 404),
        ("regional", 403),
        ("national", 403),
    ],
)
def test_the_dispute_page_and_api(north, signed_in, persona, status):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    client = signed_in(north.people[persona])
    assert client.get(f"/redress/{case.pk}/").status_code == status
    assert client.get(f"{API}{case.pk}/").status_code == status


def test_a_mediator_sees_only_the_cases_assigned_to_them(north, signed_in):
    assigned = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    other = rj.dispute(north, rj.refusal(north, child="ap_pupil"))
    second = rj.second_mediator(north)
    mine = signed_in(north.people["mediator"])
    assert [d["id"] for d in mine.get(API).json()] == [assigned.pk]
    assert mine.get(f"/redress/{other.pk}/").status_code == 404
    html = mine.get("/redress/").content.decode()
    assert f"Dispute {assigned.pk}" in html and f"Dispute {other.pk}" not in html
    theirs = signed_in(second)
    assert theirs.get(API).json() == []
    assert theirs.get(f"/redress/{assigned.pk}/").status_code == 404
    with on(date(2026, 11, 2)):
        response = theirs.post(
            f"{API}{assigned.pk}/certificate/", {"issued_on": "2026-11-02"}, content_type="application/json"
        )
    assert response.status_code == 404


def test_another_partnership_sees_nothing(north, south, signed_in):
    case = rj.dispute(north, rj.refusal(north))
    for persona in ("caseworker", "manager", "mediator", "parent"):
        client = signed_in(south.people[persona])
        assert client.get(f"/redress/{case.pk}/").status_code == 404
        assert client.get(f"{API}{case.pk}/").status_code == 404


def test_a_mediator_cannot_run_the_las_steps(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    client = signed_in(north.people["mediator"])
    assert client.get(f"/redress/{case.pk}/appeal/").status_code == 403
    assert (
        client.post(
            f"{API}{case.pk}/close/",
            {"outcome": "x", "closed_on": "2026-10-20"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_a_family_cannot_change_anything(north, signed_in):
    case = rj.dispute(north, rj.refusal(north))
    client = signed_in(north.people["parent"])
    assert client.get(f"/redress/{case.pk}/mediation-choice/").status_code == 403
    assert client.post(f"{API}{case.pk}/appeal/", {}, content_type="application/json").status_code == 403


# --- Bad input: a clear error and nothing lost ------------------------------------------------------------


def test_an_appeal_without_the_certificate_it_needs_is_refused(north, signed_in):
    case = rj.dispute(north, rj.refusal(north))
    before = _deadlines(case)
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 11, 2)):
        response = client.post(
            f"{API}{case.pk}/appeal/",
            {"tribunal_reference": "EH1", "registered_on": "2026-11-02", "issues": ["refusal"]},
            content_type="application/json",
        )
        page = client.post(
            f"/redress/{case.pk}/appeal/",
            {
                "tribunal_reference": "EH1",
                "registered_on_day": "2",
                "registered_on_month": "11",
                "registered_on_year": "2026",
                "issues": ["refusal"],
            },
        )
    assert response.status_code == 400
    assert "mediation certificate is needed" in response.json()["certificate"][0]
    html = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in html
    assert "mediation certificate is needed" in html
    assert 'value="EH1"' in html  # what was typed is kept
    assert not Appeal.objects.filter(dispute=case).exists()
    assert _deadlines(case) == before


def test_a_certificate_dated_before_the_decision_is_refused(north, signed_in):
    case = rj.dispute(north, rj.refusal(north))
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 10, 20)):
        from redress import services

        services.mediation_choice(
            actor=north.people["caseworker"],
            dispute=case,
            wants_mediation=False,
            contacted_on=date(2026, 10, 20),
        )
        response = client.post(
            f"{API}{case.pk}/certificate/", {"issued_on": "2026-09-30"}, content_type="application/json"
        )
        page = client.post(
            f"/redress/{case.pk}/certificate/",
            {"issued_on_day": "30", "issued_on_month": "9", "issued_on_year": "2026"},
        )
    assert response.status_code == 400
    assert "on or after 1 October 2026" in response.json()["issued_on"][0]
    assert "govuk-error-summary" in page.content.decode()
    case.refresh_from_db()
    assert case.certificate_on is None
    assert _deadlines(case)["appeal_due"] == (date(2026, 12, 1), "pending")


def test_a_hearing_date_in_the_past_at_registration_is_refused(north, signed_in):
    case = rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 11, 2)):
        response = client.post(
            f"{API}{case.pk}/appeal/",
            {
                "tribunal_reference": "EH1",
                "registered_on": "2026-11-02",
                "issues": ["refusal"],
                "hearing_on": "2026-11-01",
            },
            content_type="application/json",
        )
        page = client.post(
            f"/redress/{case.pk}/appeal/",
            {
                "tribunal_reference": "EH1",
                "registered_on_day": "2",
                "registered_on_month": "11",
                "registered_on_year": "2026",
                "issues": ["refusal"],
                "hearing_on_day": "1",
                "hearing_on_month": "11",
                "hearing_on_year": "2026",
            },
        )
    assert response.status_code == 400
    assert response.json()["hearing_on"] == ["The hearing date must be today or in the future"]
    assert "The hearing date must be today or in the future" in page.content.decode()
    assert not Appeal.objects.filter(dispute=case).exists()
    assert _deadlines(case)["appeal_due"][1] == "pending"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"registered_on": "2026-11-02", "issues": ["refusal"]}, "tribunal_reference"),
        ({"tribunal_reference": "EH1", "registered_on": "2026-11-02", "issues": []}, "issues"),
        (
            {"tribunal_reference": "EH1", "registered_on": "2027-11-02", "issues": ["refusal"]},
            "registered_on",
        ),
        (
            {"tribunal_reference": "EH1", "registered_on": "not a date", "issues": ["refusal"]},
            "registered_on",
        ),
    ],
)
def test_other_bad_appeals_are_400s(north, signed_in, data, field):
    case = rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        response = signed_in(north.people["caseworker"]).post(
            f"{API}{case.pk}/appeal/", data, content_type="application/json"
        )
    assert response.status_code == 400
    assert field in response.json()


# --- Reminders reach whoever must act on a dispute's deadline ---------------------------------------------


def test_the_sweep_reminds_the_mediator_of_the_certificate(north, mailoutbox):
    from ehcp import reminders

    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 25)):
        from redress import services

        services.mediation_session_record(
            actor=north.people["mediator"],
            dispute=case,
            held_on=date(2026, 11, 25),
            la_decision_maker="Sam Head",
            issues="Assessment",
            outcome="not_agreed",
        )
    with on(date(2026, 11, 26)):
        reminders.sweep()
    to_mediator = [m for m in mailoutbox if north.people["mediator"].email in m.to]
    assert to_mediator and "Mediation certificate after mediation" in to_mediator[0].subject
    assert f"/redress/{case.pk}/" in to_mediator[0].body


# --- The other appealable decisions, recorded by the services that make them ------------------------------


def test_a_review_decision_not_to_amend_and_a_cease_decision_are_recorded(north):
    import time_machine

    from ehcp import services_reviews

    from .test_cease import DECIDED as CEASE_DECIDED
    from .test_cease import _decided
    from .test_reviews import _held_review, _plan

    plan = _plan(north)
    review = _held_review(north, plan)
    with time_machine.travel(date(2027, 2, 8), tick=False):
        services_reviews.decide(
            actor=north.people["manager"],
            review=review,
            decision="maintain",
            reasons="Still right",
            decided_on=date(2027, 2, 8),
        )
    kept = AppealableDecision.objects.get(plan=plan, kind="refuse_to_amend")
    assert kept.decided_on == date(2027, 2, 8)
    assert kept.appeal_due == date(2027, 4, 8)
    cessation = _decided(north, plan=_plan(north, child="ap_pupil"))
    ceased = AppealableDecision.objects.get(plan=cessation.plan, kind="cease")
    assert ceased.decided_on == CEASE_DECIDED


# --- The remaining step pages, without JavaScript: each renders, takes its input, and lands on the record ---


def _page_post(client, path, data):
    response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_la_records_the_outcome_and_closes_through_the_pages(north, signed_in):
    case = rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        from redress import services

        appeal = services.appeal_register(
            actor=north.people["caseworker"],
            dispute=case,
            registered_on=date(2026, 11, 2),
            tribunal_reference="EH9",
            issues=["refusal", "health"],
        )
    assert appeal.extended
    with on(date(2027, 1, 11)):
        client = signed_in(north.people["caseworker"])
        issues = list(appeal.issues.order_by("pk"))
        assert client.get(f"/redress/{case.pk}/appeal/outcome/").status_code == 200
        refused = client.post(
            f"/redress/{case.pk}/appeal/outcome/",
            {"decided_on_day": "11", "decided_on_month": "1", "decided_on_year": "2027"},
        )
        assert "Choose the outcome for the refusal itself" in refused.content.decode()
        _page_post(
            client,
            f"/redress/{case.pk}/appeal/outcome/",
            {
                "decided_on_day": "11",
                "decided_on_month": "1",
                "decided_on_year": "2027",
                f"issue_{issues[0].pk}": "upheld",
                f"issue_{issues[1].pk}": "dismissed",
            },
        )
        assert client.get(f"/redress/{case.pk}/close/").status_code == 200
        _page_post(
            client,
            f"/redress/{case.pk}/close/",
            {
                "outcome": "Assessment agreed",
                "closed_on_day": "11",
                "closed_on_month": "1",
                "closed_on_year": "2027",
            },
        )
        html = client.get(f"/redress/{case.pk}/").content.decode()
    assert "Found for the family" in html and "Dismissed" in html and "Resolved" in html
    case.refresh_from_db()
    assert case.status == "resolved" and case.resolved_on == date(2027, 1, 11)


def test_the_la_records_a_complaint_and_an_ombudsman_referral_through_the_pages(north, signed_in):
    with on(date(2026, 1, 5)):
        client = signed_in(north.people["caseworker"])
        assert client.get("/redress/new/").status_code == 200
        empty = client.post("/redress/new/", {})
        assert "govuk-error-summary" in empty.content.decode()
        response = _page_post(
            client,
            "/redress/new/",
            {
                "child": north.children["unlinked"].pk,
                "route": "complaint",
                "reason": "communication",
                "summary": "No reply to emails",
                "opened_on_day": "5",
                "opened_on_month": "1",
                "opened_on_year": "2026",
            },
        )
        case = Dispute.objects.get(child=north.children["unlinked"])
        assert response["Location"] == f"/redress/{case.pk}/"
        assert _deadlines(case) == {"complaint_response_due": (date(2026, 2, 2), "pending")}
    with on(date(2026, 3, 2)):
        client = signed_in(north.people["caseworker"])
        _page_post(
            client,
            f"/redress/{case.pk}/ombudsman/",
            {
                "referred_on_day": "2",
                "referred_on_month": "3",
                "referred_on_year": "2026",
                "reference": "25 017 001",
            },
        )
        html = client.get(f"/redress/{case.pk}/").content.decode()
    assert "Referred on 2 March 2026 (reference 25 017 001)" in html
    assert "Reply to the complaint" in html


def test_the_list_page_queries_do_not_grow_with_the_disputes(north, signed_in):
    client = signed_in(north.people["caseworker"])
    rj.dispute(north, rj.refusal(north))
    client.get("/redress/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/redress/")
    for child in ("ap_pupil", "pupil", "ap_pupil"):
        rj.dispute(north, rj.refusal(north, child=child))
    with CaptureQueriesContext(connection) as four:
        client.get("/redress/")
    assert len(four) == len(one)


def test_mediation_not_arranged_in_30_days_starts_the_certificate_clock(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 19)):
        response = signed_in(north.people["caseworker"]).post(
            f"{API}{case.pk}/mediation/not-arranged/",
            {"told_on": "2026-11-19"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    deadlines = _deadlines(case)
    assert deadlines["mediation_held_by"][1] == "not_needed"
    assert deadlines["certificate_due"] == (date(2026, 11, 24), "pending")  # Thursday 19 + 3 working days
    with on(date(2026, 11, 23)):
        from redress import services

        services.certificate_issue(actor=north.people["mediator"], dispute=case, issued_on=date(2026, 11, 23))
    case.refresh_from_db()
    assert case.certificate_kind == "not_arranged"


def test_the_hearing_date_can_be_set_later_but_not_in_the_past(north, signed_in):
    case = rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        from redress import services

        services.appeal_register(
            actor=north.people["caseworker"],
            dispute=case,
            registered_on=date(2026, 11, 2),
            tribunal_reference="EH9",
            issues=["refusal"],
        )
        client = signed_in(north.people["caseworker"])
        past = client.post(
            f"{API}{case.pk}/appeal/hearing/", {"hearing_on": "2026-11-01"}, content_type="application/json"
        )
        future = client.post(
            f"/redress/{case.pk}/appeal/hearing/",
            {"hearing_on_day": "15", "hearing_on_month": "2", "hearing_on_year": "2027"},
        )
    assert past.status_code == 400
    assert future.status_code == 302
    assert Appeal.objects.get(dispute=case).hearing_on == date(2027, 2, 15)


def test_an_agreement_item_within_the_appeal_right_needs_its_due_date(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        response = signed_in(north.people["mediator"]).post(
            f"{API}{case.pk}/mediation/",
            {
                "held_on": "2026-11-02",
                "la_decision_maker": "Sam Head",
                "issues": "Provision",
                "outcome": "agreed",
                "items": [
                    {"description": "Speech therapy in section F", "owner": "la", "within_appeal_right": True}
                ],
            },
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "item_1_due_on" in response.json()
    assert not case.sessions.exists()
    assert "certificate_due" not in _deadlines(case)


def test_a_decision_has_one_open_dispute(north, signed_in):
    decision = rj.refusal(north)
    rj.dispute(north, decision)
    with on(DECIDED):
        response = signed_in(north.people["caseworker"]).post(
            f"/api/v1/redress/decisions/{decision.pk}/disputes/",
            {"reason": "assessment", "summary": "Again"},
            content_type="application/json",
        )
    assert response.status_code == 400
    assert Dispute.objects.filter(decision=decision).count() == 1
