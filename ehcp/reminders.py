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
from django.db import connection, transaction
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
    base = Deadline.objects.all()
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
            if d.who_acts == Deadline.WhoActs.SETTING and not d.request_id:
                settings_ids.add(_plan_setting_id(d))
            if d.who_acts == Deadline.WhoActs.FAMILY:
                children.add(_child_id(d))
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
        if d.request_id:
            caseworker_id = d.request.caseworker_id
        elif d.plan_id:
            caseworker_id = d.plan.caseworker_id
        else:  # a dispute's deadline (redress, docs/adr/0015)
            caseworker_id = d.dispute.caseworker_id
        return {caseworker_id} if caseworker_id else set(self.managers[d.partnership_id])

    def for_deadline(self, d: Deadline) -> set[int]:
        if d.who_acts == Deadline.WhoActs.MEDIATOR:
            mediator_id = d.dispute.mediator_id if d.dispute_id else None
            return {mediator_id} if mediator_id else self._la(d)
        if d.who_acts == Deadline.WhoActs.LA:
            return self._la(d)
        if d.who_acts == Deadline.WhoActs.FAMILY:
            people = set(self.family[_child_id(d)])
            if d.request_id and d.request.requested_by_id and d.request.route == "portal":
                people.add(d.request.requested_by_id)
            return people
        if d.who_acts == Deadline.WhoActs.SETTING and d.consultation_id:
            # A consultation, on a case or at a review: the setting consulted.
            return set(self.setting_staff[d.consultation.setting_id]) or self._la(d)
        if d.who_acts == Deadline.WhoActs.SETTING and not d.request_id:
            # A plan's deadline: the setting hosting the review, or the setting the plan names.
            return set(self.setting_staff[_plan_setting_id(d)]) or self._la(d)
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


def _child_id(d: Deadline) -> int | None:
    """The child a deadline is about: the case's (an assessment), the plan's (a review, an amendment) or the
    dispute's (redress)."""
    if d.request_id:
        return d.request.child_id
    return d.plan.child_id if d.plan_id else d.dispute.child_id


def _plan_setting_id(d: Deadline) -> int | None:
    """The setting that acts on a plan's deadline: the one hosting the review (none when the LA convenes the
    meeting itself, reg 21, so the LA is reminded), else the setting the plan names."""
    if d.review_id:
        return d.review.host_setting_id
    return d.plan.named_setting_id if d.plan_id else None


# What the recipients and the email need from a deadline: nothing more is loaded.
DEADLINE_FIELDS = (
    "partnership",
    "who_acts",
    "request",
    "plan",
    "review",
    "advice_request",
    "consultation",
    "plan__caseworker",
    "plan__child",
    "plan__named_setting",
    "review__host_setting",
    "request__caseworker",
    "request__child",
    "request__requested_by",
    "request__route",
    "advice_request__setting",
    "advice_request__icb",
    "advice_request__adviser",
    "advice_request__advice_type",
    "consultation__setting",
    "dispute",
    "dispute__caseworker",
    "dispute__mediator",
    "dispute__child",
)


def queue_reminders(*, today: date, batch_size: int = 2000) -> int:
    """Queue today's reminders; returns how many were new (a re-run queues and counts none).

    Each window's deadline ids are read once on an index, then handled in chunks by primary key.
    """
    queued = 0
    for kind, deadlines in _window(today):
        ids = sorted(deadlines.order_by().values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            batch = list(
                Deadline.objects.filter(pk__in=chunk)
                .select_related("request", "plan", "review", "advice_request", "consultation", "dispute")
                .only(*DEADLINE_FIELDS)
            )
            recipients = _Recipients(batch)
            rows = [
                Reminder(partnership_id=d.partnership_id, deadline_id=d.pk, kind=kind, recipient_id=user_id)
                for d in batch
                for user_id in sorted(recipients.for_deadline(d))
            ]
            before = Reminder.objects.filter(deadline_id__in=chunk, kind=kind).count()
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            queued += Reminder.objects.filter(deadline_id__in=chunk, kind=kind).count() - before
    return queued


def _email_for(reminder: Reminder) -> notify.Email:
    deadline = reminder.deadline
    request = deadline.request
    plan = deadline.plan
    dispute = deadline.dispute
    child = request.child if request is not None else plan.child if plan is not None else dispute.child
    initials = f"{child.first_name[:1]}.{child.last_name[:1]}." if child else "not named"
    lead = {
        Reminder.Kind.UPCOMING: f"is due in {(deadline.due_on - timezone.localdate()).days} days",
        Reminder.Kind.DUE_TODAY: "is due today",
        Reminder.Kind.OVERDUE: "is overdue",
    }[reminder.kind]
    sentence = f"{deadline.title} due by {deadline.due_on:%A %-d %B %Y} ({deadline.plain_basis})"
    base_url = getattr(settings, "SERVICE_BASE_URL", "").rstrip("/")
    if request is not None:
        what, number, link = "case", request.pk, f"{base_url}/cases/{request.pk}/"
    elif dispute is not None:
        what, number, link = "dispute", dispute.pk, f"{base_url}/redress/{dispute.pk}/"
    else:
        what, number, link = "plan", plan.pk, f"{base_url}/plans/{plan.pk}/"
    return notify.Email(
        to=reminder.recipient.email,
        subject=f"{deadline.title} {lead} ({what} {number})",
        body=(
            f"{deadline.title} {lead}.\n\n{sentence}.\n\n"
            f"{what.title()} {number}, child {initials}.\n"
            f"Sign in to see the {what}: {link}\n\n"
            f"You are getting this because you are the person who must act on this {what}."
        ),
        reference=str(reminder.reference),
    )


def send_pending(*, limit: int | None = None) -> tuple[int, int]:
    """Send queued reminders, each in its own transaction holding its row lock. Returns (sent, failed).

    What the emails need is read 500 reminders at a time without locks; then each reminder is locked
    (``FOR UPDATE SKIP LOCKED``, re-checking that it is still queued), sent, and marked sent before the
    commit. A reminder another sweep holds or has sent is skipped.
    """
    adapter = notify.adapter()
    sent = failed = 0
    candidates = (
        Reminder.objects.filter(status=Reminder.Status.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    ids = list(candidates[:limit] if limit is not None else candidates)
    for start in range(0, len(ids), 500):
        loaded = (
            Reminder.objects.filter(pk__in=ids[start : start + 500], status=Reminder.Status.PENDING)
            .select_related(
                "deadline",
                "deadline__request",
                "deadline__request__child",
                "deadline__plan",
                "deadline__plan__child",
                "deadline__dispute",
                "deadline__dispute__child",
                "recipient",
            )
            .order_by("pk")
        )
        for reminder in loaded:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT attempts FROM ehcp_reminder WHERE id = %s AND status = %s FOR UPDATE SKIP LOCKED",
                        [reminder.pk, Reminder.Status.PENDING],
                    )
                    row = cursor.fetchone()
                if row is None:
                    continue  # another sweep has it, or has sent it
                attempts = row[0] + 1
                try:
                    adapter.send(_email_for(reminder))
                except OSError as exc:  # the provider could not be reached: try again on the next sweep
                    Reminder.objects.filter(pk=reminder.pk).update(
                        attempts=attempts,
                        last_error=str(exc)[:300],
                        status=Reminder.Status.FAILED if attempts >= 5 else Reminder.Status.PENDING,
                    )
                    failed += 1
                    continue
                Reminder.objects.filter(pk=reminder.pk).update(
                    status=Reminder.Status.SENT, sent_at=timezone.now(), attempts=attempts
                )
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
