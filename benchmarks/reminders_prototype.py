"""A prototype of a faster nightly sweep, measured against ``ehcp.reminders`` by ``bench_sweep.py
--variant``. Not used by the service: the proposed change to ``ehcp/reminders.py`` is described in
``RESULTS.md`` (the lead engineer owns that file). It keeps the sweep's guarantees:

- ``queue_reminders``: reads each window's deadline ids in one indexed query, then handles them in chunks
  of 2,000 by primary key (the current code re-reads, joins and sorts the whole window for every chunk,
  which grows with the square of the window), loads only the columns it needs, and counts the reminders
  it actually inserted (``bulk_create(ignore_conflicts=True)`` returns every row it was given, so the
  current count is wrong on a re-run).
- ``send_pending``: reads what the emails need for 500 reminders in one query without locks, then sends
  each reminder in its own transaction as now: lock the row (``FOR UPDATE SKIP LOCKED``, re-checking it is
  still pending), send, mark it sent, commit. Two short statements per reminder instead of a five-table
  join compiled by the ORM each time and a full ``save()``.
- ``prototype-2-workers`` sends with two threads, each with its own connection, as two Celery workers
  running the send step would.
- ``asynchronous_commit=True`` (the ``prototype-async`` variant) also sets ``synchronous_commit`` off for
  each send transaction, so the commit does not wait for the WAL flush (about 0.7 ms here). A worker killed
  after its commit still leaves the reminder marked sent; only a crash of the database server itself in
  the fraction of a second after a commit could lose the mark, and the reminder would then go again — the
  same kind of window as a kill between the provider accepting the message and the commit (ADR 0009).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ehcp import reminders
from ehcp.models import Deadline, Reminder
from partnerships import rls
from send_system import notify

DEADLINE_FIELDS = (
    "partnership",
    "who_acts",
    "request",
    "advice_request",
    "consultation",
    "request__caseworker",
    "request__child",
    "request__requested_by",
    "request__route",
    "advice_request__setting",
    "advice_request__icb",
    "advice_request__adviser",
    "advice_request__advice_type",
    "consultation__setting",
)


def queue_reminders(*, today: date, batch_size: int = 2000) -> int:
    queued = 0
    for kind, deadlines in reminders._window(today):
        ids = sorted(deadlines.order_by().values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            batch = list(
                Deadline.objects.filter(pk__in=chunk)
                .select_related("request", "advice_request", "consultation")
                .only(*DEADLINE_FIELDS)
            )
            recipients = reminders._Recipients(batch)
            rows = [
                Reminder(partnership_id=d.partnership_id, deadline_id=d.pk, kind=kind, recipient_id=user_id)
                for d in batch
                for user_id in sorted(recipients.for_deadline(d))
            ]
            existing = Reminder.objects.filter(deadline_id__in=chunk, kind=kind).count()
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            queued += Reminder.objects.filter(deadline_id__in=chunk, kind=kind).count() - existing
    return queued


def _send(ids: list[int], *, asynchronous_commit: bool) -> tuple[int, int]:
    """Send these queued reminders, each in its own transaction that holds its row lock."""
    adapter = notify.adapter()
    sent = failed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        loaded = Reminder.objects.filter(pk__in=chunk, status=Reminder.Status.PENDING).select_related(
            "deadline", "deadline__request", "deadline__request__child", "recipient"
        )
        for reminder in loaded.order_by("pk"):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    if asynchronous_commit:
                        cursor.execute("SET LOCAL synchronous_commit TO off")
                    cursor.execute(
                        "SELECT attempts FROM ehcp_reminder WHERE id = %s AND status = 'pending'"
                        " FOR UPDATE SKIP LOCKED",
                        [reminder.pk],
                    )
                    row = cursor.fetchone()
                if row is None:
                    continue  # another sweep has it, or has sent it
                reminder.attempts = row[0] + 1
                try:
                    adapter.send(reminders._email_for(reminder))
                except OSError as exc:
                    reminder.last_error = str(exc)[:300]
                    if reminder.attempts >= 5:
                        reminder.status = Reminder.Status.FAILED
                    reminder.save(update_fields=["attempts", "last_error", "status"])
                    failed += 1
                    continue
                Reminder.objects.filter(pk=reminder.pk).update(
                    status=Reminder.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
                )
                sent += 1
    return sent, failed


def _pending(limit: int | None) -> list[int]:
    candidates = (
        Reminder.objects.filter(status=Reminder.Status.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    return list(candidates[:limit] if limit is not None else candidates)


def make_send_pending(*, asynchronous_commit: bool = False, workers: int = 1):
    """``send_pending`` as proposed; with ``workers`` > 1, that many threads, each with its own database
    connection and its share of the reminders, as several Celery workers running the send step at once
    would (``SKIP LOCKED`` already makes concurrent senders safe)."""

    def send_pending(*, limit: int | None = None) -> tuple[int, int]:
        ids = _pending(limit)
        if workers == 1:
            return _send(ids, asynchronous_commit=asynchronous_commit)

        def work(share: list[int]) -> tuple[int, int]:
            try:
                with rls.system_scope():
                    return _send(share, asynchronous_commit=asynchronous_commit)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(work, [ids[k::workers] for k in range(workers)]))
        return sum(r[0] for r in results), sum(r[1] for r in results)

    return send_pending


VARIANTS = {
    "current": {},
    "prototype": {"queue_reminders": queue_reminders, "send_pending": make_send_pending()},
    "prototype-async": {
        "queue_reminders": queue_reminders,
        "send_pending": make_send_pending(asynchronous_commit=True),
    },
    "prototype-2-workers": {"queue_reminders": queue_reminders, "send_pending": make_send_pending(workers=2)},
}
