"""Reading a plan: the tagged PDF of a 20-page plan, and the plan page's server time and SQL statements for a
small and a large plan, over the seeded data.

    DATABASE_URL=postgres://…/send_bench python benchmarks/bench_plan.py --today 2026-11-22

Needs ``manage.py seed_national`` first (its benchmark caseworker and parent). Gives the benchmark
parent's first child maintained plans made directly (a served draft and a final plan, both issued),
with ``plan_samples.complete_plan`` content of each size used: ``--pdf-size`` (default 6, which prints at
20 A4 pages; the script prints the page count and refuses fewer than 20) and ``--page-sizes`` (default 1
and 10). The plans are found again by their section A summary on later runs, since issued versions can
never be deleted.

Then, as ``bench_pages.py`` does: the PDF is rendered 2 times to warm up and 10 times timed (in-process,
``ehcp.plan_pdf.plan_pdf``, which the download page and API call); each page is requested through Django's
test client (5 warm-up, 30 timed) as the caseworker and as the parent, timing the whole request in the
server process and counting its SQL statements. Each page must make the same number of statements for
every size (the content is one JSON column).
"""

import argparse
import io
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

_setup.setup()

import pypdf  # noqa: E402
import time_machine  # noqa: E402
from bench_pages import measure, page, signed_in  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from ehcp import plan_content, plan_pdf, plan_samples, synthetic  # noqa: E402
from ehcp.models import Plan, PlanVersion  # noqa: E402
from partnerships import rls  # noqa: E402
from partnerships.models import User  # noqa: E402
from partnerships.policy import children_visible_to  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
TARGET_PDF_S = 2.0
TARGET_PAGE_MS = 150.0
MIN_PAGES = 20


def _marker(size: int) -> str:
    return f"Benchmark plan (bench_plan.py, size {size})."


def bench_plan(*, child, caseworker: User, size: int, today: date) -> Plan:
    """The child's benchmark plan of this size: found again, or made with a draft and a final version."""
    found = (
        PlanVersion.objects.filter(
            plan__child=child, status=PlanVersion.Status.ISSUED, content__A__summary=_marker(size)
        )
        .select_related("plan")
        .first()
    )
    if found is not None:
        return found.plan
    content = plan_samples.complete_plan(first_name=child.first_name, size=size, today=today)
    content["A"]["summary"] = _marker(size)
    setting = child.current_setting
    content["I"] = plan_content.clean_section(
        "I", {"setting_type": "Mainstream school", "setting_name": setting.name if setting else ""}
    )
    plan = Plan.objects.create(
        partnership_id=child.partnership_id,
        child=child,
        status=Plan.Status.FINAL,
        caseworker=caseworker,
        named_setting=setting,
        draft_issued_on=today,
        final_issued_on=today,
        next_review_due_on=today.replace(year=today.year + 1),
        created_by=caseworker,
    )
    common = {"partnership_id": child.partnership_id, "plan": plan, "created_by": caseworker}
    draft = PlanVersion.objects.create(
        **common,
        number=1,
        kind=PlanVersion.Kind.DRAFT,
        status=PlanVersion.Status.ISSUED,
        content={**content, "I": plan_content.clean_section("I", {})},
        issued_on=today,
        issued_by=caseworker,
    )
    final = PlanVersion.objects.create(
        **common,
        number=2,
        kind=PlanVersion.Kind.FINAL,
        status=PlanVersion.Status.ISSUED,
        content=content,
        based_on=draft,
        issued_on=today,
        issued_by=caseworker,
    )
    plan.current_version = final
    plan.save(update_fields=["current_version"])
    return plan


def time_pdf(plan: Plan, *, warmup: int, repeat: int) -> dict:
    plan = Plan.objects.select_related("child", "partnership", "named_setting", "current_version").get(
        pk=plan.pk
    )
    version = PlanVersion.objects.select_related("issued_by").get(pk=plan.current_version_id)
    pdf = b""
    for _ in range(warmup):
        pdf = plan_pdf.plan_pdf(plan=plan, version=version)
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = plan_pdf.plan_pdf(plan=plan, version=version)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    times.sort()
    return {
        "what": "PDF of the plan (ehcp.plan_pdf.plan_pdf, PDF/UA-1)",
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "median_s": round(statistics.median(times), 2),
        "p95_s": round(times[max(0, round(0.95 * len(times)) - 1)], 2),
        "min_s": round(times[0], 2),
        "max_s": round(times[-1], 2),
        "median_cpu_s": round(statistics.median(cpu), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--pdf-size", type=int, default=6, help="complete_plan size of the 20-page plan")
    parser.add_argument(
        "--page-sizes", default="1,10", help="complete_plan sizes of the plans whose pages are timed"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--pdf-repeat", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    caseworker = User.objects.get(email=synthetic.BENCH_CASEWORKER_EMAIL)
    parent = User.objects.get(email=synthetic.BENCH_PARENT_EMAIL)
    sizes = [int(size) for size in args.page_sizes.split(",")]
    with rls.system_scope():
        child = children_visible_to(parent).select_related("current_setting").order_by("pk").first()
        plans = {
            size: bench_plan(child=child, caseworker=caseworker, size=size, today=args.today)
            for size in sizes
        }
        printed = bench_plan(child=child, caseworker=caseworker, size=args.pdf_size, today=args.today)
        pdf = time_pdf(printed, warmup=2, repeat=args.pdf_repeat)
    pdf["size"] = args.pdf_size
    print(
        f"PDF of the size {args.pdf_size} plan: {pdf['pages']} pages, median {pdf['median_s']} s", flush=True
    )
    if pdf["pages"] < MIN_PAGES:
        raise SystemExit(f"The plan prints at {pdf['pages']} pages: use a larger --pdf-size for {MIN_PAGES}")

    results = []
    options = {"warmup": args.warmup, "repeat": args.repeat}
    with time_machine.travel(args.today, tick=True):
        staff, family = signed_in(caseworker), signed_in(parent)
        for who, client in (("caseworker", staff), ("parent", family)):
            for size, plan in plans.items():
                pages = [
                    ("plan page (plan-detail)", reverse("plan-detail", args=[plan.pk])),
                    ("easy-read My plan (plan-easy-read)", reverse("plan-easy-read", args=[plan.pk])),
                    (
                        "compare versions 1 and 2 (plan-compare)",
                        reverse("plan-compare", args=[plan.pk]) + "?from=1&to=2",
                    ),
                    ("API plan (api-plan-detail)", reverse("api-plan-detail", args=[plan.pk])),
                ]
                for name, url in pages:
                    result = measure(f"{name}, size {size}, {who}", page(client, url), **options)
                    result.update({"page": name, "plan_size": size, "who": who})
                    results.append(result)
                    print(json.dumps(result), flush=True)

    report = {
        "machine": _setup.machine(),
        "today": args.today.isoformat(),
        "pdf": pdf,
        "pdf_target_s": TARGET_PDF_S,
        "page_target_ms": TARGET_PAGE_MS,
        "results": results,
        "same_queries_at_every_size": all(
            a["queries"] == b["queries"]
            for a in results
            for b in results
            if (a["page"], a["who"]) == (b["page"], b["who"])
        ),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
