"""Celery tasks of redress: thin wrappers round services, run with the RLS fence lifted."""

from celery import shared_task

from partnerships import rls

from . import escalation


@shared_task
def escalate_children_without_a_place() -> dict:
    """Daily: flag each child with an open dispute and no education place, and tell the SEND managers once."""
    with rls.system_scope():
        result = escalation.escalate()
    return {"flagged": result.flagged, "sent": result.sent, "failed": result.failed}
