"""The public deadline calculator in a real browser, with JavaScript running and with it off: a visitor
who has not signed in fills the form, gets the deadlines at a shareable address, corrects a mistake
through the GOV.UK error summary, and axe finds no WCAG 2.x A/AA violation at any step."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from .axe import assert_no_axe_violations
from .conftest import path_pattern

pytestmark = pytest.mark.browser

REQUEST_RECEIVED = "The local authority received a request for an EHC needs assessment"


def _fill_date(page: Page, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name="Date it happened")
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def _submit(page: Page) -> None:
    page.get_by_role("button", name="Work out deadlines").click()
    page.wait_for_load_state()


def _expect_error(page: Page, message: str, href: str, *, javascript: bool) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", href)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_visitor_works_out_deadlines(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    path = reverse("deadline-calculator")

    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Work out EHC needs assessment and plan deadlines"
    )
    assert_no_axe_violations(page)

    # Nothing chosen: both errors, in page order, each linking to its field.
    _submit(page)
    _expect_error(page, "Choose what happened", "#id_event", javascript=javascript)
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name="Enter the date it happened")
    ).to_be_visible()
    assert_no_axe_violations(page)

    # A date that does not exist.
    page.get_by_label(REQUEST_RECEIVED).check()
    _fill_date(page, "31", "2", "2026")
    _submit(page)
    _expect_error(page, "Enter a real date", "#id_date", javascript=javascript)
    expect(page.get_by_label(REQUEST_RECEIVED)).to_be_checked()  # the choice survives the error
    assert_no_axe_violations(page)

    # The error summary's link takes the person to the day box.
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter a real date").click()
    if javascript:
        expect(
            page.get_by_role("group", name=re.compile("Date it happened")).get_by_label("Day")
        ).to_be_focused()

    # Corrected: the deadlines, at an address that can be shared.
    _fill_date(page, "5", "1", "2026")
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    query = parse_qs(urlparse(page.url).query)
    assert query["event"] == ["request_received"]
    assert (query["date_day"], query["date_month"], query["date_year"]) == (["5"], ["1"], ["2026"])
    decision = page.locator(".govuk-summary-card", has_text="Decision on whether to assess")
    expect(decision).to_contain_text("Monday 16 February 2026")
    expect(decision).to_contain_text(
        "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"
    )
    expect(decision.get_by_role("link", name="regulation 5(1)")).to_have_attribute(
        "href", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/5"
    )
    expect(page.locator(".govuk-summary-card")).to_have_count(3)
    expect(page.get_by_text(re.compile(r"rules version 2014-09-01"))).to_be_visible()
    assert_no_axe_violations(page)

    # The details of the exceptions open with or without JavaScript (a native <details>).
    page.get_by_text("When a time limit does not apply").click()
    expect(page.get_by_text(re.compile("at least 4 weeks in a row")).first).to_be_visible()
    assert_no_axe_violations(page)

    # Opening the shared address in a fresh browser shows the same answer.
    shared = new_page(javascript=javascript)
    shared.goto(page.url)
    expect(shared).to_have_url(path_pattern(path))
    expect(shared.locator(".govuk-summary-card", has_text="Final EHC plan")).to_contain_text(
        "Monday 25 May 2026"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_guidance_only_results_pass_axe(new_page, live_server, javascript):
    """The Code of Practice's 15 days for a school's reply is marked as guidance, not law."""
    page = new_page(javascript=javascript)
    page.goto(f"{reverse('deadline-calculator')}?event=consultation_sent&date=2026-01-05")
    expect(page.locator(".govuk-tag", has_text="Guidance, not law")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("statutory guidance, not law")
    assert_no_axe_violations(page)
