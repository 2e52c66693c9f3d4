"""Writing a plan: the working version, per-section optimistic locking, and issued versions that never change."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, transaction

from ehcp import services_plans
from ehcp.models import Deadline, Plan, PlanVersion
from tests import ehcp_journey as journey


@pytest.fixture
def draft(north):
    request = journey.at_stage(north, "decided_to_issue")
    return journey.write_draft(north, request)


def _working(plan):
    return services_plans.working_version(plan)


def test_starting_a_plan_prefills_section_k_with_the_advice_gathered(north):
    request = journey.at_stage(north, "decided_to_issue")
    plan = services_plans.plan_start(actor=north.people["caseworker"], request=request)
    version = _working(plan)
    assert version.number == 1 and version.status == "working"
    assert [i["title"] for i in version.content["K"]["items"]]  # the advice submitted during the assessment
    assert services_plans.plan_start(actor=north.people["caseworker"], request=request) == plan


@pytest.mark.parametrize("persona", ["parent", "senco", "health", "regional"])
def test_only_the_la_writes_a_plan(north, persona, draft):
    with pytest.raises(PermissionDenied):
        services_plans.section_save(
            actor=north.people[persona], plan=draft, code="H2", data={"summary": "x"}, base_revision=0
        )


def test_the_other_tenant_cannot_write_it(north, south, draft):
    with pytest.raises(PermissionDenied):
        services_plans.section_save(
            actor=south.people["caseworker"], plan=draft, code="H2", data={"summary": "x"}, base_revision=0
        )


def test_a_second_save_of_the_same_section_from_an_older_form_is_stopped_with_both_versions(north, draft):
    loaded_at = _working(draft).revision
    services_plans.section_save(
        actor=north.people["caseworker"],
        plan=draft,
        code="H2",
        data={"summary": "Overnight short breaks, 2 nights a month."},
        base_revision=loaded_at,
    )
    with pytest.raises(services_plans.EditConflict) as caught:
        services_plans.section_save(
            actor=north.people["manager"],
            plan=draft,
            code="H2",
            data={"summary": "Saturday club, 4 hours a week."},
            base_revision=loaded_at,
        )
    conflict = caught.value
    assert conflict.theirs["summary"] == "Overnight short breaks, 2 nights a month."
    assert conflict.yours["summary"] == "Saturday club, 4 hours a week."
    assert conflict.saved_by == north.people["caseworker"].full_name
    assert _working(draft).content["H2"]["summary"] == "Overnight short breaks, 2 nights a month."
    # The merge is saved against the revision the person has now seen.
    merged = services_plans.section_save(
        actor=north.people["manager"],
        plan=draft,
        code="H2",
        data={"summary": "Overnight short breaks, 2 nights a month; Saturday club, 4 hours a week."},
        base_revision=conflict.version.revision,
    )
    assert (
        "Saturday club" in merged.content["H2"]["summary"] and "Overnight" in merged.content["H2"]["summary"]
    )


def test_two_people_saving_different_sections_do_not_conflict(north, draft):
    loaded_at = _working(draft).revision
    services_plans.section_save(
        actor=north.people["caseworker"],
        plan=draft,
        code="H2",
        data={"summary": "a"},
        base_revision=loaded_at,
    )
    version = services_plans.section_save(
        actor=north.people["manager"],
        plan=draft,
        code="D",
        data={"needs": [{"description": "Needs help with personal care"}]},
        base_revision=loaded_at,
    )
    assert version.content["H2"]["summary"] == "a"
    assert version.content["D"]["needs"][0]["description"] == "Needs help with personal care"


def test_saving_an_unchanged_section_keeps_the_revision(north, draft):
    version = _working(draft)
    again = services_plans.section_save(
        actor=north.people["caseworker"],
        plan=draft,
        code="B",
        data=version.content["B"],
        base_revision=version.revision,
    )
    assert again.revision == version.revision


def test_every_save_records_quality_findings(north, draft):
    version = services_plans.section_save(
        actor=north.people["caseworker"],
        plan=draft,
        code="F",
        data={"provision": [{"what": "Access to a quiet space as required"}]},
        base_revision=_working(draft).revision,
    )
    codes = {f["code"] for f in version.quality_issues}
    assert {"provision_unquantified", "provision_without_outcome", "need_without_provision"} <= codes


def test_a_draft_names_no_setting(north, draft):
    with pytest.raises(ValidationError) as caught:
        services_plans.section_save(
            actor=north.people["caseworker"],
            plan=draft,
            code="I",
            data={"setting_name": north.school.name},
            base_revision=_working(draft).revision,
        )
    assert "must not name a setting" in caught.value.message_dict["I"][0]


def test_the_draft_needs_its_required_sections(north):
    request = journey.at_stage(north, "decided_to_issue")
    plan = services_plans.plan_start(actor=north.people["caseworker"], request=request)
    with pytest.raises(ValidationError) as caught:
        services_plans.draft_plan_issue(actor=north.people["caseworker"], plan=plan)
    assert set(caught.value.message_dict) == {"A", "B", "E", "F"}


def test_serving_the_draft_freezes_it_and_starts_a_working_copy(north, draft):
    served = services_plans.draft_plan_issue(actor=north.people["caseworker"], plan=draft)
    assert served.status == "issued" and served.kind == "draft"
    copy = _working(draft)
    assert copy.number == served.number + 1 and copy.based_on_id == served.pk
    assert copy.content == served.content
    assert Deadline.objects.filter(request=draft.request, code="comments_due").exists()


def test_an_issued_version_cannot_be_updated_or_deleted_even_directly(north, draft):
    served = services_plans.draft_plan_issue(actor=north.people["caseworker"], plan=draft)
    for attempt in (
        lambda: PlanVersion.objects.filter(pk=served.pk).update(content={}),
        lambda: PlanVersion.objects.filter(pk=served.pk).delete(),
    ):
        with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
            attempt()
    served.refresh_from_db()
    assert served.content["F"]["provision"]


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_the_final_plan_is_frozen_in_force_and_its_first_review_is_due_in_12_months(north):
    request = journey.at_stage(north, "final")
    plan = Plan.objects.get(pk=request.plan.pk)
    assert plan.status == "final"
    assert plan.current_version.kind == "final" and plan.current_version.status == "issued"
    assert plan.current_version.content["I"]["setting_name"] == north.school.name
    assert services_plans.working_version(plan) is None
    review = Deadline.objects.get(plan=plan, code="annual_review_due")
    assert review.due_on == date(2027, 3, 2)
    assert plan.next_review_due_on == date(2027, 3, 2)


def test_amending_makes_new_versions_and_keeps_the_old(north):
    plan = Plan.objects.get(pk=journey.at_stage(north, "final").plan.pk)
    first = plan.current_version
    caseworker = north.people["caseworker"]
    working = services_plans.amendment_start(actor=caseworker, plan=plan)
    with pytest.raises(ValidationError):  # nothing changed yet
        services_plans.proposed_amendments_issue(actor=caseworker, plan=plan, sent_on=date.today())
    services_plans.section_save(
        actor=caseworker,
        plan=plan,
        code="H2",
        data={"summary": "Holiday club, 5 days each summer."},
        base_revision=working.revision,
    )
    proposed = services_plans.proposed_amendments_issue(actor=caseworker, plan=plan, sent_on=date.today())
    amended = services_plans.amended_plan_issue(actor=caseworker, plan=plan, issued_on=date.today())
    plan.refresh_from_db()
    assert [v.kind for v in plan.versions.order_by("number")][-3:] == ["final", "proposed", "amended"]
    assert plan.current_version_id == amended.pk and proposed.status == amended.status == "issued"
    first.refresh_from_db()
    assert first.content["H2"]["summary"] != "Holiday club, 5 days each summer."
