"""Reads for progress between reviews: the outcomes of the plan in force, each with its updates.

The caller has already opened the plan through the access policy (``policy.access_plan``); these reads
are of that plan only, in two queries whatever the number of outcomes and updates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404

from .models import Plan, PlanAttachment, ProgressUpdate
from .services_progress import plan_outcomes


@dataclass
class OutcomeProgress:
    id: str
    label: str
    text: str
    measure: str
    target_date: date | None
    updates: list[ProgressUpdate] = field(default_factory=list)

    @property
    def latest_rating(self) -> str:
        rated = next((u for u in self.updates if u.rating), None)
        return rated.get_rating_display() if rated else ""


def progress_by_outcome(*, plan: Plan) -> dict:
    """``outcomes``: the plan in force's outcomes in order, each with its updates (newest first);
    ``earlier``: updates on outcomes no longer in the plan (reworded or removed by an amendment), kept
    with the outcome's wording when they were posted."""
    outcomes = [
        OutcomeProgress(
            id=o["id"],
            label=o["label"],
            text=o.get("text", ""),
            measure=o.get("measure", ""),
            target_date=date.fromisoformat(o["target_date"]) if o.get("target_date") else None,
        )
        for o in plan_outcomes(plan)
    ]
    by_id = {o.id: o for o in outcomes}
    earlier: list[ProgressUpdate] = []
    updates = (
        ProgressUpdate.objects.filter(plan=plan)
        .select_related("posted_by", "attachment")
        .order_by("-posted_at", "-pk")
    )
    for update in updates:
        if update.outcome_id in by_id:
            by_id[update.outcome_id].updates.append(update)
        else:
            earlier.append(update)
    return {"outcomes": outcomes, "earlier": earlier}


def progress_attachment(*, plan: Plan, attachment_id: int) -> PlanAttachment:
    """A file posted with a progress update on this plan, or 404 (other files on the plan, such as a
    working version's, are not served here)."""
    found = (
        PlanAttachment.objects.filter(plan=plan, pk=attachment_id)
        .filter(pk__in=ProgressUpdate.objects.filter(plan=plan).values("attachment_id"))
        .first()
    )
    if found is None:
        raise Http404("No such file")
    return found
