"""The panel area in a real browser, with JavaScript running and with it off: a caseworker arranges a panel
meeting (correcting mistakes through the GOV.UK error summary), adds a case and records the panel's
recommendation; a health officer reads the meeting, answers an advice request from their inbox, and brings a
child to the LA's attention. axe finds no WCAG 2.x A/AA violation at any step."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ehcp import services
from ehcp.models import AdviceRequest, PanelCase, PanelMeeting
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


def _expect_error(page: Page, message: str, href: str, *, javascript: bool) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", href)
    expect(page).to_have_title(re.compile(r"^Error: "))


def _open(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@JS
def test_caseworker_runs_a_panel_meeting(new_page, live_server, javascript):
    north = build_area("north")
    case = journey.received(north)
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, north.people["caseworker"])

    _open(page, reverse("panel-meetings"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Arrange a panel meeting").click()
    expect(page).to_have_url(path_pattern(reverse("panel-meeting-new")))
    assert_no_axe_violations(page)

    # Mistakes: no location, a time that is not a time, and no chair.
    date = page.get_by_role("group", name="Date of the meeting")
    date.get_by_label("Day").fill("16")
    date.get_by_label("Month").fill("3")
    date.get_by_label("Year").fill("2027")
    page.get_by_label("Time the meeting starts").fill("25:00")
    first = page.get_by_role("group", name="Member 1", exact=True)
    first.get_by_label("Name").fill("Chris Chair")
    first.get_by_label("Perspective they bring").select_option("other")
    page.get_by_role("group", name="Member 2 (optional)").get_by_label("Name").fill("Erin Education")
    page.get_by_role("button", name="Arrange meeting").click()
    _expect_error(
        page, "Enter where the panel meets (or how to join online)", "#id_location", javascript=javascript
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=re.compile("Enter a real time"))).to_have_attribute(
        "href", "#id_meets_time"
    )
    expect(summary.get_by_role("link", name=re.compile("The panel needs a chair"))).to_have_attribute(
        "href", "#id_member_1_perspective"
    )
    expect(page.get_by_role("group", name="Member 2 (optional)").get_by_label("Name")).to_have_value(
        "Erin Education"
    )
    assert_no_axe_violations(page)

    # Corrected.
    page.get_by_label("Time the meeting starts").fill("10:00")
    page.get_by_label("Where the panel meets").fill("Civic Centre, room 2")
    page.get_by_role("group", name="Member 1", exact=True).get_by_label(
        "Perspective they bring"
    ).select_option("chair")
    page.get_by_role("button", name="Arrange meeting").click()
    meeting = PanelMeeting.objects.get()
    expect(page).to_have_url(path_pattern(reverse("panel-meeting", args=[meeting.pk])))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Panel meeting on Tuesday 16 March 2027 at 10am"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "no health, social care or parent representative"
    )
    assert_no_axe_violations(page)

    # Add the case, then record the panel's recommendation (forgetting the reasons first).
    page.get_by_role("link", name="Add a case").click()
    expect(page).to_have_url(path_pattern(reverse("panel-add-case", args=[meeting.pk])))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add case").click()
    _expect_error(page, "Choose a case to add to the meeting's list", "#id_request", javascript=javascript)
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("Riley Taylor")).check()
    page.get_by_role("button", name="Add case").click()
    expect(page).to_have_url(path_pattern(reverse("panel-meeting", args=[meeting.pk])))
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile("Record recommendation")).click()
    expect(page).to_have_url(path_pattern(reverse("panel-recommend", args=[meeting.pk, case.pk])))
    page.get_by_label("Assess", exact=True).check()
    page.get_by_role("button", name="Save recommendation").click()
    _expect_error(page, "Enter the panel's reasons", "#id_reasons", javascript=javascript)
    expect(page.get_by_label("Assess", exact=True)).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_label("The panel's reasons").fill("Evidence of needs beyond SEN support.")
    page.get_by_role("button", name="Save recommendation").click()
    expect(page).to_have_url(re.compile(rf"{reverse('panel-meeting', args=[meeting.pk])}#case-{case.pk}$"))
    expect(page.locator(f"#case-{case.pk}")).to_contain_text("Evidence of needs beyond SEN support.")
    assert PanelCase.objects.get().recommendation == "assess"
    assert_no_axe_violations(page)


@JS
def test_health_officer_reads_the_meeting_and_gives_advice(new_page, live_server, javascript):
    north = build_area("north")
    panel_case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=panel_case).meeting
    case = journey.at_stage(north, "advice_requested", child="unlinked")
    advice = case.advice_requests.get(advice_type="health")
    services.document_add(
        actor=north.people["caseworker"],
        request=case,
        upload=_pdf("sen-support-plan.pdf"),
        title="SEN support plan",
    )
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, north.people["health"])

    # As a panel member: the meeting and its case papers, read only.
    _open(page, reverse("panel-meeting", args=[meeting.pk]))
    expect(page.get_by_text("Not making progress despite SEN support over two years.").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Record recommendation"))).to_have_count(0)
    assert_no_axe_violations(page)

    # The home page lists the advice request; the inbox too.
    _open(page, reverse("inbox-home"))
    assert_no_axe_violations(page)
    _open(page, reverse("advice-inbox"))
    expect(page.get_by_text(re.compile(r"Advice due by .* \(6 weeks, regulation 8\)"))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Casey Taylor").click()
    expect(page).to_have_url(path_pattern(reverse("advice-detail", args=[advice.pk])))
    expect(page.get_by_role("link", name="SEN support plan")).to_be_visible()
    assert_no_axe_violations(page)

    # Nothing given: the error summary. Then the advice, and a confirmation with the advice read-only.
    page.get_by_role("button", name="Submit advice").click()
    _expect_error(page, "Enter your advice or attach it as a document", "#id_advice", javascript=javascript)
    assert_no_axe_violations(page)
    page.get_by_label("Your advice", exact=True).fill(
        "Asthma, well controlled; no health provision needed in school."
    )
    page.get_by_role("button", name="Submit advice").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Advice submitted")
    expect(page.get_by_text("Asthma, well controlled; no health provision needed in school.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit advice")).to_have_count(0)
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.SUBMITTED
    assert_no_axe_violations(page)

    # Bringing a child to the LA's attention, from the home page's list of cases.
    _open(page, reverse("bring-to-attention", args=[north.children["pupil"].pk]))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send to the local authority").click()
    _expect_error(
        page,
        "Enter why you are bringing this child to the local authority's attention",
        "#id_summary",
        javascript=javascript,
    )
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("Why are you bringing this child")).fill("Speech much delayed.")
    page.get_by_role("button", name="Send to the local authority").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("You have told the local authority")
    assert_no_axe_violations(page)


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
