"""Local inclusion plans and the national standards in a real browser: the partnership's plan editor (with a
form error), the sufficiency view, the DfE region's review page (returning a plan without reasons shows the
error summary), the published plan for families and the public standards catalogue all pass axe (WCAG 2.x A
and AA), with JavaScript running and with it off."""

import re

import pytest
from playwright.sync_api import expect

from placements import services_standards
from tests.conftest import build_area
from tests.inclusion_plans import ready_plan

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_plan_editor_sufficiency_review_published_and_catalogue(new_page, live_server, javascript):
    services_standards.standards_seed()
    north = build_area("north")
    plan = ready_plan(north)

    manager = new_page(javascript=javascript)
    sign_in_with_session(manager, live_server, north.people["manager"])
    manager.goto(f"/inclusion-plans/{plan.pk}/")
    expect(manager.get_by_role("heading", level=1)).to_contain_text("version 1")
    assert_no_axe_violations(manager)
    manager.goto(f"/inclusion-plans/{plan.pk}/places/")
    manager.get_by_role("button", name="Save the places").click()
    manager.wait_for_load_state()
    summary = manager.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(manager).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(manager)
    manager.goto(f"/inclusion-plans/{plan.pk}/sufficiency/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Places planned against demand")
    assert_no_axe_violations(manager)
    manager.goto(f"/inclusion-plans/{plan.pk}/")
    manager.get_by_role("button", name="Submit the plan for review").click()
    manager.wait_for_load_state()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text(
        "submitted to the DfE region"
    )

    regional = new_page(javascript=javascript)
    sign_in_with_session(regional, live_server, north.people["regional"])
    regional.goto("/inclusion-plans/awaiting-review/")
    assert_no_axe_violations(regional)
    regional.get_by_role("link", name=re.compile(north.partnership.name)).click()
    expect(regional).to_have_url(path_pattern(f"/inclusion-plans/{plan.pk}/review/"))
    assert_no_axe_violations(regional)
    regional.get_by_label("Return the plan for changes").check()
    regional.get_by_role("button", name="Continue").click()
    regional.wait_for_load_state()
    expect(regional.locator(".govuk-error-summary")).to_contain_text("Say what the partnership must change")
    assert_no_axe_violations(regional)
    regional.get_by_label("Approve the plan").check()
    regional.get_by_role("button", name="Continue").click()
    regional.wait_for_load_state()
    expect(regional.locator(".govuk-notification-banner--success")).to_contain_text("approved")

    family = new_page(javascript=javascript)
    family.goto(f"/local-inclusion-plans/{north.partnership.slug}/")
    expect(family.get_by_role("heading", level=1)).to_have_text(plan.title)
    assert_no_axe_violations(family)
    family.goto("/standards/")
    expect(family.get_by_role("heading", level=1)).to_have_text("National SEND standards")
    assert_no_axe_violations(family)
    family.goto("/standards/versions/1/changes/")
    assert_no_axe_violations(family)
