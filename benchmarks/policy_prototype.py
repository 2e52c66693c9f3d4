"""A prototype of the access-policy change that keeps the family's lists fast at national scale, measured
by ``bench_pages.py --variant prototype``. Not used by the service: the change is proposed in
``RESULTS.md`` (``partnerships/policy.py`` and ``ehcp/policy.py`` belong to the lead engineer).

The current policies OR together several ``pk IN (subquery)`` conditions. PostgreSQL cannot turn an OR of
subqueries into index look-ups, so it reads every child and every request in the tenant fence (740,000 of
each at scale 1.0) and tests each against the hashed subqueries. The ids a person is linked to through
their own rows (case participations, shares, panel seats) are few, so the prototype reads them first
(one small indexed query each) and puts them in the condition as literal lists; the remaining ORs are
all on indexed columns, which PostgreSQL combines with a BitmapOr of index scans.
"""

from django.db.models import Q, QuerySet

from ehcp import policy as ehcp_policy
from ehcp.models import AssessmentRequest, PanelCase
from partnerships import policy
from partnerships.models import Child, User
from partnerships.roles import FAMILY_ROLES, LA_ROLES, SETTING_ROLES, Role


def children_visible_to(user: User) -> QuerySet[Child]:
    actor = policy.actor_for(user)
    if not user.is_authenticated or (not actor.memberships and not policy._has_any_share(user)):
        return Child.objects.none()
    condition = Q(pk__in=[])
    la_partnerships = actor.partnership_ids_for(*LA_ROLES, Role.SUPPORT_ADMIN)
    if la_partnerships:
        condition |= Q(partnership_id__in=la_partnerships)
    setting_ids = actor.setting_ids_for(*SETTING_ROLES)
    if setting_ids:
        condition |= Q(current_setting_id__in=setting_ids)
    roles = [*policy.FAMILY_PARTICIPANT_ROLES] if actor.has_role(*FAMILY_ROLES) else []
    roles += [
        policy.INVOLVED_PARTICIPANT_ROLES[r] for r in actor.roles if r in policy.INVOLVED_PARTICIPANT_ROLES
    ]
    linked = set()
    if roles:
        linked |= set(policy._active_participation(user, roles).values_list("child_id", flat=True))
    if policy._has_any_share(user):
        linked |= set(policy._shared_child_ids(user).values_list("pk", flat=True))
    if linked:
        condition |= Q(pk__in=sorted(linked))
    return Child.objects.filter(condition)


def requests_visible_to(user: User) -> QuerySet[AssessmentRequest]:
    actor = policy.actor_for(user)
    if not user.is_authenticated or actor.is_aggregate_only:
        return AssessmentRequest.objects.none()
    condition = Q(requested_by=user)
    la = actor.partnership_ids_for(*LA_ROLES)
    if la:
        condition |= Q(partnership_id__in=la)
    settings = actor.setting_ids_for(*ehcp_policy.SCHOOL_STAFF)
    if settings:
        condition |= Q(setting_id__in=settings) & ~Q(stage=AssessmentRequest.Stage.DRAFT)
    if actor.has_role(*FAMILY_ROLES) or settings:
        children = children_visible_to(user).values("pk")
        if not settings and not la:  # a family: a handful of children, read first
            children = sorted(children.values_list("pk", flat=True))
        condition |= Q(child_id__in=children) & ~Q(stage=AssessmentRequest.Stage.DRAFT)
    panel = sorted(PanelCase.objects.filter(meeting__members__user=user).values_list("request_id", flat=True))
    if panel:
        condition |= Q(pk__in=panel)
    return AssessmentRequest.objects.filter(condition)


def install() -> None:
    """Swap the prototype in wherever the current functions were imported by name."""
    import sys

    replacements = {
        policy.children_visible_to: children_visible_to,
        ehcp_policy.requests_visible_to: requests_visible_to,
    }
    for module in list(sys.modules.values()):
        for name in ("children_visible_to", "requests_visible_to"):
            current = getattr(module, name, None)
            if current in replacements and getattr(module, "__name__", "").startswith(
                ("ehcp", "partnerships")
            ):
                setattr(module, name, replacements[current])


QUEUE_INDEX = (
    "CREATE INDEX IF NOT EXISTS bench_request_open_queue ON ehcp_assessmentrequest"
    " (partnership_id, next_due_on, id) WHERE stage IN ('received', 'panel', 'assessing', 'draft_plan')"
)
DROP_QUEUE_INDEX = "DROP INDEX IF EXISTS bench_request_open_queue"
