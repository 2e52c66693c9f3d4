"""Scheduled dashboard work (Celery). Each task is thin: it calls one service."""

from celery import shared_task

from . import services


@shared_task(name="dashboards.tasks.rollup_all_partnerships")
def rollup_all_partnerships() -> int:
    """Refresh today's snapshot for every partnership (every 15 minutes, CELERY_BEAT_SCHEDULE)."""
    return services.partnership_rollup_all()
