"""The API twins of the plan-reading pages: the plan with the version shown and its structured content, the
versions, one version, the difference between two, the PDFs and the easy-read "My plan"; the same access
rules as the pages, reads logged, 400 for bad compare parameters, and no writes (405)."""

import pytest
from django.urls import reverse

from partnerships.models import ChildAccessLog

from .plan_reading import draft_only_plan, make_plan

pytestmark = pytest.mark.django_db

READERS = ["caseworker", "manager", "parent", "senco", "headteacher", "health", "social_care", "mediator"]


def _urls(plan) -> dict[str, str]:
    return {
        "detail": reverse("api-plan-detail", args=[plan.pk]),
        "versions": reverse("api-plan-versions", args=[plan.pk]),
        "version": reverse("api-plan-version", args=[plan.pk, 2]),
        "compare": reverse("api-plan-compare", args=[plan.pk]) + "?from=1&to=2",
        "my_plan": reverse("api-plan-easy-read", args=[plan.pk]),
    }


@pytest.mark.parametrize("persona", READERS)
def test_everyone_the_policy_allows_reads_the_api(north, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(north.people[persona])
    for name, url in _urls(plan).items():
        assert client.get(url).status_code == 200, (persona, name)


@pytest.mark.parametrize("persona", ["regional", "national"])
def test_dfe_users_get_403(north, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(north.people[persona])
    for url in _urls(plan).values():
        assert client.get(url).status_code == 403
    assert client.get(reverse("api-plan-pdf", args=[plan.pk, 2])).status_code == 403


@pytest.mark.parametrize("persona", ["caseworker", "parent", "senco", "health", "mediator"])
def test_another_tenant_gets_404(north, south, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(south.people[persona])
    for url in _urls(plan).values():
        assert client.get(url).status_code == 404
    assert client.get(reverse("api-plan-easy-read-pdf", args=[plan.pk])).status_code == 404


def test_signed_out_is_refused(north, client):
    plan = make_plan(north)
    assert client.get(reverse("api-plan-detail", args=[plan.pk])).status_code in (401, 403)


def test_the_plan_with_the_version_in_force_and_its_content(north, signed_in):
    plan = make_plan(north, working=True)
    body = signed_in(north.people["parent"]).get(reverse("api-plan-detail", args=[plan.pk])).json()
    assert body["id"] == plan.pk
    assert body["child"] == {"id": plan.child_id, "name": "Riley Taylor"}
    assert (body["status"], body["status_label"]) == ("final", "Maintained")
    assert body["named_setting"]["name"] == "Northby Primary School"
    assert body["next_review_due_on"] == "2028-02-05"
    assert body["working_version"] is None  # the family never sees the version being written
    version = body["version"]
    assert (version["number"], version["kind"], version["status"], version["in_force"]) == (
        2,
        "final",
        "issued",
        True,
    )
    assert version["issued_on"] == "2027-02-05"
    assert version["issued_by"] == "Caseworker North"
    assert set(version["content"]) == {"A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"}
    staff = signed_in(north.people["caseworker"]).get(reverse("api-plan-detail", args=[plan.pk])).json()
    assert staff["working_version"] == 3
    assert staff["version"]["number"] == 2


def test_before_the_final_plan_the_served_draft_is_shown(north, signed_in):
    plan = draft_only_plan(north)
    body = signed_in(north.people["parent"]).get(reverse("api-plan-detail", args=[plan.pk])).json()
    assert (body["version"]["number"], body["version"]["kind"], body["version"]["in_force"]) == (
        1,
        "draft",
        False,
    )


def test_reads_are_logged(north, signed_in):
    plan = make_plan(north)
    url = reverse("api-plan-detail", args=[plan.pk])
    signed_in(north.people["health"]).get(url)
    log = ChildAccessLog.objects.get(child=plan.child)
    assert (log.user, log.channel, log.path) == (north.people["health"], "api", url)


def test_versions_newest_first_and_the_working_version_for_the_la_only(north, signed_in):
    plan = make_plan(north, working=True)
    url = reverse("api-plan-versions", args=[plan.pk])
    family = signed_in(north.people["parent"]).get(url).json()
    assert [(v["number"], v["kind"], v["status"]) for v in family] == [
        (2, "final", "issued"),
        (1, "draft", "issued"),
    ]
    assert "content" not in family[0]
    staff = signed_in(north.people["caseworker"]).get(url).json()
    assert [v["number"] for v in staff] == [3, 2, 1]
    assert staff[0]["issued_on"] is None and staff[0]["issued_by"] is None
    assert (
        signed_in(north.people["parent"]).get(reverse("api-plan-version", args=[plan.pk, 3])).status_code
        == 404
    )
    working = signed_in(north.people["caseworker"]).get(reverse("api-plan-version", args=[plan.pk, 3])).json()
    assert working["content"]["A"]["summary"] == "Being rewritten after the annual review."


def test_compare_gives_every_section_with_its_changes(north, signed_in):
    plan = make_plan(north)
    body = (
        signed_in(north.people["parent"])
        .get(reverse("api-plan-compare", args=[plan.pk]), {"from": 1, "to": 2})
        .json()
    )
    assert (body["before"]["number"], body["after"]["number"]) == (1, 2)
    sections = {s["code"]: s for s in body["sections"]}
    assert list(sections) == ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]
    assert sections["A"] == {"code": "A", "label": sections["A"]["label"], "changed": False, "changes": []}
    assert sections["E"]["changes"][0] == {
        "kind": "changed",
        "before": "E1. Will follow a one-step instruction given to the class",
        "after": "E1. Will follow a two-step instruction given to the class without an adult repeating it",
    }
    assert {
        "kind": "changed",
        "before": "  How often: Once a fortnight",
        "after": "  How often: Once a week",
    } in (sections["F"]["changes"])
    assert any(
        c["kind"] == "added" and c["after"].startswith("F.4 Touch-typing") for c in sections["F"]["changes"]
    )


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"from", "to"}),
        ({"from": "x", "to": "2"}, {"from"}),
        ({"from": "0", "to": "2"}, {"from"}),
        ({"from": "1", "to": "9"}, {"to"}),
        ({"from": "2", "to": "2"}, {"to"}),
        ({"from": "1", "to": "3"}, {"to"}),  # the working version: not the family's to read
    ],
)
def test_bad_compare_parameters_are_400_with_field_errors(north, signed_in, params, errors):
    plan = make_plan(north, working=True)
    response = signed_in(north.people["parent"]).get(reverse("api-plan-compare", args=[plan.pk]), params)
    assert response.status_code == 400
    assert set(response.json()) == errors


def test_my_plan(north, signed_in):
    plan = make_plan(north)
    body = signed_in(north.people["parent"]).get(reverse("api-plan-easy-read", args=[plan.pk])).json()
    assert body["first_name"] == "Riley"
    assert "The dinner hall is too loud and I don't like it." in body["about_me"]
    assert body["goals"][1] == "I will read a book at my reading age with 95% accuracy"
    assert body["helpers"][0] == {
        "what": "Speech and language therapy to develop understanding of spoken language",
        "who": "NHS speech and language therapist",
        "how_often": "Once a week (30 minutes a session)",
    }
    assert body["school"] == "Northby Primary School"
    assert body["review_on"] == "2028-02-05"


def test_pdf_downloads(north, signed_in):
    plan = make_plan(north)
    client = signed_in(north.people["parent"])
    for url in (
        reverse("api-plan-pdf", args=[plan.pk, 1]),
        reverse("api-plan-easy-read-pdf", args=[plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    assert client.get(reverse("api-plan-pdf", args=[plan.pk, 5])).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
@pytest.mark.parametrize("name", ["api-plan-version", "api-plan-pdf"])
def test_there_is_no_way_to_write_an_issued_version(north, signed_in, method, name):
    plan = make_plan(north)
    version = plan.versions.get(number=2)
    client = signed_in(north.people["caseworker"])
    url = reverse(name, args=[plan.pk, 2])
    response = getattr(client, method)(url, {"content": {}}, content_type="application/json")
    assert response.status_code == 405
    version.refresh_from_db()
    assert version.status == "issued" and version.content["I"]["setting_name"] == "Northby Primary School"
