"""Celery tasks of the assessment journey: thin wrappers round services, run with the RLS fence lifted."""

from celery import shared_task

from partnerships import rls

from . import reminders, services_lifecycle, services_reviews


@shared_task
def sweep_deadlines() -> dict:
    """Nightly (and on demand): store the plans' review reminders that fall due (phase transfers next
    September, interim reviews of children under 5), cease the plans whose cease decision takes effect, then mark missed deadlines, queue and send reminders,
    each exactly once."""
    with rls.system_scope():
        phase_transfers = services_reviews.phase_transfer_scan()
        under_fives = services_reviews.under_five_scan()
        ceased = services_lifecycle.cessations_take_effect()
        result = reminders.sweep()
    return {
        "phase_transfers": phase_transfers,
        "under_five_reviews": under_fives,
        "ceased_plans": len(ceased),
        "marked_missed": result.marked_missed,
        "queued": result.queued,
        "sent": result.sent,
        "failed": result.failed,
    }
