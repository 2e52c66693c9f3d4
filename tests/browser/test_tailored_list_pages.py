"""Tailored list pages in a real browser, each passing axe (WCAG 2.x A and AA): the family's list and
preferences page (with an error), the LA's list and naming decision pages (with an error), the setting's
capacity form (with an error) and its consultation inbox."""

import pytest
from playwright.sync_api import expect

from placements import services_lists
from tests.conftest import build_area
from tests.test_tailored_lists import draft_plan, special

from .axe import assert_no_axe_violations
from .conftest import sign_in_with_session

pytestmark = pytest.mark.browser


def test_tailored_list_pages_pass_axe(new_page, live_server):
    north = build_area("north")
    plan = draft_plan(north)
    special(north)
    services_lists.list_generate(actor=north.people["caseworker"], plan=plan)

    family = new_page(javascript=True)
    sign_in_with_session(family, live_server, north.people["parent"])
    family.goto(f"/plans/{plan.pk}/settings-list/")
    expect(family.get_by_role("heading", level=1)).to_have_text("Schools and colleges for Riley")
    assert_no_axe_violations(family)
    family.get_by_role("button", name="Send your preferences").click()
    family.wait_for_load_state()
    expect(family.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(family)
    family.get_by_label("First preference").select_option(
        label="North Special School (State-funded special schools)"
    )
    family.get_by_role("button", name="Send your preferences").click()
    family.wait_for_load_state()
    expect(family.get_by_text("Your preferences have been sent")).to_be_visible()
    family.goto(f"/plans/{plan.pk}/settings-list/request/?q=Primary")
    assert_no_axe_violations(family)

    la = new_page(javascript=True)
    sign_in_with_session(la, live_server, north.people["caseworker"])
    la.goto(f"/plans/{plan.pk}/placement/")
    expect(la.get_by_role("heading", name="What each option costs")).to_be_visible()
    assert_no_axe_violations(la)
    la.get_by_role("button", name="Consult all the preferred settings").click()
    la.wait_for_load_state()
    la.goto(f"/plans/{plan.pk}/placement/decision/")
    la.get_by_role("button", name="Record the naming decision").click()
    la.wait_for_load_state()
    expect(la.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(la)

    school = new_page(javascript=True)
    sign_in_with_session(school, live_server, north.people["senco"])
    school.goto(f"/school/settings/{north.school.pk}/register-entry/")
    school.get_by_label("Places in the setting").fill("lots")
    school.get_by_role("button", name="Save").click()
    school.wait_for_load_state()
    expect(school.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(school)
    school.goto("/school/consultations/")
    expect(school.get_by_role("heading", level=1)).to_have_text("Consultations")
    assert_no_axe_violations(school)
