"""The nightly sweep over the seeded data: how long it takes, and how that grows with the data.

    DATABASE_URL=postgres://…/send_bench python benchmarks/bench_sweep.py --today 2026-11-22

Run it on a freshly seeded database (``manage.py seed_national --reset --today …`` with the same day). It
runs the sweep three times: on ``--today`` (the first sweep over the data), again on the same day (a
re-run: nothing may be queued or sent twice), and on the next day (the next night). For each it reports
the seconds in total and per phase, the SQL statements, deadlines marked missed, reminders queued and
sent, and the time per open case and per plan. The sweep changes the data (reminders, statuses): seed
again before measuring again.
"""

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

_setup.setup()

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402

from ehcp import reminders  # noqa: E402
from ehcp.models import AssessmentRequest, Deadline, Reminder  # noqa: E402
from partnerships import rls  # noqa: E402
from partnerships.management.commands.seed_national import last_nights_reminders  # noqa: E402


class Counter:
    """Counts SQL statements without keeping them (a sweep can run hundreds of thousands)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_phases(phases: dict[str, float], variant: str):
    """Wrap the sweep's three phases so each one's time is recorded (the sweep calls them by name, so the
    module's functions are replaced for the run and put back after it)."""
    originals = {
        name: getattr(reminders, name) for name in ("mark_missed", "queue_reminders", "send_pending")
    }
    chosen = dict(originals)

    def wrap(name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started

        return timed

    for name, function in chosen.items():
        setattr(reminders, name, wrap(name, function))
    return originals


def fresh(today: date) -> None:
    """Put the data back as seeded: the deadlines a next-night sweep marked missed (due on or after the
    seeded day, not done) pending again, and the reminders as the earlier nights' sweeps left them (every
    reminder up to last night sent, as ``seed_national`` records them)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE ehcp_reminder")
        cursor.execute(
            "UPDATE ehcp_deadline SET status = 'pending' WHERE status = 'missed' AND met_on IS NULL AND due_on >= %s",
            [today],
        )
    last_nights_reminders(today=today)


def run(day: date, label: str, open_cases: int, plans: int, variant: str) -> dict:
    phases: dict[str, float] = {}
    originals = timed_phases(phases, variant)
    counter = Counter()
    sent_before = len(mail.outbox)
    rows_before = Reminder.objects.count()
    try:
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = reminders.sweep(today=day)
            seconds = time.perf_counter() - started
    finally:
        for name, function in originals.items():
            setattr(reminders, name, function)
    emails = len(mail.outbox) - sent_before
    result_row = {
        "variant": variant,
        "run": label,
        "day": day.isoformat(),
        "seconds": round(seconds, 2),
        "phases": {name: round(value, 2) for name, value in phases.items()},
        "queries": counter.count,
        "marked_missed": result.marked_missed,
        "queued": result.queued,
        "reminder_rows_added": Reminder.objects.count() - rows_before,
        "sent": result.sent,
        "failed": result.failed,
        "emails": emails,
        "us_per_open_case": round(seconds / open_cases * 1e6, 1) if open_cases else None,
        "us_per_plan": round(seconds / plans * 1e6, 2) if plans else None,
    }
    print(json.dumps(result_row), flush=True)
    return result_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--today", type=date.fromisoformat, required=True, help="The day the data was seeded as of"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="First put the data back as seeded: undo next-night marks, reminders as of last night",
    )
    parser.add_argument("--json", type=Path, help="Also write the results to this file")
    args = parser.parse_args()
    runs = []
    with rls.system_scope():
        open_cases = AssessmentRequest.objects.filter(stage__in=AssessmentRequest.OPEN_STAGES).count()
        plans = AssessmentRequest.objects.filter(stage=AssessmentRequest.Stage.FINAL).count()
        deadlines = Deadline.objects.count()
        for variant in ["current"]:
            if args.fresh:
                fresh(args.today)
            elif Reminder.objects.filter(status=Reminder.Status.PENDING).exists():
                print(
                    "Warning: reminders are waiting to be sent: seed again, or use --fresh", file=sys.stderr
                )
            first = run(args.today, "first sweep", open_cases, plans, variant)
            again = run(args.today, "re-run, same day", open_cases, plans, variant)
            following = run(args.today + timedelta(days=1), "next night", open_cases, plans, variant)
            assert again["sent"] == again["emails"] == again["reminder_rows_added"] == 0, again
            runs += [first, again, following]
    results = {
        "machine": _setup.machine(),
        "open_cases": open_cases,
        "plans": plans,
        "deadlines": deadlines,
        "runs": runs,
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
