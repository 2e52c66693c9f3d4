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
from partnerships.policy import AccessDenied, actor_for, children_visible_to
from partnerships.roles import CASE_INVOLVED_ROLES, FAMILY_ROLES, LA_ROLES, Role

from .models import AdviceRequest, AssessmentRequest, PanelCase, PanelMeeting, Plan, PlanConsultation

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
    if not request.child_id or not actor_for(user).has_role(*FAMILY_ROLES):
        return False
    return children_visible_to(user).filter(pk=request.child_id).exists()


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
    return plan.status == Plan.Status.DRAFT and is_family(user, plan.request)


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
