"""Reads for the plan reviews: the LA's reviews queue, the reviews a setting hosts, a review's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerships.models import User
from partnerships.policy import actor_for
from partnerships.roles import LA_ROLES

from . import clock, policy
from .models import Deadline, Plan, PlanReview
from .services_reviews import CLOSED_STATUSES

QUEUE_FILTERS = {
    "all": "All maintained plans",
    "overdue": "Overdue",
    "due_soon": "Review due soon",
    "phase_transfer": "Moving between phases",
}
DEFAULT_DAYS = 60
OPEN = Q(met_on__isnull=True) & ~Q(status=Deadline.Status.NOT_NEEDED)

# How each deadline reads on a review's timeline: who does what, in plain English.
WHO = {
    "la": "The local authority",
    "setting": "The school or college (or the local authority, if it convenes the meeting)",
    "family": "The family",
    "adviser": "The adviser",
}


def queue(
    user: User, *, which: str = "all", days: int = DEFAULT_DAYS, today: date | None = None
) -> QuerySet[Plan]:
    """The LA's maintained plans, the review due soonest first, each with its open review (if any)."""
    today = today or timezone.localdate()
    la = actor_for(user).partnership_ids_for(*LA_ROLES)
    plans = Plan.objects.filter(partnership_id__in=la, status=Plan.Status.FINAL)
    open_deadlines = Deadline.objects.filter(OPEN, plan=OuterRef("pk"))
    if which == "overdue":
        plans = plans.filter(Exists(open_deadlines.filter(due_on__lt=today, guidance_only=False)))
    elif which == "due_soon":
        plans = plans.filter(next_review_due_on__lte=today + timedelta(days=days))
    elif which == "phase_transfer":
        plans = plans.filter(Exists(open_deadlines.filter(code="phase_transfer_plan_due")))
    return (
        plans.select_related("child", "named_setting", "caseworker")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=PlanReview.objects.exclude(status__in=CLOSED_STATUSES).order_by("due_by", "pk"),
                to_attr="open_reviews",
            ),
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(OPEN, code="phase_transfer_plan_due"),
                to_attr="phase_deadlines",
            ),
        )
        .order_by("next_review_due_on", "next_due_on", "pk")
    )


def hosted(user: User) -> QuerySet[PlanReview]:
    """The reviews a school or college hosts (reg 20(1)), the next meeting first."""
    settings = actor_for(user).setting_ids_for(*policy.SCHOOL_STAFF)
    return (
        PlanReview.objects.filter(host_setting_id__in=settings)
        .exclude(status=PlanReview.Status.CANCELLED)
        .select_related("plan", "plan__child", "host_setting")
        .order_by("status", "meeting_at", "due_by", "pk")
    )


def reviews_of(plan: Plan) -> list[PlanReview]:
    return list(plan.reviews.select_related("host_setting", "decided_by").order_by("-created_at", "-pk"))


@dataclass(frozen=True)
class Step:
    """One line of a timeline: a deadline in plain English, with its legal basis and how it ended."""

    deadline: Deadline
    sentence: str
    duration: str
    who: str
    overdue: bool


def _step(deadline: Deadline, today: date) -> Step:
    try:
        rule = clock.rule(deadline.code, on=deadline.start_on, event=deadline.event)
    except (KeyError, clock.DateOutOfRange):
        rule = None
    start = clock.long_date(deadline.start_on, weekday=False)
    if rule is None:
        duration = ""
    elif rule.unit == "fixed_date":
        duration = f"{rule.duration}, for a move on {start}"
    elif rule.from_code:
        duration = f"{rule.duration} the amended plan is due, so that 4 and 8 weeks fit"
    elif rule.before:
        duration = f"{rule.duration} {start}"  # "2 weeks before 25 January 2027"
    else:
        duration = f"{rule.duration} from {start}"
    done = deadline.met_on is not None or deadline.status == Deadline.Status.NOT_NEEDED
    return Step(
        deadline=deadline,
        sentence=f"{deadline.title} by {clock.long_date(deadline.due_on)}",
        duration=duration,
        who=WHO.get(deadline.who_acts, ""),
        overdue=not done and deadline.due_on < today,
    )


def timeline(owner: Plan | PlanReview, *, today: date | None = None, plan_only: bool = False) -> list[Step]:
    """Every deadline of a review (or a plan's own: annual review, phase transfer, interim), soonest first."""
    today = today or timezone.localdate()
    deadlines = owner.deadlines.order_by("due_on", "pk")
    if plan_only:
        deadlines = deadlines.filter(review__isnull=True)
    return [_step(d, today) for d in deadlines]


def report_visible(user: User, review: PlanReview) -> bool:
    """The report goes to everyone invited: the family, the setting and the LA (reg 20(7))."""
    return review.report_sent_on is not None or policy.can_run_review(user, review)


def next_actions(user: User, review: PlanReview) -> list[tuple[str, str]]:
    """The steps this person may take now on the review: (url name, label)."""
    status = PlanReview.Status
    actions = []
    runs = policy.can_run_review(user, review)
    la = policy.can_edit_plan(user, review.plan)
    if la and review.status in (status.PLANNED, status.ARRANGED):
        actions.append(
            (
                "review-arrange",
                "Arrange the meeting" if review.status == status.PLANNED else "Change the meeting",
            )
        )
    if runs and review.status == status.ARRANGED:
        if review.notice_sent_on is None:
            actions.append(("review-notice", "Record the notice sent"))
        if review.advice_circulated_on is None:
            actions.append(("review-advice", "Record the advice sent out"))
        actions.append(("review-held", "Record the meeting held"))
    if runs and review.status in (status.HELD, status.REPORTED):
        actions.append(
            ("review-report", "Send the report" if review.status == status.HELD else "Change the report")
        )
    if policy.can_decide_plan(user, review.plan) and review.status in (status.HELD, status.REPORTED):
        actions.append(("review-decide", "Decide after the review"))
    if (
        la
        and review.decision == PlanReview.Decision.AMEND
        and review.amendment_notice_on
        and not review.amended_version_id
    ):
        actions.append(("review-amended-plan", "Issue the amended plan"))
    return actions
