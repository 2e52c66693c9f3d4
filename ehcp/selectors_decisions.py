"""Reads for the LA's decision and plan pages (``views_decisions``) and their API twins.

Each starts from a case the person was already allowed to open (``policy.access_request``). Nothing here
writes; ``blocked_reason`` says in plain English why an action cannot be taken at the case's stage, so a
page can explain it instead of offering a form the service would refuse.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from partnerships.models import ICB, CaseParticipant, Membership, Setting, User
from partnerships.roles import LA_ROLES, SETTING_ROLES

from . import clock, policy, selectors_plans, services
from .models import AdviceRequest, AssessmentRequest, Deadline, PanelCase, Plan, PlanConsultation, PlanVersion

Stage = AssessmentRequest.Stage

# Case participants who may be named as an adviser (family and mediators are not advisers).
ADVISER_PARTICIPANT_ROLES = (
    CaseParticipant.Role.SENCO,
    CaseParticipant.Role.HEALTH_OFFICER,
    CaseParticipant.Role.SOCIAL_CARE_OFFICER,
    CaseParticipant.Role.INVITED_PROFESSIONAL,
)

ACTIONS = (
    "decide_assess",
    "advice",
    "decide_issue",
    "draft_plan",
    "consult",
    "final_plan",
    "exception",
    "withdraw",
)


def case_plan(*, request: AssessmentRequest) -> Plan | None:
    """The case's plan (being written, served as a draft, or final), or None before one is started."""
    return (
        Plan.objects.filter(request=request)
        .select_related("preferred_setting", "named_setting", "current_version")
        .first()
    )


def working_version(*, plan: Plan | None) -> PlanVersion | None:
    """The version of the plan being written, if any."""
    if plan is None:
        return None
    return PlanVersion.objects.filter(plan=plan, status=PlanVersion.Status.WORKING).first()


def version_shown(*, user: User, plan: Plan | None) -> PlanVersion | None:
    """The version of the plan this person reads: the local authority's staff the one being written (or
    else the plan in force); everyone else the last version issued to them: the served draft, then the
    final plan in force (``policy.versions_visible``)."""
    if plan is None:
        return None
    versions = policy.versions_visible(user, plan)
    if policy.can_see_working_version(user, plan):
        working = versions.filter(status=PlanVersion.Status.WORKING).first()
        if working is not None:
            return working
    if plan.current_version_id is not None:
        return versions.filter(pk=plan.current_version_id).first()
    return versions.filter(status=PlanVersion.Status.ISSUED).order_by("-number").first()


def readiness(*, plan: Plan | None) -> tuple[PlanVersion | None, selectors_plans.IssueReadiness | None]:
    """The working version and what stands before issuing it: sections still empty, the quality checks."""
    version = working_version(plan=plan)
    return version, (selectors_plans.readiness(version) if version is not None else None)


def blocked_reason(*, request: AssessmentRequest, action: str, plan: Plan | None = None) -> str:
    """Why ``action`` cannot be taken on the case now ("" when it can). Mirrors the services' own checks."""
    assert action in ACTIONS, action
    stage = request.stage
    if stage == Stage.DRAFT:
        return "The request has not been sent to the local authority yet."
    if action == "withdraw":
        return "The request has already finished." if stage in AssessmentRequest.CLOSED_STAGES else ""
    if action == "exception":
        return ""
    if action == "decide_assess":
        if stage in (Stage.RECEIVED, Stage.PANEL):
            return ""
        return "A decision on whether to assess has already been made."
    if action == "advice":
        return (
            ""
            if stage == Stage.ASSESSING
            else "Advice can be asked for only while the assessment is under way."
        )
    if action == "decide_issue":
        if stage == Stage.ASSESSING and not request.issue_decision:
            return ""
        if request.issue_decision:
            return "A decision on whether to issue a plan has already been made."
        return "A decision on whether to issue a plan can be made only while the assessment is under way."
    if action == "draft_plan":
        if stage == Stage.ASSESSING and request.issue_decision == AssessmentRequest.IssueDecision.ISSUE:
            return ""
        if stage in (Stage.DRAFT_PLAN, Stage.FINAL):
            return "A draft plan has already been issued."
        return "A draft plan can be issued only after deciding to issue a plan."
    # consult, final_plan: the plan must be a draft, served on the family
    if plan is None or (plan.status == Plan.Status.DRAFT and plan.draft_issued_on is None):
        return "There is no draft plan yet: issue a draft plan first."
    if plan.status != Plan.Status.DRAFT:
        return "The final plan has already been issued."
    return ""


def panel_recommendations(*, request: AssessmentRequest) -> list[PanelCase]:
    """The panel's recommendations (with reasons) on this case, oldest meeting first."""
    return list(
        request.panel_cases.select_related("meeting", "recorded_by").order_by("meeting__meets_at", "pk")
    )


def case_advice(*, request: AssessmentRequest) -> list[AdviceRequest]:
    """Advice asked for on this case, each with its deadlines (``timeline``)."""
    return list(
        request.advice_requests.select_related("setting", "icb", "adviser")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.select_related("exception").order_by("due_on"),
                to_attr="timeline",
            )
        )
        .order_by("requested_on", "pk")
    )


def case_consultations(*, plan: Plan | None) -> list[PlanConsultation]:
    """Settings consulted about being named in the plan, each with its deadlines (``timeline``)."""
    if plan is None:
        return []
    return list(
        plan.consultations.filter(review__isnull=True)
        .select_related("setting")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.select_related("exception").order_by("due_on"),
                to_attr="timeline",
            )
        )
        .order_by("sent_on", "pk")
    )


def case_deadline(*, request: AssessmentRequest, code: str) -> Deadline | None:
    """The case's own deadline with this code (the 6-, 16- or 20-week limit)."""
    return (
        request.deadlines.filter(code=code, advice_request__isnull=True, consultation__isnull=True)
        .select_related("exception")
        .order_by("pk")
        .first()
    )


def exception_deadlines(*, request: AssessmentRequest) -> QuerySet[Deadline]:
    """The case's time limits an exception could apply to (not met, not excepted, still needed)."""
    return (
        services.unmet_case_deadlines(request)
        .select_related("advice_request", "consultation__setting")
        .order_by("due_on", "pk")
    )


def open_deadlines(*, request: AssessmentRequest) -> list[Deadline]:
    """Deadlines still waiting for someone to act."""
    return list(
        request.deadlines.filter(met_on__isnull=True)
        .exclude(status__in=[Deadline.Status.NOT_NEEDED])
        .select_related("advice_request", "consultation__setting")
        .order_by("due_on", "pk")
    )


def grounds_by_deadline(deadlines: list[Deadline]) -> dict[str, list[Deadline]]:
    """For each exception ground, which of these deadlines it can apply to (by the rules in force)."""
    applies: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        rule = clock.rule(deadline.code, on=deadline.start_on, event=deadline.event)
        for ground in rule.exception_grounds:
            applies.setdefault(ground, []).append(deadline)
    return applies


def partnership_settings(*, partnership_id: int) -> QuerySet[Setting]:
    """Open settings on the partnership's register, by name."""
    return Setting.objects.filter(partnership_id=partnership_id, is_open=True).order_by("name")


def partnership_icbs(*, partnership_id: int) -> QuerySet[ICB]:
    return ICB.objects.filter(partnerships__pk=partnership_id).order_by("name")


def advisers_for(*, request: AssessmentRequest) -> QuerySet[User]:
    """Professionals who may see the child and so may be named as an adviser: the partnership's LA staff,
    staff at the child's setting, and professionals taking part in the child's case."""
    condition = Q(
        pk__in=Membership.objects.filter(
            is_active=True, role__in=list(LA_ROLES), partnership_id=request.partnership_id
        ).values("user_id")
    )
    child = request.child
    if child is not None:
        if child.current_setting_id:
            condition |= Q(
                pk__in=Membership.objects.filter(
                    is_active=True, role__in=list(SETTING_ROLES), setting_id=child.current_setting_id
                ).values("user_id")
            )
        now = timezone.now()
        condition |= Q(
            pk__in=CaseParticipant.objects.filter(
                child_id=child.pk, role__in=list(ADVISER_PARTICIPANT_ROLES), revoked_at__isnull=True
            )
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .values("user_id")
        )
    return User.objects.filter(condition, is_active=True).order_by("full_name", "pk")


@dataclass(frozen=True)
class Timing:
    """How an action on a date stands against a deadline: on time, or how many days late."""

    deadline: Deadline | None
    on: date
    days_late: int

    @property
    def on_time(self) -> bool:
        return self.days_late <= 0


def timing(*, deadline: Deadline | None, on: date | None = None) -> Timing:
    on = on or timezone.localdate()
    days_late = (on - deadline.due_on).days if deadline is not None else 0
    return Timing(deadline=deadline, on=on, days_late=days_late)


def comments_due_if_served(on: date) -> date:
    """When the family's comments on a draft served on ``on`` are due (15 days, beginning with that day)."""
    return next(d.due for d in clock.deadlines_for("draft_plan_issued", on) if d.code == "comments_due")


def comments_rule(on: date) -> clock.Rule:
    return clock.rule("comments_due", on=on, event="draft_plan_issued")
