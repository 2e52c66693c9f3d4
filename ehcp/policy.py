"""Who may see and do what on the assessment journey: one place, used by pages and the API alike.

- Family (parent or carer, young person): the requests for children they are linked to, and drafts they
  started; they send requests, comment on the draft plan and name a preferred setting.
- SENCO and headteacher: requests from or about pupils at their setting; advice asked of their setting;
  consultations sent to their setting. A SENCO may request an assessment for a pupil.
- LA caseworker and SEND manager: everything in their partnership. Only a SEND manager (the LA
  decision-maker) decides whether to assess, whether to issue, and records exceptions.
- Health officer: advice asked of their ICB. Social care officer: social care advice in their partnership.
- Anyone named as the adviser on an advice request: that request, in their inbox.
- Panel members named on a meeting: that meeting and its case papers.
- DfE regional and national users: aggregates only, never a case.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from partnerships.models import CaseParticipant, Child, User
from partnerships.policy import AccessDenied, actor_for, children_visible_to, is_family_of
from partnerships.roles import CASE_INVOLVED_ROLES, FAMILY_ROLES, LA_ROLES, Role

from .models import (
    AdviceRequest,
    AssessmentRequest,
    PanelCase,
    PanelMeeting,
    Plan,
    PlanConsultation,
    PlanReview,
    PlanVersion,
)

SCHOOL_STAFF = (Role.SENCO, Role.HEADTEACHER)


def requests_visible_to(user: User) -> QuerySet[AssessmentRequest]:
    """Every assessment request this person may see.

    A family's children and a person's panel cases are few: they are read first and put in the condition
    as lists, so PostgreSQL uses indexes rather than reading every request (benchmarks/RESULTS.md).
    """
    actor = actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return AssessmentRequest.objects.none()
    condition = Q(requested_by=user)
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    settings = actor.setting_ids_for(*SCHOOL_STAFF)
    if settings:
        condition |= Q(setting_id__in=settings) & ~Q(stage=AssessmentRequest.Stage.DRAFT)
    # Family, and the health, social care and mediation professionals linked to a child, see the child's
    # cases (everyone on a case sees its timeline); so do settings, for their pupils.
    if actor.has_role(*FAMILY_ROLES, *CASE_INVOLVED_ROLES) or settings:
        children = children_visible_to(user).values("pk")
        if not settings and not la:  # a handful of linked children: read them first
            children = sorted(children.values_list("pk", flat=True))
        condition |= Q(child_id__in=children) & ~Q(stage=AssessmentRequest.Stage.DRAFT)
    # Panel members see the cases on the meetings they sit on.
    panel = sorted(PanelCase.objects.filter(meeting__members__user=user).values_list("request_id", flat=True))
    if panel:
        condition |= Q(pk__in=panel)
    return AssessmentRequest.objects.filter(condition)


def access_request(user: User, request_id: int) -> AssessmentRequest:
    """One request this person may see, or 404; DfE users get 403."""
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not cases")
    found = (
        requests_visible_to(user)
        .select_related("child", "partnership", "setting", "caseworker")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("No assessment request found")
    return found


def is_la_staff(user: User, partnership_id: int) -> bool:
    return partnership_id in actor_for(user).partnership_ids_for(*LA_ROLES)


def can_manage(user: User, request: AssessmentRequest) -> bool:
    """Caseworkers and SEND managers run the case: register, request advice, draft, consult."""
    return is_la_staff(user, request.partnership_id)


def can_decide(user: User, request: AssessmentRequest) -> bool:
    """Only the LA decision-maker (SEND manager) decides and records exceptions."""
    return request.partnership_id in actor_for(user).partnership_ids_for(Role.LA_SEND_MANAGER)


def is_family(user: User, request: AssessmentRequest) -> bool:
    """The person who asked, or someone linked to the child as family."""
    if request.requested_by_id == user.pk and request.route == AssessmentRequest.Route.PORTAL:
        return True
    return is_family_of(user, request.child_id)


def can_withdraw(user: User, request: AssessmentRequest) -> bool:
    """The family may withdraw their request, and the LA may record a withdrawal."""
    return is_family(user, request) or can_manage(user, request)


def can_edit_draft(user: User, request: AssessmentRequest) -> bool:
    return request.stage == AssessmentRequest.Stage.DRAFT and request.requested_by_id == user.pk


def can_request_for_setting(user: User, child: Child) -> bool:
    """A SENCO or headteacher may request an assessment for a pupil at their setting (s.36(1))."""
    return bool(child.current_setting_id) and child.current_setting_id in actor_for(user).setting_ids_for(
        *SCHOOL_STAFF
    )


# Professionals without a right to request (s.36(1)) who may bring a child to the LA's attention.
ATTENTION_ROLES = (Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER, Role.AP_PROVIDER, Role.MEDIATOR)


def can_bring_to_attention(user: User, child: Child) -> bool:
    """Health, social care, AP providers, mediators and invited professionals who can see the child.

    Parents, young people and schools request an assessment instead; the LA acts on its own cases.
    """
    actor = actor_for(user)
    if not children_visible_to(user).filter(pk=child.pk).exists():
        return False
    if actor.has_role(*ATTENTION_ROLES):
        return True
    return CaseParticipant.objects.filter(
        user=user, child=child, role=CaseParticipant.Role.INVITED_PROFESSIONAL, revoked_at__isnull=True
    ).exists()


def can_comment_on_draft(user: User, plan: Plan) -> bool:
    return plan.status == Plan.Status.DRAFT and plan.request is not None and is_family(user, plan.request)


# Plans ------------------------------------------------------------------------------------------------


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Every plan this person may read: the LA's plans; a setting's pupils and the plans naming it or
    whose reviews it hosts; the family's and the linked professionals' children. Never DfE users."""
    actor = actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return Plan.objects.none()
    condition = Q(pk__in=[])
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    settings = actor.setting_ids_for(*SCHOOL_STAFF)
    if settings:
        condition |= Q(named_setting_id__in=settings) | Q(child__current_setting_id__in=settings)
        condition |= Q(pk__in=PlanReview.objects.filter(host_setting_id__in=settings).values("plan_id"))
    if actor.has_role(*FAMILY_ROLES, *CASE_INVOLVED_ROLES):
        children = sorted(children_visible_to(user).values_list("pk", flat=True))
        if children:
            condition |= Q(child_id__in=children)
    return Plan.objects.filter(condition)


def access_plan(user: User, plan_id: int) -> Plan:
    """One plan this person may read, or 404; DfE users get 403."""
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not plans")
    found = (
        plans_visible_to(user)
        .select_related("child", "partnership", "named_setting", "current_version", "request")
        .filter(pk=plan_id)
        .first()
    )
    if found is None:
        raise Http404("No plan found")
    return found


def can_edit_plan(user: User, plan: Plan) -> bool:
    """The partnership's caseworkers and SEND managers write the plan, while it is theirs to maintain."""
    return is_la_staff(user, plan.partnership_id) and plan.status in (Plan.Status.DRAFT, Plan.Status.FINAL)


def can_see_working_version(user: User, plan: Plan) -> bool:
    """A version being written is the LA's; everyone else reads the versions issued to them."""
    return is_la_staff(user, plan.partnership_id)


def versions_visible(user: User, plan: Plan) -> QuerySet[PlanVersion]:
    versions = plan.versions.all()
    if not can_see_working_version(user, plan):
        versions = versions.filter(status=PlanVersion.Status.ISSUED)
    return versions


def is_plan_family(user: User, plan: Plan) -> bool:
    return is_family_of(user, plan.child_id)


def is_plan_setting(user: User, plan: Plan) -> bool:
    """Staff of the setting named in the plan, or the child's current setting."""
    settings = actor_for(user).setting_ids_for(*SCHOOL_STAFF)
    return bool(settings) and bool({plan.named_setting_id, plan.child.current_setting_id} & settings)


def advice_visible_to(user: User) -> QuerySet[AdviceRequest]:
    """Advice requests in this person's inbox (or, for LA staff, their partnership's)."""
    actor = actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return AdviceRequest.objects.none()
    condition = Q(adviser=user)
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    settings = actor.setting_ids_for(*SCHOOL_STAFF)
    if settings:
        condition |= Q(setting_id__in=settings, adviser__isnull=True)
    icbs = {m.icb_id for m in actor.memberships if m.role == Role.HEALTH_OFFICER and m.icb_id}
    if icbs:
        condition |= Q(icb_id__in=icbs, adviser__isnull=True)
    social_care = actor.partnership_ids_for(Role.SOCIAL_CARE_OFFICER)
    if social_care:
        condition |= Q(
            partnership_id__in=social_care,
            advice_type=AdviceRequest.AdviceType.SOCIAL_CARE,
            adviser__isnull=True,
        )
    return AdviceRequest.objects.filter(condition)


def access_advice(user: User, advice_id: int) -> AdviceRequest:
    found = (
        advice_visible_to(user)
        .select_related("request", "request__child", "setting", "icb", "adviser")
        .filter(pk=advice_id)
        .first()
    )
    if found is None:
        raise Http404("No advice request found")
    return found


def can_submit_advice(user: User, advice: AdviceRequest) -> bool:
    """The adviser answers, not the LA on their behalf (LA staff may answer only when named)."""
    if advice.status != AdviceRequest.Status.REQUESTED:
        return False
    if advice.adviser_id:
        return advice.adviser_id == user.pk
    return advice_visible_to(user).filter(pk=advice.pk).exclude(partnership_id__in=_la_only(user)).exists()


def _la_only(user: User) -> set[int]:
    actor = actor_for(user)
    return actor.partnership_ids_for(*LA_ROLES) - actor.partnership_ids_for(Role.SOCIAL_CARE_OFFICER)


def consultations_visible_to(user: User) -> QuerySet[PlanConsultation]:
    actor = actor_for(user)
    condition = Q(pk__in=[])
    settings = actor.setting_ids_for(*SCHOOL_STAFF)
    if settings:
        condition |= Q(setting_id__in=settings)
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    return PlanConsultation.objects.filter(condition)


def can_respond_to_consultation(user: User, consultation: PlanConsultation) -> bool:
    return not consultation.response and consultation.setting_id in actor_for(user).setting_ids_for(
        *SCHOOL_STAFF
    )


def meetings_visible_to(user: User) -> QuerySet[PanelMeeting]:
    actor = actor_for(user)
    if actor.is_aggregate_only:
        return PanelMeeting.objects.none()
    condition = Q(members__user=user)
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    return PanelMeeting.objects.filter(pk__in=PanelMeeting.objects.filter(condition).values("pk"))


def can_run_panel(user: User, meeting: PanelMeeting) -> bool:
    return is_la_staff(user, meeting.partnership_id)


# Progress between reviews -------------------------------------------------------------------------------


def progress_author_kinds(user: User, plan: Plan) -> list[str]:
    """Who this person may post progress as, on a plan in force (none: they read only).

    The family posts as themselves, and a parent may post the child's own words; a young person posts
    as the child. The setting named in the plan, or the child's current setting, records progress. LA
    staff may record what they learn. Health and social care professionals read only.
    """
    if plan.status != Plan.Status.FINAL or plan.current_version_id is None:
        return []
    kinds = []
    if is_plan_family(user, plan):
        actor = actor_for(user)
        if actor.has_role(Role.YOUNG_PERSON):
            kinds.append("child")
        if actor.has_role(Role.PARENT_CARER):
            kinds += ["family", "child"]
    if is_plan_setting(user, plan):
        kinds.append("setting")
    if is_la_staff(user, plan.partnership_id):
        kinds.append("la")
    return list(dict.fromkeys(kinds))


def can_post_progress(user: User, plan: Plan) -> bool:
    return bool(progress_author_kinds(user, plan))


# A plan's end in one local authority: ceasing it (s.45) and moving to another (reg 15) -------------------


def can_run_plan_life(user: User, plan: Plan) -> bool:
    """The partnership's caseworkers and SEND managers propose ceasing, record consultations and appeals,
    and notify and complete a move, while the plan is theirs to maintain."""
    return is_la_staff(user, plan.partnership_id) and plan.status == Plan.Status.FINAL


# Deciding to cease is ``can_decide_plan`` (below, with the review decisions): SEND managers only.


# Plan reviews -----------------------------------------------------------------------------------------------


def can_decide_plan(user: User, plan: Plan) -> bool:
    """Only the LA decision-maker (a SEND manager) decides to keep, amend or cease a maintained plan."""
    return plan.status == Plan.Status.FINAL and plan.partnership_id in actor_for(user).partnership_ids_for(
        Role.LA_SEND_MANAGER
    )


def is_review_host(user: User, review: PlanReview) -> bool:
    """Staff of the setting whose head arranges the review meeting (reg 20(1))."""
    return bool(review.host_setting_id) and review.host_setting_id in actor_for(user).setting_ids_for(
        *SCHOOL_STAFF
    )


def can_run_review(user: User, review: PlanReview) -> bool:
    """The LA, and the hosting setting's head and SENCO, record the meeting's steps and its report."""
    return can_edit_plan(user, review.plan) or is_review_host(user, review)


def reviews_visible_to(user: User) -> QuerySet[PlanReview]:
    """The reviews of the plans this person may read (the family sees their child's review dates and report;
    a setting sees the reviews it hosts and its pupils'). Never DfE users."""
    return PlanReview.objects.filter(plan__in=plans_visible_to(user).values("pk"))


def access_review(user: User, review_id: int) -> PlanReview:
    """One review this person may read, or 404; DfE users get 403."""
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not plans")
    found = (
        reviews_visible_to(user)
        .select_related("plan", "plan__child", "plan__partnership", "plan__named_setting", "host_setting")
        .filter(pk=review_id)
        .first()
    )
    if found is None:
        raise Http404("No review found")
    return found
