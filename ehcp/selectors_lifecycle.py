"""Reads for the end of a plan's life in one local authority: its cessations and moves, and the lists each
local authority works from ("Plans moving out", "Plans moving in") with the deadlines it is responsible for.

A move belongs to the old local authority; row-level security also lets the new one read the moves
addressed to it (partnerships/rls.py ADMITTED_READERS), never the old plan or child. So a move into an
area is read on its own (with the old partnership's name), and the plan it became is the new area's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from partnerships.models import Partnership, User
from partnerships.policy import actor_for
from partnerships.roles import LA_ROLES

from . import deadlines as stored
from .models import Deadline, Plan, PlanCessation, PlanReview, PlanTransfer

OPEN = Deadline.Status.PENDING
TRANSFER_CODES = ("transfer_plan_due",)
MOVED_IN_CODES = ("transfer_family_told_due", "annual_review_due")


def la_partnership_ids(user: User) -> set[int]:
    return actor_for(user).partnership_ids_for(*LA_ROLES)


@dataclass
class PlanLife:
    plan: Plan
    cessations: list[PlanCessation]
    open_cessation: PlanCessation | None
    transfers: list[PlanTransfer]
    open_transfer: PlanTransfer | None
    came_from: PlanTransfer | None
    deadlines: list[Deadline]


def plan_life(plan: Plan) -> PlanLife:
    cessations = list(plan.cessations.select_related("decided_by").order_by("-proposed_on", "-pk"))
    transfers = list(plan.transfers_out.select_related("to_partnership").order_by("-moves_on", "-pk"))
    came_from = None
    if plan.transferred_from_id:
        # The move into this area (an admitted read): only its own columns and the old partnership's name.
        came_from = PlanTransfer.objects.select_related("partnership").filter(new_plan_id=plan.pk).first()
    codes = (*TRANSFER_CODES, *MOVED_IN_CODES)
    return PlanLife(
        plan=plan,
        cessations=cessations,
        open_cessation=next(
            (c for c in cessations if c.status in ("consulting", "decided", "appealed")), None
        ),
        transfers=transfers,
        open_transfer=next((t for t in transfers if t.status == PlanTransfer.Status.NOTIFIED), None),
        came_from=came_from,
        deadlines=list(plan.deadlines.filter(code__in=codes).order_by("due_on", "pk")),
    )


def cessation_of(plan: Plan, cessation_id: int) -> PlanCessation:
    found = plan.cessations.filter(pk=cessation_id).select_related("plan", "plan__child").first()
    if found is None:
        raise Http404("No such proposal to cease this plan")
    return found


def transfer_of(plan: Plan, transfer_id: int) -> PlanTransfer:
    found = plan.transfers_out.filter(pk=transfer_id).select_related("to_partnership", "plan").first()
    if found is None:
        raise Http404("No such move for this plan")
    return found


def reviews_held(plan: Plan) -> QuerySet[PlanReview]:
    return plan.reviews.filter(held_on__isnull=False).order_by("-held_on")


def destinations(plan: Plan) -> QuerySet[Partnership]:
    """The other partnerships a family can move to (each one a local authority area in England)."""
    return Partnership.objects.exclude(pk=plan.partnership_id).order_by("name")


def moving_out(user: User) -> list[PlanTransfer]:
    """Moves out of the person's areas, still to transfer first, each with the transfer deadline."""
    la = la_partnership_ids(user)
    if not la:
        return []
    return list(
        PlanTransfer.objects.filter(partnership_id__in=la)
        .select_related("plan", "plan__child", "to_partnership")
        .prefetch_related(
            Prefetch(
                "plan__deadlines",
                queryset=Deadline.objects.filter(code__in=TRANSFER_CODES).order_by("due_on"),
                to_attr="transfer_deadlines",
            )
        )
        .order_by("status", "transfer_due_on", "pk")
    )


@dataclass
class MovingIn:
    expected: list[PlanTransfer]  # moves notified by the old area, plan not transferred yet
    arrived: list[Plan]  # plans transferred in, with the deadlines now this area's


def moving_in(user: User) -> MovingIn:
    la = la_partnership_ids(user)
    if not la:
        return MovingIn(expected=[], arrived=[])
    expected = list(
        PlanTransfer.objects.filter(to_partnership_id__in=la, status=PlanTransfer.Status.NOTIFIED)
        .select_related("partnership", "to_partnership")
        .order_by("transfer_due_on", "pk")
    )
    arrived = list(
        Plan.objects.filter(partnership_id__in=la, transferred_from__isnull=False)
        .select_related("child")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(code__in=MOVED_IN_CODES).order_by("due_on"),
                to_attr="moved_in_deadlines",
            )
        )
        .order_by("next_due_on", "pk")
    )
    origins = {
        t.new_plan_id: t
        for t in PlanTransfer.objects.filter(new_plan_id__in=[p.pk for p in arrived]).select_related(
            "partnership"
        )
    }
    for plan in arrived:
        plan.came_from = origins.get(plan.pk)
    return MovingIn(expected=expected, arrived=arrived)


def family_told_open(plan: Plan) -> bool:
    return stored.open_for(plan, "transfer_family_told_due").exists()
