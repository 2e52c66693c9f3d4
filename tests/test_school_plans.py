"""The SENCO's dashboard for plans (the school's home page and GET /api/v1/school/plans/): children with
plans at the setting, reviews it hosts, provision it must deliver; constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ehcp import plan_samples, selectors_school
from ehcp.models import Plan, PlanReview, PlanVersion

from . import ehcp_journey as journey
from . import factories

API = "/api/v1/school/plans/"


@pytest.fixture
def plan(north) -> Plan:
    return journey.at_stage(north, "final").plan


def make_plan(
    area, *, setting, named: bool = True, status=Plan.Status.FINAL, first_name: str = "Kai"
) -> Plan:
    """A maintained plan written straight to the database (fast, for counting queries)."""
    child = factories.ChildFactory(
        partnership=area.partnership, current_setting=setting, first_name=first_name, last_name="Zed"
    )
    plan = Plan.objects.create(
        partnership=area.partnership,
        child=child,
        status=status,
        named_setting=setting if named else None,
        final_issued_on=datetime.date(2026, 1, 5),
        next_review_due_on=datetime.date(2027, 1, 4),
    )
    version = PlanVersion.objects.create(
        partnership=area.partnership,
        plan=plan,
        number=1,
        kind=PlanVersion.Kind.FINAL,
        status=PlanVersion.Status.ISSUED,
        issued_on=datetime.date(2026, 1, 5),
        content=plan_samples.complete_plan(first_name=first_name),
    )
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    PlanReview.objects.create(
        partnership=area.partnership,
        plan=plan,
        due_by=datetime.date(2027, 1, 4),
        host_setting=setting,
        status=PlanReview.Status.ARRANGED,
        meeting_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)),
        meeting_place="Meeting room 1",
    )
    return plan


def test_the_dashboard_lists_plans_reviews_and_provision(north, south, plan):
    review = PlanReview.objects.create(
        partnership=north.partnership, plan=plan, due_by=datetime.date(2027, 1, 1), host_setting=north.school
    )
    PlanReview.objects.create(  # decided: no longer upcoming
        partnership=north.partnership,
        plan=plan,
        due_by=datetime.date(2026, 1, 1),
        host_setting=north.school,
        status=PlanReview.Status.DECIDED,
    )
    make_plan(south, setting=south.school)  # another partnership's school
    make_plan(north, setting=north.ap)  # another setting
    ceased = make_plan(north, setting=north.school, status=Plan.Status.CEASED, first_name="Ceased")
    dashboard = selectors_school.school_plans(user=north.people["senco"])
    (row,) = dashboard["plans"]
    assert row["plan_id"] == plan.pk
    assert row["child_name"] == north.children["pupil"].full_name
    assert row["named_here"] is True
    assert row["next_review_due_on"] == Plan.objects.get(pk=plan.pk).next_review_due_on
    assert [r["review_id"] for r in dashboard["reviews"]] == [
        review.pk,
        *[r.pk for r in PlanReview.objects.filter(plan=ceased)],
    ]
    assert dashboard["reviews"][0]["status_label"] == "Meeting to arrange"
    lines = plan.current_version.content["F"]["provision"]
    assert [p["what"] for p in dashboard["provision"]] == [line["what"] for line in lines]
    first = dashboard["provision"][0]
    assert (first["frequency"], first["amount"]) == ("Once a week", "30 minutes a session")
    assert first["child_name"] == north.children["pupil"].full_name


def test_a_childs_current_setting_sees_the_plan_but_does_not_deliver_its_provision(north):
    make_plan(north, setting=north.school, named=False, first_name="Moved")
    dashboard = selectors_school.school_plans(user=north.people["headteacher"])
    (row,) = dashboard["plans"]
    assert row["named_here"] is False and row["setting_name"] == north.school.name
    assert dashboard["provision"] == []


def test_people_without_a_setting_see_nothing(north, plan):
    for persona in ("parent", "caseworker", "health"):
        assert selectors_school.school_plans(user=north.people[persona]) == {
            "plans": [],
            "reviews": [],
            "provision": [],
        }


def test_the_school_home_page_shows_the_three_sections(north, plan, signed_in):
    PlanReview.objects.create(
        partnership=north.partnership,
        plan=plan,
        due_by=datetime.date(2027, 1, 1),
        host_setting=north.school,
        meeting_place="The library",
        meeting_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 0)),
        status=PlanReview.Status.ARRANGED,
    )
    html = signed_in(north.people["senco"]).get("/school/").content.decode()
    assert "Children with plans at our setting" in html
    assert "Reviews we host" in html and "The library" in html and "Meeting arranged" in html
    assert "Provision we must deliver" in html and "Speech and language therapy" in html
    assert f"/plans/{plan.pk}/progress/" in html


def test_the_api_twin(north, south, plan, signed_in):
    data = signed_in(north.people["senco"]).get(API).json()
    assert [p["plan"] for p in data["plans"]] == [plan.pk]
    assert len(data["provision"]) == len(plan.current_version.content["F"]["provision"])
    assert data["provision"][0]["frequency"] == "Once a week"
    assert data["reviews"] == []
    assert signed_in(south.people["senco"]).get(API).json()["plans"] == []
    for persona in ("parent", "caseworker", "health", "national", "regional"):
        assert signed_in(north.people[persona]).get(API).status_code == 403, persona


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_plans(north, signed_in):
    make_plan(north, setting=north.school, first_name="Only")
    senco = north.people["senco"]
    client = signed_in(senco)
    assert client.get("/school/").status_code == 200  # warm the session
    selectors_school.school_plans(user=senco)  # and the person's memberships (read once, then kept)

    def counts():
        return (
            _queries(lambda: selectors_school.school_plans(user=senco)),
            _queries(lambda: client.get("/school/")),
            _queries(lambda: client.get(API)),
        )

    one = counts()
    for index in range(19):
        make_plan(north, setting=north.school, first_name=f"Child{index}")
    twenty = counts()
    assert one == twenty
    dashboard = selectors_school.school_plans(user=senco)
    assert len(dashboard["plans"]) == 20
    assert len(dashboard["reviews"]) == 20
    assert len(dashboard["provision"]) == 80
    assert one[0] == 2  # the plans with section F, and the reviews
