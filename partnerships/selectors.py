"""Reads for children's records. Every one takes the acting user and goes through the access policy."""

from django.db.models import Q, QuerySet
from pghistory.models import Events

from . import policy
from .models import CaseParticipant, Child, ChildAccessLog, ParentalResponsibility, Setting, User
from .policy import AccessDenied


def child_list(*, user: User, search: str = "", setting_id: int | None = None) -> QuerySet[Child]:
    qs = policy.children_visible_to(user).select_related(
        "current_setting", "home_local_authority", "partnership"
    )
    if search:
        terms = search.split()
        for term in terms:
            qs = qs.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(upn__iexact=term))
    if setting_id:
        qs = qs.filter(current_setting_id=setting_id)
    return qs.order_by("last_name", "first_name", "pk")


def child_get(*, user: User, child_id: int) -> Child:
    return policy.access_child_by_id(user, child_id)


def child_people(*, child: Child) -> dict:
    """The people around a child: parental responsibility and everyone taking part in the case."""
    return {
        "parental_responsibilities": list(
            ParentalResponsibility.objects.filter(child=child).order_by("full_name")
        ),
        "participants": list(
            CaseParticipant.objects.filter(child=child, revoked_at__isnull=True)
            .select_related("user")
            .order_by("role", "user__full_name")
        ),
    }


def child_audit_trail(*, user: User, child: Child) -> list[dict]:
    """Every change to the child's record and its linked rows, newest first, with who made it."""
    if not policy.can_view_audit_trail(user, child):
        raise AccessDenied("Only support administrators and SEND managers can see the audit trail")
    events = list(Events.objects.references(child).order_by("-pgh_created_at", "-pgh_id"))
    user_ids = {(e.pgh_context or {}).get("user") for e in events}
    names = {u.pk: u for u in User.objects.filter(pk__in=[u for u in user_ids if u])}
    trail = []
    for event in events:
        metadata = event.pgh_context or {}
        trail.append(
            {
                "at": event.pgh_created_at,
                "label": event.pgh_label,
                "model": event.pgh_model,
                "object_id": event.pgh_obj_id,
                "before_after": event.pgh_diff or {},
                "data": event.pgh_data,
                "actor": names.get(metadata.get("user")),
                "action": metadata.get("action", ""),
                "url": metadata.get("url", ""),
            }
        )
    return trail


def child_access_log(*, user: User, child: Child, limit: int = 100) -> list[ChildAccessLog]:
    if not policy.can_view_audit_trail(user, child):
        raise AccessDenied("Only support administrators and SEND managers can see who viewed a record")
    return list(ChildAccessLog.objects.filter(child=child).select_related("user")[:limit])


def settings_for_user(*, user: User) -> QuerySet[Setting]:
    """The settings a school-side person works in."""
    actor = policy.actor_for(user)
    return Setting.objects.filter(pk__in=actor.setting_ids_for(*policy.SETTING_ROLES)).order_by("name")
