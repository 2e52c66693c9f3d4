"""No child left without a place (docs/adr/0015): while a dispute is open, a child with no education place
(``Child.current_setting`` empty) is flagged and escalated to the partnership's SEND managers once a day
until the dispute is closed or a place is recorded.

Like the reminders (docs/adr/0009): the day's alerts are inserted with the unique key (child, day) so a
re-run or a concurrent run flags nobody twice, and each alert is sent in its own transaction that holds
its row (``FOR UPDATE SKIP LOCKED``) and is marked sent before the commit.
"""

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


def _managers(partnership_id: int) -> list[User]:
    ids = Membership.objects.filter(
        partnership_id=partnership_id, role=Role.LA_SEND_MANAGER, is_active=True
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _email(alert: NoPlaceAlert, to: str) -> notify.Email:
    child = alert.child
    initials = f"{child.first_name[:1]}.{child.last_name[:1]}."
    base_url = getattr(settings, "SERVICE_BASE_URL", "").rstrip("/")
    return notify.Email(
        to=to,
        subject=f"Child without an education place during a dispute (dispute {alert.dispute_id})",
        body=(
            f"Child {initials} has no education place recorded while dispute {alert.dispute_id} is open.\n\n"
            "You will get this message every day until a place is recorded or the dispute is closed.\n"
            f"See the children without a place: {base_url}/redress/no-place/\n"
            f"See the dispute: {base_url}/redress/{alert.dispute_id}/"
        ),
        reference=f"no-place-{alert.pk}-{alert.on.isoformat()}",
    )


def send_pending(*, on: date) -> tuple[int, int]:
    adapter = notify.adapter()
    sent = failed = 0
    for alert in (
        NoPlaceAlert.objects.filter(on=on, sent_at__isnull=True).select_related("child").order_by("pk")
    ):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM redress_noplacealert WHERE id = %s AND sent_at IS NULL FOR UPDATE SKIP LOCKED",
                    [alert.pk],
                )
                if cursor.fetchone() is None:
                    continue
            managers = _managers(alert.partnership_id)
            try:
                for manager in managers:
                    adapter.send(_email(alert, manager.email))
            except OSError:
                failed += 1
                continue  # stays unsent: the next run tries again
            NoPlaceAlert.objects.filter(pk=alert.pk).update(sent_at=timezone.now(), recipients=len(managers))
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
