"""Who may see and do what in redress: one place, used by the pages and the API alike (docs/adr/0015).

- LA caseworkers and SEND managers: every decision and dispute in their partnership; they open disputes,
  record the family's mediation choice, assign a mediator, register appeals, orders and outcomes.
- Mediators: only the disputes assigned to them (not every child they are linked to); they record the
  mediation meeting and issue the certificate.
- Families (parent or carer, young person): their own children's decisions and disputes, read only.
- Anyone else sees nothing (404); DfE regional and national users get 403 (aggregates only).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from partnerships.models import CaseParticipant, User
from partnerships.policy import AccessDenied, _active_participation, actor_for
from partnerships.roles import FAMILY_ROLES, LA_ROLES, Role

from .models import AppealableDecision, Dispute

FAMILY_PARTICIPANTS = (CaseParticipant.Role.PARENT_CARER, CaseParticipant.Role.YOUNG_PERSON)


def _family_child_ids(user: User) -> list[int]:
    return sorted(_active_participation(user, FAMILY_PARTICIPANTS).values_list("child_id", flat=True))


def _refuse_dfe(user: User) -> None:
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not children's disputes")


def la_partnership_ids(user: User) -> set[int]:
    return actor_for(user).partnership_ids_for(*LA_ROLES)


def is_family(user: User) -> bool:
    return actor_for(user).has_role(*FAMILY_ROLES)


def is_mediator(user: User) -> bool:
    return actor_for(user).has_role(Role.MEDIATOR)


def may_use_redress(user: User) -> bool:
    """The list of disputes is for the LA and mediators; families use their portal page."""
    return bool(la_partnership_ids(user)) or is_mediator(user)


def disputes_visible_to(user: User) -> QuerySet[Dispute]:
    actor = actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return Dispute.objects.none()
    condition = Q(pk__in=[])
    la = la_partnership_ids(user)
    if la:
        condition |= Q(partnership_id__in=la)
    if actor.has_role(Role.MEDIATOR):
        condition |= Q(mediator=user, partnership_id__in=actor.partnership_ids_for(Role.MEDIATOR))
    if actor.has_role(*FAMILY_ROLES):
        condition |= Q(child_id__in=_family_child_ids(user))
    return Dispute.objects.filter(condition)


def decisions_visible_to(user: User) -> QuerySet[AppealableDecision]:
    actor = actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return AppealableDecision.objects.none()
    condition = Q(pk__in=[])
    la = la_partnership_ids(user)
    if la:
        condition |= Q(partnership_id__in=la)
    if actor.has_role(*FAMILY_ROLES):
        condition |= Q(child_id__in=_family_child_ids(user))
    return AppealableDecision.objects.filter(condition)


def access_dispute(user: User, pk: int) -> Dispute:
    """One dispute this person may see, or 404; DfE users get 403."""
    _refuse_dfe(user)
    found = (
        disputes_visible_to(user)
        .select_related("child", "partnership", "decision", "mediator", "caseworker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No dispute found")
    return found


def access_decision(user: User, pk: int) -> AppealableDecision:
    _refuse_dfe(user)
    found = decisions_visible_to(user).select_related("child").filter(pk=pk).first()
    if found is None:
        raise Http404("No decision found")
    return found


def can_manage(user: User, dispute_or_partnership_id) -> bool:
    """LA caseworkers and SEND managers of the dispute's partnership run it."""
    partnership_id = getattr(dispute_or_partnership_id, "partnership_id", dispute_or_partnership_id)
    return partnership_id in la_partnership_ids(user)


def can_mediate(user: User, dispute: Dispute) -> bool:
    """The mediator assigned to the dispute (still a mediator in its partnership), or the LA."""
    if can_manage(user, dispute):
        return True
    return dispute.mediator_id == user.pk and dispute.partnership_id in actor_for(user).partnership_ids_for(
        Role.MEDIATOR
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise AccessDenied(message)


def require_list_access(user: User) -> None:
    _refuse_dfe(user)
    require(may_use_redress(user), "Only the local authority and mediators use the redress case list")
