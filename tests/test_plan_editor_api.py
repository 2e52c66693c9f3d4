"""The plan editor's API twin: the working version, saving a section (JSON and the editor's form fields, as
autosave sends them), 400 and 409 shapes, replacing the whole content, attachments, and who may use it."""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import services_plans
from partnerships.models import ChildAccessLog
from tests import ehcp_journey as journey

from .test_plan_editor import EXPECTED, PNG, form_of

pytestmark = pytest.mark.django_db


def working_url(plan) -> str:
    return reverse("api-plan-working", kwargs={"plan_id": plan.pk})


def section_url(plan, code: str) -> str:
    return reverse("api-plan-working-section", kwargs={"plan_id": plan.pk, "code": code})


def put_json(client, url: str, body: dict):
    return client.put(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def draft(north):
    return journey.write_draft(north, journey.at_stage(north, "decided_to_issue"))


def working(plan):
    return services_plans.working_version(plan)


def test_get_working_version(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    body = client.get(working_url(draft)).json()
    version = working(draft)
    assert body["revision"] == version.revision
    assert body["content"]["E"] == version.content["E"]
    assert set(body["section_revisions"]) >= {"A", "B", "E", "F"}
    assert isinstance(body["quality_issues"], list)
    assert body["updated_by"] == "Caseworker North"
    assert body["updated_at"]
    assert body["kind"] == "draft"
    assert ChildAccessLog.objects.filter(user=north.people["caseworker"], channel="api").exists()


def test_put_a_section_as_json(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    version = working(draft)
    data = {**version.content["E"], "summary": "Changed through the API"}
    response = put_json(client, section_url(draft, "E"), {"base_revision": version.revision, "data": data})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["revision"] == version.revision + 1
    assert body["section_revisions"]["E"] == version.revision + 1
    assert body["section"]["summary"] == "Changed through the API"
    assert working(draft).content["E"]["summary"] == "Changed through the API"


def test_every_section_round_trips_through_the_api(north, signed_in, draft):
    """Each section of a complete plan, PUT into an empty plan (needs before the outcomes that name them)."""
    client = signed_in(north.people["caseworker"])
    source = working(draft).content
    target = services_plans.plan_start(
        actor=north.people["caseworker"],
        request=journey.at_stage(north, "decided_to_issue", child="ap_pupil"),
    )
    for code in ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "J", "K"):
        body = {"base_revision": working(target).revision, "data": source[code]}
        response = put_json(client, section_url(target, code), body)
        assert response.status_code == 200, (code, response.json())
        assert response.json()["section"] == source[code]
    assert client.get(working_url(target)).json()["content"] == {**source, "I": working(target).content["I"]}


def test_put_a_section_with_bad_data_is_400_with_paths(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    version = working(draft)
    data = dict(version.content["E"])
    data["outcomes"] = [{**data["outcomes"][0], "text": "", "target_date": "not a date"}]
    response = put_json(client, section_url(draft, "E"), {"base_revision": version.revision, "data": data})
    assert response.status_code == 400
    body = response.json()
    assert "E.outcomes.0.text" in body
    assert "E.outcomes.0.target_date" in body
    assert working(draft).revision == version.revision
    response = put_json(client, section_url(draft, "E"), {"data": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"base_revision", "data"}


def test_a_conflict_is_409_with_both_versions(north, signed_in, draft):
    first = signed_in(north.people["caseworker"])
    second = signed_in(north.people["manager"])
    version = working(draft)
    base = version.revision
    mine = {**version.content["F"], "summary": "First"}
    theirs = {**version.content["F"], "summary": "Second"}
    assert put_json(first, section_url(draft, "F"), {"base_revision": base, "data": mine}).status_code == 200
    response = put_json(second, section_url(draft, "F"), {"base_revision": base, "data": theirs})
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "section", "theirs", "yours", "saved_by", "revision"}
    assert body["section"] == "F"
    assert body["theirs"]["summary"] == "First"
    assert body["yours"]["summary"] == "Second"
    assert body["saved_by"] == "Caseworker North"
    assert body["revision"] == base + 1
    # Saving again on the current revision saves the merge.
    merged = {**theirs, "summary": "First and Second"}
    response = put_json(second, section_url(draft, "F"), {"base_revision": body["revision"], "data": merged})
    assert response.status_code == 200
    assert working(draft).content["F"]["summary"] == "First and Second"


def test_different_sections_on_the_same_base_do_not_conflict(north, signed_in, draft):
    first = signed_in(north.people["caseworker"])
    second = signed_in(north.people["manager"])
    version = working(draft)
    base = version.revision
    b = {**version.content["B"], "summary": "B changed"}
    g = {**version.content["G"], "summary": "G changed"}
    assert put_json(first, section_url(draft, "B"), {"base_revision": base, "data": b}).status_code == 200
    assert put_json(second, section_url(draft, "G"), {"base_revision": base, "data": g}).status_code == 200
    content = working(draft).content
    assert (content["B"]["summary"], content["G"]["summary"]) == ("B changed", "G changed")


def test_the_editor_form_fields_save_and_new_items_get_their_ids(north, signed_in, draft):
    """What the autosave script sends: the form's own fields, form-encoded."""
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(reverse("plan-edit-section", kwargs={"plan_id": draft.pk, "code": "K"})))
    n = len(working(draft).content["K"]["items"])
    form[f"items-{n}-title"] = ["Occupational therapy report"]
    form[f"items-{n}-author"] = ["Olu OT"]
    response = client.put(
        section_url(draft, "K"),
        data=urlencode(form, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    saved = working(draft).content["K"]["items"][n]
    assert saved["title"] == "Occupational therapy report"
    assert body["ids"] == {f"items-{n}-id": saved["id"]}
    # Errors come back under the same paths, in plain words.
    form[f"items-{n}-title"] = [""]
    form["base_revision"] = [str(body["revision"])]
    response = client.put(
        section_url(draft, "K"),
        data=urlencode(form, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json() == {f"K.items.{n}.title": [f"K{n + 1}: Enter the advice's title"]}


def test_section_i_in_a_draft_is_400(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    version = working(draft)
    response = put_json(
        client,
        section_url(draft, "I"),
        {"base_revision": version.revision, "data": {"setting_type": "Special"}},
    )
    assert response.status_code == 400
    assert "I" in response.json()


def test_unknown_section_is_404(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    assert put_json(client, section_url(draft, "Z"), {"base_revision": 0, "data": {}}).status_code == 404


def test_replace_the_whole_content(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    version = working(draft)
    content = {**version.content, "C": {**version.content["C"], "summary": "Whole content"}}
    response = put_json(client, working_url(draft), {"base_revision": version.revision, "content": content})
    assert response.status_code == 200
    assert response.json()["content"]["C"]["summary"] == "Whole content"
    stale = put_json(client, working_url(draft), {"base_revision": version.revision, "content": content})
    assert stale.status_code == 409
    assert stale.json()["section"] == "C"
    bad = put_json(client, working_url(draft), {"base_revision": 99, "content": {"Z": {}}})
    assert bad.status_code == 400


def test_issued_versions_cannot_be_changed(north, signed_in):
    plan = journey.at_stage(north, "final").plan
    client = signed_in(north.people["caseworker"])
    assert client.get(working_url(plan)).status_code == 404
    response = put_json(client, section_url(plan, "E"), {"base_revision": 0, "data": {}})
    assert response.status_code == 400
    assert response.json() == {
        "plan": ["This plan has no version being written: issued versions never change"]
    }
    response = put_json(client, working_url(plan), {"base_revision": 0, "content": {}})
    assert response.status_code == 400


def test_attachments(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    url = reverse("api-plan-attachments", kwargs={"plan_id": draft.pk})
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("me.png", PNG, content_type="image/png"),
            "title": "Me at the park",
            "description": "A photo",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "image/png"
    bad = client.post(
        url, {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00garbage", content_type="image/png")}
    )
    assert bad.status_code == 400
    # Like the rest of the editor, only the LA adds files here.
    for persona, expected in (("parent", 403), ("senco", 403), ("regional", 403), ("ap_provider", 404)):
        picture = {"file": SimpleUploadedFile("me.png", PNG, content_type="image/png"), "title": "From home"}
        assert signed_in(north.people[persona]).post(url, picture).status_code == expected, persona
    assert draft.attachments.count() == 1


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_role_matrix_for_the_api(north, signed_in, draft, persona):
    client = signed_in(north.people[persona])
    expected = EXPECTED[persona]
    assert client.get(working_url(draft)).status_code == expected
    version = working(draft)
    data = {**version.content["E"], "summary": f"By {persona}"}
    response = put_json(client, section_url(draft, "E"), {"base_revision": version.revision, "data": data})
    assert response.status_code == expected
    if expected != 200:
        assert working(draft).revision == version.revision


def test_other_tenants_get_404(north, south, signed_in, draft):
    client = signed_in(south.people["caseworker"])
    assert client.get(working_url(draft)).status_code == 404
    assert put_json(client, section_url(draft, "E"), {"base_revision": 0, "data": {}}).status_code == 404
