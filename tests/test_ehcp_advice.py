"""Advisers' inboxes (regulation 6 advice, due in 6 weeks under regulation 8): who sees which request, the
detail page with the case's papers, submitting advice as text or a document (on time, late, bad files), the
health and social care home page, and flat query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ehcp import services
from ehcp.models import AdviceRequest, CaseDocument, Deadline
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
AdviceType = AdviceRequest.AdviceType

# Whose inbox each of north's advice requests lands in.
INBOX = {
    "senco": {AdviceType.EDUCATIONAL},
    "headteacher": {AdviceType.EDUCATIONAL},
    "health": {AdviceType.HEALTH},
    "social_care": {AdviceType.SOCIAL_CARE},
    "mediator": {AdviceType.PSYCHOLOGICAL},  # named as the adviser
}


def text(response) -> str:
    return " ".join(response.content.decode().split())


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@pytest.fixture
def case(north):
    """A case under assessment with educational, health and social care advice asked for, and
    psychological advice asked of a named adviser (here the partnership's mediator has the account)."""
    case = journey.at_stage(north, "advice_requested")
    services.advice_request_create(
        actor=north.people["caseworker"],
        request=case,
        advice_type=AdviceType.PSYCHOLOGICAL,
        adviser=north.people["mediator"],
        questions="Cognition and learning.",
    )
    return case


def advice_of(case, advice_type) -> AdviceRequest:
    return case.advice_requests.get(advice_type=advice_type)


# Who sees what --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_inbox_contents_per_persona(north, south, case, signed_in, persona):
    journey.at_stage(south, "advice_requested")  # south's advice never shows in north
    response = signed_in(north.people[persona]).get(reverse("advice-inbox"))
    assert response.status_code == 200
    assert {a.advice_type for a in response.context["waiting"]} == INBOX.get(persona, set())
    assert all(a.partnership_id == north.partnership.pk for a in response.context["waiting"])
    body = response.content.decode()
    assert "Riley Evans" not in body


def test_inbox_shows_who_asked_and_the_due_date(north, case, signed_in):
    advice = advice_of(case, AdviceType.EDUCATIONAL)
    due = advice.requested_on + datetime.timedelta(weeks=6)
    page = text(signed_in(north.people["senco"]).get(reverse("advice-inbox")))
    assert f"Advice due by {long_date(due)} (6 weeks, regulation 8)" in page
    assert north.people["caseworker"].full_name in page
    assert reverse("advice-detail", args=[advice.pk]) in page
    assert "Overdue" not in page


def test_overdue_advice_is_tagged(north, signed_in, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))
    journey.at_stage(north, "advice_requested")
    time_machine.move_to(datetime.datetime(2026, 10, 20, 10, tzinfo=datetime.UTC))
    page = text(signed_in(north.people["health"]).get(reverse("advice-inbox")))
    assert "Advice due by Tuesday 13 October 2026 (6 weeks, regulation 8)" in page
    assert "Overdue" in page


# The detail page ------------------------------------------------------------------------------------


def test_detail_shows_the_request_and_the_case_papers(north, case, signed_in):
    evidence = services.document_add(
        actor=north.people["caseworker"],
        request=case,
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        title="SEN support plan",
    )
    advice = advice_of(case, AdviceType.HEALTH)
    client = signed_in(north.people["health"])
    response = client.get(reverse("advice-detail", args=[advice.pk]))
    assert response.status_code == 200
    page = text(response)
    child = north.children["pupil"]
    assert "Health advice (the ICB&#x27;s designated officer) for Riley Taylor" in page
    assert child.date_of_birth.strftime("%-d %B %Y") in page
    assert "Health needs and provision." in page
    assert "Not making progress despite SEN support over two years." in page
    assert "We would like a specialist assessment." in page
    doc_url = reverse("advice-document", args=[advice.pk, evidence.pk])
    assert doc_url in page
    assert ChildAccessLog.objects.filter(user=north.people["health"], child=child).exists()
    download = client.get(doc_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "persona,advice_type,expected",
    [
        ("health", AdviceType.EDUCATIONAL, 404),
        ("senco", AdviceType.HEALTH, 404),
        ("social_care", AdviceType.HEALTH, 404),
        ("caseworker", AdviceType.HEALTH, 404),  # the LA asks; it does not answer from this inbox
        ("parent", AdviceType.EDUCATIONAL, 404),
        ("ap_provider", AdviceType.EDUCATIONAL, 404),
        ("regional", AdviceType.EDUCATIONAL, 403),
        ("national", AdviceType.HEALTH, 403),
    ],
)
def test_advice_outside_the_inbox_is_not_found(north, case, signed_in, persona, advice_type, expected):
    advice = advice_of(case, advice_type)
    client = signed_in(north.people[persona])
    assert client.get(reverse("advice-detail", args=[advice.pk])).status_code == expected
    assert client.post(reverse("advice-detail", args=[advice.pk]), {"advice": "x"}).status_code == expected
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.REQUESTED


# Submitting advice ----------------------------------------------------------------------------------


def test_advice_submitted_on_time_meets_the_deadline(north, case, signed_in):
    advice = advice_of(case, AdviceType.EDUCATIONAL)
    client = signed_in(north.people["senco"])
    url = reverse("advice-detail", args=[advice.pk])
    response = client.post(url, {"advice": "Reading age 6; needs daily small-group phonics."})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?submitted=1"
    advice.refresh_from_db()
    assert (advice.status, advice.submitted_by) == (AdviceRequest.Status.SUBMITTED, north.people["senco"])
    deadline = advice.deadlines.get(code="advice_due")
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MET, timezone.localdate())
    page = text(client.get(response["Location"]))
    assert "govuk-panel--confirmation" in page and "Advice submitted" in page
    assert "Reading age 6; needs daily small-group phonics." in page
    assert "Submit advice" not in page  # read-only now
    assert f"Done on {long_date(timezone.localdate())}" in page
    # It moves to the finished requests, and cannot be sent twice.
    inbox = client.get(reverse("advice-inbox"))
    assert [a.pk for a in inbox.context["done"]] == [advice.pk]
    assert inbox.context["waiting"] == []
    assert client.post(url, {"advice": "Again"}).status_code == 403


def test_late_advice_is_missed_with_the_date_done(north, signed_in, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC))
    case = journey.at_stage(north, "advice_requested")
    advice = advice_of(case, AdviceType.SOCIAL_CARE)
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC))
    client = signed_in(north.people["social_care"])
    url = reverse("advice-detail", args=[advice.pk])
    assert "Overdue" in text(client.get(url))
    client.post(url, {"advice": "Known to children's services; short breaks in place."})
    deadline = advice.deadlines.get(code="advice_due")
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MISSED, datetime.date(2026, 11, 2))
    page = text(client.get(url))
    assert "Advice due by Tuesday 13 October 2026 (6 weeks, regulation 8)" in page
    assert "Missed" in page and "Done on Monday 2 November 2026" in page


def test_advice_as_a_document(north, case, signed_in):
    advice = advice_of(case, AdviceType.PSYCHOLOGICAL)
    client = signed_in(north.people["mediator"])  # the named adviser
    url = reverse("advice-detail", args=[advice.pk])
    upload = SimpleUploadedFile("ep-report.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"advice": "", "document": upload}).status_code == 302
    advice.refresh_from_db()
    assert advice.document.kind == CaseDocument.Kind.ADVICE
    assert advice.document.original_name == "ep-report.pdf"
    page = text(client.get(url))
    own = reverse("advice-document", args=[advice.pk, advice.document.pk])
    assert own in page
    assert client.get(own).status_code == 200


ONE_MB = 1024 * 1024


@pytest.mark.parametrize(
    "content,message",
    [
        (b"plain words, not a PDF", "The selected file must be a JPEG image, OpenDocument text (.odt), PDF"),
        (PNG, "The selected file is not what its name says: its content is a PNG image"),
        (b"", "The selected file is empty"),
        (PDF + b" " * ONE_MB, "The selected file must be smaller than 1MB"),
    ],
    ids=["not-allowed", "disguised", "empty", "too-big"],
)
def test_upload_errors_show_on_the_page_and_keep_the_text(north, case, signed_in, settings, content, message):
    settings.EHCP_MAX_UPLOAD_BYTES = ONE_MB
    advice = advice_of(case, AdviceType.HEALTH)
    client = signed_in(north.people["health"])
    url = reverse("advice-detail", args=[advice.pk])
    upload = SimpleUploadedFile("advice.pdf", content, content_type="application/pdf")
    response = client.post(url, {"advice": "My draft advice", "document": upload})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_document"' in page
    assert "My draft advice" in page
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.REQUESTED
    assert not CaseDocument.objects.filter(kind=CaseDocument.Kind.ADVICE).exists()


def test_advice_needs_text_or_a_document(north, case, signed_in):
    advice = advice_of(case, AdviceType.HEALTH)
    response = signed_in(north.people["health"]).post(
        reverse("advice-detail", args=[advice.pk]), {"advice": " "}
    )
    page = text(response)
    assert "Enter your advice or attach it as a document" in page
    assert 'href="#id_advice"' in page


# The health and social care home --------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,advice_type", [("health", AdviceType.HEALTH), ("social_care", AdviceType.SOCIAL_CARE)]
)
def test_inbox_home_lists_advice_requests(north, case, signed_in, persona, advice_type):
    advice = advice_of(case, advice_type)
    due = advice.requested_on + datetime.timedelta(weeks=6)
    response = signed_in(north.people[persona]).get(reverse("inbox-home"))
    page = text(response)
    assert "Advice requests" in page
    assert reverse("advice-detail", args=[advice.pk]) in page
    assert f"Advice due by {long_date(due)} (6 weeks, regulation 8)" in page
    assert [a.pk for a in response.context["advice_requests"]] == [advice.pk]
    # The cases they take part in are still there, with a way to tell the LA about a child.
    assert reverse("child-detail", args=[north.children["pupil"].pk]) in page
    assert reverse("bring-to-attention", args=[north.children["pupil"].pk]) in page


def test_mediators_home_keeps_just_their_cases(north, case, signed_in):
    page = text(signed_in(north.people["mediator"]).get(reverse("inbox-home")))
    assert "Advice requests" not in page
    assert reverse("child-detail", args=[north.children["pupil"].pk]) in page


# Query counts ---------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_advice(area, case, n: int) -> None:
    for _ in range(n):
        for kind, target in (
            (AdviceType.EDUCATIONAL, {"setting": area.school}),
            (AdviceType.HEALTH, {"icb": area.partnership.icbs.first()}),
            (AdviceType.SOCIAL_CARE, {}),
        ):
            services.advice_request_create(
                actor=area.people["caseworker"], request=case, advice_type=kind, questions="More", **target
            )


@pytest.mark.parametrize(
    "persona,url_name",
    [
        ("senco", "advice-inbox"),
        ("health", "advice-inbox"),
        ("health", "inbox-home"),
        ("social_care", "inbox-home"),
    ],
)
def test_inbox_query_count_is_flat(north, case, signed_in, persona, url_name):
    first = advice_of(case, AdviceType.EDUCATIONAL)
    client = signed_in(north.people[persona])
    url = reverse(url_name)
    client.get(url)
    before = _queries(client, url)
    _more_advice(north, case, 8)
    services.advice_submit(actor=north.people["senco"], advice=first, text="Done")
    assert _queries(client, url) == before
