# ruff: noqa: F811 (the fixtures imported from tests/inclusion_plans.py are parameters here)
"""The sufficiency view: places planned against demand computed from the area's maintained EHC plans (by the
kind of place named and the primary need), open assessment requests shown apart, a projection from the
published SEN2 growth in new plans, shortfalls said in words, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.models import PublishedLAStatistic
from ehcp.models import Plan, PlanVersion
from partnerships.models import Setting
from placements import selectors_inclusion, services_inclusion

from . import ehcp_journey as journey
from . import factories
from .inclusion_plans import new_plan, standards  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def maintained(area, *, setting=None, need: str = "", section_i: str = "") -> Plan:
    """A maintained plan written straight to the tables (the journey makes one the real way below)."""
    child = factories.ChildFactory(partnership=area.partnership, current_setting=setting)
    plan = Plan.objects.create(
        partnership=area.partnership, child=child, status=Plan.Status.FINAL, named_setting=setting
    )
    needs = (
        [{"id": "n1", "area": "cognition_learning", "code": need, "rank": "primary", "description": "x"}]
        if need
        else []
    )
    version = PlanVersion.objects.create(
        partnership=area.partnership,
        plan=plan,
        number=1,
        kind=PlanVersion.Kind.FINAL,
        status=PlanVersion.Status.ISSUED,
        content={"B": {"summary": "", "needs": needs}, "I": {"setting_type": section_i}},
        issued_on=timezone.localdate(),
    )
    Plan.objects.filter(pk=plan.pk).update(current_version=version)
    return plan


@pytest.fixture
def dataset(north, standards):
    journey.at_stage(north, "final")  # the pupil: a mainstream school, primary need ASD
    special = factories.SettingFactory(partnership=north.partnership, setting_type=Setting.Type.SPECIAL)
    resourced = factories.SettingFactory(partnership=north.partnership, has_resourced_provision=True)
    maintained(north, setting=special, need="ASD")
    maintained(north, setting=special, need="ASD")
    maintained(north, setting=special, need="SLD")
    maintained(north, setting=special)  # no primary need recorded
    maintained(north, setting=resourced, need="ASD", section_i="Resourced provision for autistic pupils")
    maintained(north)  # no setting named
    journey.received(north, child="ap_pupil")
    journey.received(north, child="unlinked")
    la = north.partnership.local_authorities.get()
    for year, new in ((2023, 90), (2024, 100), (2025, 110)):
        PublishedLAStatistic.objects.create(
            local_authority=la, year=year, source_ons_code=la.ons_code, new_all_ehc=new
        )
    plan = new_plan(north)
    manager = north.people["manager"]
    for category, need, places in (
        ("special", "ASD", [2, 2, 2, 2]),
        ("special", "", [1, 1, 1, 1]),
        ("mainstream", "ASD", [5, 5, 5, 5]),
    ):
        services_inclusion.sufficiency_line_save(
            actor=manager, plan=plan, category=category, need_code=need, places=places
        )
    return plan


def test_demand_by_category_and_need_with_the_projection(north, dataset):
    view = selectors_inclusion.sufficiency(dataset)
    assert view.maintained_plans == 7
    assert view.not_placed == 1
    assert view.awaiting_decision == 2
    assert round(view.projection.growth, 3) == 0.1 and view.projection.to_year == 2025
    rows = {(r.category, r.need_code): (r.planned, r.demand) for r in view.rows}
    assert rows == {
        ("mainstream", "ASD"): ([5, 5, 5, 5], [1, 1, 1, 1]),
        ("resourced_provision", "ASD"): ([0, 0, 0, 0], [1, 1, 1, 1]),
        ("special", "ASD"): ([2, 2, 2, 2], [2, 2, 2, 3]),
        # The 'any need' line meets the special school demand with no line of its own: SLD and unknown.
        ("special", ""): ([1, 1, 1, 1], [2, 2, 2, 3]),
    }
    assert {(r.category, r.need_code) for r in view.shortfalls} == {
        ("resourced_provision", "ASD"),
        ("special", "ASD"),
        ("special", ""),
    }


def test_the_page_says_how_demand_is_projected_and_names_shortfalls_in_words(north, dataset, signed_in):
    page = signed_in(north.people["regional"]).get(f"/inclusion-plans/{dataset.pk}/sufficiency/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "100 in 2024 and 110 in 2025, a change of +10.0% a year" in text
    assert "2 assessment requests are awaiting a decision" in " ".join(text.split()), text[
        text.find("assessment request") - 80 :
    ][:300]
    assert "Shortfall of 1" in text and "3 kinds of place have fewer places planned" in text
    for child in north.children.values():
        assert child.first_name not in text and child.last_name not in text
    api = signed_in(north.people["manager"]).get(f"/api/v1/inclusion-plans/{dataset.pk}/sufficiency/").json()
    assert api["awaiting_decision"] == 2 and api["maintained_plans"] == 7
    row = next(r for r in api["rows"] if r["category"] == "special" and r["need_code"] == "ASD")
    assert row["shortfall"] == [0, 0, 0, 1]


def test_no_growth_is_assumed_without_two_published_years(north, standards):
    plan = new_plan(north)
    special = factories.SettingFactory(partnership=north.partnership, setting_type=Setting.Type.SPECIAL)
    maintained(north, setting=special, need="ASD")
    view = selectors_inclusion.sufficiency(plan)
    assert view.projection.growth == 0 and view.projection.from_year is None
    assert [(r.category, r.demand) for r in view.rows] == [("special", [1, 1, 1, 1])]


def test_the_query_count_does_not_grow_with_the_number_of_plans(north, dataset, signed_in):
    client = signed_in(north.people["manager"])
    url = f"/inclusion-plans/{dataset.pk}/sufficiency/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    special = Setting.objects.filter(partnership=north.partnership, setting_type=Setting.Type.SPECIAL).first()
    for need in ("ASD", "SLD", "SEMH", "HI", "VI", "PD", "MLD", "SPLD"):
        maintained(north, setting=special, need=need)
        maintained(north, setting=north.school, need=need)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    selectors = CaptureQueriesContext(connection)
    with selectors:
        selectors_inclusion.sufficiency(dataset)
    assert len(selectors) == 6
