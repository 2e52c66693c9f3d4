"""Reads for the SENCO's and headteacher's dashboard: plans at their setting, reviews it hosts, and the
provision in section F it must deliver.

Each is read in one query whatever the number of plans (only section F of each plan in force is read
from the database, not the whole plan), so the dashboard costs the same for 1 plan as for 500.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from partnerships.models import User

from . import policy
from .models import Plan, PlanReview

OPEN_REVIEW_STATUSES = (
    PlanReview.Status.PLANNED,
    PlanReview.Status.ARRANGED,
    PlanReview.Status.HELD,
    PlanReview.Status.REPORTED,
)


def _setting_ids(user: User) -> set[int]:
    return set(policy.actor_for(user).setting_ids_for(*policy.SCHOOL_STAFF))


def plans_at_setting(*, setting_ids: set[int]) -> list[dict]:
    """Plans in force whose named setting, or whose child's current setting, is one of ``setting_ids``,
    with the provision in section F (for plans naming the setting)."""
    if not setting_ids:
        return []
    rows = (
        Plan.objects.filter(status=Plan.Status.FINAL, current_version__isnull=False)
        .filter(Q(named_setting_id__in=setting_ids) | Q(child__current_setting_id__in=setting_ids))
        .annotate(provision=KeyTransform("provision", KeyTransform("F", "current_version__content")))
        .order_by("child__last_name", "child__first_name", "pk")
        .values(
            "pk",
            "child__first_name",
            "child__last_name",
            "named_setting_id",
            "named_setting__name",
            "child__current_setting__name",
            "next_review_due_on",
            "provision",
        )
    )
    plans = []
    for row in rows:
        named_here = row["named_setting_id"] in setting_ids
        plans.append(
            {
                "plan_id": row["pk"],
                "child_name": f"{row['child__first_name']} {row['child__last_name']}".strip(),
                "setting_name": (
                    row["named_setting__name"] if named_here else row["child__current_setting__name"]
                )
                or "",
                "named_here": named_here,
                "next_review_due_on": row["next_review_due_on"],
                "provision": (row["provision"] or []) if named_here else [],
            }
        )
    return plans


def reviews_hosted(*, setting_ids: set[int]) -> list[dict]:
    """Reviews the setting hosts that are not yet decided or cancelled, soonest first."""
    if not setting_ids:
        return []
    reviews = (
        PlanReview.objects.filter(host_setting_id__in=setting_ids, status__in=OPEN_REVIEW_STATUSES)
        .select_related("plan__child")
        .order_by("due_by", "meeting_at", "pk")
    )
    return [
        {
            "review_id": review.pk,
            "plan_id": review.plan_id,
            "child_name": review.plan.child.full_name,
            "kind": review.kind,
            "kind_label": review.get_kind_display(),
            "status": review.status,
            "status_label": review.get_status_display(),
            "due_by": review.due_by,
            "meeting_at": review.meeting_at,
            "meeting_place": review.meeting_place,
        }
        for review in reviews
    ]


def school_plans(*, user: User) -> dict:
    """The SENCO's plans dashboard: ``plans`` (children with plans at the setting), ``reviews`` (the
    reviews it hosts) and ``provision`` (each line of section F it must deliver, with the child)."""
    setting_ids = _setting_ids(user)
    plans = plans_at_setting(setting_ids=setting_ids)
    provision = [
        {
            "plan_id": plan["plan_id"],
            "child_name": plan["child_name"],
            "provision_id": line.get("id", ""),
            "what": line.get("what", ""),
            "frequency": line.get("frequency", ""),
            "amount": line.get("amount", ""),
            "duration": line.get("duration", ""),
            "delivered_by": line.get("delivered_by", ""),
            "group_size": line.get("group_size", ""),
        }
        for plan in plans
        for line in plan["provision"]
    ]
    return {"plans": plans, "reviews": reviews_hosted(setting_ids=setting_ids), "provision": provision}
