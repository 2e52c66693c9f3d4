"""The row-level-security fence lets in a named adviser and a panel member from outside the partnership
(an educational psychologist employed elsewhere, say), and nobody else."""

import pytest
from django.urls import reverse

from ehcp import services
from ehcp.models import AdviceRequest, PanelMember

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db


def test_a_named_adviser_from_another_partnership_sees_and_answers_their_advice(north, south, signed_in):
    psychologist = south.people["caseworker"]  # works for the south partnership only
    case = journey.at_stage(north, "assessing")
    advice = services.advice_request_create(
        actor=north.people["caseworker"],
        request=case,
        advice_type=AdviceRequest.AdviceType.PSYCHOLOGICAL,
        adviser=psychologist,
        questions="Cognition and learning.",
    )
    client = signed_in(psychologist)
    inbox = client.get(reverse("advice-inbox")).content.decode()
    assert north.children["pupil"].first_name in inbox
    assert client.get(reverse("advice-detail", args=[advice.pk])).status_code == 200
    response = client.post(reverse("advice-detail", args=[advice.pk]), {"advice": "Working memory is low."})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.SUBMITTED
    # Still nothing else of north's.
    assert client.get(reverse("child-detail", args=[north.children["unlinked"].pk])).status_code == 404


def test_a_panel_member_from_outside_reads_the_meeting(north, south, signed_in):
    outsider = south.people["health"]
    case = journey.at_stage(north, "panel")
    meeting = case.panel_cases.get().meeting
    PanelMember.objects.create(
        partnership=north.partnership,
        meeting=meeting,
        user=outsider,
        name="Visiting clinician",
        perspective="health",
    )
    page = signed_in(outsider).get(reverse("panel-meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert north.children["pupil"].first_name in page.content.decode()
