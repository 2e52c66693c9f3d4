"""The caseworker back office in a real browser, with JavaScript running and with it off: the work queue
filtered through its filter panel (an overdue case flagged), a bulk reassignment corrected through the
GOV.UK error summary, the case page with its timeline and an exception (as the caseworker and as the
family), the plan on the case page as each may read it, recording a request with mistakes in it, and a referral. axe (WCAG 2.x A and AA) at every step."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ehcp import services
from ehcp.models import AssessmentRequest
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _record(area, child: str, *, days_ago: int, by: str = "caseworker") -> AssessmentRequest:
    area.children[child].refresh_from_db()
    return services.request_record(
        actor=area.people[by],
        child=area.children[child],
        requester=AssessmentRequest.Requester.PARENT,
        requester_name="Pat Parent",
        received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        reasons="Not making progress despite SEN support.",
    )


def _cases(area) -> dict[str, AssessmentRequest]:
    """An overdue case with an exception and a document, another overdue case, and an unassigned new one."""
    overdue = _record(area, "pupil", days_ago=60)
    decide = overdue.deadlines.get(code="decide_whether_to_assess")
    services.exception_record(
        actor=area.people["manager"],
        request=overdue,
        ground="exceptional_personal_circumstances",
        starts_on=overdue.received_on,
        ends_on=overdue.received_on + datetime.timedelta(days=28),
        details="Riley was in hospital for four weeks.",
        deadlines=[decide],
        evidence=SimpleUploadedFile("discharge.pdf", PDF, content_type="application/pdf"),
    )
    services.document_add(
        actor=area.people["caseworker"],
        request=overdue,
        upload=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
        title="Speech and language report",
    )
    return {
        "overdue": overdue,
        "late": _record(area, "ap_pupil", days_ago=45),
        "new": _record(area, "unlinked", days_ago=0, by="manager"),
    }


def _open(new_page, live_server, user, *, javascript: bool) -> Page:
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, user)
    return page


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page).to_have_url(path_pattern(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _expect_errors(page: Page, *messages: str, javascript: bool) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()


def _rows(page: Page):
    return page.locator("table.govuk-table tbody tr")


@JAVASCRIPT
def test_the_work_queue(new_page, live_server, javascript):
    north = build_area("north")
    cases = _cases(north)
    page = _open(new_page, live_server, north.people["caseworker"], javascript=javascript)

    _goto(page, reverse("backoffice-home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Work queue")
    expect(_rows(page)).to_have_count(3)
    expect(_rows(page).first).to_contain_text("Overdue by")
    assert_no_axe_violations(page)

    # Filters through the panel: overdue cases at the received stage.
    page.get_by_label("Stage").select_option("received")
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "stage=received" in page.url and "overdue=on" in page.url
    expect(_rows(page)).to_have_count(2)
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    expect(page.locator(".govuk-tag--red").first).to_have_text(re.compile(r"^Overdue by \d+ days$"))
    assert_no_axe_violations(page)

    # Reassign with nothing ticked: the error summary, on the same filtered queue.
    page.get_by_label("Reassign selected to").select_option(label="Manager North")
    page.get_by_role("button", name="Reassign selected cases").click()
    page.wait_for_load_state()
    _expect_errors(page, "Select the cases you want to reassign", javascript=javascript)
    expect(page.get_by_label("Stage")).to_have_value("received")
    assert_no_axe_violations(page)

    # The summary's link takes the person to the first box; tick it and reassign.
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Select the cases you want to reassign"
    ).click()
    page.get_by_label(f"Select case {cases['overdue'].pk}, Riley Taylor").check()
    page.get_by_label("Reassign selected to").select_option(label="Manager North")
    page.get_by_role("button", name="Reassign selected cases").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 case reassigned to Manager North"
    )
    assert "stage=received" in page.url
    assert_no_axe_violations(page)
    cases["overdue"].refresh_from_db()
    assert cases["overdue"].caseworker == north.people["manager"]

    # A filter typed wrong is reported, not a server error.
    _goto(page, reverse("backoffice-home") + "?due_within=soon")
    _expect_errors(page, "Enter the number of days as a whole number, like 14", javascript=javascript)
    assert_no_axe_violations(page)

    _goto(page, reverse("backoffice-children"))
    assert_no_axe_violations(page)


@JAVASCRIPT
def test_the_case_page(new_page, live_server, javascript):
    north = build_area("north")
    case = _cases(north)["overdue"]
    for persona in ("caseworker", "parent"):
        page = _open(new_page, live_server, north.people[persona], javascript=javascript)
        _goto(page, reverse("case-detail", kwargs={"pk": case.pk}))
        expect(page.get_by_role("heading", level=1)).to_have_text("Riley Taylor")
        expect(page.get_by_text("Decision on whether to assess due by")).to_be_visible()
        expect(page.locator(".govuk-tag", has_text="Exception applies")).to_be_visible()
        expect(
            page.get_by_role("heading", name=re.compile("Exceptional personal circumstances"))
        ).to_be_visible()
        expect(page.get_by_role("link", name="Speech and language report")).to_be_visible()
        assert_no_axe_violations(page)

        # Adding a document without choosing a file.
        page.get_by_role("link", name="Add a document").click()
        page.wait_for_load_state()
        page.get_by_label("Title").fill("Letter from the GP")
        page.get_by_role("button", name="Add document").click()
        page.wait_for_load_state()
        _expect_errors(page, "Select a file", javascript=javascript)
        expect(page.get_by_label("Title")).to_have_value("Letter from the GP")
        assert_no_axe_violations(page)


@JAVASCRIPT
def test_the_case_page_shows_the_plan_each_person_may_read(new_page, live_server, javascript):
    """The caseworker reads the version being written (with a link to edit it), the family the draft served."""
    north = build_area("north")
    case = journey.at_stage(north, "consulted")
    plan = case.plan
    for persona, version in (
        ("caseworker", "Final plan, version 2: being written"),
        ("parent", "Draft plan, version 1"),
    ):
        page = _open(new_page, live_server, north.people[persona], javascript=javascript)
        _goto(page, reverse("case-detail", kwargs={"pk": case.pk}))
        expect(page.locator("#plan-version")).to_contain_text(version)
        edit = page.get_by_role("link", name="Edit the plan")
        expect(edit).to_have_count(1 if persona == "caseworker" else 0)
        page.get_by_text("Read the plan, sections A to K").click()
        content = page.locator("#plan-content")
        expect(
            content.get_by_role("heading", name="Section F: special educational provision")
        ).to_be_visible()
        expect(content).to_contain_text(
            "Speech and language therapy to develop understanding of spoken language"
        )
        assert_no_axe_violations(page)
    assert plan.versions.count() == 2


@JAVASCRIPT
def test_recording_a_request_with_mistakes(new_page, live_server, javascript):
    north = build_area("north")
    page = _open(new_page, live_server, north.people["caseworker"], javascript=javascript)
    _goto(page, reverse("backoffice-home"))
    page.get_by_role("link", name="Record a request received by post or email").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which child is the request about?")
    page.get_by_label("Search by name or unique pupil number").fill("Riley")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Choose Riley Taylor").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a request for Riley Taylor")
    assert_no_axe_violations(page)

    # Nothing answered.
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_load_state()
    _expect_errors(
        page,
        "Choose who made the request",
        "Enter the name of the person who made the request",
        "Enter the date the request was received",
        "Enter the reasons given for the request",
        javascript=javascript,
    )
    assert_no_axe_violations(page)

    # A date in the future: the service's error, with everything typed kept.
    future = timezone.localdate() + datetime.timedelta(days=5)
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Name of the person who made the request").fill("Alex Taylor")
    date = page.get_by_role("group", name="Date the request was received")
    date.get_by_label("Day").fill(str(future.day))
    date.get_by_label("Month").fill(str(future.month))
    date.get_by_label("Year").fill(str(future.year))
    page.get_by_label("Reasons given for the request").fill("Reading age far behind.")
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_load_state()
    _expect_errors(page, "The date must be today or in the past", javascript=javascript)
    expect(page.get_by_label("Name of the person who made the request")).to_have_value("Alex Taylor")
    expect(page.get_by_label("A parent or carer")).to_be_checked()
    assert_no_axe_violations(page)

    # Corrected: the case page, with the clock started.
    today = timezone.localdate()
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_load_state()
    case = AssessmentRequest.objects.get(child=north.children["pupil"])
    expect(page).to_have_url(path_pattern(reverse("case-detail", kwargs={"pk": case.pk})))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"case number {case.pk}")
    assert_no_axe_violations(page)


@JAVASCRIPT
def test_a_referral(new_page, live_server, javascript):
    north = build_area("north")
    referral = services.bring_to_attention(
        actor=north.people["health"], child=north.children["pupil"], summary="Speech much delayed."
    )
    page = _open(new_page, live_server, north.people["manager"], javascript=javascript)
    _goto(page, reverse("referrals"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Decide for Riley Taylor").click()
    page.wait_for_load_state()
    expect(page).to_have_url(path_pattern(reverse("referral-decide", kwargs={"pk": referral.pk})))
    page.get_by_label("No: do not consider an assessment now").check()
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state()
    _expect_errors(page, "Enter why no assessment will be considered", javascript=javascript)
    assert_no_axe_violations(page)
