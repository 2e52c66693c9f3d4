"""Reads for the assessment journey. Every read starts from a scoped policy queryset, and each list runs
a fixed number of queries whatever the amount of data (the work queue and portal are benchmarked)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerships.models import Child, User

from . import clock, policy
from .models import AdviceRequest, AssessmentRequest, CaseException, Deadline, PlanConsultation

Stage = AssessmentRequest.Stage
DStatus = Deadline.Status
REASSESSMENT_MONTHS = 6


@dataclass(frozen=True)
class QueueFilters:
    stage: str = ""
    due_within_days: int | None = None
    overdue: bool = False
    caseworker_id: int | None = None
    unassigned: bool = False
    setting_id: int | None = None
    search: str = ""


def work_queue(*, user: User, filters: QueueFilters = QueueFilters(), today: date | None = None) -> QuerySet:
    """Open cases in the person's partnerships, most urgent first (earliest open deadline), with filters.

    Ordered by ``next_due_on`` on an index, so a page of the queue costs the same at any scale.
    """
    today = today or timezone.localdate()
    la = policy.actor_for(user).partnership_ids_for(*policy.LA_ROLES)
    cases = AssessmentRequest.objects.filter(partnership_id__in=la, stage__in=AssessmentRequest.OPEN_STAGES)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.overdue:
        cases = cases.filter(next_due_on__lt=today)
    if filters.due_within_days is not None:
        cases = cases.filter(next_due_on__lte=today + timedelta(days=filters.due_within_days))
    if filters.unassigned:
        cases = cases.filter(caseworker__isnull=True)
    elif filters.caseworker_id:
        cases = cases.filter(caseworker_id=filters.caseworker_id)
    if filters.setting_id:
        cases = cases.filter(setting_id=filters.setting_id)
    if filters.search:
        term = filters.search.strip()
        if term.isdecimal():
            cases = cases.filter(pk=int(term))
        else:
            for word in term.split():  # "Riley Taylor" matches first and last names together
                cases = cases.filter(
                    Q(child__first_name__istartswith=word) | Q(child__last_name__istartswith=word)
                )
    return cases.select_related("child", "caseworker", "setting").order_by("next_due_on", "pk")


def next_deadlines(cases: list[AssessmentRequest]) -> dict[int, Deadline]:
    """The most urgent open deadline of each case on a page (one query for the page)."""
    rows = (
        Deadline.objects.filter(request_id__in=[c.pk for c in cases], met_on__isnull=True)
        .exclude(status=DStatus.NOT_NEEDED)
        .order_by("request_id", "due_on", "pk")
        .distinct("request_id")
    )
    return {d.request_id: d for d in rows}


def family_requests(*, user: User) -> QuerySet[AssessmentRequest]:
    """The parent portal: my requests (drafts I started, and every request about my children)."""
    return (
        policy.requests_visible_to(user)
        .select_related("child", "setting")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(met_on__isnull=True)
                .exclude(status=DStatus.NOT_NEEDED)
                .order_by("due_on"),
                to_attr="open_deadlines",
            )
        )
        .order_by("-created_at", "-pk")
    )


def family_actions(*, user: User) -> list[dict]:
    """What the family needs to do now: drafts to finish, draft plans to comment on."""
    actions = []
    for request in family_requests(user=user):
        if request.stage == Stage.DRAFT and request.requested_by_id == user.pk:
            actions.append({"kind": "finish_request", "request": request})
        for deadline in request.open_deadlines:
            if deadline.who_acts == Deadline.WhoActs.FAMILY:
                actions.append({"kind": deadline.code, "request": request, "deadline": deadline})
    return actions


def case_timeline(*, request: AssessmentRequest) -> list[Deadline]:
    return list(
        request.deadlines.select_related("exception", "advice_request", "consultation").order_by(
            "due_on", "pk"
        )
    )


def case_exceptions(*, request: AssessmentRequest) -> list[CaseException]:
    return list(request.exceptions.select_related("decided_by", "evidence"))


def previous_assessment(*, request: AssessmentRequest) -> AssessmentRequest | None:
    """An assessment of the same child finished in the 6 months before this request (s.36(6)(b))."""
    if not request.child_id or not request.received_on:
        return None
    since = clock.add_months(request.received_on, -REASSESSMENT_MONTHS)
    return (
        AssessmentRequest.objects.filter(child_id=request.child_id, assess_decision="assess")
        .exclude(pk=request.pk)
        .filter(
            Q(final_issued_on__gte=since)
            | Q(issue_decided_on__gte=since)
            | Q(stage__in=[Stage.ASSESSING, Stage.DRAFT_PLAN])
        )
        .order_by("-received_on")
        .first()
    )


def advice_inbox(*, user: User, include_done: bool = False) -> QuerySet[AdviceRequest]:
    advice = policy.advice_visible_to(user).exclude(partnership_id__in=policy._la_only(user))
    if not include_done:
        advice = advice.filter(status=AdviceRequest.Status.REQUESTED)
    return (
        advice.select_related("request", "request__child", "setting", "icb")
        .prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on"), to_attr="timeline")
        )
        .order_by("requested_on", "pk")
    )


def consultations_for_setting(*, user: User, include_done: bool = False) -> QuerySet[PlanConsultation]:
    settings = policy.actor_for(user).setting_ids_for(*policy.SCHOOL_STAFF)
    consultations = PlanConsultation.objects.filter(setting_id__in=settings)
    if not include_done:
        consultations = consultations.filter(response="")
    return (
        consultations.select_related("plan", "plan__request", "plan__child", "setting")
        .prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on"), to_attr="timeline")
        )
        .order_by("sent_on", "pk")
    )


def setting_requests(*, user: User) -> QuerySet[AssessmentRequest]:
    """Requests from, or about pupils at, the person's setting (the SENCO dashboard)."""
    settings = policy.actor_for(user).setting_ids_for(*policy.SCHOOL_STAFF)
    return (
        AssessmentRequest.objects.filter(
            Q(setting_id__in=settings) | Q(child__current_setting_id__in=settings)
        )
        .exclude(stage=Stage.DRAFT)
        .select_related("child")
        .order_by("-received_on", "-pk")
    )


def timeliness(
    *, partnership_ids: list[int] | None = None, since: date | None = None, until: date | None = None
) -> dict:
    """The 20-week rate: final plans issued within 20 weeks, with and without exception cases (SEN2).

    ``including_exceptions`` counts every plan made; ``excluding_exceptions`` leaves out cases where an
    exception applied to the 20-week limit, as SEN2 reports both.
    """
    deadlines = Deadline.objects.filter(code="final_plan_due", met_on__isnull=False)
    if partnership_ids is not None:
        deadlines = deadlines.filter(partnership_id__in=partnership_ids)
    if since:
        deadlines = deadlines.filter(met_on__gte=since)
    if until:
        deadlines = deadlines.filter(met_on__lte=until)
    counts = deadlines.aggregate(
        total=Count("pk"),
        excepted=Count("pk", filter=Q(status=DStatus.EXCEPTED)),
        on_time=Count("pk", filter=Q(met_on__lte=F("due_on"))),
        on_time_not_excepted=Count("pk", filter=Q(met_on__lte=F("due_on")) & ~Q(status=DStatus.EXCEPTED)),
    )
    total, excepted = counts["total"], counts["excepted"]
    not_excepted = total - excepted
    return {
        "plans": total,
        "excepted": excepted,
        "within_20_weeks": counts["on_time"],
        "rate_including_exceptions": _rate(counts["on_time"], total),
        "rate_excluding_exceptions": _rate(counts["on_time_not_excepted"], not_excepted),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def children_for_school_request(*, user: User) -> QuerySet[Child]:
    settings = policy.actor_for(user).setting_ids_for(*policy.SCHOOL_STAFF)
    return Child.objects.filter(current_setting_id__in=settings).order_by("last_name", "first_name")
