"""No child left without a place (docs/adr/0015): while a dispute is open, a child with no education place
(``Child.current_setting`` empty) is flagged and escalated to the partnership's SEND managers once a day
until the dispute is closed or a place is recorded.

Like the reminders (docs/adr/0009): the day's alerts are inserted with the unique key (child, day) so a
re-run or a concurrent run flags nobody twice, and each alert is sent in its own transaction that holds
its row (``FOR UPDATE SKIP LOCKED``) and is marked sent before the commit. Each manager sent is recorded
on the alert (``sent_to``) so a retry after a failed send reaches only the others; a run also sends a
child's unsent alert of an earlier day (a mail outage), never more than one alert a day for a child.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from partnerships.models import Membership, User
from partnerships.roles import Role
from send_system import notify

from .models import Dispute, NoPlaceAlert


@dataclass
class EscalationResult:
    flagged: int = 0
    sent: int = 0
    failed: int = 0


def children_without_a_place():
    """(child id, partnership id, first open dispute id) for each child with an open dispute and no place."""
    return (
        Dispute.objects.filter(status=Dispute.Status.OPEN, child__current_setting__isnull=True)
        .values("child_id", "partnership_id")
        .annotate(dispute_id=Min("pk"))
        .order_by("child_id")
    )


def flag(*, on: date) -> int:
    """Store today's alerts; returns how many are new (a re-run stores none)."""
    rows = [
        NoPlaceAlert(
            partnership_id=r["partnership_id"], child_id=r["child_id"], dispute_id=r["dispute_id"], on=on
        )
        for r in children_without_a_place()
    ]
    before = NoPlaceAlert.objects.filter(on=on).count()
    NoPlaceAlert.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return NoPlaceAlert.objects.filter(on=on).count() - before


def _managers(partnership_ids) -> dict[int, list[User]]:
    """The active SEND managers of each partnership, in one query for all of them."""
    found: dict[int, dict[int, User]] = {}
    for membership in (
        Membership.objects.filter(
            partnership_id__in=list(partnership_ids),
            role=Role.LA_SEND_MANAGER,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        found.setdefault(membership.partnership_id, {})[membership.user_id] = membership.user
    return {pid: list(users.values()) for pid, users in found.items()}


def _email(alert: NoPlaceAlert, to: str, *, on: date) -> notify.Email:
    child = alert.child
    initials = f"{child.first_name[:1]}.{child.last_name[:1]}."
    base_url = getattr(settings, "SERVICE_BASE_URL", "").rstrip("/")
    late = f"This alert of {alert.on:%-d %B %Y} could not be sent that day.\n\n" if alert.on != on else ""
    return notify.Email(
        to=to,
        subject=f"Child without an education place during a dispute (dispute {alert.dispute_id})",
        body=(
            late
            + f"Child {initials} has no education place recorded while dispute {alert.dispute_id} is open.\n\n"
            "You will get this message every day until a place is recorded or the dispute is closed.\n"
            f"See the children without a place: {base_url}/redress/no-place/\n"
            f"See the dispute: {base_url}/redress/{alert.dispute_id}/"
        ),
        reference=f"no-place-{alert.pk}-{alert.on.isoformat()}",
    )


def _due(*, on: date) -> list[NoPlaceAlert]:
    """The alerts to send on ``on``: for each child, its latest unsent alert of that day or before (so an
    alert a mail outage stopped is sent by the next run), unless the child was already sent one that day
    or a later one was sent: a child is sent at most one alert a day."""
    unsent = NoPlaceAlert.objects.filter(on__lte=on, sent_at__isnull=True).order_by("child_id", "-on", "pk")
    latest: dict[int, NoPlaceAlert] = {}
    for alert in unsent.select_related("child"):
        latest.setdefault(alert.child_id, alert)
    if not latest:
        return []
    sent = NoPlaceAlert.objects.filter(child_id__in=list(latest), sent_at__isnull=False).values_list(
        "child_id", "on", "sent_at"
    )
    done = {
        child_id
        for child_id, alert_on, sent_at in sent
        if alert_on >= latest[child_id].on or alert_on == on or timezone.localdate(sent_at) == on
    }
    return sorted((a for a in latest.values() if a.child_id not in done), key=lambda a: a.pk)


def send_pending(*, on: date) -> tuple[int, int]:
    """Send the due alerts, each in its own transaction holding its row. Each manager's send is recorded on
    the alert as it succeeds, so a retry after a failure sends only to those not yet sent."""
    adapter = notify.adapter()
    sent = failed = 0
    alerts = _due(on=on)
    managers = _managers({a.partnership_id for a in alerts})
    for alert in alerts:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT sent_to FROM redress_noplacealert WHERE id = %s AND sent_at IS NULL "
                    "FOR UPDATE SKIP LOCKED",
                    [alert.pk],
                )
                row = cursor.fetchone()
            if row is None:
                continue
            # The ids sent by an earlier, interrupted run (Django's connection returns jsonb as text).
            already = set(json.loads(row[0]) if isinstance(row[0], str) else row[0] or [])
            recipients = managers.get(alert.partnership_id, [])
            done = [m.pk for m in recipients if m.pk in already]
            error = False
            for manager in recipients:
                if manager.pk in already:
                    continue
                try:
                    adapter.send(_email(alert, manager.email, on=on))
                except OSError:
                    error = True  # stays unsent: the next run tries the managers not yet sent
                    continue
                done.append(manager.pk)
                NoPlaceAlert.objects.filter(pk=alert.pk).update(sent_to=done)
            if error:
                failed += 1
                continue
            NoPlaceAlert.objects.filter(pk=alert.pk).update(
                sent_at=timezone.now(), recipients=len(done), sent_to=done
            )
            sent += 1
    return sent, failed


def escalate(*, on: date | None = None) -> EscalationResult:
    """The daily job (run it again at any time: it does nothing twice)."""
    on = on or timezone.localdate()
    result = EscalationResult()
    with transaction.atomic():
        result.flagged = flag(on=on)
    result.sent, result.failed = send_pending(on=on)
    return result


def flagged_for(partnership_ids) -> list[dict]:
    """The page: each child without a place today, with its dispute and since when it has been flagged."""
    current = {
        r["child_id"]: r for r in children_without_a_place().filter(partnership_id__in=list(partnership_ids))
    }
    first = dict(
        NoPlaceAlert.objects.filter(child_id__in=list(current))
        .values("child_id")
        .annotate(first=Min("on"))
        .values_list("child_id", "first")
    )
    disputes = {
        d.pk: d
        for d in Dispute.objects.filter(pk__in=[r["dispute_id"] for r in current.values()]).select_related(
            "child"
        )
    }
    return [
        {
            "dispute": disputes[r["dispute_id"]],
            "child": disputes[r["dispute_id"]].child,
            "since": first.get(child_id),
        }
        for child_id, r in sorted(current.items())
    ]
