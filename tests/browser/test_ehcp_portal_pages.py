"""The family portal and the school screens in a real browser: a family asks for an assessment through the
question pages (with JavaScript running and with it off), and every page of the area passes axe."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ehcp import services
from ehcp.models import AssessmentRequest, PlanConsultation
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser


def _javascript_running(page: Page) -> bool:
    return page.locator("body.govuk-frontend-supported").count() == 1


def _expect_error_summary(page: Page, link_text: str) -> None:
    """The GOV.UK error summary shows, links to the problem, and (once JavaScript runs) takes focus."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if _javascript_running(page):
        expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile(link_text, re.IGNORECASE)).first).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_family_asks_for_an_assessment(new_page, live_server, javascript):
    """Start → who it is for (someone else, with a date of birth in the future first) → school → reasons
    (empty first) → views → support → evidence → check answers → send → confirmation, then the request is on
    the portal home with its next deadline."""
    north = build_area("north")
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, north.people["parent"])

    page.goto(reverse("portal-home"))
    page.get_by_role("button", name="Request an EHC needs assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request an EHC needs assessment")
    page.get_by_label("I am the child's parent or carer").check()
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is the request for?")
    page.get_by_label("Someone else").check()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Hughes")
    date_of_birth = page.get_by_role("group", name="Date of birth")
    date_of_birth.get_by_label("Day").fill("4")
    date_of_birth.get_by_label("Month").fill("9")
    date_of_birth.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Continue").click()
    _expect_error_summary(page, "date of birth must be in the past")
    expect(page.get_by_label("First name")).to_have_value("Robin")
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill("2017")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Which school or college")
    page.get_by_label(re.compile("Which school or college")).select_option(label=north.school.name)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Why do you think")
    page.get_by_role("button", name="Continue").click()
    _expect_error_summary(page, "Enter why you think")
    page.get_by_label(re.compile("Why do you think")).fill("Robin cannot read yet.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("What are your views")).fill("We want Robin to enjoy school.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # support so far: optional

    expect(page.get_by_role("heading", level=1)).to_have_text("Upload evidence (optional)")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.get_by_label("What is this document?").fill("Reading assessment")
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Reading assessment")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    expect(page.locator("main")).to_contain_text("Robin Hughes")
    expect(page.locator("main")).to_contain_text("4 September 2017")
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.locator("main")).to_contain_text("We must decide whether to assess by")
    case = AssessmentRequest.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(str(case.pk))
    page.get_by_role("link", name="your requests").click()
    expect(page.locator("main")).to_contain_text("Decision on whether to assess due by")
    expect(page.locator("main")).to_contain_text("Request received")


# Every page of the area, checked with axe ---------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    persona: str
    path: Callable[[dict], str]
    then: Callable[[Page], None] | None = None


def _submit(button: str, link_text: str) -> Callable[[Page], None]:
    def submit(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        _expect_error_summary(page, link_text)

    return submit


def _choose_someone_else(page: Page) -> None:
    page.get_by_label("Someone else").check()
    expect(page.get_by_label("First name")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    _expect_error_summary(page, "first name")


def _step(step: str) -> Callable[[dict], str]:
    return lambda data: reverse("request-step", args=[data["draft"].pk, step])


VISITS = {
    "portal-home": Visit("parent", lambda data: reverse("portal-home")),
    "request-start": Visit("parent", lambda data: reverse("request-start")),
    "request-start-errors": Visit(
        "parent", lambda data: reverse("request-start"), then=_submit("Start now", "parent or carer")
    ),
    "request-who": Visit("parent", _step("who")),
    "request-child-errors": Visit("parent", _step("child"), then=_choose_someone_else),
    "request-setting": Visit("parent", _step("setting")),
    "request-reasons-errors": Visit("parent", _step("reasons"), then=_submit("Continue", "Enter why")),
    "request-views": Visit("parent", _step("views")),
    "request-support": Visit("parent", _step("support")),
    "request-evidence-errors": Visit(
        "parent", _step("evidence"), then=_submit("Upload file", "Select a file")
    ),
    "request-check": Visit("parent", lambda data: reverse("request-check", args=[data["draft"].pk])),
    "request-check-errors": Visit(
        "parent",
        lambda data: reverse("request-check", args=[data["draft"].pk]),
        then=_submit("Send request", "Enter why"),
    ),
    "request-sent": Visit("parent", lambda data: reverse("request-sent", args=[data["sent"].pk])),
    "draft-plan-respond": Visit("parent", lambda data: reverse("draft-plan-respond", args=[data["plan"].pk])),
    "draft-plan-respond-errors": Visit(
        "parent",
        lambda data: reverse("draft-plan-respond", args=[data["plan"].pk]),
        then=_submit("Send your response", "Enter your comments"),
    ),
    "school-home": Visit("senco", lambda data: reverse("school-home")),
    "school-home-ap": Visit("ap_provider", lambda data: reverse("school-home")),
    "school-request-start": Visit("senco", lambda data: reverse("school-request-start")),
    "school-request-errors": Visit(
        "senco",
        lambda data: reverse("school-request-start"),
        then=_submit("Send request", "Choose the pupil"),
    ),
    "consultation-respond": Visit(
        "senco", lambda data: reverse("consultation-respond", args=[data["consultation"].pk])
    ),
    "consultation-respond-errors": Visit(
        "senco",
        lambda data: reverse("consultation-respond", args=[data["consultation"].pk]),
        then=_submit("Send your answer", "Choose whether you can meet"),
    ),
}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_portal_and_school_pages_have_no_axe_violations(new_page, live_server, javascript):
    """Each page renders for a person allowed to see it, with a main heading and no axe violations, with
    JavaScript running and with it off; pages with forms are also checked showing their errors."""
    north = build_area("north")
    draft = services.request_start(
        actor=north.people["parent"],
        partnership=north.partnership,
        child=north.children["pupil"],
        requester="parent",
    )
    sent = journey.received(north)  # recorded by the LA; the parent sees it as family of the child
    plan_case = journey.at_stage(north, "draft_plan")
    consulted = journey.at_stage(north, "consulted")
    journey.at_stage(north, "advice_requested")
    data = {
        "draft": draft,
        "sent": sent,
        "plan": plan_case,
        "consultation": PlanConsultation.objects.get(plan__request=consulted),
    }
    pages: dict[str, Page] = {}
    failures = []
    for name, visit in VISITS.items():
        path = visit.path(data)
        if visit.persona not in pages:
            pages[visit.persona] = new_page(javascript=javascript)
            sign_in_with_session(pages[visit.persona], live_server, north.people[visit.persona])
        page = pages[visit.persona]
        try:
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path} answered {response.status}"
            expect(page).to_have_url(path_pattern(path))
            if visit.then is not None:
                visit.then(page)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert_no_axe_violations(page)
        except (AssertionError, PlaywrightError) as error:
            failures.append(f"[{name}] {path} as {visit.persona}:\n{error}")
    assert not failures, f"{len(failures)} of {len(VISITS)} pages failed:\n\n" + "\n\n".join(failures)
