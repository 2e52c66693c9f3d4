"""Writes on a plan's reviews, on the statutory clock (CFA s.44; regs 18 to 22).

- ``review_schedule``: arrange the meeting. At least 2 weeks' notice (reg 20(3)/21(3)) and the advice
  circulated at least 2 weeks before it (reg 20(4)/21(4)): both deadlines are counted back from the
  meeting (rules of the event ``review_meeting_arranged``).
- ``notice_sent``, ``advice_circulated``, ``meeting_held`` (report due in 2 weeks, decision in 4, the
  amended plan in 12: the Devon judgment), ``report_send`` (from Year 9, preparing for adulthood).
- ``decide`` (SEND managers): maintain (the review is complete when the decision is notified, and the next
  annual review is due 12 months from then, CFA s.44), amend (the proposed amendments go with the decision:
  15 days for representations, the final amended plan within 8 weeks, reg 22), or cease (recorded here; the
  cease process is the plan's lifecycle).
- ``amended_plan_issue``: the final amended plan closes the amendment deadlines (and a phase transfer's).
- ``phase_transfer_start`` (reg 18), ``phase_transfer_scan`` and ``under_five_scan`` (CoP 9.178, guidance).

Every write is audited (pghistory context) and keeps the plan's ``next_due_on`` for the work queues.
"""

from __future__ import annotations

import datetime
from datetime import date

import pghistory
from django.core.exceptions import PermissionDenied as AccessDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from partnerships.models import CaseParticipant, Setting
from partnerships.models.people import User
from redress import services as redress_services

from . import audit, clock, deadlines, policy, services_plans
from .models import Deadline, Plan, PlanReview, PlanVersion

Kind = PlanReview.Kind
Status = PlanReview.Status
Decision = PlanReview.Decision

NOTICE_DAYS = 14  # reg 20(3): "at least two weeks' notice"
PFA_FROM_YEAR = 9  # reg 20(6)/21(6): preparing for adulthood from Year 9
UNDER_FIVE = 5
PHASE_CODES = ("phase_transfer_plan_due", "phase_transfer_meeting_due")
AMENDMENT_CODES = ("representations_due", "amended_plan_due")
CLOSED_STATUSES = (Status.DECIDED, Status.CANCELLED)

# Who reg 20(2) says must be invited: (role code, description).
INVITEE_ROLES = {
    "family": "The child's parent or the young person",
    "head": "The head teacher or principal of the school or institution",
    "sen_officer": "A special educational needs officer of the local authority",
    "health": "A health care professional identified by the integrated care board",
    "social_care": "A social care officer of the local authority",
}


_context = audit.context


def _long(d: date) -> str:
    return clock.long_date(d, weekday=False)


def _not_future(on: date, field: str, *, not_before: date | None = None, why: str = "") -> None:
    if on > deadlines.today():
        raise ValidationError({field: ["The date must be today or in the past"]})
    if not_before is not None and on < not_before:
        raise ValidationError({field: [f"The date must be on or after {_long(not_before)}{why}"]})


def _require_la(actor: User, plan: Plan) -> None:
    if not policy.can_edit_plan(actor, plan):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can do this")


def _require_runner(actor: User, review: PlanReview) -> None:
    if not policy.can_run_review(actor, review):
        raise AccessDenied("Only the local authority and the setting hosting the review can do this")


def _require_open(review: PlanReview) -> None:
    if review.status in CLOSED_STATUSES:
        raise ValidationError({"review": ["This review is finished: its decision has been notified"]})


def _lock(review: PlanReview) -> PlanReview:
    return PlanReview.objects.select_for_update().select_related("plan", "plan__child").get(pk=review.pk)


def _meeting_day(meeting_at: datetime.datetime) -> date:
    return timezone.localtime(meeting_at).date() if timezone.is_aware(meeting_at) else meeting_at.date()


# Invitees (reg 20(2)) ---------------------------------------------------------------------------------------


def default_invitees(*, plan: Plan, host_setting: Setting | None) -> list[dict]:
    """Who reg 20(2) says must be invited: the family, the setting's head (not when the LA convenes the
    meeting itself, reg 21), an LA SEN officer, a health professional from the ICB, a social care officer."""
    family = (
        CaseParticipant.objects.filter(
            child_id=plan.child_id,
            role__in=[CaseParticipant.Role.PARENT_CARER, CaseParticipant.Role.YOUNG_PERSON],
            revoked_at__isnull=True,
        )
        .select_related("user")
        .order_by("pk")
    )
    names = [p.user.full_name for p in family if p.user_id]
    partnership = plan.partnership
    icb = partnership.icbs.order_by("pk").first()
    rows = [
        {"role": "family", "name": ", ".join(names), "organisation": ""},
    ]
    if host_setting is not None:
        rows.append({"role": "head", "name": "", "organisation": host_setting.name})
    rows += [
        {
            "role": "sen_officer",
            "name": plan.caseworker.full_name if plan.caseworker_id else "",
            "organisation": partnership.name,
        },
        {"role": "health", "name": "", "organisation": icb.name if icb else ""},
        {"role": "social_care", "name": "", "organisation": partnership.name},
    ]
    return rows


def _clean_invitees(invitees: list[dict]) -> list[dict]:
    cleaned = []
    for index, item in enumerate(invitees):
        role = str(item.get("role", "")).strip()
        name = str(item.get("name", "")).strip()[:150]
        organisation = str(item.get("organisation", "")).strip()[:200]
        if role not in INVITEE_ROLES and role != "other":
            raise ValidationError({"invitees": [f"Invitee {index + 1}: choose a role from the list"]})
        if role == "other" and not name:
            raise ValidationError(
                {"invitees": [f"Invitee {index + 1}: enter the name of the person invited"]}
            )
        cleaned.append({"role": role, "name": name, "organisation": organisation})
    if not any(item["role"] == "family" for item in cleaned):
        raise ValidationError(
            {"invitees": ["Invite the child's parent or the young person (regulation 20(2))"]}
        )
    return cleaned


# Starting and arranging a review ------------------------------------------------------------------------------


def _due_by(plan: Plan, kind: str) -> date:
    if kind == Kind.UNDER_FIVE:
        open_interim = deadlines.open_for(plan, "interim_review_due").order_by("due_on").first()
        if open_interim is not None:
            return open_interim.due_on
    return plan.next_review_due_on or clock.add_months(deadlines.today(), 12)


@transaction.atomic
def review_schedule(
    *,
    actor: User,
    plan: Plan,
    kind: str = Kind.ANNUAL,
    host_setting: Setting | None,
    meeting_at: datetime.datetime,
    place: str,
    invitees: list[dict] | None = None,
    notice_on: date | None = None,
    review: PlanReview | None = None,
) -> PlanReview:
    """Arrange a review meeting (a new review, or a planned or arranged one when ``review`` is given).

    The notice must reach people at least 2 weeks before the meeting (reg 20(3)): a meeting less than 14
    days after ``notice_on`` (today if not given) is refused. The deadlines "send the notice by" and
    "circulate the advice by" are stored, counted back 2 weeks from the meeting.
    """
    _require_la(actor, plan)
    notice_on = notice_on or deadlines.today()
    errors: dict[str, list[str]] = {}
    if plan.status != Plan.Status.FINAL:
        errors["plan"] = ["Only a maintained plan can be reviewed"]
    if review is not None:
        kind = review.kind
    if kind not in Kind.values:
        errors["kind"] = ["Choose the kind of review"]
    if host_setting is not None and host_setting.partnership_id != plan.partnership_id:
        errors["host_setting"] = ["Choose a school or setting in this partnership"]
    if not place.strip():
        errors["place"] = ["Enter where the meeting will be held"]
    if meeting_at is None:
        errors["meeting_at"] = ["Enter the date and time of the meeting"]
    else:
        earliest = notice_on + datetime.timedelta(days=NOTICE_DAYS)
        if _meeting_day(meeting_at) < earliest:
            errors["meeting_at"] = [
                f"The meeting must be at least 2 weeks after the notice is sent (regulation 20(3)): "
                f"on or after {_long(earliest)}"
            ]
    if kind == Kind.UNDER_FIVE and clock.age_on(plan.child.date_of_birth, deadlines.today()) >= UNDER_FIVE:
        errors["kind"] = ["Interim reviews every 3 to 6 months are for children under 5"]
    if review is not None and (
        review.plan_id != plan.pk or review.status not in (Status.PLANNED, Status.ARRANGED)
    ):
        errors["review"] = ["This review's meeting has already been held"]
    cleaned_invitees = []
    if invitees is None:
        cleaned_invitees = default_invitees(plan=plan, host_setting=host_setting)
    else:
        try:
            cleaned_invitees = _clean_invitees(invitees)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    meeting_day = _meeting_day(meeting_at)
    with _context(actor, "review_schedule"):
        if review is None:
            review = PlanReview.objects.create(
                partnership_id=plan.partnership_id,
                plan=plan,
                kind=kind,
                due_by=_due_by(plan, kind),
                created_by=actor,
            )
        else:
            review = _lock(review)
            # Re-arranged: the old meeting's notice and advice deadlines no longer apply.
            deadlines.not_needed(review.deadlines.filter(event="review_meeting_arranged"))
        review.status = Status.ARRANGED
        review.host_setting = host_setting
        review.meeting_at = meeting_at
        review.meeting_place = place.strip()
        review.invitees = cleaned_invitees
        review.save()
        deadlines.create("review_meeting_arranged", meeting_day, plan=plan, review=review)
        deadlines.refresh_next_due(plan)
    return review


# The meeting's steps ------------------------------------------------------------------------------------------


def _step_recorded(
    actor: User, review: PlanReview, *, field: str, on: date, arg: str, code: str, action: str, what: str
) -> PlanReview:
    """One of the meeting's preparation steps was done on ``on``: store it and close its deadline."""
    _require_runner(actor, review)
    review = _lock(review)
    _require_open(review)
    if review.status != Status.ARRANGED:
        raise ValidationError({"review": [f"Arrange the meeting before recording {what}"]})
    _not_future(on, arg)
    with _context(actor, action):
        setattr(review, field, on)
        review.save(update_fields=[field, "updated_at"])
        deadlines.close(deadlines.open_for(review, code), on)
        deadlines.refresh_next_due(review.plan)
    return review


@transaction.atomic
def notice_sent(*, actor: User, review: PlanReview, sent_on: date) -> PlanReview:
    """Record that the notice of the meeting was sent (reg 20(3): at least 2 weeks before it)."""
    return _step_recorded(
        actor,
        review,
        field="notice_sent_on",
        on=sent_on,
        arg="sent_on",
        code="review_notice_due",
        action="review_notice_sent",
        what="its notice",
    )


@transaction.atomic
def advice_circulated(*, actor: User, review: PlanReview, circulated_on: date) -> PlanReview:
    """Record that the advice and information were sent to everyone invited (reg 20(4): 2 weeks before)."""
    return _step_recorded(
        actor,
        review,
        field="advice_circulated_on",
        on=circulated_on,
        arg="circulated_on",
        code="review_advice_due",
        action="review_advice_circulated",
        what="the advice sent for it",
    )


@transaction.atomic
def meeting_held(*, actor: User, review: PlanReview, held_on: date) -> PlanReview:
    """The meeting was held: the report is due in 2 weeks, the LA's decision (with any proposed amendments)
    in 4, and a final amended plan in 12 (regs 20 and 22; the Devon judgment). An interim review of a
    child under 5 is guidance only: it starts no statutory clock, only the next interim reminder."""
    _require_runner(actor, review)
    review = _lock(review)
    _require_open(review)
    if review.status != Status.ARRANGED:
        raise ValidationError({"review": ["Arrange the meeting before recording that it was held"]})
    _not_future(held_on, "held_on", not_before=review.notice_sent_on, why=", when the notice was sent")
    plan = review.plan
    with _context(actor, "review_meeting_held"):
        review.held_on = held_on
        review.status = Status.HELD
        review.save(update_fields=["held_on", "status", "updated_at"])
        # Notice and advice not recorded by the meeting are left as they stand (missed if late).
        if review.kind == Kind.UNDER_FIVE:
            _close_interim(plan, held_on)
        else:
            deadlines.create("review_meeting_held", held_on, plan=plan, review=review)
            if review.kind == Kind.PHASE_TRANSFER:
                deadlines.close(deadlines.open_for(plan, "phase_transfer_meeting_due"), held_on)
        deadlines.refresh_next_due(plan)
    return review


def _close_interim(plan: Plan, on: date) -> None:
    """An interim review (under 5) was held: close the reminder and set the next one if still under 5."""
    deadlines.close(deadlines.open_for(plan, "interim_review_due"), on)
    if clock.age_on(plan.child.date_of_birth, on) < UNDER_FIVE:
        deadlines.create("under_five_plan_reviewed", on, plan=plan)


def needs_preparing_for_adulthood(plan: Plan, on: date) -> bool:
    """From Year 9 the review must consider preparing for adulthood (reg 20(6), 21(6); CoP 9.179)."""
    return clock.school_year(plan.child.date_of_birth, on) >= PFA_FROM_YEAR


@transaction.atomic
def report_send(
    *,
    actor: User,
    review: PlanReview,
    sent_on: date,
    child_views: str,
    progress_summary: str,
    outcomes_still_appropriate: bool | None,
    recommended_amendments: str = "",
    differences_of_view: str = "",
    preparing_for_adulthood: str = "",
) -> PlanReview:
    """The report of the meeting, sent to everyone invited within 2 weeks (reg 20(7)): the views heard,
    progress towards the outcomes, recommended amendments and any differences of view; from Year 9, how
    the plan prepares the young person for adulthood."""
    _require_runner(actor, review)
    review = _lock(review)
    _require_open(review)
    if review.status not in (Status.HELD, Status.REPORTED):
        raise ValidationError({"review": ["Record that the meeting was held before sending its report"]})
    errors: dict[str, list[str]] = {}
    if not child_views.strip():
        errors["child_views"] = [
            "Enter the views, wishes and feelings of the child and family (regulation 19)"
        ]
    if not progress_summary.strip():
        errors["progress_summary"] = ["Enter the progress made towards the outcomes in the plan"]
    if outcomes_still_appropriate is None:
        errors["outcomes_still_appropriate"] = ["Say whether the outcomes are still appropriate"]
    if needs_preparing_for_adulthood(review.plan, review.held_on) and not preparing_for_adulthood.strip():
        errors["preparing_for_adulthood"] = [
            "From Year 9 the review must consider preparing for adulthood: enter what was agreed"
        ]
    try:
        _not_future(sent_on, "sent_on", not_before=review.held_on, why=", when the meeting was held")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with _context(actor, "review_report_send"):
        review.child_views = child_views.strip()
        review.progress_summary = progress_summary.strip()
        review.outcomes_still_appropriate = outcomes_still_appropriate
        review.recommended_amendments = recommended_amendments.strip()
        review.differences_of_view = differences_of_view.strip()
        review.preparing_for_adulthood = preparing_for_adulthood.strip()
        review.report_sent_on = sent_on
        review.status = Status.REPORTED
        review.save()
        deadlines.close(deadlines.open_for(review, "review_report_due"), sent_on)
        deadlines.refresh_next_due(review.plan)
    return review


# The decision ---------------------------------------------------------------------------------------------------


@transaction.atomic
def decide(
    *, actor: User, review: PlanReview, decision: str, reasons: str, decided_on: date | None = None
) -> PlanReview:
    """The LA's decision after the review, notified within 4 weeks of the meeting (reg 20(10)). SEND managers.

    - maintain: the review is complete; the next annual review is due 12 months from today (CFA s.44).
    - amend: the proposed amendments (the working copy from ``services_plans.amendment_start``) are sent with
      the decision (Devon): 15 days for representations, the final amended plan within 8 weeks (reg 22).
    - cease: recorded; ceasing the plan is its own process (CFA s.45; regs 29 to 31).
    """
    if not policy.can_decide_plan(actor, review.plan):
        raise AccessDenied(
            "Only the local authority's decision-maker (a SEND manager) can decide after a review"
        )
    review = _lock(review)
    _require_open(review)
    plan = review.plan
    decided_on = decided_on or deadlines.today()
    errors: dict[str, list[str]] = {}
    if review.status not in (Status.HELD, Status.REPORTED):
        errors["review"] = ["Record that the meeting was held before deciding"]
    if decision not in Decision.values:
        errors["decision"] = ["Choose whether to keep, amend or cease the plan"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons for the decision"]
    try:
        _not_future(decided_on, "decided_on", not_before=review.held_on, why=", when the meeting was held")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    proposed = None
    if decision == Decision.AMEND and not errors:
        proposed = services_plans.working_version(plan, lock=True)
        if proposed is None or proposed.kind != PlanVersion.Kind.PROPOSED:
            errors["decision"] = [
                "Write the proposed amendments before deciding to amend: they are sent with the decision "
                "(regulation 22; R (L, M and P) v Devon CC)"
            ]
    if errors:
        raise ValidationError(errors)
    with _context(actor, "review_decide"):
        if decision == Decision.AMEND:
            proposed = services_plans.proposed_amendments_issue(actor=actor, plan=plan, sent_on=decided_on)
            review.proposed_version = proposed
            review.amendment_notice_on = decided_on
            deadlines.create("amendment_notice_issued", decided_on, plan=plan, review=review)
        else:
            # Nothing to amend: the 12-week amended plan limit from the meeting no longer applies.
            deadlines.not_needed(review.deadlines.filter(code="amended_plan_due"))
        review.decision = decision
        review.decision_on = decided_on
        review.decision_reasons = reasons.strip()
        review.decided_by = actor
        review.status = Status.DECIDED
        review.save()
        deadlines.close(deadlines.open_for(review, "review_decision_due"), decided_on)
        if review.kind != Kind.UNDER_FIVE:
            _complete(plan, decided_on)
        deadlines.refresh_next_due(plan)
        if decision == Decision.MAINTAIN:
            # A decision not to amend after a review can be appealed (CFA s.51(2)(e); docs/adr/0015).
            redress_services.record_appealable_decision(
                actor=actor,
                child=plan.child,
                kind="refuse_to_amend",
                decided_on=decided_on,
                plan=plan,
                summary=reasons.strip(),
            )
    return review


def _complete(plan: Plan, decided_on: date) -> None:
    """The review is complete when its decision is notified: that day restarts the 12 months (CFA s.44)."""
    deadlines.close(deadlines.open_for(plan, "annual_review_due"), decided_on)
    plan.last_reviewed_on = decided_on
    plan.save(update_fields=["last_reviewed_on", "updated_at"])
    services_plans.schedule_next_review(plan=plan, from_date=decided_on, event="review_completed")
    if clock.age_on(plan.child.date_of_birth, decided_on) < UNDER_FIVE:
        deadlines.not_needed(plan.deadlines.filter(code="interim_review_due"))
        deadlines.create("under_five_plan_reviewed", decided_on, plan=plan)


@transaction.atomic
def amended_plan_issue(
    *,
    actor: User,
    review: PlanReview,
    issued_on: date,
    named_setting: Setting | None = None,
    setting_type: str = "",
) -> PlanVersion:
    """Issue the final amended plan after the review: within 8 weeks of the amendment notice (reg 22(3)) and
    12 weeks of the meeting (Devon), not before the 15 days for representations are over (reg 22(2)(c)).
    A phase transfer review's plan must name the setting after the move (reg 18)."""
    _require_la(actor, review.plan)
    review = _lock(review)
    plan = review.plan
    errors: dict[str, list[str]] = {}
    if review.decision != Decision.AMEND or review.amendment_notice_on is None:
        raise ValidationError({"review": ["The decision after this review was not to amend the plan"]})
    if review.amended_version_id:
        raise ValidationError({"review": ["The amended plan has already been issued"]})
    representations = review.deadlines.filter(code="representations_due").order_by("-due_on").first()
    try:
        _not_future(
            issued_on, "issued_on", not_before=review.amendment_notice_on, why=", when the notice was sent"
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if representations is not None and issued_on <= representations.due_on and "issued_on" not in errors:
        errors["issued_on"] = [
            f"The family has until {_long(representations.due_on)} to comment on the proposed amendments "
            "(15 days, regulation 22(2)(c))"
        ]
    if review.kind == Kind.PHASE_TRANSFER and not setting_type.strip():
        errors["setting_type"] = [
            "Name the school or institution, or its type, for after the move (regulation 18)"
        ]
    if errors:
        raise ValidationError(errors)
    with _context(actor, "review_amended_plan_issue"):
        version = services_plans.amended_plan_issue(
            actor=actor,
            plan=plan,
            issued_on=issued_on,
            named_setting=named_setting,
            setting_type=setting_type,
        )
        review.amended_version = version
        review.save(update_fields=["amended_version", "updated_at"])
        deadlines.close(deadlines.open_for(review, "amended_plan_due"), issued_on)
        # The family's 15 days are a minimum period, over by now: no longer waiting on them.
        deadlines.not_needed(review.deadlines.filter(code="representations_due"))
        if review.kind == Kind.PHASE_TRANSFER:
            deadlines.close(deadlines.open_for(plan, "phase_transfer_plan_due"), issued_on)
        deadlines.refresh_next_due(plan)
    return version


# Phase transfer (reg 18) ------------------------------------------------------------------------------------------


def phase_transfer_dates(transfer_kind: str, transfer_on: date) -> dict[str, date]:
    """The deadlines of a transfer: the plan naming the next setting, and the meeting that leaves time for it."""
    kind = clock.phase_transfers()[transfer_kind]
    return {d.code: d.due for d in clock.deadlines_for(kind.event, transfer_on)}


def _phase_deadlines(plan: Plan, event: str, transfer_on: date, review: PlanReview | None) -> list[Deadline]:
    """The plan's transfer deadlines for this move: the ones stored already (from the nightly scan) are kept
    and linked to the review; those of another move date no longer apply."""
    existing = deadlines.open_for(plan, *PHASE_CODES)
    same = existing.filter(event=event, start_on=transfer_on)
    deadlines.not_needed(existing.exclude(pk__in=same.values("pk")))
    if same.exists():
        if review is not None:
            same.update(review=review, updated_at=timezone.now())
        return list(same)
    return deadlines.create(event, transfer_on, plan=plan, review=review)


@transaction.atomic
def phase_transfer_start(*, actor: User, plan: Plan, transfer_kind: str, transfer_on: date) -> PlanReview:
    """Start the review before a transfer between phases (reg 18): the child must be within 12 months of it.
    The amended plan naming the next setting is due by 15 February of the year of the move (31 March for
    secondary school to post-16; 5 months before a move between post-16 institutions)."""
    _require_la(actor, plan)
    today = deadlines.today()
    errors: dict[str, list[str]] = {}
    if plan.status != Plan.Status.FINAL:
        errors["plan"] = ["Only a maintained plan can be reviewed"]
    kind = clock.phase_transfers().get(transfer_kind)
    if kind is None:
        errors["transfer_kind"] = ["Choose the kind of move between phases of education"]
    if transfer_on is None:
        errors["transfer_on"] = ["Enter the date of the move"]
    elif transfer_on <= today:
        errors["transfer_on"] = ["The date of the move must be in the future"]
    elif transfer_on > clock.add_months(today, 12):
        errors["transfer_on"] = [
            "The phase transfer review starts when the child is within 12 months of the move (regulation 18): "
            f"the move must be on or before {_long(clock.add_months(today, 12))}"
        ]
    if plan.reviews.filter(kind=Kind.PHASE_TRANSFER).exclude(status__in=CLOSED_STATUSES).exists():
        errors["plan"] = ["A phase transfer review of this plan has already started"]
    if errors:
        raise ValidationError(errors)
    with _context(actor, "phase_transfer_start"):
        review = PlanReview.objects.create(
            partnership_id=plan.partnership_id,
            plan=plan,
            kind=Kind.PHASE_TRANSFER,
            due_by=today,  # replaced below by the plan's due date
            transfer_phase=transfer_kind,
            transfer_on=transfer_on,
            created_by=actor,
        )
        stored = {d.code: d for d in _phase_deadlines(plan, kind.event, transfer_on, review)}
        due = stored["phase_transfer_plan_due"].due_on
        review.transfer_plan_due = due
        review.due_by = min(due, plan.next_review_due_on) if plan.next_review_due_on else due
        review.save(update_fields=["transfer_plan_due", "due_by", "updated_at"])
        deadlines.refresh_next_due(plan)
    return review


def expected_transfer(plan: Plan, today: date) -> tuple[str, date] | None:
    """The usual move between phases in the September after this school year, from the child's school year
    and setting: nursery to Reception, Year 6 at a primary school to secondary, Year 11 at a secondary
    school to post-16. Other moves (infant to junior, middle schools, between colleges) are started by hand."""
    child = plan.child
    year = clock.school_year(child.date_of_birth, today)
    phase = child.current_setting.phase if child.current_setting_id else ""
    starts = today.year if today.month >= 9 else today.year - 1
    move = date(starts + 1, 9, 1)
    if year == -1:
        return "early_years_to_school", move
    if year == 6 and phase == Setting.Phase.PRIMARY:
        return "primary_to_secondary", move
    if year == 11 and phase == Setting.Phase.SECONDARY:
        return "secondary_to_post16", move
    return None


@transaction.atomic
def phase_transfer_scan(*, today: date | None = None) -> int:
    """Nightly: store the phase transfer deadlines of maintained plans whose child moves phase next September
    (the reminders then come from the deadline sweep, from the autumn before). Returns how many plans."""
    today = today or deadlines.today()
    done = 0
    plans = Plan.objects.filter(status=Plan.Status.FINAL).select_related("child", "child__current_setting")
    for plan in plans.iterator(chunk_size=500):
        expected = expected_transfer(plan, today)
        if expected is None:
            continue
        kind_code, move = expected
        event = clock.phase_transfers()[kind_code].event
        if plan.deadlines.filter(code="phase_transfer_plan_due", event=event, start_on=move).exists():
            continue
        if deadlines.open_for(plan, "phase_transfer_plan_due").exists():
            continue  # a transfer started by hand for another date
        with pghistory.context(action="phase_transfer_scan"):
            deadlines.create(event, move, plan=plan)
            deadlines.refresh_next_due(plan)
        done += 1
    return done


@transaction.atomic
def under_five_scan(*, today: date | None = None) -> int:
    """Nightly: give each maintained plan of a child under 5 an interim review reminder (CoP 9.178,
    guidance) counted from its last review, interim review or the day it was made. Returns how many."""
    today = today or deadlines.today()
    born_after = date(today.year - UNDER_FIVE, today.month, min(today.day, 28))
    done = 0
    # Whether a reminder exists and the last interim review come with the plans: no query per plan.
    has_reminder = Exists(
        Deadline.objects.filter(plan=OuterRef("pk"), code="interim_review_due").exclude(
            status=Deadline.Status.NOT_NEEDED
        )
    )
    plans = (
        Plan.objects.filter(
            status=Plan.Status.FINAL, child__date_of_birth__gt=born_after, final_issued_on__isnull=False
        )
        .annotate(has_reminder=has_reminder)
        .filter(has_reminder=False)
        .annotate(last_interim_on=Max("reviews__held_on", filter=Q(reviews__kind=Kind.UNDER_FIVE)))
        .select_related("child")
    )
    for plan in plans.iterator(chunk_size=500):
        if clock.age_on(plan.child.date_of_birth, today) >= UNDER_FIVE:
            continue
        starts = max(d for d in (plan.final_issued_on, plan.last_reviewed_on, plan.last_interim_on) if d)
        with pghistory.context(action="under_five_scan"):
            deadlines.create("under_five_plan_reviewed", starts, plan=plan)
            deadlines.refresh_next_due(plan)
        done += 1
    return done


@transaction.atomic
def review_cancel(*, actor: User, review: PlanReview, reason: str) -> PlanReview:
    """Cancel a review that has not been held (a new date is arranged by scheduling another)."""
    _require_la(actor, review.plan)
    review = _lock(review)
    if review.status not in (Status.PLANNED, Status.ARRANGED):
        raise ValidationError({"review": ["Only a review whose meeting has not been held can be cancelled"]})
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the review is cancelled"]})
    with _context(actor, "review_cancel"):
        review.status = Status.CANCELLED
        review.decision_reasons = reason.strip()
        review.save(update_fields=["status", "decision_reasons", "updated_at"])
        deadlines.not_needed(review.deadlines.filter(event="review_meeting_arranged"))
        deadlines.refresh_next_due(review.plan)
    return review
