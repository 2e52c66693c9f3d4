"""Celery tasks of the partnerships app: thin wrappers round services, run with the RLS fence lifted."""

from celery import shared_task

from . import rls, services


@shared_task
def expire_child_shares() -> int:
    """End invited professionals' access to children's records whose sharing period is over."""
    with rls.system_scope():
        return services.child_shares_expire()
