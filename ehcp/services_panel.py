"""The panel area's one write of its own: arranging a meeting checks its members before the shared service
(``services.panel_meeting_create``) saves it. Every other write goes straight to ``ehcp.services``.

A panel needs a chair (the local authority's), and each member a name and a perspective; a member with an
account must be one of the partnership's staff (``selectors_panel.panel_member_candidates``). Missing
education, health, social care or parent representatives is a warning, not an error: the green paper
(chapter 2, paragraph 13) wants multi-agency panels, but an LA may still have to meet without one.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Partnership, User
from partnerships.policy import AccessDenied

from . import policy, selectors_panel, services
from .models import PanelMeeting, PanelMember

MEMBER_FIELDS = {"name", "perspective", "user"}


def check_members(*, partnership: Partnership, members: list[dict]) -> dict[str, list[str]]:
    """Field errors for a meeting's members, keyed ``members`` (empty when they are fine)."""
    errors: list[str] = []
    if not members:
        errors.append("Add the panel's members, with a chair")
    candidates = None
    for number, member in enumerate(members, start=1):
        unknown = set(member) - MEMBER_FIELDS
        if unknown:
            errors.append(f"Member {number}: unknown details {', '.join(sorted(unknown))}")
        if not (member.get("name") or "").strip():
            errors.append(f"Member {number}: enter their name")
        if member.get("perspective") not in PanelMember.Perspective.values:
            errors.append(f"Member {number}: choose the perspective they bring")
        user = member.get("user")
        if user is not None:
            if candidates is None:
                candidates = set(
                    selectors_panel.panel_member_candidates(partnership_ids=[partnership.pk]).values_list(
                        "pk", flat=True
                    )
                )
            if not isinstance(user, User) or user.pk not in candidates:
                errors.append(f"Member {number}: choose someone who works with this partnership")
    if members and not any(m.get("perspective") == PanelMember.Perspective.CHAIR for m in members):
        errors.append("The panel needs a chair: choose Chair for one of the members")
    return {"members": errors} if errors else {}


@transaction.atomic
def panel_meeting_arrange(
    *,
    actor: User,
    partnership: Partnership,
    meets_at: datetime,
    location: str,
    agenda: str = "",
    members: Iterable[dict] = (),
) -> PanelMeeting:
    """Arrange a panel meeting: its members are checked, then ``services.panel_meeting_create`` saves it."""
    if not policy.is_la_staff(actor, partnership.pk):
        raise AccessDenied("Only the partnership's caseworkers can arrange panel meetings")
    members = [
        {**member, "name": (member.get("name") or "").strip() or _name_of(member.get("user"))}
        for member in members
    ]
    errors = check_members(partnership=partnership, members=members)
    if not location.strip():
        errors["location"] = ["Enter where the panel meets (or how to join online)"]
    if errors:
        raise ValidationError(errors)
    return services.panel_meeting_create(
        actor=actor,
        partnership=partnership,
        meets_at=meets_at,
        location=location.strip(),
        agenda=agenda,
        members=members,
    )


def _name_of(user) -> str:
    return (user.get_full_name() or user.email) if isinstance(user, User) else ""
