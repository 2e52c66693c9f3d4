"""Writes for children's records. Each service is atomic, takes keyword-only arguments, checks the
access policy, and leaves an audit trail (pghistory triggers record before and after, with the acting
user from the request context)."""

from datetime import datetime, timedelta
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from . import policy
from .models import CaseParticipant, Child, ChildAccessLog, Partnership, User
from .policy import AccessDenied

CHILD_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "upn",
    "nhs_number",
    "home_local_authority",
    "current_setting",
)


def _validate_child(child: Child) -> None:
    errors: dict[str, list[str]] = {}
    if child.upn:
        child.upn = child.upn.strip().upper()
    if child.nhs_number:
        child.nhs_number = child.nhs_number.replace(" ", "")
    try:
        child.full_clean(exclude=["partnership"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _context(actor: User, action: str):
    return pghistory.context(user=actor.pk, action=action)


@transaction.atomic
def child_create(*, actor: User, partnership: Partnership, **fields: Any) -> Child:
    if not policy.can_create_child(actor, partnership):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can add a child")
    child = Child(partnership=partnership, **{k: v for k, v in fields.items() if k in CHILD_EDITABLE_FIELDS})
    _validate_child(child)
    with _context(actor, "child_create"):
        child.save()
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, data: dict[str, Any]) -> tuple[Child, bool]:
    """Change the given fields; returns the child and whether anything changed."""
    if not policy.can_edit_child(actor, child):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can change a child's record")
    changed = False
    for field in CHILD_EDITABLE_FIELDS:
        if field in data and getattr(child, field) != data[field]:
            setattr(child, field, data[field])
            changed = True
    if not changed:
        return child, False
    _validate_child(child)
    with _context(actor, "child_update"):
        child.save()
    return child, True


@transaction.atomic
def child_delete(*, actor: User, child: Child) -> None:
    if not policy.can_delete_child(actor, child):
        raise AccessDenied("Only a SEND manager or support administrator can delete a child's record")
    with _context(actor, "child_delete"):
        child.delete()


@transaction.atomic
def child_share(
    *, actor: User, child: Child, professional: User, expires_at: datetime, reason: str
) -> CaseParticipant:
    """Share one child's record with an invited professional until ``expires_at`` (guardian grant)."""
    if not policy.can_share_child(actor, child):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can share a child's record")
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": ["The end of sharing must be in the future"]})
    if expires_at > timezone.now() + timedelta(days=366):
        raise ValidationError(
            {"expires_at": ["Sharing can last at most a year; share again if it is still needed"]}
        )
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the record is being shared"]})
    with _context(actor, "child_share"):
        participant = CaseParticipant.objects.create(
            partnership=child.partnership,
            child=child,
            user=professional,
            role=CaseParticipant.Role.INVITED_PROFESSIONAL,
            reason=reason.strip(),
            granted_by=actor,
            expires_at=expires_at,
        )
        assign_perm("partnerships.view_child", professional, child)
    return participant


@transaction.atomic
def child_share_revoke(*, actor: User, participant: CaseParticipant) -> None:
    if not policy.can_share_child(actor, participant.child):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can stop sharing")
    with _context(actor, "child_share_revoke"):
        participant.revoked_at = timezone.now()
        participant.save(update_fields=["revoked_at"])
        remove_perm("partnerships.view_child", participant.user, participant.child)


@transaction.atomic
def child_shares_expire(*, now: datetime | None = None) -> int:
    """Remove the guardian grants of invitations that have ended. Run hourly by Celery beat."""
    now = now or timezone.now()
    invited = CaseParticipant.objects.filter(
        role=CaseParticipant.Role.INVITED_PROFESSIONAL, revoked_at__isnull=True
    )
    ended = list(invited.filter(expires_at__lte=now).select_related("child", "user"))
    # A person invited again (a later, still-running invitation) keeps the grant.
    still_invited = set(
        invited.filter(expires_at__gt=now, child__in={p.child_id for p in ended}).values_list(
            "child_id", "user_id"
        )
    )
    with pghistory.context(action="child_shares_expire"):
        for participant in ended:
            if (participant.child_id, participant.user_id) not in still_invited:
                remove_perm("partnerships.view_child", participant.user, participant.child)
        CaseParticipant.objects.filter(pk__in=[p.pk for p in ended]).update(revoked_at=now)
    return len(ended)


def child_record_viewed(*, actor: User, child: Child, channel: str, path: str) -> ChildAccessLog:
    """Log that someone looked at a child's record (runs inside the request's transaction)."""
    return ChildAccessLog.objects.create(
        partnership_id=child.partnership_id, child=child, user=actor, channel=channel, path=path[:300]
    )
