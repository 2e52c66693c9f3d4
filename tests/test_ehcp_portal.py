"""The family portal and the school screens, through their pages: a family's request for an EHC needs
assessment (start, one question a page, save and come back, check answers, send), the portal home's
requests and deadlines, comments on the draft plan, a SENCO's request for a pupil, a school's answer
to a consultation, who may open each page, and query counts that stay flat as requests grow."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import services
from ehcp.models import AssessmentRequest, CaseDocument, Deadline, Plan, PlanConsultation
from partnerships.models import CaseParticipant, Child, ChildAccessLog

from . import ehcp_journey as journey
from . import factories
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
TODAY = datetime.date(2026, 1, 5)  # a Monday: decide by 16 February, final plan by 25 May 2026
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    return TODAY


def _step(case, step: str, **query) -> str:
    url = reverse("request-step", args=[case.pk, step])
    return f"{url}?return=check" if query.get("back_to_check") else url


def _start(client) -> AssessmentRequest:
    response = client.post(reverse("request-start"), {"requester": "parent"})
    assert response.status_code == 302
    case = AssessmentRequest.objects.order_by("-pk").first()
    assert response["Location"] == _step(case, "child")
    return case


def _errors(response) -> list[str]:
    """The error summary's messages."""
    body = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    if not summary:
        return []
    return [html.unescape(text) for text in re.findall(r'<a href="[^"]*">([^<]*)</a>', summary.group(0))]


def _upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# The request journey ------------------------------------------------------------------------------------


def test_start_page_explains_the_process_and_the_clock(north, signed_in, today):
    response = signed_in(north.people["parent"]).get(reverse("request-start"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Request an EHC needs assessment" in body
    assert "within 20 weeks" in body
    assert "by Monday 16 February 2026 if you send it today" in body
    assert "by Monday 25 May 2026 if you send it today" in body
    # One partnership: it is not asked, only who is asking.
    assert 'type="hidden" name="partnership"' in body
    assert "Who is making the request?" in body


def test_start_needs_an_answer_to_who_is_asking(north, signed_in):
    client = signed_in(north.people["parent"])
    response = client.post(reverse("request-start"), {})
    assert response.status_code == 200
    assert _errors(response) == ["Choose whether you are the parent or carer, or the young person"]
    assert not AssessmentRequest.objects.exists()


def test_a_person_in_two_partnerships_chooses_one(north, south, signed_in):
    parent = north.people["parent"]
    factories.MembershipFactory(user=parent, role="parent_carer", partnership=south.partnership)
    client = signed_in(parent)
    body = client.get(reverse("request-start")).content.decode()
    assert "Which local authority are you asking?" in body
    assert north.partnership.name in body and south.partnership.name in body
    response = client.post(
        reverse("request-start"), {"requester": "parent", "partnership": south.partnership.pk}
    )
    assert response.status_code == 302
    assert AssessmentRequest.objects.get().partnership == south.partnership


def test_the_whole_journey_through_the_pages(north, signed_in, today):
    parent = north.people["parent"]
    pupil = north.children["pupil"]
    client = signed_in(parent)
    case = _start(client)
    assert case.stage == AssessmentRequest.Stage.DRAFT and case.requested_by == parent

    page = client.get(_step(case, "child")).content.decode()
    assert pupil.full_name in page and "Someone else" in page
    assert client.post(_step(case, "child"), {"child": pupil.pk})["Location"] == _step(case, "setting")
    page = client.get(_step(case, "setting")).content.decode()
    assert "Not at a school or college" in page
    assert re.search(rf'<option value="{north.school.pk}" selected>', page), "the child's school is suggested"
    assert client.post(_step(case, "setting"), {"setting": north.school.pk})["Location"] == _step(
        case, "reasons"
    )
    response = client.post(_step(case, "reasons"), {"reasons": "He cannot read yet and is falling behind."})
    assert response["Location"] == _step(case, "views")
    response = client.post(_step(case, "views"), {"family_views": "We want him to be happy at school."})
    assert response["Location"] == _step(case, "support")
    response = client.post(_step(case, "support"), {"support_so_far": ""})
    assert response["Location"] == _step(case, "evidence")
    response = client.post(
        _step(case, "evidence"),
        {"file": _upload("report.pdf", PDF), "title": "Speech therapy report", "action": "upload"},
    )
    assert response["Location"] == _step(case, "evidence"), "after an upload, another can be added"
    page = client.get(_step(case, "evidence")).content.decode()
    assert "Speech therapy report" in page and "report.pdf has been uploaded" in page
    response = client.post(_step(case, "evidence"), {"action": "continue"})
    assert response["Location"] == reverse("request-check", args=[case.pk])

    check = client.get(reverse("request-check", args=[case.pk])).content.decode()
    for text in (
        "Parent or carer",
        pupil.full_name,
        north.school.name,
        "He cannot read yet",
        "We want him to be happy",
        "Speech therapy report (report.pdf)",
    ):
        assert text in check
    for step in ("who", "child", "setting", "reasons", "views", "support", "evidence"):
        assert f'href="{_step(case, step, back_to_check=True)}"' in check

    response = client.post(reverse("request-check", args=[case.pk]))
    assert response["Location"] == reverse("request-sent", args=[case.pk])
    case.refresh_from_db()
    assert case.stage == AssessmentRequest.Stage.RECEIVED
    assert case.received_on == today
    assert case.child == pupil and case.setting == north.school
    deadlines = {d.code: d.due_on for d in case.deadlines.all()}
    assert deadlines == {
        "decide_whether_to_assess": datetime.date(2026, 2, 16),
        "notify_not_to_issue": datetime.date(2026, 4, 27),
        "final_plan_due": datetime.date(2026, 5, 25),
    }
    assert case.documents.get().content_type == "application/pdf"

    sent = client.get(reverse("request-sent", args=[case.pk])).content.decode()
    assert "Request sent" in sent and f"<strong>{case.pk}</strong>" in sent
    assert "on Monday 5 January 2026" in sent
    assert "We must decide whether to assess by Monday 16 February 2026 (regulation 5)" in sent
    assert "Monday 25 May 2026" in sent
    # Once sent, the questions and the check page lead to the confirmation.
    assert client.get(_step(case, "reasons"))["Location"] == reverse("request-sent", args=[case.pk])
    assert client.get(reverse("request-check", args=[case.pk]))["Location"] == reverse(
        "request-sent", args=[case.pk]
    )


def test_a_request_for_someone_else_creates_their_record_when_sent(north, signed_in, today):
    parent = north.people["parent"]
    client = signed_in(parent)
    case = _start(client)
    response = client.post(
        _step(case, "child"),
        {
            "child": "someone_else",
            "child_first_name": "Robin",
            "child_last_name": "Hughes",
            "child_date_of_birth_day": "4",
            "child_date_of_birth_month": "9",
            "child_date_of_birth_year": "2017",
        },
    )
    assert response["Location"] == _step(case, "setting")
    client.post(_step(case, "setting"), {"setting": ""})
    client.post(_step(case, "reasons"), {"reasons": "Robin has severe anxiety."})
    assert client.post(reverse("request-check", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    child = case.child
    assert (child.full_name, child.date_of_birth) == ("Robin Hughes", datetime.date(2017, 9, 4))
    assert CaseParticipant.objects.filter(child=child, user=parent, role="parent_carer").exists()


def test_the_young_person_asks_for_themselves(north, signed_in, today):
    young_person = north.people["young_person"]
    client = signed_in(young_person)
    response = client.post(reverse("request-start"), {"requester": "young_person"})
    case = AssessmentRequest.objects.get()
    assert case.requester == "young_person"
    body = client.get(response["Location"]).content.decode()
    assert north.children["ap_pupil"].full_name in body
    assert north.children["pupil"].full_name not in body


def test_a_saved_draft_is_on_the_portal_and_continues_where_it_was(north, signed_in, today):
    parent = north.people["parent"]
    client = signed_in(parent)
    case = _start(client)
    client.post(_step(case, "child"), {"child": north.children["pupil"].pk})
    client.post(_step(case, "setting"), {"setting": north.school.pk})
    client.post(_step(case, "reasons"), {"reasons": "Falling behind."})

    # Later, in a new session.
    client = signed_in(parent)
    home = client.get(reverse("portal-home")).content.decode()
    assert "What you need to do" in home
    assert "Finish your request for Riley Taylor" in home
    assert "Continue your request" in home
    assert "Not sent yet" in home
    assert f'href="{_step(case, "views")}"' in home
    page = client.get(_step(case, "views")).content.decode()
    assert "What are your views" in page
    assert "Falling behind." in client.get(_step(case, "reasons")).content.decode()


def test_the_who_question_can_be_changed_from_check_answers(north, signed_in):
    client = signed_in(north.people["young_person"])
    case = _start(client)
    response = client.post(_step(case, "who", back_to_check=True), {"requester": "young_person"})
    assert response["Location"] == reverse("request-check", args=[case.pk])
    case.refresh_from_db()
    assert case.requester == "young_person"


def test_an_empty_required_answer_is_shown_in_the_error_summary(north, signed_in):
    client = signed_in(north.people["parent"])
    case = _start(client)
    response = client.post(_step(case, "reasons"), {"reasons": "   "})
    assert response.status_code == 200
    assert _errors(response) == ["Enter why you think the child needs an EHC needs assessment"]
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.content.decode()
    response = client.post(_step(case, "child"), {})
    assert _errors(response) == ["Choose who the request is for"]
    response = client.post(_step(case, "child"), {"child": "someone_else"})
    assert _errors(response) == [
        "Enter the child's first name",
        "Enter the child's last name",
        "Enter the child's date of birth",
    ]


@pytest.mark.parametrize(
    "day,month,year,message",
    [
        ("4", "9", "2031", "The date of birth must be in the past"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("x", "y", "zz", "Date of birth must be a real date"),
        ("4", "", "2015", "Date of birth must include a month"),
    ],
)
def test_a_bad_date_of_birth_keeps_what_was_typed(north, signed_in, today, day, month, year, message):
    client = signed_in(north.people["parent"])
    case = _start(client)
    response = client.post(
        _step(case, "child"),
        {
            "child": "someone_else",
            "child_first_name": "Robin",
            "child_last_name": "Hughes",
            "child_date_of_birth_day": day,
            "child_date_of_birth_month": month,
            "child_date_of_birth_year": year,
        },
    )
    assert response.status_code == 200
    assert _errors(response) == [message]
    body = response.content.decode()
    assert 'value="Robin"' in body and 'value="Hughes"' in body
    assert f'value="{year}"' in body
    assert 'href="#id_child_date_of_birth"' in body
    case.refresh_from_db()
    assert case.child_first_name == "" and case.child_date_of_birth is None


def test_missing_answers_on_check_are_listed_with_links_to_their_pages(north, signed_in):
    client = signed_in(north.people["parent"])
    case = _start(client)
    client.post(_step(case, "child"), {"child": "someone_else", "child_first_name": "Robin"})  # refused
    response = client.post(reverse("request-check", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: Check your answers" in body
    assert set(_errors(response)) == {
        "Enter why you think the child needs an EHC needs assessment",
        "Enter the child's first name",
        "Enter the child's last name",
        "Enter the child's date of birth",
    }
    assert f'href="{_step(case, "reasons", back_to_check=True)}"' in body
    assert f'href="{_step(case, "child", back_to_check=True)}"' in body
    case.refresh_from_db()
    assert case.stage == AssessmentRequest.Stage.DRAFT and not case.deadlines.exists()


def test_an_upload_over_the_size_limit_is_refused_and_answers_stay(north, signed_in, settings):
    settings.EHCP_MAX_UPLOAD_BYTES = 64
    client = signed_in(north.people["parent"])
    case = _start(client)
    client.post(_step(case, "reasons"), {"reasons": "Falling behind."})
    response = client.post(
        _step(case, "evidence"), {"file": _upload("big.pdf", PDF + b"0" * 100), "action": "upload"}
    )
    assert response.status_code == 200
    [error] = _errors(response)
    assert error.startswith("The selected file must be smaller than")
    assert 'href="#id_file"' in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert "Falling behind." in client.get(reverse("request-check", args=[case.pk])).content.decode()


@pytest.mark.parametrize(
    "content,expected",
    [
        (PNG, "The selected file is not what its name says: its content is a PNG image"),
        (b"Just some plain text, not a PDF at all.", "The selected file must be a"),
    ],
    ids=["png-named-pdf", "text-named-pdf"],
)
def test_a_file_whose_content_is_not_what_its_name_says(north, signed_in, content, expected):
    client = signed_in(north.people["parent"])
    case = _start(client)
    client.post(_step(case, "child"), {"child": north.children["pupil"].pk})
    client.post(_step(case, "reasons"), {"reasons": "Falling behind."})
    response = client.post(
        _step(case, "evidence"),
        {"file": _upload("report.pdf", content), "title": "Report", "action": "continue"},
    )
    assert response.status_code == 200
    [error] = _errors(response)
    assert error.startswith(expected)
    assert 'value="Report"' in response.content.decode(), "what was typed is kept"
    assert not CaseDocument.objects.exists()
    case.refresh_from_db()
    assert case.reasons == "Falling behind." and case.child == north.children["pupil"]


def test_upload_without_a_file(north, signed_in):
    client = signed_in(north.people["parent"])
    case = _start(client)
    response = client.post(_step(case, "evidence"), {"action": "upload"})
    assert _errors(response) == ["Select a file to upload"]


def test_an_unknown_step_is_not_found(north, signed_in):
    client = signed_in(north.people["parent"])
    case = _start(client)
    assert client.get(_step(case, "nonsense")).status_code == 404


# The portal home ----------------------------------------------------------------------------------------


def test_portal_home_shows_where_each_request_is_and_the_next_deadline(north, south, signed_in, today):
    case = journey.received(north)
    client = signed_in(north.people["parent"])
    body = client.get(reverse("portal-home")).content.decode()
    assert "Your requests for an EHC needs assessment" in body
    assert f"Riley Taylor: request {case.pk}" in body
    assert '<strong class="govuk-tag govuk-tag--blue">Request received</strong>' in body
    assert "Received</dt>" in body and "Monday 5 January 2026" in body
    assert "Decision on whether to assess due by Monday 16 February 2026 (regulation 5)" in body
    assert "It will decide whether to carry out an EHC needs assessment" in body
    assert f'href="{reverse("request-start")}"' in body
    journey.received(south)
    assert "Evans" not in client.get(reverse("portal-home")).content.decode()


def test_portal_home_with_no_requests(north, signed_in):
    body = signed_in(north.people["young_person"]).get(reverse("portal-home")).content.decode()
    assert "You have not asked for an EHC needs assessment." in body
    assert "What you need to do" not in body
    assert "Jordan Taylor" in body  # the children section is still there


# The draft plan -----------------------------------------------------------------------------------------


def test_comment_on_the_draft_plan_and_choose_a_setting(north, signed_in, today):
    case = journey.at_stage(north, "draft_plan")
    parent = north.people["parent"]
    client = signed_in(parent)
    home = client.get(reverse("portal-home")).content.decode()
    url = reverse("draft-plan-respond", args=[case.pk])
    assert f'<a class="govuk-link" href="{url}">Comment on the draft plan for Riley Taylor</a>' in home
    assert "by Monday 19 January 2026" in home

    page = client.get(url).content.decode()
    for title in (
        "Section A: views, interests and aspirations",
        "Section B: special educational needs",
        "Section C: health needs related to special educational needs",
        "Section D: social care needs",
        "Section E: outcomes",
        "Section F: special educational provision",
        "Section G: health provision",
        "Section H1: social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
        "Section H2: other social care provision",
        "Section I: placement",
        "Section J: personal budget",
        "Section K: advice and information",
    ):
        assert title in page
    # The draft as served, structured: the child's own words, outcomes and quantified provision.
    assert "My name is Riley. I like drawing, dinosaurs and swimming." in page
    assert "Draft plan, version 1, served on 5 January 2026." in page
    assert "Speech and language therapy to develop understanding of spoken language" in page
    assert "The placement will be named in the final plan" in page
    assert (
        "at least 15 days, beginning with the day the draft plan was served (Monday 5 January 2026), "
        "to comment and to say which school or college you would like: by Monday 19 January 2026"
    ) in page
    assert ChildAccessLog.objects.filter(user=parent, child=case.child, channel="page").exists()

    response = client.post(url, {"preferred_setting": north.school.pk, "preference_reasons": ""})
    assert _errors(response) == ["Enter why you would like this setting"]
    assert re.search(rf'<option value="{north.school.pk}" selected>', response.content.decode())

    response = client.post(
        url,
        {
            "comments": "Section F should say who provides the therapy.",
            "preferred_setting": north.school.pk,
            "preference_reasons": "Close to home.",
            "wants_meeting": "on",
        },
    )
    assert response["Location"] == reverse("portal-home")
    plan = Plan.objects.get(request=case)
    assert plan.family_comments.startswith("Section F")
    assert plan.preferred_setting == north.school and plan.wants_meeting
    comments = case.deadlines.get(code="comments_due")
    assert comments.status == Deadline.Status.MET and comments.met_on == today
    home = client.get(reverse("portal-home")).content.decode()
    assert "Your comments on the draft plan have been sent" in home
    assert "Comment on the draft plan for" not in home


def test_the_draft_plan_page_needs_a_draft(north, signed_in):
    client = signed_in(north.people["parent"])
    assessing = journey.at_stage(north, "assessing")
    assert client.get(reverse("draft-plan-respond", args=[assessing.pk])).status_code == 404
    final = journey.at_stage(north, "final")
    assert client.get(reverse("draft-plan-respond", args=[final.pk])).status_code == 403


# The school ---------------------------------------------------------------------------------------------


def test_a_senco_requests_an_assessment_for_a_pupil(north, south, signed_in, today):
    senco = north.people["senco"]
    client = signed_in(senco)
    home = client.get(reverse("school-home")).content.decode()
    assert f'href="{reverse("school-request-start")}"' in home
    page = client.get(reverse("school-request-start")).content.decode()
    assert "Riley Taylor" in page and "Jordan Taylor" not in page and "Evans" not in page

    response = client.post(reverse("school-request-start"), {"child": north.children["pupil"].pk})
    assert set(_errors(response)) == {
        "Enter why the school thinks the pupil needs an EHC needs assessment",
        "Enter the support the school has given so far (SEN support)",
    }
    response = client.post(
        reverse("school-request-start"), {"child": south.children["pupil"].pk, "reasons": "x"}
    )
    assert "Choose a pupil at your school" in _errors(response)

    response = client.post(
        reverse("school-request-start"),
        {
            "child": north.children["pupil"].pk,
            "reasons": "Not making progress.",
            "support_so_far": "Two years of SEN support.",
            "family_views": "Parents agree.",
        },
    )
    assert response["Location"] == reverse("school-home")
    case = AssessmentRequest.objects.get()
    assert (case.route, case.requester, case.requested_by) == ("school", "school", senco)
    assert case.received_on == today and case.deadlines.count() == 3
    home = client.get(reverse("school-home")).content.decode()
    assert f"Request number {case.pk} for Riley Taylor has been sent" in home
    assert "must decide whether to assess by Monday 16 February 2026" in home
    assert "Requests from your school" in home and "Riley Taylor" in home
    assert "Decision on whether to assess due by Monday 16 February 2026 (regulation 5)" in home


def test_the_school_dashboard_shows_advice_and_consultations(north, south, signed_in, today):
    journey.at_stage(north, "advice_requested")
    journey.at_stage(south, "consulted")
    consulted = journey.at_stage(north, "consulted")
    consultation = PlanConsultation.objects.get(plan__request=consulted)
    body = signed_in(north.people["senco"]).get(reverse("school-home")).content.decode()
    assert "Advice asked of you" in body and "Educational advice (the setting)" in body
    assert "Advice for the assessment due by Monday 16 February 2026 (regulation 8)" in body
    assert "Consultations waiting for your answer" in body
    assert f'href="{reverse("consultation-respond", args=[consultation.pk])}"' in body
    assert "reply to the consultation due by Tuesday 20 January 2026" in body
    assert "Evans" not in body


def test_an_ap_provider_keeps_their_pupils_list(north, signed_in):
    body = signed_in(north.people["ap_provider"]).get(reverse("school-home")).content.decode()
    assert "Your pupils" in body and "Jordan Taylor" in body
    assert "Requests from your school" not in body
    assert reverse("school-request-start") not in body


def test_a_school_answers_a_consultation(north, south, signed_in, today):
    case = journey.at_stage(north, "consulted")
    consultation = PlanConsultation.objects.get(plan__request=case)
    url = reverse("consultation-respond", args=[consultation.pk])
    client = signed_in(north.people["headteacher"])
    page = client.get(url).content.decode()
    assert "Consultation about Riley Taylor" in page
    assert "Section B: special educational needs" in page
    assert "Autistic spectrum disorder (ASD)" in page and "Finds it hard to understand spoken" in page
    assert "Section F: special educational provision" in page
    assert "Draft plan, version 1, served on 5 January 2026." in page
    # Only the sections about the child's needs and provision, from the draft served (not the LA's working copy).
    assert "Section D: social care needs" not in page and "Section I: placement" not in page
    assert ChildAccessLog.objects.filter(user=north.people["headteacher"], child=case.child).exists()

    response = client.post(url, {"response": "cannot_meet", "details": ""})
    assert _errors(response) == ["Enter the reasons for your answer"]
    response = client.post(url, {"response": "cannot_meet", "details": "No places."})
    assert _errors(response) == ["Choose the legal ground for saying you cannot meet the needs"]
    response = client.post(url, {"response": "can_meet", "details": "We have a speech and language unit."})
    assert response["Location"] == reverse("school-home")
    consultation.refresh_from_db()
    assert consultation.response == "can_meet" and consultation.responded_by == north.people["headteacher"]
    assert consultation.deadlines.get().status == Deadline.Status.MET
    page = client.get(url).content.decode()
    assert "We can meet the child&#x27;s needs" in page and "<textarea" not in page
    assert client.post(url, {"response": "cannot_meet", "details": "Changed our mind"}).status_code == 403
    other = PlanConsultation.objects.get(plan__request=journey.at_stage(south, "consulted"))
    assert client.get(reverse("consultation-respond", args=[other.pk])).status_code == 404


# Who may open each page ---------------------------------------------------------------------------------

# For each persona: the status of each page about north's cases. Other tenants' cases are always 404
# (403 for DfE users, who never see a case).
FAMILY = {"parent", "young_person"}
SCHOOL_STAFF = {"senco", "headteacher"}
LA = {"caseworker", "manager"}
# Linked to the pupil's case as professionals (and on the panel that looked at it, in tests/ehcp_journey).
CASE_PROFESSIONALS = {"health", "social_care", "mediator"}


def _expected(persona: str, allowed: set, visible: set) -> int:
    if persona in AGGREGATE_ONLY:
        return 403
    if persona in allowed:
        return 200
    return 403 if persona in visible else 404


@pytest.fixture
def cases(north):
    draft = services.request_start(
        actor=north.people["parent"],
        partnership=north.partnership,
        child=north.children["pupil"],
        requester="parent",
    )
    consulted = journey.at_stage(north, "consulted")
    sent = journey.received(north)
    return {
        "draft": draft,
        "consulted": consulted,
        "consultation": PlanConsultation.objects.get(plan__request=consulted),
        "sent": sent,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_own_partnership(north, cases, signed_in, persona):
    client = signed_in(north.people[persona])
    draft, consulted, consultation = cases["draft"], cases["consulted"], cases["consultation"]
    start = 200 if persona in FAMILY else 403
    assert client.get(reverse("request-start")).status_code == start
    school_start = 200 if persona in SCHOOL_STAFF else 403
    assert client.get(reverse("school-request-start")).status_code == school_start

    # The draft: only the parent who started it; LA staff see it exists but cannot change it.
    draft_status = _expected(persona, {"parent"}, LA)
    for url in (
        reverse("request-step", args=[draft.pk, "reasons"]),
        reverse("request-check", args=[draft.pk]),
    ):
        assert client.get(url).status_code == draft_status, url
    if draft_status != 200:
        assert client.post(reverse("request-check", args=[draft.pk])).status_code == draft_status

    # The sent confirmation is the family's.
    sent_status = _expected(persona, {"parent"}, LA | SCHOOL_STAFF | CASE_PROFESSIONALS)
    assert client.get(reverse("request-sent", args=[cases["sent"].pk])).status_code == sent_status

    # The draft plan: the family comments; staff who see the case may not.
    plan_status = _expected(persona, {"parent"}, LA | SCHOOL_STAFF | CASE_PROFESSIONALS)
    assert client.get(reverse("draft-plan-respond", args=[consulted.pk])).status_code == plan_status

    # The consultation: the consulted school answers; the LA sees it but does not answer for the school.
    consult_status = _expected(persona, SCHOOL_STAFF, LA)
    assert client.get(reverse("consultation-respond", args=[consultation.pk])).status_code == consult_status


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_other_partnership(north, south, cases, signed_in, persona):
    """South's people never reach north's cases: 404 (403 for DfE users)."""
    client = signed_in(south.people[persona])
    expected = 403 if persona in AGGREGATE_ONLY else 404
    draft, consulted, consultation = cases["draft"], cases["consulted"], cases["consultation"]
    urls = [
        reverse("request-step", args=[draft.pk, "child"]),
        reverse("request-check", args=[draft.pk]),
        reverse("request-sent", args=[cases["sent"].pk]),
        reverse("draft-plan-respond", args=[consulted.pk]),
        reverse("consultation-respond", args=[consultation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
        assert (
            client.post(url, {"reasons": "x", "response": "can_meet", "details": "x"}).status_code == expected
        )
    draft.refresh_from_db()
    assert draft.reasons == ""
    consultation.refresh_from_db()
    assert consultation.response == ""
    # Their homes never show north's cases.
    for url_name in ("portal-home", "school-home"):
        response = client.get(reverse(url_name))
        if response.status_code == 200:
            assert "Riley Taylor" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(north, cases, client):
    for url in (
        reverse("request-start"),
        reverse("request-step", args=[cases["draft"].pk, "child"]),
        reverse("request-check", args=[cases["draft"].pk]),
        reverse("draft-plan-respond", args=[cases["consulted"].pk]),
        reverse("school-request-start"),
        reverse("consultation-respond", args=[cases["consultation"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in")), url


# Query counts -------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_requests(area, n: int) -> None:
    """More children at the school, linked to the parent, each with a request; and some drafts."""
    for i in range(n):
        child = factories.ChildFactory(
            partnership=area.partnership, first_name=f"Extra{i}", current_setting=area.school
        )
        factories.CaseParticipantFactory(child=child, user=area.people["parent"], role="parent_carer")
        services.request_record(
            actor=area.people["caseworker"],
            child=child,
            requester="parent",
            requester_name="Pat Parent",
            received_on=TODAY,
            reasons="Falling behind.",
            setting=area.school,
        )
        services.request_start(
            actor=area.people["parent"], partnership=area.partnership, child=child, requester="parent"
        )


@pytest.mark.parametrize("persona,url_name", [("parent", "portal-home"), ("senco", "school-home")])
def test_query_counts_stay_flat_as_requests_grow(north, signed_in, today, persona, url_name):
    journey.at_stage(north, "consulted")
    journey.at_stage(north, "advice_requested")
    client = signed_in(north.people[persona])
    url = reverse(url_name)
    client.get(url)  # warm caches
    before = _queries(client, url)
    _more_requests(north, 12)
    assert _queries(client, url) == before


def test_children_are_not_duplicated_when_a_draft_names_a_linked_child(north, signed_in, today):
    client = signed_in(north.people["parent"])
    case = _start(client)
    client.post(_step(case, "child"), {"child": north.children["pupil"].pk})
    client.post(_step(case, "reasons"), {"reasons": "Falling behind."})
    client.post(reverse("request-check", args=[case.pk]))
    assert Child.objects.filter(partnership=north.partnership).count() == 3
