"""Celery tasks of the assessment journey: thin wrappers round services, run with the RLS fence lifted."""

from celery import shared_task

from partnerships import rls

from . import reminders


@shared_task
def sweep_deadlines() -> dict:
    """Nightly (and on demand): mark missed deadlines, queue and send reminders, each exactly once."""
    with rls.system_scope():
        result = reminders.sweep()
    return {
        "marked_missed": result.marked_missed,
        "queued": result.queued,
        "sent": result.sent,
        "failed": result.failed,
    }
