"""Progress between reviews and the SENCO's plans dashboard in a real browser, with JavaScript running and
with it off: a parent records progress in the child's own words with a picture (correcting a mistake
through the GOV.UK error summary), and both pages pass axe (WCAG 2.x A and AA), the progress page also
with its errors showing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ehcp.models import PlanReview, ProgressUpdate
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def _open(new_page, live_server, user, *, javascript: bool) -> Page:
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, user)
    return page


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page).to_have_url(path_pattern(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@JAVASCRIPT
def test_a_parent_records_progress_in_the_childs_own_words(new_page, live_server, javascript, tmp_path):
    north = build_area("north")
    plan = journey.at_stage(north, "final").plan
    outcome = plan.current_version.content["E"]["outcomes"][1]
    path = reverse("plan-progress", kwargs={"plan_id": plan.pk})
    page = _open(new_page, live_server, north.people["parent"], javascript=javascript)
    _goto(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress towards outcomes")
    expect(page.get_by_role("heading", name=f"E2: {outcome['text']}")).to_be_visible()
    assert_no_axe_violations(page)

    # Nothing chosen: the error summary names the problem, what was typed is kept.
    page.get_by_label("What progress has been made?").fill("I read a whole book to my mum!")
    page.get_by_role("button", name="Add the update").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    message = "Choose an outcome from section E of the plan"
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()
    expect(page.get_by_label("What progress has been made?")).to_have_value("I read a whole book to my mum!")
    assert_no_axe_violations(page)

    picture = tmp_path / "book.png"
    picture.write_bytes(PNG)
    page.get_by_role("radio", name=f"E2: {outcome['text']}").check()
    page.get_by_label("The child or young person, in their own words").check()
    page.get_by_label("Achieved").check()
    page.get_by_label("Add a picture, recording or video").set_input_files(str(picture))
    page.get_by_label("What does the file show?").fill("A photo of the book")
    page.get_by_role("button", name="Add the update").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your progress update has been added"
    )
    section = page.locator(f"#outcome-{outcome['id']}")
    expect(section).to_contain_text("I read a whole book to my mum!")
    expect(section).to_contain_text("Achieved")
    expect(section.get_by_role("link", name="book.png")).to_be_visible()
    update = ProgressUpdate.objects.get()
    assert (update.author_kind, update.attachment.content_type) == ("child", "image/png")
    assert_no_axe_violations(page)


@JAVASCRIPT
def test_the_senco_dashboard_has_no_axe_violations(new_page, live_server, javascript):
    north = build_area("north")
    plan = journey.at_stage(north, "final").plan
    PlanReview.objects.create(
        partnership=north.partnership,
        plan=plan,
        due_by=datetime.date(2027, 1, 1),
        host_setting=north.school,
        status=PlanReview.Status.ARRANGED,
        meeting_at=timezone.now() + datetime.timedelta(days=30),
        meeting_place="The library",
    )
    page = _open(new_page, live_server, north.people["senco"], javascript=javascript)
    _goto(page, reverse("school-home"))
    expect(page.get_by_role("heading", name="Children with plans at our setting")).to_be_visible()
    expect(page.get_by_role("heading", name="Reviews we host")).to_be_visible()
    expect(page.get_by_role("heading", name="Provision we must deliver")).to_be_visible()
    expect(page.get_by_text("The library")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Progress for {north.children['pupil'].full_name}").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress towards outcomes")
    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    assert_no_axe_violations(page)
