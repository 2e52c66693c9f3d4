"""Stored deadlines: created from the rules data when an event happens, closed when the action is done.

Shared by the services of the assessment (a request's deadlines) and of the plan's life (a plan's and a
review's deadlines). Callers hold the transaction (docs/adr/0009).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Min
from django.utils import timezone

from . import clock
from .models import AdviceRequest, AssessmentRequest, Deadline, Plan, PlanConsultation, PlanReview

Status = Deadline.Status


def today() -> date:
    return timezone.localdate()


def open_for(owner, *codes: str):
    """Deadlines still waiting for the action: due, missed but not yet done, or excepted."""
    return owner.deadlines.filter(code__in=codes, met_on__isnull=True).exclude(status=Status.NOT_NEEDED)


def create(
    event: str,
    on: date,
    *,
    request: AssessmentRequest | None = None,
    plan: Plan | None = None,
    review: PlanReview | None = None,
    advice_request: AdviceRequest | None = None,
    consultation: PlanConsultation | None = None,
    dispute=None,
    codes: Iterable[str] | None = None,
    due_overrides: dict[str, date] | None = None,
    as_of: date | None = None,
    inputs: dict[str, date | None] | None = None,
    title_suffix: str = "",
) -> list[Deadline]:
    """Store the deadlines the rules attach to ``event`` on ``on`` (only ``codes`` when given).

    ``due_overrides`` replaces a computed date where the law fixes a later of two dates (reg 15(5)).
    ``dispute`` (a ``redress.Dispute``) owns the deadlines of redress (docs/adr/0015); ``inputs`` are the
    optional dates the event takes (a mediation certificate's date).
    """
    as_of = as_of or today()
    owner = request or plan or dispute
    wanted = set(codes) if codes is not None else None
    rows = []
    for computed in clock.deadlines_for(event, on, inputs):
        if wanted is not None and computed.code not in wanted:
            continue
        rule = computed.rule
        due = (due_overrides or {}).get(computed.code, computed.due)
        rows.append(
            Deadline(
                partnership_id=owner.partnership_id,
                request=request,
                plan=plan,
                review=review,
                advice_request=advice_request,
                consultation=consultation,
                dispute=dispute,
                code=computed.code,
                event=event,
                rules_version=computed.rules_version,
                title=f"{rule.title}{title_suffix}"[:200],
                legal_basis=computed.legal_basis,
                plain_basis=rule.plain_basis,
                source_url=rule.source_url,
                guidance_only=rule.guidance_only,
                who_acts=rule.who_acts,
                start_on=on,
                due_on=due,
                # A deadline recorded after it passed (a late registration) is already missed.
                status=Status.MISSED if due < as_of else Status.PENDING,
            )
        )
    return Deadline.objects.bulk_create(rows)


def close(deadlines: Iterable[Deadline], on: date) -> None:
    """The action was done on ``on``: on time is met, late is missed (with the date it was done)."""
    for deadline in deadlines:
        deadline.met_on = on
        if deadline.status in (Status.PENDING, Status.MISSED):
            deadline.status = Status.MET if on <= deadline.due_on else Status.MISSED
        deadline.save(update_fields=["met_on", "status", "updated_at"])


def not_needed(deadlines) -> None:
    deadlines.filter(met_on__isnull=True).exclude(status=Status.EXCEPTED).update(
        status=Status.NOT_NEEDED, updated_at=timezone.now()
    )


def refresh_next_due(owner) -> None:
    """Keep the most urgent open deadline on the case or plan, for the work queues' ordering."""
    earliest = (
        owner.deadlines.filter(met_on__isnull=True)
        .exclude(status=Status.NOT_NEEDED)
        .aggregate(earliest=Min("due_on"))["earliest"]
    )
    if owner.next_due_on != earliest:
        owner.next_due_on = earliest
        owner.save(update_fields=["next_due_on", "updated_at"])
