"""The statutory clock on real cases: each event updates its deadlines, met or missed as time passes,
exceptions excepted, and the 20-week rate with and without exceptions."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ehcp import reminders, selectors, services, services_plans
from ehcp.models import AssessmentRequest, Deadline, DecisionLetter

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db


def _deadlines(request) -> dict[str, Deadline]:
    return {d.code: d for d in request.deadlines.exclude(code="advice_due")}


def test_request_received_on_monday_5_january_2026_starts_three_statutory_clocks(north):
    with time_machine.travel(date(2026, 1, 20), tick=False):
        request = journey.received(north, received_on=date(2026, 1, 5))
    due = {code: (d.due_on, d.status, d.legal_basis) for code, d in _deadlines(request).items()}
    assert due["decide_whether_to_assess"][0] == date(2026, 2, 16)
    assert due["notify_not_to_issue"][0] == date(2026, 4, 27)
    assert due["final_plan_due"][0] == date(2026, 5, 25)
    assert {status for _, status, _ in due.values()} == {"pending"}
    assert request.next_due_on == date(2026, 2, 16)


def test_a_request_recorded_after_its_decision_deadline_passed_is_already_missed(north):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        request = journey.received(north, received_on=date(2026, 1, 5))
    assert _deadlines(request)["decide_whether_to_assess"].status == "missed"


def test_received_date_cannot_be_in_the_future_or_before_birth(north):
    child = north.children["pupil"]
    with time_machine.travel(date(2026, 1, 20), tick=False):
        with pytest.raises(ValidationError) as future:
            journey.received(north, received_on=date(2026, 1, 21))
        with pytest.raises(ValidationError) as before_birth:
            services.request_record(
                actor=north.people["caseworker"],
                child=child,
                requester="parent",
                requester_name="Pat",
                received_on=date(child.date_of_birth.year - 1, 1, 1),
                reasons="Reasons",
            )
    assert future.value.message_dict["received_on"] == ["The date must be today or in the past"]
    assert before_birth.value.message_dict["received_on"] == [
        "The date must be on or after the child's date of birth"
    ]
    assert not AssessmentRequest.objects.exists()


def test_decision_on_time_is_met_and_late_is_missed_with_the_date_done(north):
    with time_machine.travel(date(2026, 2, 16), tick=False):
        on_time = journey.at_stage(north, "assessing", received_on=date(2026, 1, 5))
    with time_machine.travel(date(2026, 2, 17), tick=False):
        late = journey.at_stage(north, "assessing", child="unlinked", received_on=date(2026, 1, 5))
    assert _deadlines(on_time)["decide_whether_to_assess"].status == "met"
    late_deadline = _deadlines(late)["decide_whether_to_assess"]
    assert (late_deadline.status, late_deadline.met_on) == ("missed", date(2026, 2, 17))


def test_the_nightly_sweep_marks_a_passed_deadline_missed_and_it_stays_missed_when_done_late(north):
    with time_machine.travel(date(2026, 1, 5), tick=False):
        request = journey.received(north)
    with time_machine.travel(date(2026, 2, 17), tick=False):
        reminders.sweep()
        assert _deadlines(request)["decide_whether_to_assess"].status == "missed"
        services.decide_whether_to_assess(
            actor=north.people["manager"], request=request, decision="assess", reasons="Test met"
        )
    deadline = _deadlines(request)["decide_whether_to_assess"]
    assert (deadline.status, deadline.met_on) == ("missed", date(2026, 2, 17))


def test_refusal_closes_the_later_clocks_and_writes_a_decision_letter_with_rights(north):
    with time_machine.travel(date(2026, 2, 2), tick=False):
        request = journey.at_stage(north, "refused", received_on=date(2026, 1, 5))
    deadlines = _deadlines(request)
    assert deadlines["decide_whether_to_assess"].status == "met"
    assert deadlines["notify_not_to_issue"].status == "not_needed"
    assert deadlines["final_plan_due"].status == "not_needed"
    letter = request.letters.get()
    assert letter.kind == DecisionLetter.Kind.REFUSE_TO_ASSESS
    assert "First-tier Tribunal" in letter.html
    assert "mediation" in letter.html.lower()
    assert request.stage == "refused"


def test_not_issuing_is_notified_within_16_weeks_with_a_letter(north):
    with time_machine.travel(date(2026, 4, 27), tick=False):
        request = journey.at_stage(north, "not_issuing", received_on=date(2026, 1, 5))
    deadlines = _deadlines(request)
    assert (deadlines["notify_not_to_issue"].status, deadlines["final_plan_due"].status) == (
        "met",
        "not_needed",
    )
    assert request.letters.get().kind == DecisionLetter.Kind.NOT_TO_ISSUE


def test_draft_plan_gives_15_days_beginning_with_the_day_of_service(north):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        request = journey.at_stage(north, "draft_plan", received_on=date(2026, 1, 5))
    comments = request.deadlines.get(code="comments_due")
    assert (comments.start_on, comments.due_on, comments.who_acts) == (
        date(2026, 3, 2),
        date(2026, 3, 16),
        "family",
    )


def test_an_exception_marks_the_chosen_deadlines_excepted_with_who_decided(north):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        request = journey.at_stage(north, "assessing", received_on=date(2026, 1, 5))
        chosen = list(request.deadlines.filter(code__in=["final_plan_due", "notify_not_to_issue"]))
        exception = services.exception_record(
            actor=north.people["manager"],
            request=request,
            ground="exceptional_personal_circumstances",
            starts_on=date(2026, 2, 9),
            ends_on=date(2026, 3, 20),
            details="The child was in hospital for six weeks.",
            deadlines=chosen,
        )
    assert exception.decided_by == north.people["manager"]
    assert set(request.deadlines.filter(status="excepted").values_list("code", flat=True)) == {
        "final_plan_due",
        "notify_not_to_issue",
    }


def test_an_exception_ground_that_does_not_apply_to_a_deadline_is_refused(north):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        request = journey.at_stage(north, "draft_plan", received_on=date(2026, 1, 5))
        comments = list(request.deadlines.filter(code="comments_due"))
        with pytest.raises(ValidationError) as refused:
            services.exception_record(
                actor=north.people["manager"],
                request=request,
                ground="exceptional_personal_circumstances",
                starts_on=date(2026, 3, 2),
                ends_on=None,
                details="Away",
                deadlines=comments,
            )
    assert "does not apply" in refused.value.message_dict["deadlines"][0]


def test_only_the_decision_maker_decides(north):
    from partnerships.policy import AccessDenied

    request = journey.at_stage(north, "panel")
    with pytest.raises(AccessDenied):
        services.decide_whether_to_assess(
            actor=north.people["caseworker"], request=request, decision="assess", reasons="x"
        )


def _issue_final(area, *, child, received_on, issued_on, exception=False):
    with time_machine.travel(issued_on, tick=False):
        request = journey.at_stage(area, "consulted", child=child, received_on=received_on)
        if exception:
            services.exception_record(
                actor=area.people["manager"],
                request=request,
                ground="absence_from_area",
                starts_on=received_on,
                ends_on=None,
                details="The family were abroad for five weeks.",
                deadlines=list(request.deadlines.filter(code="final_plan_due")),
            )
        plan = request.plan
        services_plans.final_plan_issue(
            actor=area.people["caseworker"],
            plan=plan,
            named_setting=area.school,
            setting_type="Mainstream primary school",
        )
    return request


def test_the_20_week_rate_with_and_without_exceptions(north):
    # Received 5 January 2026: the final plan is due by Monday 25 May 2026.
    _issue_final(north, child="pupil", received_on=date(2026, 1, 5), issued_on=date(2026, 5, 20))  # on time
    _issue_final(north, child="ap_pupil", received_on=date(2026, 1, 5), issued_on=date(2026, 6, 1))  # late
    _issue_final(  # late, but an exception applies
        north, child="unlinked", received_on=date(2026, 1, 5), issued_on=date(2026, 6, 8), exception=True
    )
    rate = selectors.timeliness(partnership_ids=[north.partnership.pk])
    assert rate["plans"] == 3
    assert rate["excepted"] == 1
    assert rate["within_20_weeks"] == 1
    assert rate["rate_including_exceptions"] == pytest.approx(33.3)
    assert rate["rate_excluding_exceptions"] == pytest.approx(50.0)


def test_withdrawing_keeps_the_reason_and_closes_the_clocks(north):
    request = journey.received(north)
    services.request_withdraw(actor=north.people["parent"], request=request, reason="  We have moved away.  ")
    request.refresh_from_db()
    assert (request.stage, request.withdrawn_reason, request.withdrawn_by) == (
        "withdrawn",
        "We have moved away.",
        north.people["parent"],
    )
    assert set(request.deadlines.values_list("status", flat=True)) == {"not_needed"}
