"""``manage.py seed_national``: England-sized synthetic data for benchmarks (ehcp/synthetic.py, ADR 0011)."""

import time
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ehcp import reminders, synthetic
from ehcp.models import Reminder
from partnerships import rls


def last_nights_reminders(*, today: date) -> int:
    """Make the data look as if the service had been sweeping every night until yesterday: the reminders
    yesterday's sweep would have queued are recorded as sent, so tonight's sweep (the benchmark) does one
    night's work rather than catching up on history the data never had."""
    yesterday = today - timedelta(days=1)
    sent_at = timezone.make_aware(datetime.combine(yesterday, dt_time(2, 30)))
    with rls.system_scope(), transaction.atomic():
        reminders.queue_reminders(today=yesterday)
        return Reminder.objects.filter(status=Reminder.Status.PENDING).update(
            status=Reminder.Status.SENT, sent_at=sent_at, attempts=1
        )


class Command(BaseCommand):
    help = (
        "Load synthetic data for every live local authority in England: a partnership each with settings and "
        "staff, and EHC plans and open cases in the volumes its published SEN2 figures suggest. --scale 1.0 "
        "is England (about 640,000 active plans and 100,000 open cases). Deterministic from --seed. "
        "Refused where settings.DEMO_DATA_ALLOWED is False (production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.0156, help="1.0 is England; 0.0156 is about 10,000 plans"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="The day the data is as of (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the synthetic data loaded before, then load"
        )

    def handle(self, *args, scale: float, seed: int, today: date | None, reset: bool, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Synthetic data is not allowed here: settings.DEMO_DATA_ALLOWED is False.")
        if not 0 < scale <= 2:
            raise CommandError("--scale must be more than 0 and at most 2")
        started = time.perf_counter()
        call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
        reference_seconds = time.perf_counter() - started
        try:
            result = synthetic.seed_national(
                scale=scale, seed=seed, today=today, reset_first=reset, log=self.stdout.write
            )
        except synthetic.SyntheticDataExists as exc:
            raise CommandError(str(exc)) from exc
        history_started = time.perf_counter()
        history = last_nights_reminders(today=result.today)
        result.timings["last night's reminders (recorded as sent)"] = time.perf_counter() - history_started
        self.stdout.write(f"Timings (seconds): reference data {reference_seconds:.1f}")
        for name, seconds in result.timings.items():
            self.stdout.write(f"  {name}: {seconds:.1f}")
        self.stdout.write(f"  reminders already sent by earlier nights' sweeps: {history:,}")
        for table, count in result.counts.items():
            self.stdout.write(f"  {table}: {count:,} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ready in {time.perf_counter() - started:.1f}s (scale {scale}, seed {seed}, "
                f"as of {result.today:%Y-%m-%d}): {result.plans:,} active plans and {result.open_cases:,} open "
                f"cases in {result.partnerships} partnerships. Benchmark area: "
                f"{result.bench_authority} ({result.bench_open_cases:,} open cases), caseworker "
                f"{synthetic.BENCH_CASEWORKER_EMAIL}, parent {synthetic.BENCH_PARENT_EMAIL}."
            )
        )
