"""The plan editor in a real browser: two caseworkers change the same section at once (the second sees the
merge page, with the other's change beside their own, and saves both), autosave with JavaScript (and how it
stops on a conflict), the form saving without JavaScript, and axe (WCAG 2.x A and AA) on the overview, a
section form and the merge page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ehcp import services_plans
from partnerships.models import Membership
from partnerships.roles import Role
from tests import ehcp_journey as journey
from tests import factories
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser


def _second_caseworker(area):
    user = factories.UserFactory(email="caseworker2@north.example.org", full_name="Casey Second")
    Membership.objects.create(user=user, role=Role.LA_CASEWORKER, partnership=area.partnership)
    factories.give_totp_device(user)
    return user


def _draft(area):
    return journey.write_draft(area, journey.at_stage(area, "decided_to_issue"))


def _open(new_page, live_server, user, *, javascript: bool) -> Page:
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, user)
    return page


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _section(plan, code: str) -> str:
    return reverse("plan-edit-section", kwargs={"plan_id": plan.pk, "code": code})


def _overview(plan) -> str:
    return reverse("plan-edit", kwargs={"plan_id": plan.pk})


def _content(plan) -> dict:
    return services_plans.working_version(plan).content


def test_two_caseworkers_edit_one_section_and_the_second_merges(new_page, live_server):
    north = build_area("north")
    plan = _draft(north)
    first = _open(new_page, live_server, north.people["caseworker"], javascript=False)
    second = _open(new_page, live_server, _second_caseworker(north), javascript=False)

    _goto(first, _overview(plan))
    expect(first.get_by_role("heading", level=1)).to_have_text("Edit the plan")
    assert_no_axe_violations(first)

    _goto(first, _section(plan, "E"))
    _goto(second, _section(plan, "E"))
    assert_no_axe_violations(first)

    first.get_by_label("Summary", exact=True).fill("Summary agreed at the meeting on Monday")
    first.get_by_role("button", name="Save and return to the plan").click()
    expect(first).to_have_url(path_pattern(_overview(plan)))
    expect(first.locator(".govuk-notification-banner--success")).to_contain_text("Section E")

    outcome = second.get_by_role("group", name="Outcome E1", exact=True)
    outcome.get_by_label("How we will know").fill("Measured every half term by the class teacher")
    second.get_by_role("button", name="Save and return to the plan").click()

    # The merge page: who saved, their version beside the second person's changes, nothing saved yet.
    warning = second.locator(".govuk-warning-text")
    expect(warning).to_contain_text("Caseworker North saved this section")
    merge = second.locator("#merge")
    expect(merge.get_by_role("heading", name="Their saved version")).to_be_visible()
    expect(merge.get_by_role("heading", name="Your changes")).to_be_visible()
    expect(merge).to_contain_text("Summary agreed at the meeting on Monday")
    expect(merge).to_contain_text("Measured every half term by the class teacher")
    expect(outcome.get_by_label("How we will know")).to_have_value(
        "Measured every half term by the class teacher"
    )
    assert _content(plan)["E"]["outcomes"][0]["measure"] != "Measured every half term by the class teacher"
    assert_no_axe_violations(second)

    # The second caseworker keeps the first one's summary too, and saves the merge.
    second.get_by_label("Summary", exact=True).fill("Summary agreed at the meeting on Monday")
    second.get_by_role("button", name="Save your merged version").click()
    expect(second).to_have_url(path_pattern(_overview(plan)))
    expect(second.locator(".govuk-notification-banner--success")).to_contain_text("Section E")
    saved = _content(plan)["E"]
    assert saved["summary"] == "Summary agreed at the meeting on Monday"
    assert saved["outcomes"][0]["measure"] == "Measured every half term by the class teacher"


def test_autosave_saves_after_typing(new_page, live_server):
    north = build_area("north")
    plan = _draft(north)
    page = _open(new_page, live_server, north.people["caseworker"], javascript=True)
    _goto(page, _section(plan, "F"))
    assert_no_axe_violations(page)
    revision = services_plans.working_version(plan).revision

    page.get_by_label("Summary", exact=True).fill("Saved while typing")
    status = page.locator("#autosave-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    assert _content(plan)["F"]["summary"] == "Saved while typing"
    new_revision = services_plans.working_version(plan).revision
    assert new_revision > revision
    expect(page.locator('input[name="base_revision"]')).to_have_value(str(new_revision))

    # A new provision line gets its id from the first autosave, so the next one does not add it twice.
    count = len(_content(plan)["F"]["provision"])
    blank = page.get_by_role("group", name="Add a provision", exact=True)
    blank.get_by_label("What the provision is").fill("Weekly social skills group")
    expect(page.locator(f'input[name="provision-{count}-id"]')).not_to_have_value("", timeout=8000)
    blank.get_by_label("How often").fill("Weekly, in term time")
    expect(status).to_have_text(re.compile(r"^Saved at"))
    page.wait_for_function(
        "n => document.querySelector('input[name=\"base_revision\"]').value == n",
        arg=str(services_plans.working_version(plan).revision),
    )
    lines = _content(plan)["F"]["provision"]
    assert len(lines) == count + 1
    page.get_by_role("button", name="Save and return to the plan").click()
    expect(page).to_have_url(path_pattern(_overview(plan)))
    lines = _content(plan)["F"]["provision"]
    assert len(lines) == count + 1
    assert lines[-1]["frequency"] == "Weekly, in term time"


def test_autosave_stops_on_a_conflict_and_the_save_shows_the_merge(new_page, live_server):
    north = build_area("north")
    plan = _draft(north)
    page = _open(new_page, live_server, north.people["manager"], javascript=True)
    _goto(page, _section(plan, "B"))
    version = services_plans.working_version(plan)
    services_plans.section_save(
        actor=north.people["caseworker"],
        plan=plan,
        code="B",
        data={**version.content["B"], "summary": "Changed by the caseworker"},
        base_revision=version.revision,
    )
    page.get_by_label("Summary", exact=True).fill("Changed by the manager")
    expect(page.locator("#autosave-status")).to_contain_text("Someone else has saved this section")
    assert _content(plan)["B"]["summary"] == "Changed by the caseworker"
    page.get_by_role("button", name="Save and return to the plan").click()
    expect(page.locator("#merge")).to_contain_text("Changed by the caseworker")
    expect(page.get_by_label("Summary", exact=True)).to_have_value("Changed by the manager")


def test_without_javascript_the_form_saves_and_shows_errors(new_page, live_server):
    north = build_area("north")
    plan = _draft(north)
    page = _open(new_page, live_server, north.people["caseworker"], javascript=False)
    _goto(page, _section(plan, "E"))
    outcome = page.get_by_role("group", name="Outcome E1", exact=True)
    outcome.get_by_label("Outcome", exact=True).fill("")
    date = outcome.get_by_role("group", name="Target date")
    date.get_by_label("Day").fill("31")
    date.get_by_label("Month").fill("2")
    page.get_by_label("Summary", exact=True).fill("Kept after the error")
    page.get_by_role("button", name="Save and return to the plan").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link", name="E1: Enter the outcome")).to_be_visible()
    expect(page.get_by_label("Summary", exact=True)).to_have_value("Kept after the error")
    assert_no_axe_violations(page)

    outcome = page.get_by_role("group", name="Outcome E1", exact=True)
    outcome.get_by_label("Outcome", exact=True).fill("Will read a chapter book on their own")
    date = outcome.get_by_role("group", name="Target date")
    date.get_by_label("Day").fill("28")
    date.get_by_label("Year").fill("2028")
    page.get_by_role("button", name="Save and return to the plan").click()
    expect(page).to_have_url(path_pattern(_overview(plan)))
    saved = _content(plan)["E"]
    assert saved["summary"] == "Kept after the error"
    assert saved["outcomes"][0]["text"] == "Will read a chapter book on their own"
    assert saved["outcomes"][0]["target_date"] == "2028-02-28"
