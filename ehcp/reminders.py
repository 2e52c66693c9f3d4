"""The nightly sweep: mark missed deadlines, queue reminders, and send each reminder exactly once.

1. Every open deadline whose day has passed becomes missed (one set-based UPDATE on an index).
2. Reminders are queued for deadlines due within 7 days, due today, or overdue (missed in the last
   ``OVERDUE_WINDOW_DAYS``), to whoever must act. The unique key (deadline, kind, recipient) means a
   re-run or a second sweep running at the same time queues nothing twice.
3. Each queued reminder is sent in its own transaction that holds its row lock (``SELECT ... FOR UPDATE
   SKIP LOCKED``) and marks it sent before committing. A concurrent sweep skips the locked row; a worker
   killed before committing leaves the reminder queued, so the next sweep sends it. The only window for
   a duplicate is a kill after the mail provider accepted the message but before the commit (docs/adr/0009).

The sweep's work is proportional to the deadlines in the reminder windows, not to the number of cases.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnerships.models import CaseParticipant, Membership
from partnerships.roles import Role
from send_system import notify

from .models import AdviceRequest, Deadline, Reminder

Status = Deadline.Status
UPCOMING_DAYS = 7
OVERDUE_WINDOW_DAYS = 7


@dataclass
class SweepResult:
    marked_missed: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def mark_missed(*, today: date) -> int:
    return Deadline.objects.filter(status=Status.PENDING, due_on__lt=today).update(
        status=Status.MISSED, updated_at=timezone.now()
    )


def _window(today: date):
    """The deadlines that may need a reminder today, with the kind of reminder each needs."""
    base = Deadline.objects.select_related("request", "advice_request", "consultation")
    yield (
        Reminder.Kind.UPCOMING,
        base.filter(
            status=Status.PENDING, due_on__gt=today, due_on__lte=today + timedelta(days=UPCOMING_DAYS)
        ),
    )
    yield Reminder.Kind.DUE_TODAY, base.filter(status=Status.PENDING, due_on=today)
    yield (
        Reminder.Kind.OVERDUE,
        base.filter(
            status=Status.MISSED,
            met_on__isnull=True,
            due_on__lt=today,
            due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
        ),
    )


class _Recipients:
    """Who must act on each deadline, resolved in a few set-based queries for a whole batch."""

    def __init__(self, deadlines: list[Deadline]):
        partnerships = {d.partnership_id for d in deadlines}
        settings_ids = set()
        icbs = set()
        children = set()
        for d in deadlines:
            if d.advice_request_id:
                settings_ids.add(d.advice_request.setting_id)
                icbs.add(d.advice_request.icb_id)
            if d.consultation_id:
                settings_ids.add(d.consultation.setting_id)
            if d.who_acts == Deadline.WhoActs.FAMILY:
                children.add(d.request.child_id)
        self.managers = defaultdict(set)
        self.social_care = defaultdict(set)
        self.setting_staff = defaultdict(set)
        self.health = defaultdict(set)
        memberships = Membership.objects.filter(is_active=True).filter(
            role__in=[
                Role.LA_SEND_MANAGER,
                Role.SOCIAL_CARE_OFFICER,
                Role.SENCO,
                Role.HEADTEACHER,
                Role.HEALTH_OFFICER,
            ]
        )
        for role, user_id, partnership_id, setting_id, icb_id in (
            memberships.filter(partnership_id__in=partnerships)
            .values_list("role", "user_id", "partnership_id", "setting_id", "icb_id")
            .union(
                memberships.filter(setting_id__in=settings_ids - {None}).values_list(
                    "role", "user_id", "partnership_id", "setting_id", "icb_id"
                ),
                memberships.filter(icb_id__in=icbs - {None}).values_list(
                    "role", "user_id", "partnership_id", "setting_id", "icb_id"
                ),
            )
        ):
            if role == Role.LA_SEND_MANAGER:
                self.managers[partnership_id].add(user_id)
            elif role == Role.SOCIAL_CARE_OFFICER:
                self.social_care[partnership_id].add(user_id)
            elif role in (Role.SENCO, Role.HEADTEACHER):
                self.setting_staff[setting_id].add(user_id)
            elif role == Role.HEALTH_OFFICER:
                self.health[icb_id].add(user_id)
        self.family = defaultdict(set)
        for child_id, user_id in CaseParticipant.objects.filter(
            child_id__in=children,
            role__in=[CaseParticipant.Role.PARENT_CARER, CaseParticipant.Role.YOUNG_PERSON],
            revoked_at__isnull=True,
        ).values_list("child_id", "user_id"):
            self.family[child_id].add(user_id)

    def _la(self, d: Deadline) -> set[int]:
        return {d.request.caseworker_id} if d.request.caseworker_id else set(self.managers[d.partnership_id])

    def for_deadline(self, d: Deadline) -> set[int]:
        if d.who_acts == Deadline.WhoActs.LA:
            return self._la(d)
        if d.who_acts == Deadline.WhoActs.FAMILY:
            people = set(self.family[d.request.child_id])
            if d.request.requested_by_id and d.request.route == "portal":
                people.add(d.request.requested_by_id)
            return people
        if d.who_acts == Deadline.WhoActs.SETTING and d.consultation_id:
            return set(self.setting_staff[d.consultation.setting_id]) or self._la(d)
        if d.who_acts == Deadline.WhoActs.ADVISER and d.advice_request_id:
            advice = d.advice_request
            if advice.adviser_id:
                return {advice.adviser_id}
            if advice.setting_id:
                people = self.setting_staff[advice.setting_id]
            elif advice.icb_id:
                people = self.health[advice.icb_id]
            elif advice.advice_type == AdviceRequest.AdviceType.SOCIAL_CARE:
                people = self.social_care[d.partnership_id]
            else:
                people = set()
            return set(people) or self._la(d)
        return self._la(d)


def queue_reminders(*, today: date, batch_size: int = 2000) -> int:
    queued = 0
    for kind, deadlines in _window(today):
        last_pk = 0
        while True:
            batch = list(deadlines.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            recipients = _Recipients(batch)
            rows = [
                Reminder(partnership_id=d.partnership_id, deadline=d, kind=kind, recipient_id=user_id)
                for d in batch
                for user_id in sorted(recipients.for_deadline(d))
            ]
            created = Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            queued += len(created)
    return queued


def _email_for(reminder: Reminder) -> notify.Email:
    deadline = reminder.deadline
    request = deadline.request
    child = request.child
    initials = f"{child.first_name[:1]}.{child.last_name[:1]}." if child else "not named"
    lead = {
        Reminder.Kind.UPCOMING: f"is due in {(deadline.due_on - timezone.localdate()).days} days",
        Reminder.Kind.DUE_TODAY: "is due today",
        Reminder.Kind.OVERDUE: "is overdue",
    }[reminder.kind]
    sentence = f"{deadline.title} due by {deadline.due_on:%A %-d %B %Y} ({deadline.plain_basis})"
    base_url = getattr(settings, "SERVICE_BASE_URL", "").rstrip("/")
    return notify.Email(
        to=reminder.recipient.email,
        subject=f"{deadline.title} {lead} (case {request.pk})",
        body=(
            f"{deadline.title} {lead}.\n\n{sentence}.\n\n"
            f"Case {request.pk}, child {initials}.\n"
            f"Sign in to see the case: {base_url}/cases/{request.pk}/\n\n"
            "You are getting this because you are the person who must act on this case."
        ),
        reference=str(reminder.reference),
    )


def send_pending(*, limit: int | None = None) -> tuple[int, int]:
    """Send queued reminders, each in its own locked transaction. Returns (sent, failed)."""
    adapter = notify.adapter()
    sent = failed = 0
    candidates = (
        Reminder.objects.filter(status=Reminder.Status.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    if limit is not None:
        candidates = candidates[:limit]
    for reminder_id in list(candidates):
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("deadline", "deadline__request", "deadline__request__child", "recipient")
                .filter(pk=reminder_id, status=Reminder.Status.PENDING)
                .first()
            )
            if reminder is None:
                continue  # another sweep has it, or has sent it
            reminder.attempts += 1
            try:
                adapter.send(_email_for(reminder))
            except OSError as exc:  # the provider could not be reached: try again on the next sweep
                reminder.last_error = str(exc)[:300]
                if reminder.attempts >= 5:
                    reminder.status = Reminder.Status.FAILED
                reminder.save(update_fields=["attempts", "last_error", "status"])
                failed += 1
                continue
            reminder.status = Reminder.Status.SENT
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["attempts", "status", "sent_at"])
            sent += 1
    return sent, failed


def sweep(*, today: date | None = None) -> SweepResult:
    """The whole nightly job (run it again at any time: it does nothing twice)."""
    today = today or timezone.localdate()
    result = SweepResult()
    with transaction.atomic():
        result.marked_missed = mark_missed(today=today)
    with transaction.atomic():
        result.queued = queue_reminders(today=today)
    result.sent, result.failed = send_pending()
    return result
