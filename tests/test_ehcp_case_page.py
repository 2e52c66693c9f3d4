"""The case page: the summary, the statutory timeline in plain English with each deadline's status, the
exceptions, panel, advice, plan, decision letters (HTML and PDF) and documents, what each person may do
next, and a query count that stays flat however much the case holds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from ehcp import services
from ehcp.models import AdviceRequest, CaseDocument, CaseException, Deadline, DecisionLetter
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .test_ehcp_backoffice import MONDAY, at, error_summary, record, text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PREVIOUS_WARNING = (
    "There is no duty to consider a new request within 6 months of a previous assessment "
    "(section 36(6)(b)) — the local authority decides"
)


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(at(MONDAY), tick=False)
    return MONDAY


def pdf(name: str = "evidence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def case_url(case) -> str:
    return reverse("case-detail", args=[case.pk])


def resolvable(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


# The timeline ----------------------------------------------------------------------------------------------


def test_timeline_in_plain_english(north, signed_in):
    case = record(north)
    response = signed_in(north.people["caseworker"]).get(case_url(case))
    assert response.status_code == 200
    page = text(response)
    assert "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)" in page
    assert (
        "Notice of a decision not to issue a plan due by Monday 27 April 2026 (16 weeks, regulation 10)"
        in page
    )
    assert "Final EHC plan due by Monday 25 May 2026 (20 weeks, regulation 13)" in page
    assert "Who acts: the local authority" in page
    body = response.content.decode()
    assert body.count('<strong class="govuk-tag govuk-tag--blue">Due</strong>') == 3
    assert (
        '<a class="govuk-link" href="https://www.legislation.gov.uk/uksi/2014/1530/regulation/5">regulation 5(1)</a>'
        in body
    )
    # The summary.
    assert "Case number " + str(case.pk) in page
    assert "Pat Parent Parent or carer" in page
    assert "Recorded by the local authority (post, email or phone)" in page
    assert "Received Monday 5 January 2026" in page
    assert "Caseworker Caseworker North" in page
    assert "School or setting Northby Primary School" in page
    assert "Not making progress despite SEN support." in page
    assert PREVIOUS_WARNING not in page
    assert "No exceptions have been recorded" in page


def test_families_see_the_same_timeline(north, signed_in):
    case = record(north)
    page = text(signed_in(north.people["parent"]).get(case_url(case)))
    assert "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)" in page
    assert "Back to the work queue" not in page


def test_met_deadline_says_when_it_was_done(north, signed_in):
    case = journey.at_stage(north, "assessing")
    page = text(signed_in(north.people["parent"]).get(case_url(case)))
    assert (
        "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5) "
        "Who acts: the local authority Done on Monday 5 January 2026 Met"
    ) in page
    assert "Decision on whether to assess Assess, on Monday 5 January 2026" in page
    assert "Panel recommendations" in page and "May need provision by a plan." in page


def test_late_decision_is_missed_with_the_day_it_was_done(north, signed_in):
    case = journey.at_stage(north, "assessing", received_on=datetime.date(2025, 11, 3))
    response = signed_in(north.people["caseworker"]).get(case_url(case))
    page = text(response)
    assert (
        "Decision on whether to assess due by Monday 15 December 2025 (6 weeks, regulation 5) "
        "Who acts: the local authority Done on Monday 5 January 2026 Missed"
    ) in page
    assert '<strong class="govuk-tag govuk-tag--red">Missed</strong>' in response.content.decode()


def test_open_deadline_past_its_date_says_how_late(north, signed_in, time_machine):
    case = record(north)
    time_machine.move_to(at(datetime.date(2026, 2, 20)), tick=False)
    page = text(signed_in(north.people["caseworker"]).get(case_url(case)))
    assert "Overdue by 4 days" in page


def test_refused_case_has_letters_and_deadlines_no_longer_needed(north, signed_in):
    case = journey.at_stage(north, "refused")
    response = signed_in(north.people["parent"]).get(case_url(case))
    page = text(response)
    assert page.count("No longer needed") == 2
    letter = DecisionLetter.objects.get(request=case)
    body = response.content.decode()
    assert reverse("case-letter", args=[case.pk, letter.pk]) in body
    assert reverse("case-letter-pdf", args=[case.pk, letter.pk]) in body
    assert "Decision not to carry out an EHC needs assessment, 5 January 2026" in page
    assert "Decided not to assess" in page


def test_advice_plan_and_consultations(north, signed_in):
    case = journey.at_stage(north, "consulted")
    caseworker = signed_in(north.people["caseworker"]).get(case_url(case))
    parent = signed_in(north.people["parent"]).get(case_url(case))
    caseworker_page, parent_page = text(caseworker), text(parent)
    assert (
        "Educational advice (the setting) Northby Primary School 5 January 2026 Advice submitted"
        in parent_page
    )
    assert (
        "Educational advice (the setting) Read the advice Advice from the senco. Northby Primary School "
        "5 January 2026 Advice submitted"
    ) in caseworker_page
    for page in (caseworker_page, parent_page):
        assert "Draft EHC plan" in page
        assert (
            "Section F: special educational provision Special educational provision (regulation 12(1)(f)). "
            "This section can be appealed to the tribunal. F.1: Speech and language therapy to develop "
            "understanding of spoken language Delivered by NHS speech and language therapist"
        ) in page
        assert "Section I: placement" in page
        assert "Section F should say who provides the therapy." in page
        assert "Consulted on Answer Northby Primary School 5 January 2026 Waiting for an answer" in page
        assert "Consultation with Northby Primary School" in page
        assert "Guidance, not law" in page
        assert (
            "School or college's reply to the consultation due by Tuesday 20 January 2026 "
            "(15 days, SEND Code of Practice paragraph 9.83)"
        ) in page
    # The local authority reads the version being written (and may edit it); the family the draft served.
    plan = case.plan
    assert "Final plan, version 2: being written" in caseworker_page
    assert f'href="{reverse("plan-edit", args=[plan.pk])}"' in caseworker.content.decode()
    assert "Draft plan, version 1: issued on 5 January 2026." in parent_page
    assert "plan-edit" not in parent_page and f"/plans/{plan.pk}/edit/" not in parent.content.decode()
    assert "Section I: placement" in parent_page.split("Section J")[0]
    assert "Nothing is written in this section." in parent_page.split("Section I: placement", 1)[1][:200]
    # Advice itself is shown to the local authority, the status to everyone.
    assert "Advice from the senco." in caseworker_page
    assert "Advice from the senco." not in parent_page


def test_final_plan(north, signed_in):
    case = journey.at_stage(north, "final")
    page = text(signed_in(north.people["senco"]).get(case_url(case)))
    assert "Final EHC plan" in page and "Final plan issued on Monday 5 January 2026." in page
    assert "Final plan, version 2: issued on 5 January 2026." in page
    placement = page.split("Section I: placement", 1)[1].split("Section J")[0]
    assert "Type: Mainstream primary school Name: Northby Primary School (URN" in placement


# Exceptions and the previous assessment ---------------------------------------------------------------------


def test_exception_is_shown_to_everyone_on_the_case(north, signed_in):
    case = record(north)
    decide = case.deadlines.get(code="decide_whether_to_assess")
    exception = services.exception_record(
        actor=north.people["manager"],
        request=case,
        ground="exceptional_personal_circumstances",
        starts_on=MONDAY,
        ends_on=datetime.date(2026, 2, 2),
        details="Riley was in hospital for four weeks.",
        deadlines=[decide],
        evidence=pdf("discharge-letter.pdf"),
    )
    for persona in ("parent", "senco", "caseworker", "manager"):
        response = signed_in(north.people[persona]).get(case_url(case))
        page = text(response)
        body = response.content.decode()
        assert (
            "Exceptional personal circumstances affected the child, their parent or the young person" in page
        )
        assert "From Monday 5 January 2026 to Monday 2 February 2026" in page
        assert "Riley was in hospital for four weeks." in page
        assert "Decided by Manager North, 5 January 2026" in page
        assert f'id="exception-{exception.pk}"' in body
        assert f'href="#exception-{exception.pk}"' in body
        assert reverse("case-document", args=[case.pk, exception.evidence_id]) in body
        assert "Exception applies" in page
        # The evidence downloads for them too.
        download = signed_in(north.people[persona]).get(
            reverse("case-document", args=[case.pk, exception.evidence_id])
        )
        assert download.status_code == 200


def test_previous_assessment_warning(north, signed_in):
    earlier = journey.at_stage(north, "final")
    again = record(north)
    manager_page = signed_in(north.people["manager"]).get(case_url(again))
    assert PREVIOUS_WARNING in text(manager_page)
    assert case_url(earlier) in manager_page.content.decode()
    family_page = text(signed_in(north.people["parent"]).get(case_url(again)))
    assert PREVIOUS_WARNING in family_page
    # Not on the earlier case itself, nor on another child's case.
    assert PREVIOUS_WARNING not in text(signed_in(north.people["manager"]).get(case_url(earlier)))
    other = record(north, "unlinked")
    assert PREVIOUS_WARNING not in text(signed_in(north.people["manager"]).get(case_url(other)))


# Documents ---------------------------------------------------------------------------------------------------


@pytest.fixture
def document(north):
    case = record(north)
    return services.document_add(
        actor=north.people["caseworker"],
        request=case,
        upload=pdf("sal-report.pdf"),
        title="Speech and language report",
    )


def test_documents_are_listed_and_download_for_those_who_see_the_case(north, south, document, signed_in):
    case = document.request
    url = reverse("case-document", args=[case.pk, document.pk])
    page = signed_in(north.people["parent"]).get(case_url(case))
    assert "Speech and language report" in text(page) and url in page.content.decode()
    assert reverse("case-document-add", args=[case.pk]) in page.content.decode()

    response = signed_in(north.people["parent"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sal-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert ChildAccessLog.objects.filter(user=north.people["parent"], path=url).exists()

    assert signed_in(north.people["young_person"]).get(url).status_code == 404
    assert signed_in(north.people["ap_provider"]).get(url).status_code == 404
    assert signed_in(south.people["caseworker"]).get(url).status_code == 404
    assert signed_in(north.people["national"]).get(url).status_code == 403
    # A document is found only through its own case.
    other = record(north, "unlinked")
    assert (
        signed_in(north.people["caseworker"])
        .get(reverse("case-document", args=[other.pk, document.pk]))
        .status_code
        == 404
    )


def test_add_a_document(north, signed_in):
    case = record(north)
    client = signed_in(north.people["parent"])
    url = reverse("case-document-add", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Add a document" in text(page)
    response = client.post(url, {"title": "Letter from the GP", "file": pdf("gp.pdf")})
    assert response.status_code == 302
    assert response["Location"] == case_url(case) + "#documents"
    document = CaseDocument.objects.get(request=case)
    assert document.title == "Letter from the GP" and document.uploaded_by == north.people["parent"]
    assert document.content_type == "application/pdf"
    assert "Letter from the GP has been added to the case" in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    "data,errors",
    [
        ({"title": "Notes", "file": ("notes.txt", b"just some text")}, ["The selected file must be a "]),
        ({"title": "Notes", "file": ("photo.png", PDF)}, ["The selected file is not what its name says"]),
        ({"title": "Notes", "file": ("empty.pdf", b"")}, ["The selected file is empty"]),
        ({"title": "Notes"}, ["Select a file"]),
        ({"title": "", "file": ("gp.pdf", PDF)}, ["Enter a title for the document"]),
        (
            {"title": "Big", "file": ("big.pdf", PDF + b"x" * 2048)},
            ["The selected file must be smaller than 1KB"],
        ),
    ],
)
def test_document_errors_are_shown_on_the_page(north, signed_in, settings, data, errors):
    settings.EHCP_MAX_UPLOAD_BYTES = 1024
    case = record(north)
    post = dict(data)
    if "file" in post:
        name, content = post["file"]
        post["file"] = SimpleUploadedFile(name, content)
    response = signed_in(north.people["caseworker"]).post(reverse("case-document-add", args=[case.pk]), post)
    assert response.status_code == 200
    summary = error_summary(response)
    assert len(summary) == len(errors)
    for message, expected in zip(summary, errors, strict=True):
        assert message.startswith(expected)
    if data.get("title"):
        assert f'value="{data["title"]}"' in response.content.decode()
    assert not CaseDocument.objects.exists()


@pytest.mark.parametrize(
    "persona,expected",
    [("young_person", 404), ("support", 404), ("national", 403), ("senco", 200), ("manager", 200)],
)
def test_who_may_add_a_document(north, signed_in, persona, expected):
    case = record(north)
    assert (
        signed_in(north.people[persona]).get(reverse("case-document-add", args=[case.pk])).status_code
        == expected
    )


# Letters ---------------------------------------------------------------------------------------------------


def test_letter_html_and_pdf(north, south, signed_in):
    case = journey.at_stage(north, "refused")
    letter = DecisionLetter.objects.get(request=case)
    client = signed_in(north.people["parent"])
    response = client.get(reverse("case-letter", args=[case.pk, letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == letter.html
    assert "Needs can be met at SEN support." in text(response)
    assert "default-src 'none'" in response["Content-Security-Policy"]
    pdf_response = client.get(reverse("case-letter-pdf", args=[case.pk, letter.pk]))
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF-")
    assert ChildAccessLog.objects.filter(user=north.people["parent"], channel="page").count() == 2
    for persona, status in (("young_person", 404), ("regional", 403)):
        assert (
            signed_in(north.people[persona])
            .get(reverse("case-letter", args=[case.pk, letter.pk]))
            .status_code
            == status
        )
    assert (
        signed_in(south.people["parent"])
        .get(reverse("case-letter-pdf", args=[case.pk, letter.pk]))
        .status_code
        == 404
    )
    other = record(north, "unlinked")
    assert (
        signed_in(north.people["caseworker"])
        .get(reverse("case-letter", args=[other.pk, letter.pk]))
        .status_code
        == 404
    )


# What each person may do next ----------------------------------------------------------------------------


def _action_links(response) -> set[str]:
    body = response.content.decode()
    if "What you can do" not in body:
        return set()
    section = body.split("What you can do", 1)[1].split("</ul>", 1)[0]
    return {href for href in section.split('href="')[1:] for href in [href.split('"', 1)[0]]}


@pytest.mark.parametrize(
    "stage,persona,names",
    [
        ("received", "manager", ["case-decide-assess", "case-exception", "case-withdraw"]),
        ("received", "caseworker", ["case-withdraw"]),
        ("received", "parent", []),
        ("received", "senco", []),
        ("assessing", "manager", ["case-advice-new", "case-decide-issue", "case-exception", "case-withdraw"]),
        ("assessing", "caseworker", ["case-advice-new", "case-withdraw"]),
        ("decided_to_issue", "caseworker", ["case-advice-new", "case-draft-plan", "case-withdraw"]),
        ("draft_plan", "caseworker", ["case-consult", "case-final-plan", "case-withdraw"]),
        ("draft_plan", "parent", ["draft-plan-respond"]),
        ("draft_plan", "senco", []),
        ("final", "parent", []),
        ("final", "manager", []),
        ("refused", "manager", []),
    ],
)
def test_actions_follow_role_and_stage(north, signed_in, stage, persona, names):
    case = journey.at_stage(north, stage)
    response = signed_in(north.people[persona]).get(case_url(case))
    expected = {url for url in (resolvable(name, case.pk) for name in names) if url}
    assert _action_links(response) == expected


# Query counts ----------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(case, area, n: int) -> None:
    """More of everything the page lists: documents, advice, exceptions, letters and deadlines."""
    caseworker = area.people["caseworker"]
    deadline = case.deadlines.first()
    for index in range(n):
        document = services.document_add(
            actor=caseworker, request=case, upload=pdf(f"doc{index}.pdf"), title=f"Doc {index}"
        )
        AdviceRequest.objects.create(
            partnership_id=case.partnership_id,
            request=case,
            advice_type=AdviceRequest.AdviceType.OTHER,
            adviser_name=f"Adviser {index}",
            requested_on=MONDAY,
            requested_by=caseworker,
        )
        exception = CaseException.objects.create(
            partnership_id=case.partnership_id,
            request=case,
            ground="exceptional_personal_circumstances",
            ground_description="Exceptional personal circumstances",
            starts_on=MONDAY,
            details=f"Details {index}",
            evidence=document,
            decided_by=area.people["manager"],
        )
        DecisionLetter.objects.create(
            partnership_id=case.partnership_id,
            request=case,
            kind=DecisionLetter.Kind.NOT_TO_ISSUE,
            issued_on=MONDAY,
            reasons="r",
            html="<p>letter</p>",
            issued_by=caseworker,
        )
        deadline.pk = None
        deadline.exception = exception
        deadline.status = Deadline.Status.EXCEPTED
        deadline.save()


@pytest.mark.parametrize("persona", ["caseworker", "parent", "senco"])
def test_case_page_query_count_is_flat(north, signed_in, persona):
    case = journey.at_stage(north, "consulted")
    _grow(case, north, 1)
    client = signed_in(north.people[persona])
    url = case_url(case)
    client.get(url)  # warm caches
    before = _queries(client, url)
    _grow(case, north, 15)
    assert _queries(client, url) == before
