"""Plan quality on the dashboards: the share of final and amended plans issued in the 12 months to the
roll-up that passed every quality check, and the count failing each check, per partnership (the regional
page's partnership section), summed over the region, and in the API."""

import datetime

import pytest
import time_machine

from dashboards import selectors, services
from ehcp import plan_samples, quality
from ehcp.models import Plan, PlanVersion

from . import ehcp_journey as journey
from . import factories

NORTH = "E12000001"
ON = datetime.date(2026, 6, 30)


def finding(code: str, item: str = "x") -> dict:
    return {"code": code, "section": "E", "item_id": item, "message": "..."}


def version(
    area, *, kind=PlanVersion.Kind.FINAL, issued_on=datetime.date(2026, 3, 1), issues=(), status=None
):
    child = factories.ChildFactory(partnership=area.partnership)
    plan = Plan.objects.create(partnership=area.partnership, child=child, status=Plan.Status.FINAL)
    return PlanVersion.objects.create(
        partnership=area.partnership,
        plan=plan,
        number=1,
        kind=kind,
        status=status or PlanVersion.Status.ISSUED,
        issued_on=issued_on if status is None else None,
        content={},
        quality_issues=list(issues),
    )


@pytest.fixture
def versions(north, south):
    version(north)  # passes
    version(north, kind=PlanVersion.Kind.AMENDED)  # passes
    version(  # two findings of one check count once for that check
        north, issues=[finding("outcome_without_measure", "a"), finding("outcome_without_measure", "b")]
    )
    version(
        north,
        kind=PlanVersion.Kind.AMENDED,
        issues=[finding("provision_unquantified"), finding("views_not_own_words")],
    )
    # Not counted: drafts, proposed amendments, working versions, outside the 12 months, other partnerships.
    version(north, kind=PlanVersion.Kind.DRAFT, issues=[finding("outcome_without_date")])
    version(north, kind=PlanVersion.Kind.PROPOSED)
    version(north, status=PlanVersion.Status.WORKING, issues=[finding("outcome_without_date")])
    version(north, issued_on=datetime.date(2025, 6, 29), issues=[finding("outcome_without_date")])
    version(north, issued_on=datetime.date(2026, 7, 1))
    version(south, issues=[finding("need_without_provision")])


def test_the_selector_counts_in_one_query(north, south, versions, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = selectors.plan_quality(
            partnership_ids=[north.partnership.pk], since=datetime.date(2025, 6, 30), until=ON
        )
    assert figures["plans"] == 4
    assert figures["passed"] == 2
    assert figures["rate"] == 50.0
    assert set(figures["by_check"]) == {check.code for check in quality.checks()}
    assert figures["by_check"]["outcome_without_measure"] == 1
    assert figures["by_check"]["provision_unquantified"] == 1
    assert figures["by_check"]["views_not_own_words"] == 1
    assert figures["by_check"]["outcome_without_date"] == 0
    assert figures["by_check"]["need_without_provision"] == 0
    both = selectors.plan_quality(
        partnership_ids=[north.partnership.pk, south.partnership.pk],
        since=datetime.date(2025, 6, 30),
        until=ON,
    )
    assert (both["plans"], both["passed"], both["by_check"]["need_without_provision"]) == (5, 2, 1)


def test_no_plans_means_no_rate(north):
    figures = selectors.plan_quality(partnership_ids=[north.partnership.pk], since=ON, until=ON)
    assert (figures["plans"], figures["passed"], figures["rate"]) == (0, 0, None)


def test_the_rollup_stores_the_figures_and_the_pages_and_api_show_them(north, south, versions, signed_in):
    snapshot = services.partnership_rollup(partnership=north.partnership, on_date=ON)
    assert snapshot.plan_quality["plans"] == 4 and snapshot.plan_quality["rate"] == 50.0
    assert snapshot.plan_quality["by_check"]["outcome_without_measure"] == 1
    html = signed_in(north.people["regional"]).get("/regional/").content.decode()
    assert "Quality of plans issued in the last 12 months" in html
    assert "Passed every quality check" in html and "(50.0%)" in html
    assert "Did not pass: Every outcome has a measure" in html
    assert f"Plan quality across {north.partnership.local_authorities.get().region.name}" in html
    data = signed_in(north.people["regional"]).get(f"/api/v1/dashboards/regions/{NORTH}/").json()
    (row,) = data["local_authorities"]
    quality_figures = row["snapshot"]["plan_quality"]
    assert (quality_figures["plans"], quality_figures["passed"], quality_figures["rate"]) == (4, 2, 50.0)
    by_check = {item["code"]: item["count"] for item in quality_figures["by_check"]}
    assert by_check["views_not_own_words"] == 1
    assert data["totals"]["plan_quality"]["plans"] == 4
    national = signed_in(north.people["national"]).get("/api/v1/dashboards/national/").json()
    assert national["totals"]["plan_quality"]["passed"] == 2


def test_the_region_sums_counts_and_recomputes_the_rate(north, south, signed_in):
    region = north.partnership.local_authorities.get().region
    other = factories.PartnershipFactory(local_authority=factories.LocalAuthorityFactory(region=region))
    area = type("Area", (), {"partnership": other})
    version(north)
    version(area, issues=[finding("outcome_without_date")])
    version(area, issues=[finding("outcome_without_date")])
    for partnership in (north.partnership, other):
        services.partnership_rollup(partnership=partnership, on_date=ON)
    dashboard = selectors.region_dashboard(user=north.people["regional"], region_id=region.pk)
    total = dashboard.totals.plan_quality
    assert (total.plans, total.passed) == (3, 1)
    assert total.rate == 33.3  # 1 of 3, not the average of 100% and 0%
    assert {c.code: c.count for c in total.by_check}["outcome_without_date"] == 2


def test_a_snapshot_from_before_plan_quality_shows_nothing(north, signed_in):
    snapshot = services.partnership_rollup(partnership=north.partnership, on_date=ON)
    type(snapshot).objects.filter(pk=snapshot.pk).update(plan_quality={})
    html = signed_in(north.people["regional"]).get("/regional/").content.decode()
    assert "Passed every quality check" not in html
    data = signed_in(north.people["regional"]).get(f"/api/v1/dashboards/regions/{NORTH}/").json()
    assert data["local_authorities"][0]["snapshot"]["plan_quality"] is None


def test_a_plan_issued_through_the_journey_is_counted(north):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False):
        plan = journey.at_stage(north, "final").plan
        assert plan.current_version.quality_issues == []
    with time_machine.travel(datetime.datetime(2026, 3, 3, 12, 0), tick=False):
        no_views = {**plan_samples.complete_plan(), "A": {}}
        version(north, issues=[f.as_dict() for f in quality.run(no_views)])
        snapshot = services.partnership_rollup(partnership=north.partnership)
    assert snapshot.plan_quality["plans"] == 2
    assert snapshot.plan_quality["passed"] == 1
    assert snapshot.plan_quality["by_check"]["views_not_own_words"] == 1
