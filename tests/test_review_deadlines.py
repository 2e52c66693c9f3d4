"""The dates stored for a plan's reviews against statutory-rules.md sections 1.4 to 1.6 and 7.

Every expected date was worked out by hand on a calendar, never with the code under test.
"""

from datetime import date, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ehcp import clock, services_plans, services_reviews
from ehcp.models import Plan, PlanReview
from partnerships.models import Child, Setting

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plan(area, made_on: date, *, child: str = "pupil") -> Plan:
    with time_machine.travel(made_on, tick=False):
        case = journey.at_stage(area, "final", child=child)
    return Plan.objects.select_related("child", "partnership").get(pk=case.plan.pk)


def _due(owner, code: str, **filters) -> date:
    return owner.deadlines.filter(code=code, **filters).exclude(status="not_needed").get().due_on


# --- Annual review: 12 months from the plan being made, and from the last review's decision ---------------


@pytest.mark.parametrize(
    ("made_on", "due"),
    [
        (date(2026, 3, 2), date(2027, 3, 2)),
        (date(2024, 2, 29), date(2025, 2, 28)),  # a leap day: the month lacks the day, so its last day
        (date(2025, 8, 31), date(2026, 8, 31)),
        (date(2025, 1, 31), date(2026, 1, 31)),
    ],
)
def test_first_annual_review_is_12_months_from_the_plan_being_made(north, made_on, due):
    plan = _plan(north, made_on)
    assert plan.next_review_due_on == due
    assert _due(plan, "annual_review_due") == due


@pytest.mark.parametrize(
    ("rule_on", "start", "due"),
    [
        (date(2026, 1, 5), date(2027, 2, 15), date(2028, 2, 15)),
        (date(2026, 1, 5), date(2028, 2, 29), date(2029, 2, 28)),
        (date(2026, 1, 5), date(2026, 8, 31), date(2027, 8, 31)),
    ],
)
def test_next_annual_review_is_12_months_from_the_decision(rule_on, start, due):
    [computed] = clock.deadlines_for("review_completed", start)
    assert (computed.code, computed.due) == ("annual_review_due", due)
    assert computed.legal_basis == "Children and Families Act 2014, section 44"


# --- The meeting: notice and advice 2 weeks before it; report, decision and amended plan after it ----------


@pytest.mark.parametrize(
    ("meeting", "notice_and_advice"),
    [
        (date(2027, 1, 25), date(2027, 1, 11)),
        (date(2027, 3, 1), date(2027, 2, 15)),
        (date(2028, 3, 7), date(2028, 2, 22)),
    ],
)
def test_notice_and_advice_are_due_2_weeks_before_the_meeting(meeting, notice_and_advice):
    found = {d.code: d for d in clock.deadlines_for("review_meeting_arranged", meeting)}
    assert found["review_notice_due"].due == notice_and_advice
    assert found["review_advice_due"].due == notice_and_advice
    assert found["review_notice_due"].rule.before is True
    assert found["review_notice_due"].legal_basis.startswith("regulation 20(3)")
    assert found["review_advice_due"].legal_basis.startswith("regulation 20(4)")
    assert "2 weeks before" in found["review_notice_due"].description


@pytest.mark.parametrize(
    ("held", "report", "decision", "amended"),
    [
        (date(2027, 1, 25), date(2027, 2, 8), date(2027, 2, 22), date(2027, 4, 19)),
        (date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 11), date(2027, 3, 8)),
    ],
)
def test_report_2_weeks_decision_4_weeks_amended_plan_12_weeks_after_the_meeting(
    held, report, decision, amended
):
    found = {d.code: d.due for d in clock.deadlines_for("review_meeting_held", held)}
    assert found == {
        "review_report_due": report,
        "review_decision_due": decision,
        "amended_plan_due": amended,
    }


@pytest.mark.parametrize(
    ("notice", "representations", "amended"),
    [
        (date(2027, 2, 15), date(2027, 3, 1), date(2027, 4, 12)),  # 15 days beginning with the day of service
        (date(2026, 12, 20), date(2027, 1, 3), date(2027, 2, 14)),
    ],
)
def test_amendment_representations_15_days_and_amended_plan_8_weeks_from_the_notice(
    notice, representations, amended
):
    found = {d.code: d.due for d in clock.deadlines_for("amendment_notice_issued", notice)}
    assert found == {"representations_due": representations, "amended_plan_due": amended}


# --- Stored on the plan by the services -------------------------------------------------------------------


def test_the_services_store_the_meeting_deadlines_on_the_plan_and_review(north):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(date(2027, 1, 4), tick=False):
        review = services_reviews.review_schedule(
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=north.school,
            meeting_at=_at(date(2027, 1, 25)),
            place="Northby Primary School, meeting room",
        )
    assert _due(review, "review_notice_due") == date(2027, 1, 11)
    assert _due(review, "review_advice_due") == date(2027, 1, 11)
    notice = review.deadlines.get(code="review_notice_due")
    assert (notice.plan_id, notice.request_id, notice.who_acts) == (plan.pk, None, "setting")
    with time_machine.travel(date(2027, 1, 25), tick=False):
        services_reviews.meeting_held(actor=north.people["senco"], review=review, held_on=date(2027, 1, 25))
    assert _due(review, "review_report_due") == date(2027, 2, 8)
    assert _due(review, "review_decision_due") == date(2027, 2, 22)
    assert _due(review, "amended_plan_due", event="review_meeting_held") == date(2027, 4, 19)
    plan.refresh_from_db()
    assert plan.next_due_on == date(2027, 1, 11)  # the notice and advice were never recorded: still open
    assert review.deadlines.get(code="review_notice_due").met_on is None


@pytest.mark.parametrize(
    ("notice_on", "meeting", "ok"),
    [(date(2027, 1, 4), date(2027, 1, 18), True), (date(2027, 1, 4), date(2027, 1, 17), False)],
)
def test_the_meeting_needs_2_weeks_notice(north, notice_on, meeting, ok):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(notice_on, tick=False):
        call = lambda: services_reviews.review_schedule(  # noqa: E731
            actor=north.people["caseworker"],
            plan=plan,
            host_setting=north.school,
            meeting_at=_at(meeting),
            place="School",
        )
        if ok:
            assert call().status == PlanReview.Status.ARRANGED
        else:
            with pytest.raises(ValidationError) as caught:
                call()
            assert "regulation 20(3)" in caught.value.message_dict["meeting_at"][0]


# --- Phase transfer (reg 18) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "move", "plan_due", "meeting_by"),
    [
        ("primary_to_secondary", date(2027, 9, 1), date(2027, 2, 15), date(2026, 11, 23)),
        ("early_years_to_school", date(2027, 9, 6), date(2027, 2, 15), date(2026, 11, 23)),
        ("infant_to_junior", date(2028, 9, 1), date(2028, 2, 15), date(2027, 11, 23)),
        ("secondary_to_post16", date(2027, 9, 1), date(2027, 3, 31), date(2027, 1, 6)),
        ("post16_to_post16", date(2027, 9, 1), date(2027, 4, 1), date(2027, 1, 7)),
        ("post16_to_post16", date(2027, 1, 10), date(2026, 8, 10), date(2026, 5, 18)),
        ("post16_to_post16", date(2027, 7, 31), date(2027, 2, 28), date(2026, 12, 6)),  # 31 July - 5 months
    ],
)
def test_phase_transfer_dates(kind, move, plan_due, meeting_by):
    dates = services_reviews.phase_transfer_dates(kind, move)
    assert dates == {"phase_transfer_plan_due": plan_due, "phase_transfer_meeting_due": meeting_by}


def test_phase_transfer_rules_are_law_and_the_meeting_date_guidance():
    law = clock.rule("phase_transfer_plan_due", on=date(2026, 1, 5), event="phase_transfer_planned")
    assert (law.legal_basis, law.guidance_only) == ("regulation 18(1)(a)", False)
    assert clock.rule("phase_transfer_plan_due", on=date(2026, 1, 5), event="post16_phase_transfer_planned")
    guidance = clock.rule("phase_transfer_meeting_due", on=date(2026, 1, 5), event="phase_transfer_planned")
    assert guidance.guidance_only is True and guidance.source_url.startswith("https://www.gov.uk/")


def test_phase_transfer_start_stores_the_plan_deadline_and_the_review(north):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(date(2026, 9, 7), tick=False):
        review = services_reviews.phase_transfer_start(
            actor=north.people["caseworker"],
            plan=plan,
            transfer_kind="primary_to_secondary",
            transfer_on=date(2027, 9, 1),
        )
    assert review.kind == PlanReview.Kind.PHASE_TRANSFER
    assert review.transfer_plan_due == date(2027, 2, 15)
    assert _due(plan, "phase_transfer_plan_due") == date(2027, 2, 15)
    assert _due(plan, "phase_transfer_meeting_due") == date(2026, 11, 23)
    assert plan.deadlines.get(code="phase_transfer_plan_due").review_id == review.pk


def test_phase_transfer_must_be_within_12_months(north):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(date(2026, 9, 7), tick=False), pytest.raises(ValidationError) as caught:
        services_reviews.phase_transfer_start(
            actor=north.people["caseworker"],
            plan=plan,
            transfer_kind="primary_to_secondary",
            transfer_on=date(2027, 9, 8),
        )
    assert "regulation 18" in caught.value.message_dict["transfer_on"][0]


def test_the_nightly_scan_finds_year_6_pupils_moving_to_secondary(north):
    Setting.objects.filter(pk=north.school.pk).update(phase=Setting.Phase.PRIMARY)
    plan = _plan(north, date(2025, 10, 1))
    # Born 14 March 2015: Year 6 in the school year from September 2025, moving to secondary in 2026.
    with time_machine.travel(date(2025, 10, 2), tick=False):
        assert services_reviews.phase_transfer_scan() == 1
        assert services_reviews.phase_transfer_scan() == 0  # once only
    assert _due(plan, "phase_transfer_plan_due") == date(2026, 2, 15)
    assert _due(plan, "phase_transfer_meeting_due") == date(2025, 11, 23)
    assert plan.deadlines.get(code="phase_transfer_plan_due").start_on == date(2026, 9, 1)


# --- Under 5: interim reviews every 3 to 6 months (guidance) -----------------------------------------------


def test_under_five_interim_review_is_guidance_and_configurable_in_range():
    found = clock.rule("interim_review_due", on=date(2026, 1, 5))
    assert found.guidance_only is True
    assert found.legal_basis == "SEND Code of Practice 9.178"
    assert (found.min_amount, found.max_amount) == (3, 6)
    assert 3 <= found.amount <= 6


@pytest.mark.parametrize(
    ("made_on", "dob"),
    [(date(2026, 3, 2), date(2023, 5, 10)), (date(2026, 8, 31), date(2022, 9, 1))],
)
def test_under_five_reminders_follow_the_plan(north, made_on, dob):
    Child.objects.filter(pk=north.children["pupil"].pk).update(date_of_birth=dob)
    plan = _plan(north, made_on)
    with time_machine.travel(made_on, tick=False):
        assert services_reviews.under_five_scan() == 1
        assert services_reviews.under_five_scan() == 0
    interval = clock.rule("interim_review_due", on=made_on).amount
    deadline = plan.deadlines.get(code="interim_review_due")
    assert deadline.due_on == clock.add_months(made_on, interval)
    assert deadline.guidance_only is True


def test_no_interim_reminder_at_5_or_over(north):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(date(2026, 3, 2), tick=False):
        assert services_reviews.under_five_scan() == 0
    assert not plan.deadlines.filter(code="interim_review_due").exists()


def test_interval_outside_the_guidance_range_is_refused(tmp_path, monkeypatch):
    text = clock.RULES_FILE.read_text().replace("amount = 6\nmin_amount = 3", "amount = 9\nmin_amount = 3")
    path = tmp_path / "rules.toml"
    path.write_text(text)
    monkeypatch.setattr(clock, "RULES_FILE", path)
    clock._data.cache_clear()
    try:
        with pytest.raises(ValueError, match="outside the range 3 to 6"):
            clock.rulesets()
    finally:
        monkeypatch.undo()
        clock._data.cache_clear()


# --- School years (Year 9 onwards: preparing for adulthood) ----------------------------------------------


@pytest.mark.parametrize(
    ("dob", "on", "year"),
    [
        (date(2011, 9, 1), date(2026, 11, 1), 10),  # oldest in the year
        (date(2012, 8, 31), date(2026, 11, 1), 10),  # youngest in the year
        (date(2013, 9, 1), date(2026, 11, 1), 8),
        (date(2013, 9, 1), date(2027, 9, 1), 9),
        (date(2013, 9, 1), date(2027, 8, 31), 8),
        (date(2022, 1, 1), date(2026, 11, 1), 0),  # Reception
    ],
)
def test_school_year(dob, on, year):
    assert clock.school_year(dob, on) == year


def test_services_plans_still_schedules_from_the_decision(north):
    plan = _plan(north, date(2026, 3, 2))
    with time_machine.travel(date(2027, 2, 15), tick=False):
        services_plans.schedule_next_review(plan=plan, from_date=date(2027, 2, 15), event="review_completed")
    assert plan.next_review_due_on == date(2028, 2, 15)
