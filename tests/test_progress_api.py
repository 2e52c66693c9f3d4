"""The API twins of the progress pages: list and post (multipart, with a file), the files, the same access
rules as the pages, and bad input as a 400 with field errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ehcp import services_progress
from ehcp.models import Plan, ProgressUpdate
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.fixture
def plan(north) -> Plan:
    return Plan.objects.select_related("child", "current_version").get(
        pk=journey.at_stage(north, "final").plan.pk
    )


def outcome_ids(plan: Plan) -> list[str]:
    return [o["id"] for o in plan.current_version.content["E"]["outcomes"]]


def api(plan: Plan) -> str:
    return f"/api/v1/plans/{plan.pk}/progress/"


MATRIX = {
    "parent": (200, 201),
    "senco": (200, 201),
    "headteacher": (200, 201),
    "caseworker": (200, 201),
    "manager": (200, 201),
    "health": (200, 403),
    "social_care": (200, 403),
    "mediator": (200, 403),
    "young_person": (404, 404),
    "ap_provider": (404, 404),
    "support": (404, 404),
    "regional": (403, 403),
    "national": (403, 403),
}


@pytest.mark.parametrize(("persona", "expected"), MATRIX.items())
def test_api_access_matrix(north, south, plan, signed_in, persona, expected):
    read, write = expected
    client = signed_in(north.people[persona])
    response = client.get(api(plan))
    assert response.status_code == read
    posted = client.post(api(plan), {"outcome_id": outcome_ids(plan)[0], "text": "Progress"})
    assert posted.status_code == write, posted.content
    other_tenant = signed_in(south.people[persona]).get(api(plan)).status_code
    assert other_tenant == (403 if persona in ("regional", "national") else 404)


def test_list_shape(north, plan, signed_in):
    first = services_progress.progress_post(
        actor=north.people["parent"],
        plan=plan,
        outcome_id=outcome_ids(plan)[0],
        text="First",
        rating="concern",
    )
    services_progress.progress_post(
        actor=north.people["senco"],
        plan=plan,
        outcome_id=outcome_ids(plan)[0],
        text="Second",
        upload=SimpleUploadedFile("a.png", PNG),
    )
    before = ChildAccessLog.objects.filter(child=plan.child).count()
    data = signed_in(north.people["health"]).get(api(plan)).json()
    assert ChildAccessLog.objects.filter(child=plan.child, channel="api").count() == before + 1
    assert data["plan"] == plan.pk and data["in_force"] is True and data["can_post_as"] == []
    e1 = data["outcomes"][0]
    assert (e1["id"], e1["label"]) == (outcome_ids(plan)[0], "E1")
    assert [u["text"] for u in e1["updates"]] == ["Second", "First"]
    second = e1["updates"][0]
    assert second["author_kind"] == "setting" and second["posted_by"] == north.people["senco"].full_name
    assert second["attachment"]["content_type"] == "image/png"
    assert (
        second["attachment"]["url"] == f"/api/v1/plans/{plan.pk}/progress/files/{second['attachment']['id']}/"
    )
    assert e1["updates"][1]["rating"] == "concern" and e1["updates"][1]["id"] == first.pk
    assert data["earlier"] == []
    parent = signed_in(north.people["parent"]).get(api(plan)).json()
    assert parent["can_post_as"] == ["family", "child"]


def test_post_multipart_with_a_file(north, plan, signed_in):
    client = signed_in(north.people["parent"])
    response = client.post(
        api(plan),
        {
            "outcome_id": outcome_ids(plan)[2],
            "text": "I told my teacher I was worried.",
            "rating": "good_progress",
            "author_kind": "child",
            "upload": SimpleUploadedFile("me.png", PNG),
            "upload_description": "My feelings chart",
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["author_kind"], data["rating"]) == ("child", "good_progress")
    assert data["attachment"]["description"] == "My feelings chart"
    file = client.get(data["attachment"]["url"])
    assert file.status_code == 200 and b"".join(file.streaming_content) == PNG
    assert signed_in(north.people["young_person"]).get(data["attachment"]["url"]).status_code == 404
    assert signed_in(north.people["national"]).get(data["attachment"]["url"]).status_code == 403


def test_post_json_without_a_file(north, plan, signed_in):
    response = signed_in(north.people["senco"]).post(
        api(plan),
        {"outcome_id": outcome_ids(plan)[1], "text": "Reading daily"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ProgressUpdate.objects.get().author_kind == "setting"


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"outcome_id", "text"}),
        ({"outcome_id": "nope", "text": "x"}, {"outcome_id"}),
        ({"outcome_id": "OUTCOME", "text": "x", "rating": "great"}, {"rating"}),
        ({"outcome_id": "OUTCOME", "text": "x", "author_kind": "setting"}, {"author_kind"}),
        ({"outcome_id": "OUTCOME", "text": "x", "author_kind": "someone"}, {"author_kind"}),
        ({"outcome_id": "OUTCOME", "text": "x" * 5001}, {"text"}),
    ],
)
def test_bad_input_is_a_400_with_field_errors(north, plan, signed_in, data, errors):
    data = {k: (outcome_ids(plan)[0] if v == "OUTCOME" else v) for k, v in data.items()}
    response = signed_in(north.people["parent"]).post(api(plan), data)
    assert response.status_code == 400
    assert set(response.json()) == errors
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_is_not_media_is_a_400(north, plan, signed_in):
    response = signed_in(north.people["parent"]).post(
        api(plan),
        {
            "outcome_id": outcome_ids(plan)[0],
            "text": "x",
            "upload": SimpleUploadedFile("x.png", b"plain text"),
        },
    )
    assert response.status_code == 400
    assert "upload" in response.json()


def test_no_progress_on_a_ceased_plan(north, plan, signed_in):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CEASED)
    client = signed_in(north.people["parent"])
    assert client.get(api(plan)).json()["in_force"] is False
    response = client.post(api(plan), {"outcome_id": outcome_ids(plan)[0], "text": "x"})
    assert response.status_code == 400
    assert "plan" in response.json()
