"""Server time and SQL statements of the caseworker work queue and the parent portal home, over the
seeded data.

    DATABASE_URL=postgres://…/send_bench python benchmarks/bench_pages.py --today 2026-11-22

Signs in the benchmark caseworker (in the area with the most open cases) and the benchmark parent
(three requests) that ``manage.py seed_national`` creates, as the tests do (a session, and for staff the
second factor marked as passed), and requests each page through Django's test client: 5 warm-up requests,
then 30 timed ones. The time is measured around the whole request inside the server process (middleware,
view, template, every query), with no network. Also times the selectors behind the pages directly.
``--today`` pins the day the queue counts from (time-machine), so every run sees the same queue.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

_setup.setup()

import contextlib  # noqa: E402

import time_machine  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from ehcp import selectors, synthetic  # noqa: E402
from ehcp.models import AssessmentRequest  # noqa: E402
from partnerships import rls  # noqa: E402
from partnerships.models import User  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def measure(label: str, call, *, warmup: int, repeat: int) -> dict:
    for _ in range(warmup):
        call()
    times, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
    times.sort()
    return {
        "what": label,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "min_ms": round(times[0], 1),
        "max_ms": round(times[-1], 1),
        "queries": sorted(queries),
    }


def page(client: Client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        response.content  # noqa: B018 - render it all

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure_all(args)
    caseworker = User.objects.get(email=synthetic.BENCH_CASEWORKER_EMAIL)
    with rls.system_scope():
        open_cases = AssessmentRequest.objects.filter(stage__in=AssessmentRequest.OPEN_STAGES).count()
        plans = AssessmentRequest.objects.filter(stage=AssessmentRequest.Stage.FINAL).count()
        area_cases = AssessmentRequest.objects.filter(
            partnership_id__in=_partnerships(caseworker), stage__in=AssessmentRequest.OPEN_STAGES
        ).count()
    report = {
        "machine": _setup.machine(),
        "open_cases": open_cases,
        "plans": plans,
        "caseworker_area_open_cases": area_cases,
        "results": results,
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def measure_all(args) -> list[dict]:
    caseworker = User.objects.get(email=synthetic.BENCH_CASEWORKER_EMAIL)
    parent = User.objects.get(email=synthetic.BENCH_PARENT_EMAIL)
    results = []
    options = {"warmup": args.warmup, "repeat": args.repeat}
    with time_machine.travel(args.today, tick=True):
        staff, family = signed_in(caseworker), signed_in(parent)
        queue = reverse("backoffice-home")
        pages = [
            ("work queue, page 1 (backoffice-home)", staff, queue),
            ("work queue, page 10, stage filter", staff, f"{queue}?stage=assessing&page=10"),
            ("work queue, page 10, my cases", staff, f"{queue}?caseworker=mine&page=10"),
            ("parent portal home (portal-home)", family, reverse("portal-home")),
        ]
        with contextlib.suppress(NoReverseMatch):
            pages.append(("case page (case-detail), first on the queue", staff, _first_case(caseworker)))
        for label, client, url in pages:
            results.append(measure(label, page(client, url), **options))

        def queue_selectors():
            with rls.tenant_scope(_partnerships(caseworker)):
                cases = list(selectors.work_queue(user=caseworker)[:25])
                selectors.next_deadlines(cases)

        def portal_selectors():
            with rls.tenant_scope(_partnerships(parent)):
                list(selectors.family_requests(user=parent))

        results.append(measure("selectors: work_queue page 1 + next_deadlines", queue_selectors, **options))
        results.append(measure("selectors: family_requests", portal_selectors, **options))
    return results


def _partnerships(user: User) -> list[int]:
    from partnerships.policy import rls_partnership_ids

    return sorted(rls_partnership_ids(user))


def _first_case(caseworker: User) -> str:
    with rls.tenant_scope(_partnerships(caseworker)):
        first = selectors.work_queue(user=caseworker).first()
    return reverse("case-detail", args=[first.pk])


if __name__ == "__main__":
    main()
