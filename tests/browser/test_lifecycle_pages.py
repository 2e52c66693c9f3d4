"""Ceasing a plan and moving to another local authority in a real browser, with JavaScript running and off:
the caseworker proposes ceasing (correcting a mistake through the error summary), records the consultation,
the SEND manager decides; a move is recorded and the plan transferred; both local authorities' lists. Every
page passes axe (WCAG 2.x A and AA) as it first shows and with errors on it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ehcp.models import PlanCessation, PlanTransfer
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


def _open(new_page, live_server, user, *, javascript: bool) -> Page:
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, user)
    return page


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page).to_have_url(path_pattern(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _submit(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def _expect_errors(page: Page, *messages: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()


def _fill_date(page: Page, group: str, day) -> None:
    box = page.get_by_role("group", name=group)
    box.get_by_label("Day").fill(str(day.day))
    box.get_by_label("Month").fill(str(day.month))
    box.get_by_label("Year").fill(str(day.year))


@JAVASCRIPT
def test_ceasing_a_plan(new_page, live_server, javascript):
    north = build_area("north")
    plan = journey.at_stage(north, "final").plan
    life_url = reverse("plan-life", args=[plan.pk])
    page = _open(new_page, live_server, north.people["caseworker"], javascript=javascript)

    _goto(page, life_url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Propose to cease the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose to cease the plan")
    assert_no_axe_violations(page)

    page.get_by_label("Reasons").fill("The outcomes in section E have been met.")
    _submit(page, "Propose to cease the plan")
    _expect_errors(page, "Choose the ground for ceasing the plan")
    expect(page.get_by_label("Reasons")).to_have_value("The outcomes in section E have been met.")
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("no longer necessary for special educational provision")).check()
    _submit(page, "Propose to cease the plan")
    expect(page).to_have_url(path_pattern(life_url))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ceasing the plan is proposed"
    )
    assert_no_axe_violations(page)
    cessation = PlanCessation.objects.get(plan=plan)

    page.get_by_role("link", name="Record the consultation").click()
    assert_no_axe_violations(page)
    _submit(page, "Save the consultation")
    _expect_errors(page, "Enter the date the family was consulted")
    assert_no_axe_violations(page)
    today = timezone.localdate()
    _fill_date(page, "Date the family was consulted", today)
    _fill_date(page, "Date the head or principal of the named setting was consulted", today)
    page.get_by_label("Their views").fill("We agree: Riley is doing well.")
    _submit(page, "Save the consultation")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "consultation has been recorded"
    )

    manager = _open(new_page, live_server, north.people["manager"], javascript=javascript)
    _goto(manager, reverse("plan-cease-decide", args=[plan.pk, cessation.pk]))
    assert_no_axe_violations(manager)
    _fill_date(manager, "Date of the decision", today)
    _submit(manager, "Decide to cease the plan")
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text("It stays in force until")
    expect(manager.get_by_role("link", name="decision letter")).to_be_visible()
    assert_no_axe_violations(manager)


def test_moving_to_another_local_authority(new_page, live_server):
    north = build_area("north")
    south = build_area("south")
    plan = journey.at_stage(north, "final").plan
    page = _open(new_page, live_server, north.people["caseworker"], javascript=False)

    _goto(page, reverse("plan-move", args=[plan.pk]))
    assert_no_axe_violations(page)
    _submit(page, "Record the move")
    _expect_errors(page, "Choose the local authority the family is moving to")
    assert_no_axe_violations(page)

    today = timezone.localdate()
    page.get_by_label("Which local authority area is the family moving to?").select_option(
        label=south.partnership.name
    )
    _fill_date(page, "Date of the move", today)
    _fill_date(page, "Date the local authority learned of the move", today)
    _submit(page, "Record the move")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Transfer the plan to")

    _goto(page, reverse("plans-moving-out"))
    assert_no_axe_violations(page)
    transfer = PlanTransfer.objects.get(plan=plan)
    _goto(page, reverse("plan-move-complete", args=[plan.pk, transfer.pk]))
    assert_no_axe_violations(page)
    _fill_date(page, "Date of the transfer", today)
    _submit(page, "Transfer the plan")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("have been transferred")
    assert_no_axe_violations(page)

    new_la = _open(new_page, live_server, south.people["caseworker"], javascript=False)
    _goto(new_la, reverse("plans-moving-in"))
    expect(new_la.get_by_role("link", name="Riley Taylor")).to_be_visible()
    assert_no_axe_violations(new_la)
    new_la.get_by_role("link", name="Riley Taylor").click()
    expect(new_la.locator("#came-from")).to_contain_text("transferred from Northby SEND Partnership")
    assert_no_axe_violations(new_la)
