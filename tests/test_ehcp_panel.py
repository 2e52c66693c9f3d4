"""The multi-agency panel's pages: arranging a meeting with its members, adding cases, recording
recommendations, members reading the case papers, bringing a child to the LA's attention; the role matrix
of every page (13 personas, own and other partnership) and flat query counts for the meetings list."""

import contextlib
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ehcp import services
from ehcp.models import AssessmentRequest, AttentionReferral, PanelCase, PanelMeeting, PanelMember
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
LA_STAFF = {"caseworker", "manager"}
# journey.panel_meeting names the manager (chair), the health officer and the social care officer.
MEMBERS_WITH_ACCOUNTS = {"manager", "health", "social_care"}


def meeting_form(area, **overrides) -> dict:
    data = {
        "partnership": area.partnership.pk,
        "meets_on_day": "16",
        "meets_on_month": "3",
        "meets_on_year": "2027",
        "meets_time": "10:00",
        "location": "Civic Centre, room 2",
        "agenda": "Requests received in February",
        "member_1_name": "Chris Chair",
        "member_1_perspective": "chair",
        "member_1_user": area.people["manager"].pk,
        "member_2_name": "Erin Education",
        "member_2_perspective": "education",
        "member_3_name": "",
        "member_3_perspective": "health",
        "member_3_user": area.people["health"].pk,
        "member_4_name": "Sam Social",
        "member_4_perspective": "social_care",
        "member_5_name": "Pat Parent-Forum",
        "member_5_perspective": "parent_representative",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return " ".join(response.content.decode().split())


# Arranging a meeting --------------------------------------------------------------------------------


def test_caseworker_arranges_a_meeting_with_members(north, signed_in):
    client = signed_in(north.people["caseworker"])
    assert client.get(reverse("panel-meeting-new")).status_code == 200
    response = client.post(reverse("panel-meeting-new"), meeting_form(north))
    meeting = PanelMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("panel-meeting", args=[meeting.pk])
    assert timezone.localtime(meeting.meets_at) == timezone.make_aware(datetime.datetime(2027, 3, 16, 10, 0))
    assert meeting.partnership == north.partnership
    members = {(m.name, m.perspective, m.user_id) for m in meeting.members.all()}
    assert members == {
        ("Chris Chair", "chair", north.people["manager"].pk),
        ("Erin Education", "education", None),
        (north.people["health"].full_name, "health", north.people["health"].pk),  # named from the account
        ("Sam Social", "social_care", None),
        ("Pat Parent-Forum", "parent_representative", None),
    }
    page = text(client.get(response["Location"]))
    assert "Panel meeting on Tuesday 16 March 2027 at 10am" in page
    assert "Panel meeting arranged for Tuesday 16 March 2027 at 10am" in page
    assert "govuk-warning-text" not in page  # every multi-agency perspective is there


def test_a_panel_without_health_or_parents_is_warned_about(north, signed_in):
    client = signed_in(north.people["caseworker"])
    form = meeting_form(
        north, member_3_user="", member_5_name="", member_3_perspective="", member_5_perspective=""
    )
    response = client.post(reverse("panel-meeting-new"), form, follow=True)
    page = text(response)
    assert "This panel has no health or parent representative member." in page


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"location": ""}, "location", "Enter where the panel meets (or how to join online)"),
        ({"meets_time": "25:00"}, "meets_time", "Enter a real time. Use the 24-hour clock"),
        ({"meets_time": "10am"}, "meets_time", "Enter a real time. Use the 24-hour clock"),
        ({"meets_time": ""}, "meets_time", "Enter the time the meeting starts"),
        (
            {"meets_on_day": "31", "meets_on_month": "2"},
            "meets_on",
            "Date of the meeting must be a real date",
        ),
        ({"member_1_perspective": "other"}, "member_1_perspective", "The panel needs a chair"),
        (
            {"member_2_perspective": ""},
            "member_2_perspective",
            "Choose the perspective member 2 brings",
        ),
    ],
)
def test_meeting_form_errors_keep_what_was_typed(north, signed_in, overrides, field, message):
    client = signed_in(north.people["caseworker"])
    response = client.post(reverse("panel-meeting-new"), meeting_form(north, **overrides))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}"' in page
    assert response.context["form"].errors[field]
    assert 'value="Erin Education"' in page  # what was typed is kept
    assert not PanelMeeting.objects.exists()


def test_a_panel_needs_members(north, signed_in):
    client = signed_in(north.people["caseworker"])
    empty_rows = {f"member_{n}_{part}": "" for n in range(1, 9) for part in ("name", "perspective", "user")}
    response = client.post(reverse("panel-meeting-new"), {**meeting_form(north), **empty_rows})
    assert "Add the panel&#x27;s members, starting with the chair" in response.content.decode()
    assert not PanelMeeting.objects.exists()


def test_a_member_account_must_work_with_the_partnership(north, south, signed_in):
    client = signed_in(north.people["caseworker"])
    response = client.post(
        reverse("panel-meeting-new"), meeting_form(north, member_2_user=south.people["senco"].pk)
    )
    assert "Choose someone who works with this partnership for member 2" in text(response)
    assert not PanelMeeting.objects.exists()
    # The partnership is one's own: another partnership's is not a choice.
    response = client.post(
        reverse("panel-meeting-new"), meeting_form(north, partnership=south.partnership.pk)
    )
    assert "Choose one of your partnerships" in text(response)


# The meetings list ----------------------------------------------------------------------------------


def test_meetings_list_shows_upcoming_and_past_with_counts(north, south, signed_in):
    case = journey.at_stage(north, "panel")  # adds one case to a meeting today
    upcoming = PanelCase.objects.get(request=case).meeting
    services.panel_record_recommendation(
        actor=north.people["caseworker"],
        panel_case=PanelCase.objects.get(request=case),
        recommendation="assess",
        reasons="Evidence of needs beyond SEN support.",
    )
    past = journey.panel_meeting(north, when=datetime.date(2026, 10, 6))
    journey.panel_meeting(south)
    response = signed_in(north.people["caseworker"]).get(reverse("panel-meetings"))
    upcoming_rows = list(response.context["upcoming"])
    past_rows = list(response.context["past"])
    assert [m.pk for m in upcoming_rows] == [upcoming.pk]
    assert [m.pk for m in past_rows] == [past.pk]
    assert (upcoming_rows[0].case_count, upcoming_rows[0].recommendation_count) == (1, 1)
    page = text(response)
    assert "Tuesday 6 October 2026 at 10am" in page
    assert "1 of 1" in page
    assert "Arrange a panel meeting" in page
    assert south.partnership.name not in page


def test_members_see_only_meetings_they_sit_on(north, signed_in):
    sitting = journey.panel_meeting(north)
    services.panel_meeting_create(
        actor=north.people["caseworker"],
        partnership=north.partnership,
        meets_at=timezone.now(),
        location="Elsewhere",
        members=[{"name": "Chris Chair", "perspective": "chair"}],
    )
    response = signed_in(north.people["health"]).get(reverse("panel-meetings"))
    assert [m.pk for m in response.context["upcoming"]] == [sitting.pk]
    assert "Arrange a panel meeting" not in text(response)


# The meeting page and its case papers ---------------------------------------------------------------


def test_meeting_page_shows_the_cases_in_order_with_their_papers(north, signed_in):
    first = journey.at_stage(north, "panel", received_on=datetime.date(2026, 11, 2))
    meeting = PanelCase.objects.get(request=first).meeting
    second = journey.received(north, child="ap_pupil", received_on=datetime.date(2026, 11, 9))
    services.panel_add_case(actor=north.people["caseworker"], meeting=meeting, request=second)
    services.document_add(
        actor=north.people["caseworker"],
        request=first,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="SEN support plan",
    )
    client = signed_in(north.people["caseworker"])
    response = client.get(reverse("panel-meeting", args=[meeting.pk]))
    assert response.status_code == 200
    page = text(response)
    assert page.index("1. Riley Taylor") < page.index("2. Jordan Taylor")
    assert "Monday 2 November 2026" in page
    assert "Decision on whether to assess due by Monday 14 December 2026 (6 weeks, regulation 5)" in page
    assert "Not making progress despite SEN support over two years." in page
    assert "We would like a specialist assessment." in page
    assert "Chris Chair" in page and "Chair (local authority)" in page
    assert "SEN support plan" in page
    with contextlib.suppress(NoReverseMatch):  # papers link to the back office's page where it exists
        assert reverse("case-document", args=[first.pk, first.documents.get().pk]) in page
    assert f"{reverse('panel-recommend', args=[meeting.pk, first.pk])}" in page
    # Reading the case papers is logged as a read of each child's record.
    logged = set(
        ChildAccessLog.objects.filter(user=north.people["caseworker"]).values_list("child_id", flat=True)
    )
    assert logged == {north.children["pupil"].pk, north.children["ap_pupil"].pk}


def test_health_member_reads_the_meeting_but_cannot_run_it(north, signed_in):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    client = signed_in(north.people["health"])
    response = client.get(reverse("panel-meeting", args=[meeting.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Not making progress despite SEN support over two years." in page
    assert "Record recommendation" not in page
    assert "Add a case" not in page
    recommend = reverse("panel-recommend", args=[meeting.pk, case.pk])
    assert client.get(recommend).status_code == 403
    assert client.post(recommend, {"recommendation": "assess", "reasons": "Yes"}).status_code == 403
    assert client.get(reverse("panel-add-case", args=[meeting.pk])).status_code == 403
    assert not PanelCase.objects.exclude(recommendation="").exists()


# Adding a case --------------------------------------------------------------------------------------


def test_add_a_received_case_to_the_list(north, signed_in):
    meeting = journey.panel_meeting(north)
    case = journey.received(north)
    client = signed_in(north.people["caseworker"])
    url = reverse("panel-add-case", args=[meeting.pk])
    page = text(client.get(url))
    assert "Riley Taylor (case" in page
    response = client.post(url, {"request": case.pk})
    assert response.status_code == 302
    panel_case = PanelCase.objects.get(meeting=meeting)
    assert (panel_case.request_id, panel_case.position) == (case.pk, 1)
    case.refresh_from_db()
    assert case.stage == AssessmentRequest.Stage.PANEL
    # Once on the list, it is no longer offered.
    assert "Riley Taylor (case" not in text(client.get(url))


def test_add_case_refuses_the_wrong_stage_and_other_tenants(north, south, signed_in):
    meeting = journey.panel_meeting(north)
    assessing = journey.at_stage(north, "assessing", child="ap_pupil")
    refused = journey.at_stage(north, "refused", child="unlinked")
    theirs = journey.received(south)
    client = signed_in(north.people["caseworker"])
    url = reverse("panel-add-case", args=[meeting.pk])
    page = text(client.get(url))
    assert "Jordan Taylor" not in page and "Casey Taylor" not in page and "Riley Evans" not in page
    for case in (assessing, refused, theirs):
        response = client.post(url, {"request": case.pk})
        assert response.status_code == 200
        assert "Choose a case from the list" in text(response)
    assert not PanelCase.objects.filter(meeting=meeting).exists()
    assert client.post(url, {}).context["form"].errors["request"] == [
        "Choose a case to add to the meeting's list"
    ]


# Recording a recommendation -------------------------------------------------------------------------


def test_record_a_recommendation_with_reasons(north, signed_in):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    client = signed_in(north.people["caseworker"])
    url = reverse("panel-recommend", args=[meeting.pk, case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"recommendation": "more_information", "reasons": ""})
    assert response.status_code == 200
    assert "Enter the panel&#x27;s reasons" in response.content.decode()
    assert 'value="more_information" checked' in response.content.decode()
    response = client.post(url, {"reasons": "Some reasons"})
    assert response.context["form"].errors["recommendation"] == ["Choose the panel's recommendation"]
    response = client.post(
        url, {"recommendation": "more_information", "reasons": "Ask the school for its plan."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#case-{case.pk}")
    panel_case = PanelCase.objects.get(request=case)
    assert (panel_case.recommendation, panel_case.recorded_by) == (
        "more_information",
        north.people["caseworker"],
    )
    page = text(client.get(reverse("panel-meeting", args=[meeting.pk])))
    assert "Ask for more information" in page and "Ask the school for its plan." in page


# Bringing a child to the LA's attention -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["health", "social_care", "mediator"])
def test_professionals_bring_a_child_to_attention(north, signed_in, persona):
    child = north.children["pupil"]
    client = signed_in(north.people[persona])
    url = reverse("bring-to-attention", args=[child.pk])
    page = text(client.get(url))
    assert "section 36(1) of the Children and Families Act 2014" in page
    response = client.post(url, {"summary": ""})
    assert "Enter why you are bringing this child to the local authority&#x27;s attention" in text(response)
    response = client.post(url, {"summary": "Speech much delayed; not improving with therapy."})
    assert response.status_code == 302
    referral = AttentionReferral.objects.get()
    assert (referral.child, referral.referred_by, referral.partnership) == (
        child,
        north.people[persona],
        north.partnership,
    )
    assert "You have told the local authority about Riley Taylor" in text(client.get(response["Location"]))


def test_ap_provider_brings_their_pupil_to_attention(north, signed_in):
    client = signed_in(north.people["ap_provider"])
    url = reverse("bring-to-attention", args=[north.children["ap_pupil"].pk])
    assert client.post(url, {"summary": "Needs beyond what we can offer."}).status_code == 302
    assert AttentionReferral.objects.get().referrer_role == "Alternative provision provider"


def test_invited_professional_brings_a_shared_child_to_attention(north, signed_in):
    from partnerships import services as child_services
    from tests import factories

    professional = factories.UserFactory(email="ep@elsewhere.example.org", full_name="Ed Psych")
    factories.MembershipFactory(
        user=professional, role="la_caseworker", partnership=factories.PartnershipFactory()
    )
    factories.give_totp_device(professional)
    child = north.children["unlinked"]
    child_services.child_share(
        actor=north.people["caseworker"],
        child=child,
        professional=professional,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        reason="Educational psychology",
    )
    response = signed_in(professional).post(
        reverse("bring-to-attention", args=[child.pk]), {"summary": "Significant needs observed."}
    )
    assert response.status_code == 302
    assert AttentionReferral.objects.get(child=child).referred_by == professional


def test_parent_cannot_bring_to_attention(north, signed_in):
    client = signed_in(north.people["parent"])
    url = reverse("bring-to-attention", args=[north.children["pupil"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"summary": "Please assess."}).status_code == 403
    assert not AttentionReferral.objects.exists()


def test_a_senco_requests_an_assessment_instead_of_bringing_to_attention(north, signed_in):
    response = signed_in(north.people["senco"]).get(
        reverse("bring-to-attention", args=[north.children["pupil"].pk])
    )
    assert response.status_code == 403


# The role matrix: every page, 13 personas, own and other partnership --------------------------------

# Who may see north's pupil, and who of those may bring them to attention (ehcp.policy).
SEES_PUPIL = {
    "parent",
    "senco",
    "headteacher",
    "caseworker",
    "manager",
    "health",
    "social_care",
    "mediator",
    "support",
}
# Health, social care and mediators: the school requests instead, the LA acts itself.
CAN_BRING = {"health", "social_care", "mediator"}


def _expected_meeting(persona: str) -> int:
    if persona in AGGREGATE_ONLY:
        return 403
    if persona in LA_STAFF | MEMBERS_WITH_ACCOUNTS:
        return 200
    return 404


def _expected_running(persona: str) -> int:
    status = _expected_meeting(persona)
    return 200 if persona in LA_STAFF else (403 if status == 200 else status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix_own_partnership(north, signed_in, persona):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    client = signed_in(north.people[persona])
    expected = {
        reverse("panel-meetings"): 403 if persona in AGGREGATE_ONLY else 200,
        reverse("panel-meeting-new"): 200 if persona in LA_STAFF else 403,
        reverse("panel-meeting", args=[meeting.pk]): _expected_meeting(persona),
        reverse("panel-add-case", args=[meeting.pk]): _expected_running(persona),
        reverse("panel-recommend", args=[meeting.pk, case.pk]): _expected_running(persona),
        reverse("advice-inbox"): 200,
        reverse("bring-to-attention", args=[north.children["pupil"].pk]): (
            403
            if persona in AGGREGATE_ONLY
            else (200 if persona in CAN_BRING else (403 if persona in SEES_PUPIL else 404))
        ),
    }
    actual = {url: client.get(url).status_code for url in expected}
    assert actual == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix_other_partnership(north, south, signed_in, persona):
    """Nothing of south's is reachable from north: 404 (403 for DfE users, and for pages of a role)."""
    case = journey.at_stage(south, "advice_requested")
    meeting = PanelCase.objects.get(request=case).meeting
    advice = case.advice_requests.first()
    client = signed_in(north.people[persona])
    missing = 403 if persona in AGGREGATE_ONLY else 404
    urls = [
        reverse("panel-meeting", args=[meeting.pk]),
        reverse("panel-add-case", args=[meeting.pk]),
        reverse("panel-recommend", args=[meeting.pk, case.pk]),
        reverse("advice-detail", args=[advice.pk]),
        reverse("bring-to-attention", args=[south.children["pupil"].pk]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, missing)
    assert client.post(urls[2], {"recommendation": "assess", "reasons": "x"}).status_code == missing
    for url_name in ("panel-meetings", "advice-inbox"):
        response = client.get(reverse(url_name))
        if response.status_code == 200:
            body = response.content.decode()
            assert "Riley Evans" not in body and south.partnership.name not in body


def test_signed_out_visitors_are_sent_to_sign_in(north, client):
    case = journey.at_stage(north, "panel")
    meeting = PanelCase.objects.get(request=case).meeting
    for url in (
        reverse("panel-meetings"),
        reverse("panel-meeting-new"),
        reverse("panel-meeting", args=[meeting.pk]),
        reverse("advice-inbox"),
        reverse("bring-to-attention", args=[north.children["pupil"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))


# Query counts ---------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_meetings(area, n: int) -> None:
    for i in range(n):
        meeting = journey.panel_meeting(area, when=timezone.localdate() + datetime.timedelta(days=i - n // 2))
        case = journey.received(area, child=("pupil", "ap_pupil", "unlinked")[i % 3])
        panel_case = services.panel_add_case(actor=area.people["caseworker"], meeting=meeting, request=case)
        services.panel_record_recommendation(
            actor=area.people["caseworker"], panel_case=panel_case, recommendation="assess", reasons="Yes"
        )


@pytest.mark.parametrize("persona", ["caseworker", "health"])
def test_meetings_list_query_count_is_flat(north, signed_in, persona):
    _more_meetings(north, 2)
    client = signed_in(north.people[persona])
    url = reverse("panel-meetings")
    client.get(url)
    before = _queries(client, url)
    _more_meetings(north, 12)
    assert _queries(client, url) == before


def test_meeting_members_are_listed_chair_first(north, signed_in):
    meeting = journey.panel_meeting(north)
    response = signed_in(north.people["caseworker"]).get(reverse("panel-meeting", args=[meeting.pk]))
    perspectives = [m.perspective for m in response.context["members"]]
    assert perspectives == [
        PanelMember.Perspective.CHAIR,
        PanelMember.Perspective.EDUCATION,
        PanelMember.Perspective.HEALTH,
        PanelMember.Perspective.SOCIAL_CARE,
        PanelMember.Perspective.PARENT_REPRESENTATIVE,
    ]
