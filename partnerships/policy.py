"""The access policy: one place that says who may see and do what with a child's record.

Every read of child data goes through ``children_visible_to`` (lists) or ``access_child_by_id``
(one record); every write checks the ``can_*`` predicate beside it. The same rules serve the pages and
the API. Row-level security in the database (``rls.py``) is a second line behind this one.

- A parent or carer, or a young person, sees the children they are linked to as family.
- A SENCO, headteacher or AP provider sees the children whose current setting is theirs.
- An LA caseworker, SEND manager or support administrator sees their partnership's children.
- A health or social care officer, or a mediator, sees the children whose cases involve them.
- An invited professional sees a child shared with them (django-guardian grant) until it expires.
- DfE regional and national users see aggregates only: never a child.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import CaseParticipant, Child, Membership, Partnership, User
from .roles import (
    AGGREGATE_ONLY_ROLES,
    FAMILY_ROLES,
    HOME_FOR_ROLE,
    LA_ROLES,
    SETTING_ROLES,
    STAFF_ROLES,
    Role,
)

FAMILY_PARTICIPANT_ROLES = (CaseParticipant.Role.PARENT_CARER, CaseParticipant.Role.YOUNG_PERSON)
INVOLVED_PARTICIPANT_ROLES = {
    Role.HEALTH_OFFICER: CaseParticipant.Role.HEALTH_OFFICER,
    Role.SOCIAL_CARE_OFFICER: CaseParticipant.Role.SOCIAL_CARE_OFFICER,
    Role.MEDIATOR: CaseParticipant.Role.MEDIATOR,
}


class AccessDenied(PermissionDenied):
    """The person may not do this. A kind of Django's PermissionDenied, so a page that lets it through is a
    403 with its message (Django's handler403), and so is an API view (partnerships/api/exceptions.py)."""


@dataclass
class Actor:
    """The acting user with their active memberships, loaded once per request."""

    user: User

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user, is_active=True).select_related(
                "partnership", "setting", "setting__partnership", "icb", "region"
            )
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def partnership_ids_for(self, *roles: str) -> set[int]:
        return {m.partnership_id for m in self.memberships if m.role in roles and m.partnership_id}

    def setting_ids_for(self, *roles: str) -> set[int]:
        return {m.setting_id for m in self.memberships if m.role in roles and m.setting_id}

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_aggregate_only(self) -> bool:
        return bool(self.roles) and self.roles <= AGGREGATE_ONLY_ROLES

    @property
    def home_url_name(self) -> str:
        for role, url_name in HOME_FOR_ROLE.items():
            if role in self.roles:
                return url_name
        return "no-role"

    @cached_property
    def region_ids(self) -> set[int]:
        return {m.region_id for m in self.memberships if m.role == Role.DFE_REGIONAL_OFFICER}

    @property
    def is_national(self) -> bool:
        return Role.DFE_NATIONAL_ANALYST in self.roles


def actor_for(user: User) -> Actor:
    """The Actor for a user, cached on the user object for the request."""
    cached = getattr(user, "_send_actor", None)
    if cached is None:
        cached = Actor(user)
        user._send_actor = cached
    return cached


def _active_participation(user: User, roles) -> QuerySet[CaseParticipant]:
    now = timezone.now()
    return CaseParticipant.objects.filter(user=user, role__in=list(roles), revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def children_visible_to(user: User) -> QuerySet[Child]:
    """Every child this person may see, as a queryset (no duplicates, no other tenant's rows).

    The children a person is linked to through their own rows (case participations, shares) are few, so
    they are read first and put in the condition as a list: every remaining OR is on an indexed column,
    which PostgreSQL combines with index scans instead of reading every child (benchmarks/RESULTS.md).
    """
    actor = actor_for(user)
    if not user.is_authenticated or (not actor.memberships and not _has_any_share(user)):
        return Child.objects.none()
    condition = Q(pk__in=[])
    la_partnerships = actor.partnership_ids_for(*LA_ROLES, Role.SUPPORT_ADMIN)
    if la_partnerships:
        condition |= Q(partnership_id__in=la_partnerships)
    setting_ids = actor.setting_ids_for(*SETTING_ROLES)
    if setting_ids:
        condition |= Q(current_setting_id__in=setting_ids)
    roles = list(FAMILY_PARTICIPANT_ROLES) if actor.has_role(*FAMILY_ROLES) else []
    roles += [INVOLVED_PARTICIPANT_ROLES[r] for r in actor.roles if r in INVOLVED_PARTICIPANT_ROLES]
    linked = set()
    if roles:
        linked |= set(_active_participation(user, roles).values_list("child_id", flat=True))
    linked |= set(_shared_child_ids(user).values_list("pk", flat=True))
    if linked:
        condition |= Q(pk__in=sorted(linked))
    return Child.objects.filter(condition)


def is_family_of(user: User, child_id: int | None) -> bool:
    """Linked to this child as family (parent or carer, or the young person), whatever other roles the person
    holds: a SENCO or caseworker who is also a parent is family only for their own child."""
    if not child_id or not actor_for(user).has_role(*FAMILY_ROLES):
        return False
    return _active_participation(user, FAMILY_PARTICIPANT_ROLES).filter(child_id=child_id).exists()


def _shared_child_ids(user: User):
    """Children shared with this person: a live guardian grant and an unexpired invitation, both."""
    invited = _active_participation(user, [CaseParticipant.Role.INVITED_PROFESSIONAL]).values("child_id")
    return Child.objects.filter(
        pk__in=invited,
        childuserobjectpermission__user=user,
        childuserobjectpermission__permission__codename="view_child",
    ).values("pk")


def _has_any_share(user: User) -> bool:
    return (
        user.is_authenticated
        and _active_participation(user, [CaseParticipant.Role.INVITED_PROFESSIONAL]).exists()
    )


def access_child_by_id(user: User, child_id: int) -> Child:
    """One child this person may see, or 404 (whether it does not exist or is not theirs to see).

    People who can never see a child (DfE regional and national roles) get a 403 instead.
    """
    actor = actor_for(user)
    if actor.is_aggregate_only and not _has_any_share(user):
        raise AccessDenied("DfE regional and national users see aggregates, not children's records")
    child = (
        children_visible_to(user)
        .select_related("partnership", "home_local_authority", "current_setting")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404("No child found")
    return child


def can_create_child(user: User, partnership: Partnership) -> bool:
    return partnership.pk in actor_for(user).partnership_ids_for(*LA_ROLES)


def can_edit_child(user: User, child: Child) -> bool:
    return child.partnership_id in actor_for(user).partnership_ids_for(*LA_ROLES)


def can_delete_child(user: User, child: Child) -> bool:
    return child.partnership_id in actor_for(user).partnership_ids_for(
        Role.LA_SEND_MANAGER, Role.SUPPORT_ADMIN
    )


def can_share_child(user: User, child: Child) -> bool:
    return can_edit_child(user, child)


def can_view_audit_trail(user: User, child: Child) -> bool:
    return child.partnership_id in actor_for(user).partnership_ids_for(
        Role.SUPPORT_ADMIN, Role.LA_SEND_MANAGER
    )


def creatable_partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.filter(pk__in=actor_for(user).partnership_ids_for(*LA_ROLES))


def can_see_region(user: User, region_id: int) -> bool:
    actor = actor_for(user)
    return actor.is_national or region_id in actor.region_ids


def rls_partnership_ids(user: User) -> set[int]:
    """The partnerships whose child rows the database may show this person (row-level security).

    This is wider than what the policy above lets them see (it is a fence, not the rule): every
    partnership they hold a role in, the partnerships of children at their settings, those served by
    their ICB, those of cases they take part in, advice asked of them by name and panels they sit on. Computed with the fence lifted, for this one look-up.
    """
    from .rls import system_scope

    if not user.is_authenticated:
        return set()
    actor = actor_for(user)
    ids = {m.partnership_id for m in actor.memberships if m.partnership_id}
    ids |= {m.setting.partnership_id for m in actor.memberships if m.setting_id}
    icb_ids = {m.icb_id for m in actor.memberships if m.icb_id}
    if icb_ids:
        ids |= set(Partnership.objects.filter(icbs__in=icb_ids).values_list("pk", flat=True))
    with system_scope():
        setting_ids = {m.setting_id for m in actor.memberships if m.setting_id}
        if setting_ids:
            ids |= set(
                Child.objects.filter(current_setting_id__in=setting_ids)
                .values_list("partnership_id", flat=True)
                .distinct()
            )
        # Cases they take part in, advice asked of them by name, panels they sit on: one round trip.
        from ehcp.models import AdviceRequest, PanelMember

        ids |= set(
            CaseParticipant.objects.filter(user=user, revoked_at__isnull=True)
            .values_list("partnership_id", flat=True)
            .union(
                AdviceRequest.objects.filter(adviser=user).values_list("partnership_id", flat=True),
                PanelMember.objects.filter(user=user).values_list("partnership_id", flat=True),
            )
        )
    return ids
