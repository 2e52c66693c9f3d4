"""Pictures and recordings with the child's views in section A: shown with the plan, downloaded only by
people who may read a version naming them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import services_plans
from tests import ehcp_journey as journey

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def served(north):
    """A served draft whose section A names one picture; a second picture is attached but not named."""
    caseworker = north.people["caseworker"]
    plan = journey.write_draft(north, journey.at_stage(north, "decided_to_issue"))
    named = services_plans.attachment_add(
        actor=caseworker,
        plan=plan,
        upload=SimpleUploadedFile("drawing.png", PNG),
        title="My drawing",
        description="A picture of me swimming",
    )
    unnamed = services_plans.attachment_add(
        actor=caseworker, plan=plan, upload=SimpleUploadedFile("other.png", PNG), title="Not in the plan yet"
    )
    version = services_plans.working_version(plan)
    section_a = version.content["A"]
    section_a["entries"][0]["attachment_ids"] = [named.pk]
    services_plans.section_save(
        actor=caseworker, plan=plan, code="A", data=section_a, base_revision=version.revision
    )
    services_plans.draft_plan_issue(actor=caseworker, plan=plan)
    return plan, named, unnamed


def test_the_plan_page_lists_the_picture_with_its_description(north, signed_in, served):
    plan, named, _ = served
    page = signed_in(north.people["parent"]).get(reverse("plan-detail", args=[plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "My drawing" in html and "A picture of me swimming" in html
    assert reverse("plan-attachment", args=[plan.pk, named.pk]) in html


@pytest.mark.parametrize(
    ("persona", "named_status", "unnamed_status"),
    [("parent", 200, 404), ("senco", 200, 404), ("caseworker", 200, 200), ("regional", 403, 403)],
)
def test_downloads_follow_what_the_person_may_read(
    north, signed_in, served, persona, named_status, unnamed_status
):
    plan, named, unnamed = served
    client = signed_in(north.people[persona])
    named_response = client.get(reverse("plan-attachment", args=[plan.pk, named.pk]))
    assert named_response.status_code == named_status
    if named_status == 200:
        assert named_response["Content-Type"] == "image/png"
        assert b"".join(named_response.streaming_content) == PNG
    assert client.get(reverse("plan-attachment", args=[plan.pk, unnamed.pk])).status_code == unnamed_status


def test_another_partnership_cannot_download(north, south, signed_in, served):
    plan, named, _ = served
    assert (
        signed_in(south.people["caseworker"])
        .get(reverse("plan-attachment", args=[plan.pk, named.pk]))
        .status_code
        == 404
    )
