"""Reads for the caseworker back office and the case page. Each starts from the access policy, and each
list costs a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnerships.models import Child, Setting, User
from partnerships.policy import children_visible_to
from partnerships.roles import LA_ROLES

from . import clock, policy, selectors
from .models import (
    AdviceRequest,
    AssessmentRequest,
    AttentionReferral,
    CaseDocument,
    Deadline,
    DecisionLetter,
    PanelCase,
    Plan,
    PlanConsultation,
)

Stage = AssessmentRequest.Stage


def la_partnership_ids(user: User) -> set[int]:
    return policy.actor_for(user).partnership_ids_for(*LA_ROLES)


# The work queue -----------------------------------------------------------------------------------------


def caseworker_choices(*, user: User) -> list[User]:
    """Caseworkers and SEND managers of the person's partnerships (one query)."""
    return list(
        User.objects.filter(
            memberships__is_active=True,
            memberships__role__in=list(LA_ROLES),
            memberships__partnership_id__in=la_partnership_ids(user),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def setting_choices(*, user: User) -> list[Setting]:
    """The open settings of the person's partnerships, for the queue's filter (one query)."""
    return list(
        Setting.objects.filter(partnership_id__in=la_partnership_ids(user), is_open=True)
        .only("pk", "name")
        .order_by("name", "pk")
    )


def overdue_days(due: date | None, today: date) -> int:
    return (today - due).days if due is not None and due < today else 0


def queue_rows(cases: list[AssessmentRequest], *, today: date) -> list[dict]:
    """One page of the queue, each case with its most urgent open deadline (one query for the page)."""
    nexts = selectors.next_deadlines(cases) if cases else {}
    rows = []
    for case in cases:
        deadline = nexts.get(case.pk)
        due = deadline.due_on if deadline else case.next_due_on
        rows.append({"case": case, "deadline": deadline, "overdue_days": overdue_days(due, today)})
    return rows


# The case page ------------------------------------------------------------------------------------------


def with_durations(deadlines: list[Deadline], *, today: date | None = None) -> list[Deadline]:
    """Give each deadline its time limit in words (``duration``, "6 weeks") from the rules it was made with,
    and how many days it is overdue (``overdue_days``), for ``templates/ehcp/_timeline.html``."""
    today = today or timezone.localdate()
    for deadline in deadlines:
        try:
            rule = clock.rule(deadline.code, on=deadline.start_on, event=deadline.event)
        except (LookupError, ValueError):
            deadline.duration = ""
        else:
            deadline.duration = rule.duration
        still_open = deadline.met_on is None and deadline.status in (
            Deadline.Status.PENDING,
            Deadline.Status.MISSED,
        )
        deadline.overdue_days = overdue_days(deadline.due_on, today) if still_open else 0
    return deadlines


def deadline_sentence(deadline: Deadline) -> str:
    """ "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"."""
    duration = getattr(deadline, "duration", "")
    basis = f"{duration}, {deadline.plain_basis}" if duration else deadline.plain_basis
    return f"{deadline.title} due by {clock.long_date(deadline.due_on)} ({basis})"


@dataclass
class CaseFile:
    """Everything the case page shows about one request, read in a fixed number of queries."""

    request: AssessmentRequest
    timeline: list[Deadline]
    exceptions: list
    panel_cases: list[PanelCase]
    advice: list[AdviceRequest]
    plan: Plan | None
    consultations: list[PlanConsultation]
    letters: list[DecisionLetter]
    documents: list[CaseDocument]
    previous_assessment: AssessmentRequest | None


def case_file(*, request: AssessmentRequest, today: date | None = None) -> CaseFile:
    plan = (
        Plan.objects.filter(request=request)
        .select_related("preferred_setting", "named_setting", "family_commented_by")
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=PlanConsultation.objects.select_related("setting").order_by("sent_on", "pk"),
            )
        )
        .first()
    )
    return CaseFile(
        request=request,
        timeline=with_durations(case_timeline(request=request), today=today),
        exceptions=selectors.case_exceptions(request=request),
        panel_cases=list(
            request.panel_cases.select_related("meeting", "recorded_by").order_by("meeting__meets_at", "pk")
        ),
        advice=list(
            request.advice_requests.select_related("setting", "icb", "adviser", "document").order_by(
                "requested_on", "pk"
            )
        ),
        plan=plan,
        consultations=list(plan.consultations.all()) if plan else [],
        letters=list(request.letters.defer("html").select_related("issued_by").order_by("issued_on", "pk")),
        documents=case_documents(request=request),
        previous_assessment=selectors.previous_assessment(request=request),
    )


def case_timeline(*, request: AssessmentRequest) -> list[Deadline]:
    """Every deadline on the case, with what the timeline's details name (one query)."""
    return list(
        request.deadlines.select_related(
            "exception", "advice_request", "consultation", "consultation__setting"
        ).order_by("due_on", "pk")
    )


def case_documents(*, request: AssessmentRequest) -> list[CaseDocument]:
    return list(request.documents.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def can_add_document(user: User, request: AssessmentRequest) -> bool:
    """Mirrors ``services.document_add`` for a person who can already see the case: the person who started
    a draft, and once it is sent, everyone on the case."""
    return policy.can_edit_draft(user, request) or request.stage != Stage.DRAFT


def case_document(*, request: AssessmentRequest, document_id: int) -> CaseDocument:
    found = request.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404("No document found")
    return found


def case_letter(*, request: AssessmentRequest, letter_id: int) -> DecisionLetter:
    found = request.letters.filter(pk=letter_id).first()
    if found is None:
        raise Http404("No letter found")
    return found


# Recording a request ------------------------------------------------------------------------------------


def recordable_children(*, user: User) -> QuerySet[Child]:
    """Children of the person's partnerships that a caseworker may record a request for."""
    return (
        children_visible_to(user)
        .filter(partnership_id__in=la_partnership_ids(user))
        .select_related("current_setting")
    )


def find_children(*, user: User, search: str) -> QuerySet[Child]:
    children = recordable_children(user=user)
    for term in search.split():
        children = children.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(upn__iexact=term)
        )
    return children.order_by("last_name", "first_name", "pk")


# Referrals ----------------------------------------------------------------------------------------------


def referrals_visible_to(user: User) -> QuerySet[AttentionReferral]:
    return AttentionReferral.objects.filter(partnership_id__in=la_partnership_ids(user))


def open_referrals(*, user: User) -> QuerySet[AttentionReferral]:
    return (
        referrals_visible_to(user)
        .filter(outcome=AttentionReferral.Outcome.OPEN)
        .select_related("child", "referred_by")
        .order_by("created_at", "pk")
    )


def access_referral(*, user: User, referral_id: int) -> AttentionReferral:
    found = (
        referrals_visible_to(user)
        .select_related("child", "referred_by", "outcome_by", "resulting_request")
        .filter(pk=referral_id)
        .first()
    )
    if found is None:
        raise Http404("No referral found")
    return found
