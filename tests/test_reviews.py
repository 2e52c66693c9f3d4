"""A plan's reviews from end to end (services and pages): maintain and amend on the statutory clock, the
checks on each step, who may see and do what, and the reminders for the plan's deadlines."""

import copy
from datetime import date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ehcp import reminders, services_plans, services_reviews
from ehcp.models import Plan, PlanReview, PlanVersion, Reminder
from partnerships.models import Child, ChildAccessLog

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db

MADE = date(2026, 3, 2)


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plan(area, *, child: str = "pupil", made_on: date = MADE) -> Plan:
    with time_machine.travel(made_on, tick=False):
        case = journey.at_stage(area, "final", child=child)
    return Plan.objects.select_related("child", "partnership").get(pk=case.plan.pk)


def _statuses(owner) -> dict[str, str]:
    return {f"{d.event}/{d.code}": d.status for d in owner.deadlines.all()}


def _held_review(area, plan: Plan) -> PlanReview:
    """Arranged on 4 January 2027 for 25 January; notice 5 January, advice 11 January, held 25 January."""
    caseworker, senco = area.people["caseworker"], area.people["senco"]
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=caseworker,
            plan=plan,
            host_setting=area.school,
            meeting_at=_at(date(2027, 1, 25)),
            place="Northby Primary School",
        )
    with time_machine.travel(date(2027, 1, 5), tick=False):
        services_reviews.notice_sent(actor=senco, review=review, sent_on=date(2027, 1, 5))
    with time_machine.travel(date(2027, 1, 11), tick=False):
        services_reviews.advice_circulated(actor=senco, review=review, circulated_on=date(2027, 1, 11))
    with time_machine.travel(date(2027, 1, 25), tick=False):
        services_reviews.meeting_held(actor=senco, review=review, held_on=date(2027, 1, 25))
    with time_machine.travel(date(2027, 2, 1), tick=False):
        services_reviews.report_send(
            actor=senco,
            review=review,
            sent_on=date(2027, 2, 1),
            child_views="Riley likes the new reading group.",
            progress_summary="Good progress with reading; writing outcome not yet met.",
            outcomes_still_appropriate=True,
            recommended_amendments="Add a writing outcome.",
        )
    return PlanReview.objects.get(pk=review.pk)


# --- The whole review: maintain ---------------------------------------------------------------------------


def test_review_maintain_completes_the_review_and_restarts_the_12_months(north):
    plan = _plan(north)
    assert plan.next_review_due_on == date(2027, 3, 2)
    review = _held_review(north, plan)
    assert review.invitees[0]["role"] == "family"
    assert {i["role"] for i in review.invitees} == {"family", "head", "sen_officer", "health", "social_care"}
    with time_machine.travel(date(2027, 2, 15), tick=False):
        services_reviews.decide(
            actor=north.people["manager"], review=review, decision="maintain", reasons="Plan still right."
        )
    review.refresh_from_db()
    plan.refresh_from_db()
    assert review.status == PlanReview.Status.DECIDED
    assert plan.last_reviewed_on == date(2027, 2, 15)
    assert plan.next_review_due_on == date(2028, 2, 15)
    statuses = _statuses(review)
    assert statuses == {
        "review_meeting_arranged/review_notice_due": "met",
        "review_meeting_arranged/review_advice_due": "met",
        "review_meeting_held/review_report_due": "met",
        "review_meeting_held/review_decision_due": "met",
        "review_meeting_held/amended_plan_due": "not_needed",
    }
    annual = {(d.event, d.status, d.due_on) for d in plan.deadlines.filter(code="annual_review_due")}
    assert annual == {
        ("plan_issued", "met", date(2027, 3, 2)),
        ("review_completed", "pending", date(2028, 2, 15)),
    }
    assert plan.next_due_on == date(2028, 2, 15)


# --- The whole review: amend ------------------------------------------------------------------------------


def _propose(area, plan: Plan) -> None:
    caseworker = area.people["caseworker"]
    version = services_plans.amendment_start(actor=caseworker, plan=plan)
    content = copy.deepcopy(version.content)
    content["B"]["summary"] += " Updated after the annual review: writing is now the main need."
    services_plans.content_replace(
        actor=caseworker, plan=plan, content=content, base_revision=version.revision
    )


def test_review_amend_sends_the_proposed_amendments_with_the_decision_and_issues_the_amended_plan(north):
    plan = _plan(north)
    review = _held_review(north, plan)
    manager = north.people["manager"]
    with time_machine.travel(date(2027, 2, 15), tick=False):
        with pytest.raises(ValidationError) as caught:
            services_reviews.decide(
                actor=manager, review=review, decision="amend", reasons="Writing outcome."
            )
        assert "Devon" in caught.value.message_dict["decision"][0]
        _propose(north, plan)
        services_reviews.decide(actor=manager, review=review, decision="amend", reasons="Writing outcome.")
    review.refresh_from_db()
    assert review.amendment_notice_on == date(2027, 2, 15)
    assert review.proposed_version.kind == PlanVersion.Kind.PROPOSED
    assert review.proposed_version.status == PlanVersion.Status.ISSUED
    due = {(d.event, d.code): d.due_on for d in review.deadlines.exclude(status="not_needed")}
    assert due[("amendment_notice_issued", "representations_due")] == date(2027, 3, 1)
    assert due[("amendment_notice_issued", "amended_plan_due")] == date(2027, 4, 12)
    assert due[("review_meeting_held", "amended_plan_due")] == date(2027, 4, 19)
    plan.refresh_from_db()
    assert plan.next_review_due_on == date(2028, 2, 15)  # the review is complete: decision notified
    caseworker = north.people["caseworker"]
    with time_machine.travel(date(2027, 3, 1), tick=False), pytest.raises(ValidationError) as caught:
        services_reviews.amended_plan_issue(actor=caseworker, review=review, issued_on=date(2027, 3, 1))
    assert "1 March 2027" in caught.value.message_dict["issued_on"][0]
    with time_machine.travel(date(2027, 3, 22), tick=False):
        version = services_reviews.amended_plan_issue(
            actor=caseworker, review=review, issued_on=date(2027, 3, 22)
        )
    plan.refresh_from_db()
    assert plan.current_version_id == version.pk and version.kind == PlanVersion.Kind.AMENDED
    statuses = _statuses(review)
    assert statuses["amendment_notice_issued/amended_plan_due"] == "met"
    assert statuses["review_meeting_held/amended_plan_due"] == "met"
    assert statuses["amendment_notice_issued/representations_due"] == "not_needed"


def test_cease_is_recorded_and_handed_to_the_cease_process(north):
    plan = _plan(north)
    review = _held_review(north, plan)
    with time_machine.travel(date(2027, 2, 15), tick=False):
        services_reviews.decide(
            actor=north.people["manager"], review=review, decision="cease", reasons="Outcomes achieved."
        )
    review.refresh_from_db()
    plan.refresh_from_db()
    assert (review.decision, review.status) == ("cease", PlanReview.Status.DECIDED)
    assert plan.status == Plan.Status.FINAL  # ceasing is its own process
    assert plan.next_review_due_on == date(2028, 2, 15)  # maintained until it is ceased


def test_the_cease_decision_links_to_the_cease_process(north, signed_in):
    plan = _plan(north)
    review = _held_review(north, plan)
    with time_machine.travel(date(2027, 2, 15), tick=False):
        services_reviews.decide(
            actor=north.people["manager"], review=review, decision="cease", reasons="Outcomes achieved."
        )
    la_page = signed_in(north.people["caseworker"]).get(f"/reviews/{review.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/cease/"' in la_page
    family_page = signed_in(north.people["parent"]).get(f"/reviews/{review.pk}/").content.decode()
    assert "Stop maintaining the plan" in family_page and f'href="/plans/{plan.pk}/cease/"' not in family_page


# --- Checks on the steps ------------------------------------------------------------------------------------


def test_only_a_send_manager_decides(north):
    plan = _plan(north)
    review = _held_review(north, plan)
    with time_machine.travel(date(2027, 2, 15), tick=False), pytest.raises(PermissionDenied):
        services_reviews.decide(
            actor=north.people["caseworker"], review=review, decision="maintain", reasons="x"
        )


def test_year_9_onwards_the_report_must_cover_preparing_for_adulthood(north):
    plan = _plan(north, child="ap_pupil")  # born 1 September 2011: Year 10 from September 2026
    caseworker = north.people["caseworker"]
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=caseworker,
            plan=plan,
            host_setting=north.ap,
            meeting_at=_at(date(2027, 1, 25)),
            place="Centre",
        )
    with time_machine.travel(date(2027, 1, 25), tick=False):
        services_reviews.meeting_held(actor=caseworker, review=review, held_on=date(2027, 1, 25))
        report = {
            "actor": caseworker,
            "review": review,
            "sent_on": date(2027, 1, 25),
            "child_views": "Jordan wants to go to college.",
            "progress_summary": "On track.",
            "outcomes_still_appropriate": True,
        }
        with pytest.raises(ValidationError) as caught:
            services_reviews.report_send(**report)
        assert "Year 9" in caught.value.message_dict["preparing_for_adulthood"][0]
        services_reviews.report_send(
            **report, preparing_for_adulthood="College taster days; travel training."
        )


def test_the_family_is_always_invited(north):
    plan = _plan(north)
    with time_machine.travel(date(2027, 1, 4), tick=False), pytest.raises(ValidationError) as caught:
        services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=None,
            meeting_at=_at(date(2027, 1, 25)),
            place="Civic Centre",
            invitees=[{"role": "sen_officer", "name": "Cas", "organisation": "LA"}],
        )
    assert "regulation 20(2)" in caught.value.message_dict["invitees"][0]


# --- Reminders for a plan's deadlines go to the right people ----------------------------------------------


def test_reminders_for_plan_deadlines(north, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = _plan(north)
    Plan.objects.filter(pk=plan.pk).update(caseworker=north.people["caseworker"])
    plan.refresh_from_db()
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=north.school,
            meeting_at=_at(date(2027, 1, 25)),
            place="School",
        )
    with time_machine.travel(date(2027, 1, 25), tick=False):
        services_reviews.meeting_held(actor=north.people["senco"], review=review, held_on=date(2027, 1, 25))
        services_reviews.report_send(
            actor=north.people["senco"],
            review=review,
            sent_on=date(2027, 1, 25),
            child_views="Views.",
            progress_summary="Progress.",
            outcomes_still_appropriate=True,
        )
        _propose(north, plan)
    with time_machine.travel(date(2027, 1, 26), tick=False):
        services_reviews.decide(
            actor=north.people["manager"], review=review, decision="amend", reasons="Change B."
        )
    mail.outbox.clear()
    # 3 February: the family's representations (15 days from 26 January: 9 February) are due in 6 days;
    # the LA's decision deadline was met; the notice and advice (setting) are overdue since 11 January.
    with time_machine.travel(date(2027, 2, 3), tick=False):
        reminders.sweep(today=date(2027, 2, 3))
    sent = {
        (r.deadline.code, r.recipient.email) for r in Reminder.objects.select_related("deadline", "recipient")
    }
    assert ("representations_due", "parent@north.example.org") in sent
    family_mail = [m for m in mail.outbox if m.to == ["parent@north.example.org"]]
    assert family_mail and f"(plan {plan.pk})" in family_mail[0].subject
    assert f"/plans/{plan.pk}/" in family_mail[0].body
    with time_machine.travel(date(2027, 4, 14), tick=False):  # the 12 weeks from the meeting end 19 April
        reminders.sweep(today=date(2027, 4, 14))
    sent = {
        (r.deadline.code, r.recipient.email) for r in Reminder.objects.select_related("deadline", "recipient")
    }
    assert ("amended_plan_due", "caseworker@north.example.org") in sent
    assert not any(
        code == "amended_plan_due" and email != "caseworker@north.example.org" for code, email in sent
    )


def test_setting_reminders_go_to_the_host_setting(north, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = _plan(north)
    with time_machine.travel(date(2027, 1, 4), tick=False):
        services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=north.school,
            meeting_at=_at(date(2027, 1, 25)),
            place="School",
        )
    with time_machine.travel(date(2027, 1, 6), tick=False):
        reminders.sweep(today=date(2027, 1, 6))
    notice = {
        r.recipient.email
        for r in Reminder.objects.filter(deadline__code="review_notice_due").select_related("recipient")
    }
    assert notice == {"senco@north.example.org", "headteacher@north.example.org"}


def test_when_the_la_convenes_the_meeting_the_la_is_reminded(north, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = _plan(north)  # no caseworker on the plan: the partnership's SEND managers
    Plan.objects.filter(pk=plan.pk).update(caseworker=None)
    with time_machine.travel(date(2027, 1, 4), tick=False):
        services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=None,
            meeting_at=_at(date(2027, 1, 25)),
            place="Civic Centre",
        )
    with time_machine.travel(date(2027, 1, 6), tick=False):
        reminders.sweep(today=date(2027, 1, 6))
    notice = {
        r.recipient.email
        for r in Reminder.objects.filter(deadline__code="review_notice_due").select_related("recipient")
    }
    assert notice == {"manager@north.example.org"}
    assert any(f"/plans/{plan.pk}/" in m.body and m.to == ["manager@north.example.org"] for m in mail.outbox)


# --- Pages: who sees what ----------------------------------------------------------------------------------

PLAN_PAGE = {
    # persona: status of the plan's reviews page and the review page for the north pupil's plan
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
def arranged(north):
    plan = _plan(north)
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=north.school,
            meeting_at=_at(date(2027, 1, 25)),
            place="Northby Primary School",
        )
    return plan, review


def test_access_matrix_for_the_review_pages(north, south, arranged, signed_in):
    plan, review = arranged
    for persona, expected in PLAN_PAGE.items():
        client = signed_in(north.people[persona])
        assert client.get(f"/plans/{plan.pk}/reviews/").status_code == expected, persona
        assert client.get(f"/reviews/{review.pk}/").status_code == expected, persona
    for persona in ("caseworker", "manager", "parent", "senco"):
        client = signed_in(south.people[persona])
        assert client.get(f"/plans/{plan.pk}/reviews/").status_code == 404, persona
        assert client.get(f"/reviews/{review.pk}/").status_code == 404, persona
    assert ChildAccessLog.objects.filter(child=plan.child, channel="page").exists()


STEP_ACCESS = {
    # persona: may open the "meeting held" step (the LA and the host setting)
    "parent": 403,
    "senco": 200,
    "headteacher": 200,
    "caseworker": 200,
    "manager": 200,
    "health": 403,
    "regional": 403,
}


def test_access_matrix_for_the_steps(north, arranged, signed_in):
    plan, review = arranged
    for persona, expected in STEP_ACCESS.items():
        client = signed_in(north.people[persona])
        assert client.get(f"/reviews/{review.pk}/held/").status_code == expected, persona
    assert signed_in(north.people["senco"]).get(f"/plans/{plan.pk}/reviews/new/").status_code == 403
    assert signed_in(north.people["caseworker"]).get(f"/plans/{plan.pk}/reviews/new/").status_code == 200
    assert signed_in(north.people["caseworker"]).get(f"/reviews/{review.pk}/decision/").status_code == 403
    assert signed_in(north.people["manager"]).get(f"/reviews/{review.pk}/decision/").status_code == 200


def test_reviews_queue_for_the_la_and_the_hosting_setting(north, arranged, signed_in):
    plan, review = arranged
    with time_machine.travel(date(2027, 1, 5), tick=False):
        page = signed_in(north.people["caseworker"]).get("/reviews/")
        assert page.status_code == 200
        assert f"/plans/{plan.pk}/reviews/" in page.content.decode()
        assert (
            f"/plans/{plan.pk}/reviews/"
            not in signed_in(north.people["caseworker"]).get("/reviews/?show=phase_transfer").content.decode()
        )
        assert (
            f"/plans/{plan.pk}/reviews/"
            in signed_in(north.people["caseworker"]).get("/reviews/?show=due_soon&days=60").content.decode()
        )
        assert (
            f"/plans/{plan.pk}/reviews/"
            not in signed_in(north.people["caseworker"])
            .get("/reviews/?show=due_soon&days=30")
            .content.decode()
        )
        hosted = signed_in(north.people["senco"]).get("/reviews/")
        assert hosted.status_code == 200 and f"/reviews/{review.pk}/" in hosted.content.decode()
        assert signed_in(north.people["parent"]).get("/reviews/").status_code == 403
        assert signed_in(north.people["regional"]).get("/reviews/").status_code == 403
        bad = signed_in(north.people["caseworker"]).get("/reviews/?show=due_soon&days=0")
        assert "There is a problem" in bad.content.decode()


def test_arrange_page_shows_errors_and_keeps_the_input(north, signed_in):
    plan = _plan(north)
    with time_machine.travel(date(2027, 1, 4), tick=False):
        client = signed_in(north.people["caseworker"])
        response = client.post(
            f"/plans/{plan.pk}/reviews/new/",
            {
                "kind": "annual",
                "host_setting": str(north.school.pk),
                "meeting_date_day": "10",
                "meeting_date_month": "1",
                "meeting_date_year": "2027",
                "meeting_time": "10:30",
                "place": "School hall",
                "invite": ["family", "head", "sen_officer"],
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and "regulation 20(3)" in html
        assert 'value="School hall"' in html
        response = client.post(
            f"/plans/{plan.pk}/reviews/new/",
            {
                "kind": "annual",
                "host_setting": str(north.school.pk),
                "meeting_date_day": "25",
                "meeting_date_month": "1",
                "meeting_date_year": "2027",
                "meeting_time": "10:30",
                "place": "School hall",
                "invite": ["family", "head", "sen_officer"],
                "others": "Sam Green, speech and language therapist",
            },
        )
    assert response.status_code == 302
    review = plan.reviews.get()
    assert [i["role"] for i in review.invitees] == ["family", "head", "sen_officer", "other"]
    assert timezone.localtime(review.meeting_at).time() == time(10, 30)


def test_family_sees_review_dates_and_the_report(north, signed_in):
    plan = _plan(north)
    review = _held_review(north, plan)
    page = signed_in(north.people["parent"]).get(f"/reviews/{review.pk}/").content.decode()
    assert "Report of the meeting" in page and "Riley likes the new reading group." in page
    assert "Decision after the review by" in page
    assert "regulation 20(10)" in page
    assert "(4 weeks from 25 January 2027)" in page
    assert "(2 weeks before 25 January 2027)" in page
    assert "Record the meeting held" not in page


def test_an_interim_review_of_a_child_under_5_sets_the_next_reminder_and_no_statutory_clock(north):
    Child.objects.filter(pk=north.children["pupil"].pk).update(date_of_birth=date(2023, 5, 10))
    plan = _plan(north)
    with time_machine.travel(MADE, tick=False):
        services_reviews.under_five_scan()
    first = plan.deadlines.get(code="interim_review_due")
    assert first.due_on == date(2026, 9, 2) and first.guidance_only
    with time_machine.travel(date(2026, 8, 3), tick=False):
        review = services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            kind=PlanReview.Kind.UNDER_FIVE,
            host_setting=None,
            meeting_at=_at(date(2026, 8, 24)),
            place="Family hub",
        )
    assert review.due_by == date(2026, 9, 2)
    with time_machine.travel(date(2026, 8, 24), tick=False):
        services_reviews.meeting_held(
            actor=north.people["caseworker"], review=review, held_on=date(2026, 8, 24)
        )
    first.refresh_from_db()
    assert first.status == "met"
    nxt = plan.deadlines.filter(code="interim_review_due", met_on__isnull=True).get()
    assert nxt.due_on == date(2027, 2, 24)
    assert not review.deadlines.filter(event="review_meeting_held").exists()


def _date_fields(name: str, day: date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_step_pages_record_the_meeting_and_decide(north, signed_in):
    plan = _plan(north)
    review = _held_review(north, plan)
    with time_machine.travel(date(2027, 2, 15), tick=False):
        manager = signed_in(north.people["manager"])
        url = f"/reviews/{review.pk}/decision/"
        response = manager.post(
            url, {"decision": "amend", "reasons": "", **_date_fields("decided_on", date(2027, 2, 15))}
        )
        html = response.content.decode()
        assert response.status_code == 200 and "Enter the reasons for the decision" in html
        response = manager.post(
            url, {"decision": "amend", "reasons": "Writing.", **_date_fields("decided_on", date(2027, 2, 15))}
        )
        assert "Devon" in response.content.decode()  # the proposed amendments must go with the decision
        response = manager.post(
            url,
            {
                "decision": "maintain",
                "reasons": "Still right.",
                **_date_fields("decided_on", date(2027, 2, 15)),
            },
        )
        assert response.status_code == 302 and response["Location"] == f"/reviews/{review.pk}/"
    plan.refresh_from_db()
    assert plan.next_review_due_on == date(2028, 2, 15)


def test_phase_transfer_page(north, signed_in):
    plan = _plan(north)
    with time_machine.travel(date(2026, 9, 7), tick=False):
        client = signed_in(north.people["caseworker"])
        url = f"/plans/{plan.pk}/reviews/phase-transfer/"
        assert client.get(url).status_code == 200
        far = client.post(
            url, {"transfer_kind": "primary_to_secondary", **_date_fields("transfer_on", date(2028, 9, 1))}
        )
        assert "regulation 18" in far.content.decode() and "There is a problem" in far.content.decode()
        done = client.post(
            url, {"transfer_kind": "primary_to_secondary", **_date_fields("transfer_on", date(2027, 9, 1))}
        )
        assert done.status_code == 302
        page = client.get(done["Location"]).content.decode()
    assert "Amended plan naming the setting after the move by Monday 15 February 2027" in page
    assert "Phase transfer review meeting, leaving time to amend the plan by Monday 23 November 2026" in page
    assert "Guidance, not a legal time limit" in page


def test_report_page_asks_for_preparing_for_adulthood_from_year_9(north, signed_in):
    plan = _plan(north, child="ap_pupil")
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=None,
            meeting_at=_at(date(2027, 1, 25)),
            place="LA",
        )
    with time_machine.travel(date(2027, 1, 25), tick=False):
        services_reviews.meeting_held(
            actor=north.people["caseworker"], review=review, held_on=date(2027, 1, 25)
        )
        client = signed_in(north.people["caseworker"])
        url = f"/reviews/{review.pk}/report/"
        assert "Year 9 or above" in client.get(url).content.decode()
        response = client.post(
            url,
            {
                **_date_fields("sent_on", date(2027, 1, 25)),
                "child_views": "Jordan wants to go to college.",
                "progress_summary": "On track.",
                "outcomes_still_appropriate": "yes",
            },
        )
        html = response.content.decode()
        assert "There is a problem" in html and "preparing for adulthood" in html
        assert "Jordan wants to go to college." in html
