"""``seed_national``: England-sized synthetic data (here at a tiny scale), deterministic from its seed, with
every deadline exactly as the services would have made it (ehcp/synthetic.py, ADR 0011)."""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Min, Q

from ehcp import clock, plan_content, policy, quality, selectors, synthetic
from ehcp.models import AssessmentRequest, Deadline, Plan, PlanVersion
from partnerships.models import Child, LocalAuthority, Membership, Partnership, Setting, User
from partnerships.roles import Role

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
SCALE = 0.0005  # 320 plans and 50 open cases, plus the benchmark family's three requests
OPEN_STAGES = {"received", "panel", "assessing", "draft_plan"}


def seed(*extra: str, seed: int = 2026) -> str:
    out = StringIO()
    call_command(
        "seed_national",
        "--scale",
        str(SCALE),
        "--seed",
        str(seed),
        "--today",
        TODAY.isoformat(),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def synthetic_requests():
    return AssessmentRequest.objects.filter(partnership__slug__startswith=synthetic.SLUG_PREFIX)


def synthetic_deadlines():
    return Deadline.objects.filter(partnership__slug__startswith=synthetic.SLUG_PREFIX)


def fingerprint() -> tuple[dict, str]:
    """Counts, and a checksum of every synthetic child's name and birthday and every case's dates."""
    children = Child.objects.filter(partnership__slug__startswith=synthetic.SLUG_PREFIX)
    digest = hashlib.sha256()
    for row in sorted(
        children.values_list("partnership__slug", "first_name", "last_name", "date_of_birth"), key=repr
    ):
        digest.update(repr(row).encode())
    for row in sorted(
        synthetic_requests().values_list("stage", "received_on", "next_due_on", "final_issued_on"), key=repr
    ):
        digest.update(repr(row).encode())
    for row in sorted(
        synthetic_deadlines().values_list("code", "start_on", "due_on", "status", "met_on"), key=repr
    ):
        digest.update(repr(row).encode())
    counts = {
        "partnerships": Partnership.objects.filter(slug__startswith=synthetic.SLUG_PREFIX).count(),
        "settings": Setting.objects.filter(partnership__slug__startswith=synthetic.SLUG_PREFIX).count(),
        "children": children.count(),
        "requests": dict(synthetic_requests().values_list("stage").annotate(n=Count("pk"))),
        "deadlines": synthetic_deadlines().count(),
    }
    return counts, digest.hexdigest()


def test_volumes_follow_the_published_figures():
    call_command("load_reference_data", stdout=StringIO())
    figures = synthetic.la_figures()
    assert len(figures) == 153 == LocalAuthority.objects.filter(status="live").count()
    by_name = {f.name: f for f in figures}
    # Authorities created after the latest SEN2 year take their predecessor's figures, shared.
    assert by_name["Westmorland and Furness"].new_plans == by_name["Cumberland"].new_plans > 0
    assert "Cumbria" in by_name["Cumberland"].source
    assert by_name["North Yorkshire"].requests > 0
    assert all(0 < f.within_20_weeks <= 1 and 0 < f.within_20_weeks_all <= 1 for f in figures)
    volumes = synthetic.la_volumes(figures, 1.0)
    assert sum(v.plans for v in volumes) == synthetic.ENGLAND_ACTIVE_PLANS
    assert sum(v.open_cases for v in volumes) == synthetic.ENGLAND_OPEN_CASES
    biggest = max(volumes, key=lambda v: v.plans)
    assert biggest.plans > 10 * min(v.plans for v in volumes)
    assert synthetic.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert synthetic.apportion(0, [1, 2]) == [0, 0]


def test_same_seed_same_data_other_seed_other_data_and_reset_replaces_it():
    print(seed())
    first = fingerprint()
    assert first[0]["partnerships"] == 153
    with pytest.raises(CommandError, match="--reset"):
        seed()
    print(seed("--reset"))
    assert fingerprint() == first
    seed("--reset", seed=7)
    counts, checksum = fingerprint()
    assert checksum != first[1]
    assert counts["partnerships"] == 153
    assert sum(counts["requests"].values()) == sum(first[0]["requests"].values())
    assert User.objects.filter(email=synthetic.BENCH_CASEWORKER_EMAIL).count() == 1


def _state(deadline: Deadline) -> str:
    if deadline.status == Deadline.Status.NOT_NEEDED:
        return "not_needed"
    return "done" if deadline.met_on else "open"


def _shape(request: AssessmentRequest) -> dict[str, set[str]]:
    shape: dict[str, set[str]] = {}
    for deadline in request.deadlines.all():
        shape.setdefault(deadline.code, set()).add(_state(deadline))
    return shape


def test_cases_match_what_the_services_make(north):
    """Alongside a real partnership (so the load goes batch by batch, not in bulk)."""
    made = {
        "received": journey.at_stage(north, "received"),
        "panel": journey.at_stage(north, "panel", child="ap_pupil"),
        "assessing": journey.at_stage(north, "advice_requested", child="unlinked"),
    }
    made_draft = journey.at_stage(north, "draft_plan")
    output = seed()
    assert "in batches" in output

    # One partnership per live local authority, with its ICB, settings and staff.
    partnerships = Partnership.objects.filter(slug__startswith=synthetic.SLUG_PREFIX)
    assert partnerships.count() == 153
    authorities = set(partnerships.values_list("local_authorities", flat=True))
    assert len(authorities) == 153
    assert authorities <= set(LocalAuthority.objects.filter(status="live").values_list("pk", flat=True))
    assert not partnerships.annotate(n=Count("icbs")).filter(n=0).exists()
    types = set(Setting.objects.filter(partnership__in=partnerships).values_list("setting_type", flat=True))
    assert {Setting.Type.SPECIAL, Setting.Type.ALTERNATIVE_PROVISION, Setting.Type.MAINSTREAM} <= types
    for role in (Role.LA_CASEWORKER, Role.LA_SEND_MANAGER, Role.SOCIAL_CARE_OFFICER):
        assert (
            Membership.objects.filter(partnership__in=partnerships, role=role)
            .values("partnership")
            .distinct()
            .count()
            == 153
        )
    assert Membership.objects.filter(
        role=Role.HEALTH_OFFICER, user__email__endswith=synthetic.EMAIL_DOMAIN
    ).exists()

    # Volumes: 0.0005 of England, every open stage, the benchmark family on top.
    requests = synthetic_requests()
    stages = dict(requests.values_list("stage").annotate(n=Count("pk")))
    assert set(stages) == OPEN_STAGES | {"final"}
    assert stages["final"] == round(synthetic.ENGLAND_ACTIVE_PLANS * SCALE) + 1
    assert sum(stages[s] for s in OPEN_STAGES) == round(synthetic.ENGLAND_OPEN_CASES * SCALE) + 2

    # Every deadline's rule fields and due date are what the clock gives for its event and start.
    for deadline in synthetic_deadlines().order_by("pk")[:300]:
        computed = {c.code: c for c in clock.deadlines_for(deadline.event, deadline.start_on)}[deadline.code]
        assert (
            deadline.due_on,
            deadline.rules_version,
            deadline.title,
            deadline.legal_basis,
            deadline.plain_basis,
            deadline.source_url,
            deadline.guidance_only,
            deadline.who_acts,
        ) == (
            computed.due,
            computed.rules_version,
            computed.rule.title,
            computed.legal_basis,
            computed.rule.plain_basis,
            computed.rule.source_url,
            computed.rule.guidance_only,
            computed.rule.who_acts,
        )

    # Statuses are consistent with the day the data is as of.
    deadlines = synthetic_deadlines()
    assert (
        not deadlines.filter(status="pending").filter(Q(due_on__lt=TODAY) | Q(met_on__isnull=False)).exists()
    )
    assert not deadlines.filter(status="missed", met_on__isnull=True, due_on__gte=TODAY).exists()
    assert not deadlines.filter(status="met").filter(Q(met_on__isnull=True) | Q(met_on__gt=TODAY)).exists()
    assert all(d.met_on > d.due_on for d in deadlines.filter(status="missed", met_on__isnull=False))
    assert all(d.met_on <= d.due_on for d in deadlines.filter(status="met"))
    assert not deadlines.filter(status="not_needed", met_on__isnull=False).exists()
    assert not deadlines.filter(status="excepted", exception__isnull=True).exists()
    assert deadlines.filter(status="missed").exists() and deadlines.filter(status="pending").exists()

    # next_due_on is the earliest deadline not done and still needed (services._refresh_next_due).
    expected = requests.annotate(
        earliest=Min(
            "deadlines__due_on",
            filter=Q(deadlines__met_on__isnull=True) & ~Q(deadlines__status=Deadline.Status.NOT_NEEDED),
        )
    )
    assert [(r.pk, r.next_due_on) for r in expected] == [(r.pk, r.earliest) for r in expected]

    # Each open case has the deadlines the services make at its stage, done or set aside alike.
    service_shapes = {stage: _shape(case) for stage, case in made.items()}
    draft_shape = _shape(made_draft)
    for case in requests.filter(stage__in=OPEN_STAGES).prefetch_related("deadlines"):
        shape = _shape(case)
        if case.stage in ("received", "panel"):
            assert shape == service_shapes[case.stage], case.pk
        elif case.stage == "assessing":
            model = service_shapes["assessing"]
            assert shape["decide_whether_to_assess"] == model["decide_whether_to_assess"] == {"done"}
            assert shape["final_plan_due"] == {"open"}
            notify = {"not_needed"} if case.issue_decision == "issue" else {"open"}
            assert shape["notify_not_to_issue"] == notify
            assert set(shape) <= set(model)
        else:
            for code in ("decide_whether_to_assess", "notify_not_to_issue", "final_plan_due", "advice_due"):
                assert shape[code] == draft_shape[code], (case.pk, code)
            assert "comments_due" in shape
            assert set(shape) <= set(draft_shape) | {"consultation_response_due"}

    # Active plans: a final plan, closed case and its 20-week deadline closed on the day it was issued.
    finals = requests.filter(stage="final")
    assert not finals.exclude(plan__status=Plan.Status.FINAL).exists()
    assert not finals.filter(Q(final_issued_on__gte=TODAY) | Q(next_due_on__isnull=False)).exists()
    twenty_weeks = Deadline.objects.filter(request__in=finals, code="final_plan_due")
    assert twenty_weeks.count() == finals.count()
    assert all(d.met_on == d.request.final_issued_on for d in twenty_weeks.select_related("request"))
    # Each final plan is versioned as the services leave it: the served draft (no setting in section I),
    # then the final plan in force naming the setting, and its first annual review 12 months on.
    final_plans = Plan.objects.filter(request__in=finals).select_related("current_version", "named_setting")
    behind = reviewed_plans = 0
    for plan in final_plans[:200]:
        draft, final = plan.versions.order_by("number")
        assert (draft.kind, draft.status, final.kind, final.status) == ("draft", "issued", "final", "issued")
        assert plan.current_version == final and final.based_on_id == draft.pk
        assert plan_content.clean_content(final.content) == final.content
        assert set(final.content) == set(plan_content.SECTION_CODES)
        assert draft.content["I"]["setting_type"] == "" and final.content["I"]["setting_type"]
        assert final.content["I"]["setting_name"] == (plan.named_setting.name if plan.named_setting else "")
        assert quality.run(final.content) == []
        # The next annual review: 12 months after the plan was made or, for most plans older than a year,
        # after the last review was completed (CFA s.44).
        review = plan.deadlines.get()
        reviewed = plan.last_reviewed_on
        assert (review.code, review.request_id, review.start_on) == (
            "annual_review_due",
            None,
            reviewed or plan.final_issued_on,
        )
        assert review.event == ("review_completed" if reviewed else "plan_issued")
        assert reviewed is None or plan.final_issued_on < reviewed <= TODAY
        assert (
            review.due_on == clock.add_months(reviewed or plan.final_issued_on, 12) == plan.next_review_due_on
        )
        assert review.status == ("missed" if review.due_on < TODAY else "pending")
        assert plan.next_due_on == review.due_on
        behind += review.status == "missed"
        reviewed_plans += reviewed is not None
    # Most plans are reviewed on time; some are behind, as in any area.
    assert reviewed_plans > 100 and 0 < behind < 60
    assert PlanVersion.objects.filter(plan__in=final_plans).count() == 2 * final_plans.count()
    # An open case with a served draft: the draft issued and a working copy for the final plan.
    for plan in Plan.objects.filter(request__in=requests.filter(stage="draft_plan"))[:20]:
        assert [(v.kind, v.status) for v in plan.versions.order_by("number")] == [
            ("draft", "issued"),
            ("final", "working"),
        ]
        assert plan.current_version_id is None and not plan.deadlines.exists()
    rate = selectors.timeliness(partnership_ids=list(partnerships.values_list("pk", flat=True)))
    assert 20 < rate["rate_including_exceptions"] < 85

    # The benchmark people: a caseworker in the area with most open cases, a parent with three requests.
    caseworker = User.objects.get(email=synthetic.BENCH_CASEWORKER_EMAIL)
    assert caseworker.totpdevice_set.filter(confirmed=True).exists()
    area = caseworker.memberships.get(role=Role.LA_CASEWORKER).partnership
    open_by_area = requests.filter(stage__in=OPEN_STAGES).values("partnership").annotate(n=Count("pk"))
    assert max(row["n"] for row in open_by_area) == next(
        row["n"] for row in open_by_area if row["partnership"] == area.pk
    )
    parent = User.objects.get(email=synthetic.BENCH_PARENT_EMAIL)
    assert policy.requests_visible_to(parent).count() == 3
    assert any(a["kind"] == "comments_due" for a in selectors.family_actions(user=parent))

    # No audit history for synthetic rows, and every foreign key holds.
    events = (
        (apps.get_model("partnerships", "ChildEvent"), Child.objects.filter(partnership__in=partnerships)),
        (apps.get_model("ehcp", "AssessmentRequestEvent"), requests),
        (apps.get_model("ehcp", "PlanEvent"), Plan.objects.filter(request__in=requests)),
    )
    for event_model, rows in events:
        assert not event_model.objects.filter(pgh_obj_id__in=rows.values("pk")).exists(), event_model
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
