"""One EHC needs assessment from request to final plan, in a real browser, as each person who does a step.

The clock is moved with time_machine around each step (the live server runs in a thread of this process, so
its pages see the same day): the parent asks on Monday 5 January 2026, so the decision on whether to assess is
due on Monday 16 February, the notice not to issue on Monday 27 April and the final plan on Monday 25 May.
Each person has their own browser context, signed in inside each time-travel block (sessions are checked
against the server's clock). At the end the parent's case page shows each deadline met, missed or no longer
needed, and the DfE regional officer's dashboard shows the 20-week rate with and without exception cases.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from dashboards import services as dashboard_services
from ehcp import services, services_plans
from ehcp.models import (
    AdviceRequest,
    AssessmentRequest,
    CaseDocument,
    Deadline,
    PanelCase,
    PanelMeeting,
    Plan,
    PlanConsultation,
)
from tests import ehcp_journey as journey
from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
RECEIVED = date(2026, 1, 5)  # a Monday
PERSONAS = ("parent", "caseworker", "manager", "senco", "health", "regional")


def small_pdf(text: str) -> bytes:
    """A real one-page PDF (catalog, page tree, page, content stream, font, cross-reference table)."""
    content = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


class Journey:
    """The people (one browser context each) and the clock."""

    def __init__(self, new_page, live_server, area):
        self.live_server = live_server
        self.area = area
        self.pages: dict[str, Page] = {persona: new_page() for persona in PERSONAS}

    @contextmanager
    def on(self, day: date, *personas: str) -> Iterator[list[Page]]:
        """Travel to 10am on ``day`` and sign these people in; yields their pages in the same order."""
        with time_machine.travel(datetime.combine(day, time(10, 0), tzinfo=LONDON), tick=False):
            for persona in personas:
                sign_in_with_session(self.pages[persona], self.live_server, self.area.people[persona])
            yield [self.pages[persona] for persona in personas]


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _submit(page: Page, button: str) -> None:
    """Send the form and wait for the page that answers it (the same form with errors, or the next page)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _expect_no_errors(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def _expect_case_page(page: Page, case: AssessmentRequest, banner: str) -> None:
    expect(page).to_have_url(
        re.compile(rf"^https?://[^/]+{re.escape(reverse('case-detail', args=[case.pk]))}(#.*)?$")
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(banner)


def _open_case(page: Page, case: AssessmentRequest, action: str) -> None:
    """From the work queue to the case page, then one of 'What you can do'."""
    _goto(page, reverse("backoffice-home"))
    page.get_by_role("link", name=f"Case {case.pk}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riley Taylor")
    with page.expect_navigation():
        page.get_by_role("link", name=action, exact=True).click()
    _expect_no_errors(page)


def _fill_date(page: Page, group: str, day: date) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _timeline_row(page: Page, sentence: str, *, detail: str | None = None):
    row = page.get_by_role("row").filter(has_text=sentence)
    if detail is not None:
        row = row.filter(has_text=detail)
    expect(row).to_have_count(1)
    return row


def _expect_deadline(
    page: Page, sentence: str, status: str, *, done_on: str | None = None, detail: str | None = None
) -> None:
    row = _timeline_row(page, sentence, detail=detail)
    expect(row.get_by_role("cell").nth(1)).to_have_text(status)
    if done_on is None:
        expect(row.get_by_role("cell").first).not_to_contain_text("Done on")
    else:
        expect(row.get_by_role("cell").first).to_contain_text(f"Done on {done_on}")


def _due_date(text: str) -> date:
    """The date in "… due by Monday 16 February 2026"."""
    match = re.search(r"due by \w+ (\d{1,2} \w+ \d{4})", text)
    assert match, text
    return datetime.strptime(match[1], "%d %B %Y").date()


def _other_cases(area) -> dict[str, AssessmentRequest]:
    """Two more cases received the same Monday (by post), taken through the services to consultation."""
    return {
        child: journey.at_stage(area, "consulted", child=child, received_on=RECEIVED)
        for child in ("ap_pupil", "unlinked")
    }


def test_an_ehc_needs_assessment_from_request_to_final_plan(new_page, live_server, settings):
    # Cookies the server sets carry expiry dates from the travelled clock; the browser judges them by the
    # real one. The session cookie already lasts until the browser closes; so must the CSRF cookie, or it
    # would be thrown away on arrival once the real date is a year past the travelled one.
    settings.CSRF_COOKIE_AGE = None
    north = build_area("north")
    school, people = north.school, north.people
    trip = Journey(new_page, live_server, north)
    evidence = small_pdf("Reading assessment, December 2025")

    # 1. Monday 5 January: the parent asks through the portal, with a report as evidence. -----------------
    with trip.on(RECEIVED, "parent") as (parent,):
        _goto(parent, reverse("portal-home"))
        parent.get_by_role("button", name="Request an EHC needs assessment").click()
        expect(parent.get_by_role("heading", level=1)).to_have_text("Request an EHC needs assessment")
        expect(parent.locator("main")).to_contain_text("by Monday 25 May 2026 if you send it today")
        parent.get_by_label("I am the child's parent or carer").check()
        _submit(parent, "Start now")

        expect(parent.get_by_role("heading", level=1)).to_have_text("Who is the request for?")
        parent.get_by_label(re.compile(r"^Riley Taylor \(born ")).check()
        _submit(parent, "Continue")
        school_choice = parent.get_by_label(re.compile("Which school or college"))
        expect(school_choice.locator("option:checked")).to_have_text(school.name)  # the child's school
        _submit(parent, "Continue")
        parent.get_by_label(re.compile("Why do you think")).fill(
            "Riley cannot read yet and is falling further behind each term."
        )
        _submit(parent, "Continue")
        parent.get_by_label(re.compile("What are your views")).fill("Riley loves drawing and football.")
        _submit(parent, "Continue")
        parent.get_by_label(re.compile("What support has")).fill("SEN support at school for two years.")
        _submit(parent, "Continue")

        expect(parent.get_by_role("heading", level=1)).to_have_text("Upload evidence (optional)")
        parent.get_by_label("Upload a file").set_input_files(
            {"name": "reading-assessment.pdf", "mimeType": "application/pdf", "buffer": evidence}
        )
        parent.get_by_label("What is this document?").fill("Reading assessment, December 2025")
        _submit(parent, "Upload file")
        _expect_no_errors(parent)
        expect(
            parent.get_by_role("term").filter(has_text="Reading assessment, December 2025")
        ).to_be_visible()
        _submit(parent, "Continue")

        expect(parent.get_by_role("heading", level=1)).to_have_text(
            "Check your answers before sending your request"
        )
        main = parent.locator("main")
        for answer in ("Riley Taylor", school.name, "Riley cannot read yet", "Reading assessment"):
            expect(main).to_contain_text(answer)
        _submit(parent, "Send request")

        expect(parent.get_by_role("heading", level=1)).to_have_text("Request sent")
        case = AssessmentRequest.objects.get(child=north.children["pupil"])
        expect(parent.locator(".govuk-panel__body")).to_contain_text(str(case.pk))
        for sentence in (
            "received your request for an EHC needs assessment for Riley Taylor on Monday 5 January 2026",
            "We must decide whether to assess by Monday 16 February 2026",
            "we must tell you by Monday 27 April 2026",
            "the final plan must be issued by Monday 25 May 2026",
        ):
            expect(main).to_contain_text(sentence)

    upload = CaseDocument.objects.get(request=case)
    assert upload.content_type == "application/pdf" and upload.title == "Reading assessment, December 2025"
    with upload.file.open("rb") as stored:
        reader = PdfReader(BytesIO(stored.read()))
    assert len(reader.pages) == 1 and "Reading assessment" in reader.pages[0].extract_text()

    # Two more cases arrived by post the same day; the LA took them further at once (for the queue's order
    # now, and for the 20-week rate at the end).
    with time_machine.travel(datetime.combine(RECEIVED, time(11, 0), tzinfo=LONDON), tick=False):
        others = _other_cases(north)

    # 2. Wednesday 7 January: the caseworker registers it and puts it to the panel. ----------------------
    with trip.on(date(2026, 1, 7), "caseworker") as (caseworker,):
        _goto(caseworker, reverse("backoffice-home"))
        expect(caseworker.get_by_role("heading", level=1)).to_have_text("Work queue")
        rows = caseworker.locator("table tbody").get_by_role("row")
        expect(rows).to_have_count(3)
        # The most urgent first: the others' comments and consultations fall due in January, Riley's
        # decision in February.
        due_dates = [_due_date(row.get_by_role("cell").nth(4).inner_text()) for row in rows.all()]
        assert due_dates == sorted(due_dates) and due_dates[-1] == date(2026, 2, 16), due_dates
        riley = rows.filter(has_text="Riley Taylor")
        expect(riley).to_contain_text("Decision on whether to assess due by Monday 16 February 2026")
        expect(riley).to_contain_text("Unassigned")

        riley.get_by_label(f"Select case {case.pk}, Riley Taylor").check()
        caseworker.get_by_label("Reassign selected to").select_option(label="Caseworker North")
        _submit(caseworker, "Reassign selected cases")
        expect(caseworker.locator(".govuk-notification-banner--success")).to_contain_text(
            "1 case reassigned to Caseworker North"
        )
        expect(rows.filter(has_text="Riley Taylor")).to_contain_text("Caseworker North")

        _goto(caseworker, reverse("panel-meetings"))
        caseworker.get_by_role("link", name="Arrange a panel meeting").click()
        _fill_date(caseworker, "Date of the meeting", date(2026, 1, 14))
        caseworker.get_by_label("Time the meeting starts").fill("10:00")
        caseworker.get_by_label("Where the panel meets").fill("Civic Centre, room 2")
        members = [
            ("Member 1", "Manager North", "chair", "Manager North (manager@north.example.org)"),
            ("Member 2 (optional)", "Erin Education", "education", None),
            ("Member 3 (optional)", "Health North", "health", "Health North (health@north.example.org)"),
            ("Member 4 (optional)", "Sam Social", "social_care", None),
            ("Member 5 (optional)", "Parent Forum Rep", "parent_representative", None),
        ]
        for legend, name, perspective, account in members:
            member = caseworker.get_by_role("group", name=legend, exact=True)
            member.get_by_label("Name").fill(name)
            member.get_by_label("Perspective they bring").select_option(perspective)
            if account:
                member.get_by_label("Their account on this service (optional)").select_option(label=account)
        _submit(caseworker, "Arrange meeting")
        _expect_no_errors(caseworker)
        expect(caseworker.get_by_role("heading", level=1)).to_have_text(
            "Panel meeting on Wednesday 14 January 2026 at 10am"
        )
        caseworker.get_by_role("link", name="Add a case").click()
        caseworker.get_by_label(re.compile("Riley Taylor")).check()
        _submit(caseworker, "Add case")
        _expect_no_errors(caseworker)
        expect(caseworker.get_by_role("link", name="Record recommendation for Riley Taylor")).to_be_visible()

    meeting = PanelMeeting.objects.get(cases__request=case)
    assert meeting.members.count() == 5
    assert AssessmentRequest.objects.get(pk=case.pk).stage == AssessmentRequest.Stage.PANEL

    # 3. Wednesday 14 January: the panel meets; the caseworker records its recommendation. ---------------
    with trip.on(date(2026, 1, 14), "caseworker") as (caseworker,):
        _goto(caseworker, reverse("panel-meetings"))
        caseworker.get_by_role("link", name="Wednesday 14 January 2026 at 10am").click()
        caseworker.get_by_role("link", name="Record recommendation for Riley Taylor").click()
        caseworker.get_by_label("Assess", exact=True).check()
        caseworker.get_by_label("The panel's reasons").fill(
            "Two years of SEN support without progress: the child may need provision through a plan."
        )
        _submit(caseworker, "Save recommendation")
        _expect_no_errors(caseworker)
        expect(caseworker.locator(f"#case-{case.pk}")).to_contain_text("Two years of SEN support")

    # 4. Friday 16 January: the SEND manager decides to assess; the caseworker asks for advice. ----------
    with trip.on(date(2026, 1, 16), "manager", "caseworker") as (manager, caseworker):
        _open_case(manager, case, "Decide whether to assess")
        expect(manager.get_by_role("heading", level=1)).to_have_text(
            "Decide whether to carry out an EHC needs assessment"
        )
        recommendations = manager.get_by_role("heading", name="The panel's recommendations")
        expect(recommendations).to_be_visible()
        expect(manager.locator("main")).to_contain_text("Two years of SEN support without progress")
        manager.get_by_label("Yes, carry out an EHC needs assessment").check()
        manager.get_by_label("Reasons for the decision").fill(
            "The legal test in section 36(8) is met: the panel recommends assessment."
        )
        expect(manager.get_by_role("group", name="Date of the decision").get_by_label("Day")).to_have_value(
            "16"
        )
        _submit(manager, "Save the decision")
        _expect_case_page(manager, case, "You decided to carry out an EHC needs assessment for Riley Taylor")

        _open_case(caseworker, case, "Ask for advice")
        caseworker.get_by_label("Educational advice (the setting)").check()
        caseworker.get_by_label("School or setting giving educational advice").select_option(
            label=f"{school.name} ({school.get_setting_type_display()})"
        )
        caseworker.get_by_label("What do you want advice on?").fill("Attainment, attendance and support.")
        _submit(caseworker, "Ask for advice")
        _expect_case_page(caseworker, case, "")
        caseworker.get_by_role("link", name="Ask for advice", exact=True).click()
        caseworker.get_by_label("Health advice (the ICB's designated officer)").check()
        caseworker.get_by_label("Integrated care board giving health advice").select_option(
            label="NHS Northby Integrated Care Board"
        )
        caseworker.get_by_label("What do you want advice on?").fill("Health needs and provision.")
        _submit(caseworker, "Ask for advice")
        _expect_case_page(caseworker, case, "")
        for kind in ("Educational advice", "Health advice"):
            _expect_deadline(
                caseworker, "Advice for the assessment due by Friday 27 February 2026", "Due", detail=kind
            )

    # 5. Friday 20 February: the SENCO gives the school's advice, on time. -------------------------------
    with trip.on(date(2026, 2, 20), "senco") as (senco,):
        _goto(senco, reverse("advice-inbox"))
        senco.get_by_role("link", name="Riley Taylor", exact=True).click()
        expect(senco.get_by_role("heading", level=1)).to_contain_text("Educational advice")
        senco.get_by_label("Your advice", exact=True).fill(
            "Reading age 5 years 2 months at 8 years old; needs daily small-group phonics."
        )
        _submit(senco, "Submit advice")
        expect(senco.locator(".govuk-panel--confirmation")).to_contain_text("Advice submitted")

    # 6. Thursday 5 March: the health officer's advice comes a week late. --------------------------------
    with trip.on(date(2026, 3, 5), "health") as (health,):
        _goto(health, reverse("advice-inbox"))
        health.get_by_role("link", name="Riley Taylor", exact=True).click()
        expect(health.get_by_role("heading", level=1)).to_contain_text("Health advice")
        health.get_by_label("Your advice", exact=True).fill("Glue ear as a toddler; hearing now normal.")
        _submit(health, "Submit advice")
        expect(health.locator(".govuk-panel--confirmation")).to_contain_text("Advice submitted")

    # 7. Wednesday 1 April: the manager decides to issue a plan; the caseworker serves the draft. --------
    with trip.on(date(2026, 4, 1), "manager", "caseworker") as (manager, caseworker):
        _open_case(manager, case, "Decide whether to issue a plan")
        manager.get_by_label("Yes, issue an EHC plan (a draft plan comes next)").check()
        manager.get_by_label("Reasons for the decision").fill("Provision through a plan is necessary.")
        _submit(manager, "Save the decision")
        _expect_case_page(manager, case, "")

        _open_case(caseworker, case, "Write and issue the draft plan")
        caseworker.get_by_role("button", name="Start writing the draft plan").click()
        plan = Plan.objects.get(request=case)
        expect(caseworker).to_have_url(path_pattern(f"/plans/{plan.pk}/edit/"))
        advice = [item["title"] for item in plan.versions.get().content["K"]["items"]]
        assert advice == ["Educational advice (the setting)", "Health advice (the ICB's designated officer)"]
        # The sections are written in the plan editor (its own tests drive it); here through the services.
        journey.write_draft(north, AssessmentRequest.objects.get(pk=case.pk))
        _goto(caseworker, reverse("case-draft-plan", args=[case.pk]))
        expect(caseworker.get_by_text("Every quality check passes.")).to_be_visible()
        _submit(caseworker, "Serve the draft plan")
        _expect_case_page(caseworker, case, "The draft plan has been issued")
        _expect_deadline(
            caseworker, "Comments on the draft plan due by Wednesday 15 April 2026", "Due", done_on=None
        )

    # 8. Friday 10 April: the parent comments and names the school they would like. ----------------------
    with trip.on(date(2026, 4, 10), "parent") as (parent,):
        _goto(parent, reverse("portal-home"))
        todo = parent.get_by_role("listitem").filter(
            has=parent.get_by_role("link", name="Comment on the draft plan for Riley Taylor")
        )
        expect(todo).to_contain_text("by Wednesday 15 April 2026")
        todo.get_by_role("link").click()
        expect(parent.get_by_role("heading", level=1)).to_have_text("Comment on the draft EHC plan")
        expect(parent.locator("main")).to_contain_text(
            "My name is Riley. I like drawing, dinosaurs and swimming."
        )
        parent.get_by_label("Your comments on the draft plan").fill(
            "Section F should say who teaches the phonics group."
        )
        parent.get_by_label("Which school or college would you like to be named in the plan?").select_option(
            label=school.name
        )
        parent.get_by_label("Why would you like this school or college?").fill(
            "It is close to home and Riley's friends are there."
        )
        _submit(parent, "Send your response")
        expect(parent.locator(".govuk-notification-banner--success")).to_contain_text(
            "Your comments on the draft plan have been sent"
        )

    # 9. Monday 13 April: the caseworker consults the school; Monday 20 April: the SENCO answers. --------
    with trip.on(date(2026, 4, 13), "caseworker") as (caseworker,):
        _open_case(caseworker, case, "Consult a school or college")
        setting_choice = caseworker.get_by_label("Which school or setting are you consulting?")
        expect(setting_choice.locator("option:checked")).to_contain_text(school.name)  # the family's choice
        _submit(caseworker, "Send the consultation")
        _expect_case_page(caseworker, case, "")

    with trip.on(date(2026, 4, 20), "senco") as (senco,):
        _goto(senco, reverse("school-home"))
        senco.get_by_role("link", name="Riley Taylor (answer the consultation)").click()
        expect(senco.get_by_role("heading", level=1)).to_have_text("Consultation about Riley Taylor")
        senco.get_by_label("Yes, we can meet the child's needs").check()
        senco.get_by_label("Your reasons").fill("We already run a daily phonics group in Year 3.")
        _submit(senco, "Send your answer")
        expect(senco.locator(".govuk-notification-banner--success")).to_contain_text(
            "Your answer about Riley Taylor has been sent"
        )

    # 10. Wednesday 20 May: the caseworker issues the final plan naming the school. ----------------------
    with trip.on(date(2026, 5, 20), "caseworker") as (caseworker,):
        _open_case(caseworker, case, "Issue the final plan")
        named = caseworker.get_by_label("School or setting named in the plan")
        expect(named.locator("option:checked")).to_contain_text(school.name)
        expect(caseworker.get_by_label("Type of school, college or other institution")).to_have_value(
            "Mainstream school"
        )
        caseworker.get_by_label("Type of school, college or other institution").fill(
            "Mainstream primary school"
        )
        expect(caseworker.get_by_role("heading", name="Quality checklist")).to_be_visible()
        _submit(caseworker, "Issue the final plan")
        _expect_case_page(caseworker, case, "")
        expect(caseworker.get_by_role("heading", name="Final EHC plan")).to_be_visible()

    # The parent's view of the case, the day after: every time limit and what became of it. --------------
    with trip.on(date(2026, 5, 21), "parent") as (parent,):
        _goto(parent, reverse("portal-home"))
        parent.get_by_role("link", name=f"View request {case.pk} for Riley Taylor").click()
        expect(parent).to_have_url(path_pattern(reverse("case-detail", args=[case.pk])))
        expect(parent.get_by_role("heading", level=1)).to_have_text("Riley Taylor")
        expect(parent.get_by_role("heading", name="Final EHC plan")).to_be_visible()
        expect(parent.locator("main")).to_contain_text("Final plan issued on Wednesday 20 May 2026")
        _expect_deadline(
            parent,
            "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)",
            "Met",
            done_on="Friday 16 January 2026",
        )
        _expect_deadline(
            parent,
            "Advice for the assessment due by Friday 27 February 2026",
            "Met",
            done_on="Friday 20 February 2026",
            detail="Educational advice",
        )
        _expect_deadline(
            parent,
            "Advice for the assessment due by Friday 27 February 2026",
            "Missed",
            done_on="Thursday 5 March 2026",
            detail="Health advice",
        )
        _expect_deadline(
            parent,
            "Comments on the draft plan due by Wednesday 15 April 2026",
            "Met",
            done_on="Friday 10 April 2026",
        )
        _expect_deadline(
            parent,
            "School or college's reply to the consultation due by Tuesday 28 April 2026",
            "Met",
            done_on="Monday 20 April 2026",
            detail=f"Consultation with {school.name}",
        )
        _expect_deadline(
            parent,
            "Final EHC plan due by Monday 25 May 2026 (20 weeks, regulation 13)",
            "Met",
            done_on="Wednesday 20 May 2026",
        )
        _expect_deadline(
            parent,
            "Notice of a decision not to issue a plan due by Monday 27 April 2026",
            "No longer needed",
            done_on=None,
        )
        # Seven time limits in all, each shown once above.
        expect(
            parent.get_by_role("table", name="Timeline").locator("tbody").get_by_role("row")
        ).to_have_count(7)
        parent.wait_for_load_state("load")  # the stylesheet too, for axe's colour contrast
        assert_no_axe_violations(parent)

    # The same, as stored.
    case.refresh_from_db()
    assert case.stage == AssessmentRequest.Stage.FINAL
    assert case.caseworker == people["caseworker"]
    assert (case.received_on, case.assess_decided_on, case.issue_decided_on, case.final_issued_on) == (
        RECEIVED,
        date(2026, 1, 16),
        date(2026, 4, 1),
        date(2026, 5, 20),
    )
    assert case.next_due_on is None
    assert PanelCase.objects.get(request=case).recommendation == "assess"
    deadlines = {
        (d.code, d.advice_request.advice_type if d.advice_request_id else None): (
            d.due_on,
            d.status,
            d.met_on,
        )
        for d in Deadline.objects.filter(request=case).select_related("advice_request")
    }
    Status = Deadline.Status
    assert deadlines == {
        ("decide_whether_to_assess", None): (date(2026, 2, 16), Status.MET, date(2026, 1, 16)),
        ("notify_not_to_issue", None): (date(2026, 4, 27), Status.NOT_NEEDED, None),
        ("final_plan_due", None): (date(2026, 5, 25), Status.MET, date(2026, 5, 20)),
        ("advice_due", "educational"): (date(2026, 2, 27), Status.MET, date(2026, 2, 20)),
        ("advice_due", "health"): (date(2026, 2, 27), Status.MISSED, date(2026, 3, 5)),
        ("comments_due", None): (date(2026, 4, 15), Status.MET, date(2026, 4, 10)),
        ("consultation_response_due", None): (date(2026, 4, 28), Status.MET, date(2026, 4, 20)),
    }
    advice = {a.advice_type: a for a in AdviceRequest.objects.filter(request=case)}
    assert {kind: a.status for kind, a in advice.items()} == {
        "educational": AdviceRequest.Status.SUBMITTED,
        "health": AdviceRequest.Status.SUBMITTED,
    }
    assert advice["educational"].submitted_by == people["senco"]
    plan = Plan.objects.get(request=case)
    assert (plan.status, plan.draft_issued_on, plan.final_issued_on) == (
        Plan.Status.FINAL,
        date(2026, 4, 1),
        date(2026, 5, 20),
    )
    assert plan.preferred_setting == school and plan.named_setting == school
    assert plan.current_version.content["I"]["setting_name"] == school.name
    assert plan.current_version.content["I"]["setting_type"] == "Mainstream primary school"
    consultation = PlanConsultation.objects.get(plan=plan)
    assert (consultation.setting, consultation.sent_on, consultation.response) == (
        school,
        date(2026, 4, 13),
        PlanConsultation.Response.CAN_MEET,
    )

    # The 20-week rate: the other two cases get their final plans a week late (Monday 1 June), one of them
    # with an exception recorded against the 20 weeks first. -------------------------------------------
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=LONDON), tick=False):
        excepted = others["ap_pupil"]
        services.exception_record(
            actor=people["manager"],
            request=excepted,
            ground="exceptional_personal_circumstances",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 4, 10),
            details="Jordan was in hospital for six weeks.",
            deadlines=[excepted.deadlines.get(code="final_plan_due")],
        )
        for other in others.values():
            services_plans.final_plan_issue(
                actor=people["caseworker"],
                plan=Plan.objects.select_related("request").get(request=other),
                named_setting=school,
                setting_type="Mainstream primary school",
            )
    finals = {
        d.request_id: d.status
        for d in Deadline.objects.filter(code="final_plan_due", request__partnership=north.partnership)
    }
    assert finals == {
        case.pk: Status.MET,
        others["ap_pupil"].pk: Status.EXCEPTED,
        others["unlinked"].pk: Status.MISSED,
    }

    with trip.on(date(2026, 6, 10), "regional") as (regional,):
        dashboard_services.partnership_rollup(partnership=north.partnership)
        _goto(regional, reverse("regional-home"))
        expect(regional.locator("main")).to_contain_text(north.partnership.name)

        def figure(header: str):
            return (
                regional.get_by_role("row")
                .filter(has=regional.get_by_role("rowheader", name=header, exact=True))
                .get_by_role("cell")
            )

        expect(figure("Final plans issued in the last 12 months")).to_have_text("3")
        expect(figure("Issued within 20 weeks, including exception cases")).to_have_text("33.3%")
        expect(figure("Issued within 20 weeks, excluding 1 exception case")).to_have_text("50.0%")
