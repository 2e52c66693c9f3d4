"""The LA's decision pages in a real browser, with JavaScript running and with it off: a SEND manager decides
whether to assess (correcting a mistake through the GOV.UK error summary), a caseworker writes and issues
the draft plan, a SEND manager records an exception with evidence, and every decision page passes axe
(WCAG 2.x A and AA) as it first shows and with errors on it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ehcp import services_plans
from ehcp.models import AssessmentRequest, CaseException, Plan
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _url(name: str, case) -> str:
    return reverse(name, kwargs={"pk": case.pk})


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


def _expect_errors(page: Page, *messages: str, javascript: bool) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
        expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()


def _expect_success(page: Page, case, text: str) -> None:
    # (A fragment the error summary's link added to the address survives the redirect.)
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(_url('case-detail', case))}(#.*)?$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


@JAVASCRIPT
def test_a_manager_decides_whether_to_assess(new_page, live_server, javascript):
    north = build_area("north")
    case = journey.at_stage(north, "panel")
    page = _open(new_page, live_server, north.people["manager"], javascript=javascript)
    _goto(page, _url("case-decide-assess", case))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Decide whether to carry out an EHC needs assessment"
    )
    expect(page.get_by_text("Decision on whether to assess due by")).to_be_visible()
    assert_no_axe_violations(page)

    # Nothing chosen, and a date that does not exist: every problem at once, what was typed kept.
    page.get_by_label("Reasons for the decision").fill("Needs can be met at SEN support.")
    date = page.get_by_role("group", name="Date of the decision")
    date.get_by_label("Day").fill("31")
    date.get_by_label("Month").fill("2")
    date.get_by_label("Year").fill("2026")
    _submit(page, "Save the decision")
    _expect_errors(
        page,
        "Choose whether to carry out an EHC needs assessment",
        "Date of the decision must be a real date",
        javascript=javascript,
    )
    expect(page.get_by_label("Reasons for the decision")).to_have_value("Needs can be met at SEN support.")
    assert_no_axe_violations(page)

    # The summary's link takes the person to the radios.
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Choose whether to carry out an EHC needs assessment"
    ).click()
    if javascript:
        expect(page.get_by_label("Yes, carry out an EHC needs assessment")).to_be_focused()

    # Corrected: a refusal, with a link to the decision letter in the success banner.
    page.get_by_label("No, do not carry out an assessment").check()
    today = case.received_on
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    _submit(page, "Save the decision")
    _expect_success(page, case, "You decided not to carry out an EHC needs assessment for Riley Taylor")
    expect(
        page.locator(".govuk-notification-banner--success").get_by_role(
            "link", name="View the decision letter"
        )
    ).to_be_visible()
    assert AssessmentRequest.objects.get(pk=case.pk).stage == "refused"


@JAVASCRIPT
def test_a_caseworker_starts_and_serves_the_draft_plan(new_page, live_server, javascript):
    north = build_area("north")
    case = journey.at_stage(north, "decided_to_issue")
    page = _open(new_page, live_server, north.people["caseworker"], javascript=javascript)
    _goto(page, _url("case-draft-plan", case))
    expect(page.get_by_text("Section I is left blank in the draft.")).to_be_visible()
    assert_no_axe_violations(page)

    # Starting the plan opens the plan editor.
    page.get_by_role("button", name="Start writing the draft plan").click()
    plan = Plan.objects.get(request=case)
    expect(page).to_have_url(path_pattern(f"/plans/{plan.pk}/edit/"))

    # Back on the step: the sections still to write, and serving now names them (the date is kept).
    _goto(page, _url("case-draft-plan", case))
    missing = page.locator("#missing-sections")
    expect(missing).to_contain_text("Section A: views, interests and aspirations")
    expect(missing).to_contain_text("Section F: special educational provision")
    expect(page.get_by_role("heading", name="Quality checklist")).to_be_visible()
    assert_no_axe_violations(page)
    served = page.get_by_role("group", name="Date the draft plan is served")
    served.get_by_label("Year").fill(str(case.issue_decided_on.year))
    _submit(page, "Serve the draft plan")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    for code in "ABEF":
        expect(
            summary.get_by_role("link", name=f"Write section {code} before issuing the draft")
        ).to_be_visible()
    expect(
        page.get_by_role("group", name="Date the draft plan is served").get_by_label("Year")
    ).to_have_value(str(case.issue_decided_on.year))
    assert_no_axe_violations(page)

    # Written in the editor (here through the services), the draft is served.
    journey.write_draft(north, AssessmentRequest.objects.get(pk=case.pk))
    _goto(page, _url("case-draft-plan", case))
    expect(
        page.get_by_text("Every section needed before the draft is served has been written.")
    ).to_be_visible()
    expect(page.get_by_text("Every quality check passes.")).to_be_visible()
    assert_no_axe_violations(page)
    _submit(page, "Serve the draft plan")
    _expect_success(page, case, "The draft plan has been issued")
    plan = Plan.objects.get(request=case)
    assert plan.draft_issued_on is not None and plan.versions.filter(kind="draft", status="issued").exists()


@JAVASCRIPT
def test_a_manager_records_an_exception_with_evidence(new_page, live_server, javascript, tmp_path):
    north = build_area("north")
    case = journey.at_stage(north, "advice_requested")
    page = _open(new_page, live_server, north.people["manager"], javascript=javascript)
    _goto(page, _url("case-exception", case))
    assert_no_axe_violations(page)

    # A ground that does not apply to the chosen time limit.
    page.get_by_label("Missed appointment").check()
    starts = page.get_by_role("group", name="Date the circumstances began")
    starts.get_by_label("Day").fill(str(case.received_on.day))
    starts.get_by_label("Month").fill(str(case.received_on.month))
    starts.get_by_label("Year").fill(str(case.received_on.year))
    page.get_by_label("What happened, and why did it make the time limit impractical?").fill(
        "The family was abroad for six weeks."
    )
    page.get_by_label(re.compile("^Final EHC plan: due by")).check()
    _submit(page, "Record the exception")
    _expect_errors(
        page, "Final EHC plan: this exception does not apply to it (regulation 13(2))", javascript=javascript
    )
    expect(page.get_by_label("Missed appointment")).to_be_checked()
    assert_no_axe_violations(page)

    evidence = tmp_path / "letter.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Absence from area").check()
    page.get_by_label("Evidence").set_input_files(str(evidence))
    _submit(page, "Record the exception")
    _expect_success(page, case, "The exception has been recorded for 1 time limit")
    exception = CaseException.objects.get(request=case)
    assert exception.ground == "absence_from_area" and exception.evidence is not None


# Every decision page, as it first shows and with its errors, passes axe. ---------------------------------------

# (page, persona, stage, button that submits the empty form)
PAGES: list[tuple[str, str, str, str | None]] = [
    ("case-decide-assess", "manager", "panel", "Save the decision"),
    ("case-advice-new", "caseworker", "advice_submitted", "Ask for advice"),
    ("case-decide-issue", "manager", "advice_submitted", "Save the decision"),
    ("case-draft-plan", "caseworker", "plan_started", "Serve the draft plan"),
    ("case-consult", "caseworker", "consulted", "Send the consultation"),
    ("case-final-plan", "caseworker", "consulted", "Issue the final plan"),
    ("case-exception", "manager", "panel", "Record the exception"),
    ("case-withdraw", "parent", "panel", "Withdraw the request"),
    ("case-decide-assess", "manager", "assessing", None),  # the wrong stage: explained
]


def _at_stage(area, stage: str) -> AssessmentRequest:
    """A case at a journey stage; "plan_started": the decision to issue made and the draft plan started."""
    if stage != "plan_started":
        return journey.at_stage(area, stage)
    case = journey.at_stage(area, "decided_to_issue")
    services_plans.plan_start(actor=area.people["caseworker"], request=case)
    return case


def _clear_form(page: Page) -> None:
    """Empty every text box, select and date so the form is sent with nothing in it."""
    for box in page.locator("main form textarea, main form input[type=text]").all():
        box.fill("")
    for select in page.locator("main form select").all():
        select.select_option(index=0)


def _check_page(page: Page, path: str, button: str | None) -> None:
    _goto(page, path)
    assert_no_axe_violations(page)
    if button is None:
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this now")
        return
    _clear_form(page)
    _submit(page, button)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@JAVASCRIPT
def test_every_decision_page_passes_axe(new_page, live_server, javascript):
    north = build_area("north")
    cases = {stage: _at_stage(north, stage) for stage in {stage for _, _, stage, _ in PAGES}}
    pages: dict[str, Page] = {}
    failures = []
    for name, persona, stage, button in PAGES:
        if persona not in pages:
            pages[persona] = _open(new_page, live_server, north.people[persona], javascript=javascript)
        try:
            _check_page(pages[persona], _url(name, cases[stage]), button)
        except (AssertionError, PlaywrightError) as error:
            failures.append(f"[{name} at {stage}] as {persona}:\n{error}")
    assert not failures, "\n\n".join(failures)
