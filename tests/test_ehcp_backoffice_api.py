"""The back office's API twins (/api/v1/cases/..., /api/v1/referrals/...) and the role matrix of every back
office page and endpoint: 13 personas, for a case of their own partnership and of another."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import services
from ehcp.models import AssessmentRequest, AttentionReferral, CaseDocument, DecisionLetter, Plan
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES
from .test_ehcp_backoffice import MONDAY, at, record

PERSONAS = list(PERSONA_ROLES)
LA = {"caseworker", "manager"}
AGGREGATE_ONLY = {"regional", "national"}
# Who sees a refused case about north's pupil at north's school: the family, the school, the LA, and the
# panel members (the journey's panel has the manager, the health officer and the social care officer).
SEES_THE_CASE = {
    "parent",
    "senco",
    "headteacher",
    "caseworker",
    "manager",
    "health",
    "social_care",
    "mediator",
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(at(MONDAY), tick=False)
    return MONDAY


def upload(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# The queue ------------------------------------------------------------------------------------------------


@pytest.fixture
def queue(north, south):
    cases = {
        "pupil": record(north, "pupil", received_on=MONDAY),
        "ap_pupil": record(north, "ap_pupil", received_on=datetime.date(2025, 12, 1)),
        "unlinked": record(north, "unlinked", received_on=datetime.date(2025, 12, 15), by="manager"),
    }
    record(south, "pupil", received_on=datetime.date(2025, 11, 20))
    return cases


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_case_list_is_the_queue(north, queue, signed_in):
    response = signed_in(north.people["caseworker"]).get("/api/v1/cases/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert ids(response) == [queue["ap_pupil"].pk, queue["unlinked"].pk, queue["pupil"].pk]
    first = body["results"][0]
    assert first["child"] == {"id": north.children["ap_pupil"].pk, "name": "Jordan Taylor"}
    assert first["next_deadline"] == "Decision on whether to assess due by Monday 12 January 2026"
    assert first["next_due_on"] == "2026-01-12"
    assert first["overdue_days"] == 0
    assert first["stage"] == "received"
    assert first["caseworker"] == {"id": north.people["caseworker"].pk, "name": "Caseworker North"}
    assert first["setting"] == {"id": north.ap.pk, "name": north.ap.name}
    assert first["url"] == reverse("case-detail", args=[queue["ap_pupil"].pk])
    assert body["results"][1]["caseworker"] is None


@pytest.mark.parametrize(
    "query,expected",
    [
        ("stage=received", ["ap_pupil", "unlinked", "pupil"]),
        ("stage=panel", []),
        ("due_within_days=10", ["ap_pupil"]),
        ("caseworker=mine", ["ap_pupil", "pupil"]),
        ("caseworker=unassigned", ["unlinked"]),
        ("setting={school}", ["pupil"]),
        ("search=jordan", ["ap_pupil"]),
        ("search={unlinked}", ["unlinked"]),
        ("overdue=true", []),
    ],
)
def test_case_list_filters(north, queue, signed_in, query, expected):
    query = query.format(school=north.school.pk, unlinked=queue["unlinked"].pk)
    response = signed_in(north.people["caseworker"]).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 200
    assert ids(response) == [queue[key].pk for key in expected]


def test_case_list_overdue(north, queue, signed_in, time_machine):
    time_machine.move_to(at(datetime.date(2026, 1, 20)), tick=False)
    response = signed_in(north.people["caseworker"]).get("/api/v1/cases/?overdue=true")
    assert ids(response) == [queue["ap_pupil"].pk]
    assert response.json()["results"][0]["overdue_days"] == 8


@pytest.mark.parametrize(
    "query,field",
    [
        ("stage=final", "stage"),
        ("due_within_days=x", "due_within_days"),
        ("caseworker=someone", "caseworker"),
    ],
)
def test_case_list_bad_filters(north, queue, signed_in, query, field):
    response = signed_in(north.people["caseworker"]).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_case_list_pages(north, signed_in):
    from . import factories

    for index in range(27):
        north.children[f"extra{index}"] = factories.ChildFactory(partnership=north.partnership)
        record(north, f"extra{index}")
    client = signed_in(north.people["manager"])
    first = client.get("/api/v1/cases/").json()
    assert first["count"] == 27 and len(first["results"]) == 25 and first["next"]
    assert len(client.get("/api/v1/cases/?page=2").json()["results"]) == 2


# Reassignment ------------------------------------------------------------------------------------------------


def test_reassign(north, queue, signed_in):
    client = signed_in(north.people["caseworker"])
    body = {"cases": [queue["pupil"].pk, queue["unlinked"].pk], "caseworker": north.people["manager"].pk}
    response = client.post("/api/v1/cases/reassign/", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"reassigned": 2, "caseworker": north.people["manager"].pk}
    assert AssessmentRequest.objects.get(pk=queue["unlinked"].pk).caseworker == north.people["manager"]
    response = client.post(
        "/api/v1/cases/reassign/",
        {"cases": [queue["pupil"].pk], "caseworker": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker is None


@pytest.mark.parametrize(
    "body,field",
    [
        ({"cases": [], "caseworker": None}, "cases"),
        ({"caseworker": None}, "cases"),
        ({"cases": ["{pupil}"]}, "caseworker"),
        ({"cases": ["{pupil}"], "caseworker": "{south_caseworker}"}, "caseworker"),
        ({"cases": ["{pupil}"], "caseworker": 999999}, "caseworker"),
    ],
)
def test_reassign_errors(north, south, queue, signed_in, body, field):
    values = {"pupil": queue["pupil"].pk, "south_caseworker": south.people["caseworker"].pk}

    def fill(value):
        return int(value.format(**values)) if isinstance(value, str) else value

    body = {
        k: [fill(v) for v in value] if isinstance(value, list) else fill(value) for k, value in body.items()
    }
    response = signed_in(north.people["caseworker"]).post(
        "/api/v1/cases/reassign/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == north.people["caseworker"]


def test_reassign_other_tenants_case_is_404(north, south, queue, signed_in):
    theirs = AssessmentRequest.objects.get(partnership=south.partnership)
    response = signed_in(north.people["manager"]).post(
        "/api/v1/cases/reassign/",
        {"cases": [queue["pupil"].pk, theirs.pk], "caseworker": north.people["manager"].pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == north.people["caseworker"]


# Recording a request ------------------------------------------------------------------------------------------


def record_body(child, **overrides) -> dict:
    body = {
        "child": child.pk,
        "requester": "school",
        "requester_name": "Northby Primary School",
        "received_on": "2026-01-02",
        "reasons": "Little progress after two terms of SEN support.",
    }
    body.update(overrides)
    return body


def test_record_a_request(north, signed_in):
    response = signed_in(north.people["caseworker"]).post(
        "/api/v1/cases/record/", record_body(north.children["pupil"]), content_type="application/json"
    )
    assert response.status_code == 201
    case = AssessmentRequest.objects.get(pk=response.json()["id"])
    assert case.route == AssessmentRequest.Route.RECORDED and case.requester == "school"
    assert response.json()["next_deadline"] == "Decision on whether to assess due by Friday 13 February 2026"


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"received_on": "2026-01-06"}, "received_on", "The date must be today or in the past"),
        (
            {"received_on": "2015-01-01"},
            "received_on",
            "The date must be on or after the child's date of birth",
        ),
        ({"received_on": "2026-02-31"}, "received_on", None),
        ({"requester": "neighbour"}, "requester", None),
        ({"reasons": "  "}, "reasons", None),
        ({"requester_name": ""}, "requester_name", None),
    ],
)
def test_record_a_request_errors(north, signed_in, overrides, field, message):
    response = signed_in(north.people["caseworker"]).post(
        "/api/v1/cases/record/",
        record_body(north.children["pupil"], **overrides),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert not AssessmentRequest.objects.exists()


def test_record_for_another_tenants_child_is_refused(north, south, signed_in):
    response = signed_in(north.people["caseworker"]).post(
        "/api/v1/cases/record/", record_body(south.children["pupil"]), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"child": ["Choose a child known to your partnership"]}


# The case ------------------------------------------------------------------------------------------------------


def test_case_detail(north, signed_in):
    case = journey.at_stage(north, "refused")
    document = services.document_add(
        actor=north.people["caseworker"], request=case, upload=upload(), title="Report"
    )
    response = signed_in(north.people["parent"]).get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == case.pk and body["stage"] == "refused"
    assert body["child"] == {"id": north.children["pupil"].pk, "name": "Riley Taylor"}
    decide = next(d for d in body["timeline"] if d["code"] == "decide_whether_to_assess")
    assert (
        decide["sentence"]
        == "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"
    )
    assert decide["status"] == "met" and decide["met_on"] == "2026-01-05"
    assert {d["status"] for d in body["timeline"] if d["code"] != "decide_whether_to_assess"} == {
        "not_needed"
    }
    assert body["panel"][0]["recommendation"] == "not_assess"
    letter = DecisionLetter.objects.get(request=case)
    assert body["letters"] == [
        {
            "id": letter.pk,
            "kind": "refuse_to_assess",
            "kind_display": "Decision not to carry out an EHC needs assessment",
            "issued_on": "2026-01-05",
            "html_url": reverse("case-letter", args=[case.pk, letter.pk]),
            "pdf_url": f"/api/v1/cases/{case.pk}/letters/{letter.pk}/pdf/",
        }
    ]
    assert body["documents"][0]["id"] == document.pk
    assert body["documents"][0]["download_url"] == f"/api/v1/cases/{case.pk}/documents/{document.pk}/"
    assert body["previous_assessment_warning"] is None
    assert body["plan"] is None
    log = ChildAccessLog.objects.get(user=north.people["parent"])
    assert log.channel == "api" and log.path == f"/api/v1/cases/{case.pk}/"


def test_case_detail_with_exception_advice_and_plan(north, signed_in):
    case = journey.at_stage(north, "draft_plan")
    deadline = case.deadlines.get(code="final_plan_due")
    exception = services.exception_record(
        actor=north.people["manager"],
        request=case,
        ground="exceptional_personal_circumstances",
        starts_on=MONDAY,
        ends_on=None,
        details="Family bereavement.",
        deadlines=[deadline],
    )
    body = signed_in(north.people["senco"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["exceptions"][0]["id"] == exception.pk
    assert body["exceptions"][0]["decided_by"] == "Manager North"
    final = next(d for d in body["timeline"] if d["code"] == "final_plan_due")
    assert final["status"] == "excepted" and final["exception"] == exception.pk
    assert {a["asked_of"] for a in body["advice"]} == {
        "Northby Primary School",
        "NHS Northby Integrated Care Board",
        "The social care team",
    }
    assert body["plan"]["status"] == "draft"
    # A school reads the draft served; the local authority the version being written, after it.
    plan = Plan.objects.get(request=case)
    served = plan.versions.get(status="issued")
    assert body["plan"]["version"] == {
        "number": 1,
        "kind": "draft",
        "status": "issued",
        "issued_on": "2026-01-05",
    }
    assert body["plan"]["content"] == served.content
    assert body["plan"]["content"]["F"]["provision"][0]["frequency"] == "Once a week"
    staff = signed_in(north.people["caseworker"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert (staff["plan"]["version"]["number"], staff["plan"]["version"]["status"]) == (2, "working")


def test_previous_assessment_warning_in_the_api(north, signed_in):
    journey.at_stage(north, "final")
    again = record(north)
    body = signed_in(north.people["caseworker"]).get(f"/api/v1/cases/{again.pk}/").json()
    assert body["previous_assessment_warning"].startswith(
        "There is no duty to consider a new request within 6 months of a previous assessment"
    )


def test_document_upload_and_download(north, signed_in):
    case = record(north)
    client = signed_in(north.people["parent"])
    response = client.post(
        f"/api/v1/cases/{case.pk}/documents/", {"title": "GP letter", "file": upload("gp.pdf")}
    )
    assert response.status_code == 201
    document = CaseDocument.objects.get(pk=response.json()["id"])
    assert document.title == "GP letter" and response.json()["content_type"] == "application/pdf"
    download = client.get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="gp.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    "data,message",
    [
        ({"file": ("notes.txt", b"plain text")}, "The selected file must be a "),
        ({"file": ("empty.pdf", b"")}, None),
        ({}, None),
    ],
)
def test_document_upload_errors(north, signed_in, data, message):
    case = record(north)
    post = {"title": "x"}
    if "file" in data:
        post["file"] = SimpleUploadedFile(*data["file"])
    response = signed_in(north.people["caseworker"]).post(f"/api/v1/cases/{case.pk}/documents/", post)
    assert response.status_code == 400
    assert "file" in response.json()
    if message:
        assert response.json()["file"][0].startswith(message)
    assert not CaseDocument.objects.exists()


def test_letter_pdf(north, signed_in):
    case = journey.at_stage(north, "refused")
    letter = DecisionLetter.objects.get(request=case)
    response = signed_in(north.people["manager"]).get(f"/api/v1/cases/{case.pk}/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# Referrals -----------------------------------------------------------------------------------------------------


@pytest.fixture
def referral(north):
    return services.bring_to_attention(
        actor=north.people["social_care"],
        child=north.children["pupil"],
        summary="Concerns about communication.",
    )


def test_referrals_list_and_decide(north, south, referral, signed_in):
    services.bring_to_attention(actor=south.people["health"], child=south.children["pupil"], summary="South")
    client = signed_in(north.people["caseworker"])
    listing = client.get("/api/v1/referrals/").json()
    assert [r["id"] for r in listing["results"]] == [referral.pk]
    assert listing["results"][0]["child"]["name"] == "Riley Taylor"
    assert listing["results"][0]["referred_by"] == "Social_Care North"
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/decision/", {"consider": True}, content_type="application/json"
    )
    assert response.status_code == 200
    case = AssessmentRequest.objects.get(pk=response.json()["case"])
    assert response.json()["outcome"] == "considering"
    assert case.received_on == MONDAY and case.route == "la_initiated"
    again = client.post(
        f"/api/v1/referrals/{referral.pk}/decision/",
        {"consider": False, "reasons": "x"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "consider" in again.json()


def test_referral_decide_not_needs_reasons(north, referral, signed_in):
    client = signed_in(north.people["manager"])
    url = f"/api/v1/referrals/{referral.pk}/decision/"
    response = client.post(url, {"consider": False}, content_type="application/json")
    assert response.status_code == 400 and response.json() == {
        "reasons": ["Enter why no assessment will be considered"]
    }
    response = client.post(
        url, {"consider": False, "reasons": "Early help plan in place."}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == {"outcome": "no_action", "case": None}
    referral.refresh_from_db()
    assert referral.outcome == AttentionReferral.Outcome.NO_ACTION


def test_other_tenants_referral_is_404(north, south, signed_in):
    theirs = services.bring_to_attention(
        actor=south.people["health"], child=south.children["pupil"], summary="S"
    )
    response = signed_in(north.people["caseworker"]).post(
        f"/api/v1/referrals/{theirs.pk}/decision/", {"consider": True}, content_type="application/json"
    )
    assert response.status_code == 404


# The role matrix ------------------------------------------------------------------------------------------------


def _case_with_letter_and_document(area):
    case = journey.at_stage(area, "refused")
    document = services.document_add(
        actor=area.people["caseworker"], request=case, upload=upload(), title="Report"
    )
    letter = DecisionLetter.objects.get(request=case)
    return case, document, letter


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(north, south, signed_in, persona):
    """Every back office page and endpoint, for a case of the person's own partnership and of another."""
    own = _case_with_letter_and_document(north)
    other = _case_with_letter_and_document(south)
    referral = services.bring_to_attention(
        actor=north.people["health"], child=north.children["pupil"], summary="x"
    )
    client = signed_in(north.people[persona])

    la_only = 200 if persona in LA else 403
    assert client.get(reverse("backoffice-home")).status_code == la_only
    assert client.get(reverse("request-record")).status_code == la_only
    assert client.get(reverse("referrals")).status_code == la_only
    assert client.get(reverse("referral-decide", args=[referral.pk])).status_code == la_only
    assert client.get("/api/v1/cases/").status_code == la_only
    assert client.get("/api/v1/referrals/").status_code == la_only

    for (case, document, letter), mine in ((own, True), (other, False)):
        if persona in AGGREGATE_ONLY:
            expected = 403
        elif mine and persona in SEES_THE_CASE:
            expected = 200
        else:
            expected = 404
        pages = [
            reverse("case-detail", args=[case.pk]),
            reverse("case-document", args=[case.pk, document.pk]),
            reverse("case-document-add", args=[case.pk]),
            reverse("case-letter", args=[case.pk, letter.pk]),
            reverse("case-letter-pdf", args=[case.pk, letter.pk]),
            f"/api/v1/cases/{case.pk}/",
            f"/api/v1/cases/{case.pk}/documents/{document.pk}/",
            f"/api/v1/cases/{case.pk}/letters/{letter.pk}/pdf/",
        ]
        for url in pages:
            assert client.get(url).status_code == expected, url
        added = client.post(
            f"/api/v1/cases/{case.pk}/documents/", {"title": "More", "file": upload("more.pdf")}
        )
        assert added.status_code == (201 if expected == 200 else expected)

        reassign = client.post(
            "/api/v1/cases/reassign/",
            {"cases": [case.pk], "caseworker": None},
            content_type="application/json",
        )
        assert reassign.status_code == (403 if persona not in LA else (200 if mine else 404))
        page_reassign = client.post(
            reverse("case-reassign"), {"cases": [case.pk], "caseworker": "unassigned"}
        )
        assert page_reassign.status_code == (403 if persona not in LA else (302 if mine else 404))

        record_child = (north if mine else south).children["unlinked"]
        recorded = client.post(
            "/api/v1/cases/record/",
            record_body(record_child, received_on="2026-01-05"),
            content_type="application/json",
        )
        assert recorded.status_code == (403 if persona not in LA else (201 if mine else 400))
        assert client.get(reverse("request-record") + f"?child={record_child.pk}").status_code == (
            403 if persona not in LA else (200 if mine else 404)
        )

    # The other tenant's referral is never reachable.
    theirs = services.bring_to_attention(
        actor=south.people["health"], child=south.children["pupil"], summary="y"
    )
    assert client.get(reverse("referral-decide", args=[theirs.pk])).status_code == (
        404 if persona in LA else 403
    )
    decision = client.post(
        f"/api/v1/referrals/{theirs.pk}/decision/", {"consider": True}, content_type="application/json"
    )
    assert decision.status_code == (404 if persona in LA else 403)


def test_signed_out_api_is_refused(north, client):
    case = record(north)
    for url in ["/api/v1/cases/", f"/api/v1/cases/{case.pk}/", "/api/v1/referrals/"]:
        assert client.get(url).status_code in (401, 403)
    assert client.post("/api/v1/cases/reassign/", {}, content_type="application/json").status_code in (
        401,
        403,
    )
