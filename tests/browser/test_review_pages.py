"""The review pages in a real browser, with JavaScript running and with it off: the LA's reviews queue, a
plan's reviews, one review's timeline, and arranging a meeting with too little notice (corrected through the
GOV.UK error summary). Every page passes axe (WCAG 2.x A and AA) as it first shows and with errors on it."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ehcp import services_reviews
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page).to_have_url(path_pattern(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@JAVASCRIPT
def test_review_pages(new_page, live_server, javascript):
    north = build_area("north")
    plan = journey.at_stage(north, "final").plan
    today = timezone.localdate()
    meeting = today + timedelta(days=21)
    arranged = services_reviews.review_schedule(
        actor=north.people["caseworker"],
        plan=plan,
        host_setting=north.school,
        meeting_at=timezone.make_aware(datetime.combine(meeting, time(10, 0))),
        place="Northby Primary School",
    )
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, north.people["caseworker"])

    _goto(page, "/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    expect(page.get_by_role("link", name=f"Reviews of plan {plan.pk}")).to_be_visible()
    assert_no_axe_violations(page)

    _goto(page, f"/plans/{plan.pk}/reviews/")
    expect(page.get_by_text("Next annual review due by")).to_be_visible()
    assert_no_axe_violations(page)

    _goto(page, f"/reviews/{arranged.pk}/")
    expect(page.get_by_text("Notice of the review meeting by")).to_be_visible()
    expect(
        page.get_by_role(
            "link", name="regulation 20(3) (21(3) where the local authority convenes the meeting)"
        )
    )
    assert_no_axe_violations(page)

    # A meeting only a week away: too little notice, shown in the error summary with what was typed kept.
    _goto(page, f"/plans/{plan.pk}/reviews/new/")
    assert_no_axe_violations(page)
    soon = today + timedelta(days=7)
    group = page.get_by_role("group", name="Date of the meeting")
    group.get_by_label("Day").fill(str(soon.day))
    group.get_by_label("Month").fill(str(soon.month))
    group.get_by_label("Year").fill(str(soon.year))
    page.get_by_label("Time of the meeting").fill("10:30")
    page.get_by_label("Where the meeting will be held").fill("School hall")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("regulation 20(3)")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Where the meeting will be held")).to_have_value("School hall")
    assert_no_axe_violations(page)

    later = today + timedelta(days=28)
    group.get_by_label("Day").fill(str(later.day))
    group.get_by_label("Month").fill(str(later.month))
    group.get_by_label("Year").fill(str(later.year))
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The review meeting is arranged"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual review")
