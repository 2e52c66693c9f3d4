"""The audit context for a write: who acted and what they did, recorded by pghistory with each change."""

import pghistory

from partnerships.models.people import User


def context(actor: User, action: str, **extra):
    """``with audit.context(actor, "draft_plan_issue"):`` around the writes of one service call."""
    return pghistory.context(user=actor.pk, action=action, **extra)
