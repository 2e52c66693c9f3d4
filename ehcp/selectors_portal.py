"""Reads for the family portal and the school screens. Each starts from a scoped policy queryset or an
``ehcp.selectors`` read, and every list runs a fixed number of queries however much data there is."""

import dataclasses

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet

from partnerships.models import Child, Partnership, Setting, User
from partnerships.roles import Role

from . import plan_content, policy, selectors, selectors_decisions
from .models import AssessmentRequest, Deadline, Plan, PlanConsultation, PlanVersion

Stage = AssessmentRequest.Stage
FAMILY_REQUEST_ROLES = (Role.PARENT_CARER, Role.YOUNG_PERSON)
SCHOOL_REQUESTS_PER_PAGE = 25

# Where a request is, in plain English, and the colour of its tag.
STAGE_TAGS = {
    Stage.DRAFT: "govuk-tag--grey",
    Stage.RECEIVED: "govuk-tag--blue",
    Stage.PANEL: "govuk-tag--purple",
    Stage.REFUSED: "govuk-tag--red",
    Stage.ASSESSING: "govuk-tag--light-blue",
    Stage.NOT_ISSUING: "govuk-tag--red",
    Stage.DRAFT_PLAN: "govuk-tag--yellow",
    Stage.FINAL: "govuk-tag--green",
    Stage.WITHDRAWN: "govuk-tag--grey",
}
WHAT_HAPPENS_NEXT = {
    Stage.DRAFT: "You have not sent this request yet. Your answers are saved: finish it and send it when "
    "you are ready.",
    Stage.RECEIVED: "The local authority has your request. It will decide whether to carry out an EHC needs "
    "assessment, and tell you.",
    Stage.PANEL: "A panel of people from education, health and social care will look at the request and "
    "recommend whether to assess. The local authority then decides and tells you.",
    Stage.REFUSED: "The local authority decided not to carry out an assessment. Its letter explains why, and "
    "how you can ask for mediation or appeal.",
    Stage.ASSESSING: "The local authority is asking the school, health, social care and an educational "
    "psychologist for advice. It will then decide whether to issue an EHC plan.",
    Stage.NOT_ISSUING: "The local authority decided not to issue an EHC plan. Its letter explains why, and how "
    "you can ask for mediation or appeal.",
    Stage.DRAFT_PLAN: "A draft EHC plan has been sent to you. Read it, tell the local authority what you "
    "think, and say which school or college you would like.",
    Stage.FINAL: "The final EHC plan has been issued.",
    Stage.WITHDRAWN: "This request was withdrawn.",
}
CONSULTATION_SECTIONS = ("A", "B", "E", "F")
SECTION_I_IN_DRAFT = (
    "A draft plan does not name a school or college. The placement will be named in the final plan, "
    "after the local authority has considered your preference."
)


def family_partnerships(*, user: User) -> QuerySet[Partnership]:
    """The partnerships where this person may request an assessment as a parent or young person."""
    ids = policy.actor_for(user).partnership_ids_for(*FAMILY_REQUEST_ROLES)
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def portal_requests(*, user: User) -> list[AssessmentRequest]:
    """My requests for the portal home, each with its open deadlines and how many files are uploaded."""
    return list(selectors.family_requests(user=user).annotate(document_count=Count("documents")))


def linked_children(*, user: User, partnership_id: int) -> QuerySet[Child]:
    """Children the person is linked to in the request's partnership (the 'who is it for' choices)."""
    return (
        policy.children_visible_to(user)
        .filter(partnership_id=partnership_id)
        .select_related("current_setting")
        .order_by("first_name", "last_name", "pk")
    )


def partnership_settings(*, partnership_id: int) -> QuerySet[Setting]:
    return Setting.objects.filter(partnership_id=partnership_id, is_open=True).order_by("name")


def request_documents(*, request: AssessmentRequest):
    return list(request.documents.order_by("uploaded_at", "pk"))


def case_deadlines(*, request: AssessmentRequest, codes: tuple[str, ...] = ()) -> list[Deadline]:
    deadlines = request.deadlines.order_by("due_on", "pk")
    if codes:
        deadlines = deadlines.filter(code__in=codes)
    return list(deadlines)


def plan_for_case(*, request: AssessmentRequest) -> Plan | None:
    return Plan.objects.filter(request=request).select_related("preferred_setting").first()


def comments_deadline(*, request: AssessmentRequest) -> Deadline | None:
    """The 15-day period for the family's comments on the draft plan (the latest, if served again)."""
    return request.deadlines.filter(code="comments_due").order_by("-start_on", "-pk").first()


def consultation_for_setting(*, user: User, consultation_id: int) -> PlanConsultation | None:
    """One consultation this person may see (the consulted setting's staff, or the LA), or None."""
    return (
        policy.consultations_visible_to(user)
        .select_related("plan", "plan__request", "plan__child", "setting")
        .filter(pk=consultation_id)
        .first()
    )


def consultation_deadline(*, consultation: PlanConsultation) -> Deadline | None:
    return consultation.deadlines.order_by("due_on", "pk").first()


def plan_visible_to(*, user: User, plan_id: int) -> Plan | None:
    """A plan whose case this person may see, or None."""
    return (
        Plan.objects.filter(pk=plan_id, request__in=policy.requests_visible_to(user))
        .select_related("request", "request__child", "child")
        .first()
    )


def school_dashboard(*, user: User, page_number=None) -> dict:
    """The SENCO's dashboard: requests from the school (a page of them, each with its next deadline),
    advice asked of them, and consultations waiting for an answer."""
    page = Paginator(selectors.setting_requests(user=user), SCHOOL_REQUESTS_PER_PAGE).get_page(page_number)
    requests = list(page.object_list)
    next_due = selectors.next_deadlines(requests)
    for case in requests:
        case.next_deadline = next_due.get(case.pk)
    advice = list(selectors.advice_inbox(user=user))
    for item in advice:
        item.next_deadline = next(
            (d for d in item.timeline if d.met_on is None and d.status != Deadline.Status.NOT_NEEDED), None
        )
    consultations = list(selectors.consultations_for_setting(user=user))
    for item in consultations:
        item.next_deadline = item.timeline[0] if item.timeline else None
    return {"requests_page": page, "requests": requests, "advice": advice, "consultations": consultations}


@dataclasses.dataclass(frozen=True)
class PlanShown:
    """The version of a plan a person reads, and its sections ready for ``ehcp/plans/_content.html``."""

    version: PlanVersion | None
    sections: list[plan_content.PresentedSection]

    def content(self, codes: tuple[str, ...] = ()) -> dict:
        """The structured content (for the API), only the sections in ``codes`` if given."""
        if self.version is None:
            return {}
        content = self.version.content or {}
        return {code: data for code, data in content.items() if not codes or code in codes}


def plan_shown(*, user: User, plan: Plan, codes: tuple[str, ...] = ()) -> PlanShown:
    """The plan as this person may read it: the family and settings the last version issued to them (the
    served draft, then the final plan), the LA the version being written (``selectors_decisions``)."""
    version = selectors_decisions.version_shown(user=user, plan=plan)
    if version is None:
        return PlanShown(version=None, sections=[])
    sections = plan_content.present(version.content or {})
    if codes:
        sections = [section for section in sections if section.code in codes]
    if version.kind == PlanVersion.Kind.DRAFT:
        sections = [
            dataclasses.replace(section, lines=(SECTION_I_IN_DRAFT,))
            if section.code == "I" and section.empty
            else section
            for section in sections
        ]
    return PlanShown(version=version, sections=sections)
