# ruff: noqa: F811 (the fixtures imported from tests/inclusion_plans.py are parameters here)
"""The national SEND standards catalogue: the seed file and its idempotent command, drafts and publishing
(a published version never changes), what changed between versions, the public pages and API, the national
administrator's writes (and nobody else's), API 400s, and the "newer version" notice where a standard is
cited (local inclusion plan sections and EHC plan provision lines)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ehcp import plan_content
from partnerships.policy import AccessDenied
from placements import selectors_standards, services_standards
from placements.models import Standard, StandardsVersion

from .inclusion_plans import PERSONAS, national_admin, new_plan, person, standards  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

CODE = "ci-targeted-speech-language"


def _changed_version(admin, *, effective=date(2026, 1, 1)) -> StandardsVersion:
    """Version 2: one standard changed, one removed, one added."""
    draft = services_standards.standards_draft_start(actor=admin)
    services_standards.standard_save(
        actor=admin,
        version=draft,
        code=CODE,
        values={"expected_provision": "Weekly therapy advice in school."},
    )
    services_standards.standard_remove(actor=admin, version=draft, code="sp-targeted-therapies")
    services_standards.standard_save(
        actor=admin,
        version=draft,
        code="all-universal-transitions",
        values={
            "area_of_need": "all",
            "tier": "universal",
            "title": "Planned transitions between phases",
            "expected_provision": "Transitions are planned a year ahead.",
            "responsible_partner": "education",
            "source": "SEND Code of Practice 2015, ch.6 para 6.57",
        },
    )
    services_standards.standards_draft_update(
        actor=admin, version=draft, title=draft.title, summary_of_changes="Therapy advice; transitions."
    )
    return services_standards.standards_publish(actor=admin, version=draft, effective_from=effective)


def test_the_seed_loads_once_with_sources_and_says_it_is_not_statutory(db):
    call_command("load_standards")
    call_command("load_standards")
    version = StandardsVersion.objects.get()
    assert (version.number, version.status, version.title) == (
        1,
        "published",
        "National SEND standards (proposed)",
    )
    assert "DfE has not published statutory national SEND standards" in version.summary_of_changes
    standards = list(version.standards.all())
    assert len(standards) == 24
    assert {s.area_of_need for s in standards} == set(Standard.AreaOfNeed.values)
    assert {s.tier for s in standards} == set(Standard.Tier.values)
    assert {s.responsible_partner for s in standards} == set(Standard.Partner.values)
    assert all(s.source for s in standards)
    assert any("6.44-6.56" in s.source for s in standards)


def test_a_published_version_never_changes(standards, national_admin):
    for write in (
        lambda: services_standards.standard_save(
            actor=national_admin, version=standards, code=CODE, values={"title": "Changed"}
        ),
        lambda: services_standards.standard_remove(actor=national_admin, version=standards, code=CODE),
        lambda: services_standards.standards_draft_update(
            actor=national_admin, version=standards, title="Changed", summary_of_changes=""
        ),
        lambda: services_standards.standards_publish(
            actor=national_admin, version=standards, effective_from=date(2027, 1, 1)
        ),
    ):
        with pytest.raises(ValidationError) as exc:
            write()
        assert "cannot be changed" in str(exc.value)
    assert standards.standards.get(code=CODE).title == "Targeted speech and language support"
    version2 = _changed_version(national_admin)
    with pytest.raises(ValidationError):
        services_standards.standard_save(
            actor=national_admin, version=version2, code=CODE, values={"title": "x"}
        )


def test_drafts_one_at_a_time_and_publishing_needs_a_date_and_a_summary(standards, national_admin):
    draft = services_standards.standards_draft_start(actor=national_admin)
    assert (draft.number, draft.status, draft.based_on_id) == (2, "draft", standards.pk)
    assert draft.standards.count() == 24
    with pytest.raises(ValidationError):
        services_standards.standards_draft_start(actor=national_admin)
    with pytest.raises(ValidationError) as exc:
        services_standards.standards_publish(actor=national_admin, version=draft, effective_from=None)
    assert set(exc.value.message_dict) == {"effective_from", "summary_of_changes"}
    with pytest.raises(ValidationError) as exc:
        services_standards.standard_save(
            actor=national_admin, version=draft, code="Bad Code!", values={"title": "", "area_of_need": "x"}
        )
    assert {"code", "title", "area_of_need"} <= set(exc.value.message_dict)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "national_admin"])
def test_only_the_national_administrator_changes_the_catalogue(north, standards, signed_in, persona):
    user = north.people[persona]
    with pytest.raises(AccessDenied):
        services_standards.standards_draft_start(actor=user)
    client = signed_in(user)
    assert client.post("/standards/versions/new/").status_code == 403
    assert client.post("/api/v1/standards/versions/").status_code == 403
    assert client.get("/standards/versions/1/edit/").status_code == 403
    assert (
        client.post("/api/v1/standards/versions/1/publish/", {"effective_from": "2027-01-01"}).status_code
        == 403
    )
    assert not StandardsVersion.objects.filter(status="draft").exists()


def test_what_changed_between_versions(standards, national_admin):
    version2 = _changed_version(national_admin)
    changes = {c.code: c for c in selectors_standards.changes_between(standards, version2)}
    assert {code: c.kind for code, c in changes.items()} == {
        CODE: "changed",
        "all-universal-transitions": "added",
        "sp-targeted-therapies": "removed",
    }
    assert changes[CODE].fields == ["Expected provision"]
    page = Client().get("/standards/versions/2/changes/").content.decode()
    assert "Weekly therapy advice in school." in page and "Planned transitions between phases" in page
    api = Client().get("/api/v1/standards/versions/2/changes/").json()
    assert {(c["code"], c["kind"]) for c in api} == {
        (CODE, "changed"),
        ("all-universal-transitions", "added"),
        ("sp-targeted-therapies", "removed"),
    }


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_everyone_reads_the_published_catalogue(north, standards, signed_in, national_admin, persona):
    client = Client() if persona == "anonymous" else signed_in(person(north, persona, national_admin))
    page = client.get("/standards/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "DfE has not published statutory national SEND standards yet" in text
    assert "Communication and interaction" in text and "Targeted speech and language support" in text
    for url in (
        "/standards/versions/",
        "/standards/versions/1/",
        "/standards/versions/1/changes/",
        f"/standards/{CODE}/",
        f"/standards/versions/1/standards/{CODE}/",
        "/api/v1/standards/",
        "/api/v1/standards/versions/",
        "/api/v1/standards/versions/1/",
        f"/api/v1/standards/versions/1/standards/{CODE}/",
    ):
        assert client.get(url).status_code == 200, url
    # A draft is the national administrator's alone.
    services_standards.standards_draft_start(actor=national_admin)
    draft = 200 if persona == "national_admin" else 404
    assert client.get("/standards/versions/2/").status_code == draft
    assert client.get("/api/v1/standards/versions/2/").status_code == draft


def test_the_administrator_edits_and_publishes_through_the_pages_and_api(
    standards, national_admin, signed_in
):
    client = signed_in(national_admin)
    assert client.get("/").status_code in (200, 302)
    response = client.post("/standards/versions/new/")
    assert response.status_code == 302 and response["Location"] == "/standards/versions/2/"
    response = client.post(
        f"/standards/versions/2/standards/{CODE}/edit/",
        {
            "area_of_need": "communication_interaction",
            "tier": "targeted",
            "title": "Targeted speech, language and communication support",
            "expected_provision": "Planned with a therapist.",
            "responsible_partner": "health",
            "source": "SEND Code of Practice 2015, ch.6",
        },
    )
    assert response.status_code == 302
    response = client.post("/standards/versions/2/publish/", {})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    # API: field errors, then a publish.
    response = client.post(
        "/api/v1/standards/versions/2/standards/",
        {"code": "x y", "tier": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 400 and {"code", "tier", "title"} <= set(response.json())
    response = client.post("/api/v1/standards/versions/2/publish/", {"effective_from": "not a date"})
    assert response.status_code == 400 and "effective_from" in response.json()
    response = client.post("/api/v1/standards/versions/2/publish/", {"effective_from": "2026-01-01"})
    assert response.status_code == 400 and "summary_of_changes" in response.json()
    client.patch(
        "/api/v1/standards/versions/2/",
        {"summary_of_changes": "Clearer title."},
        content_type="application/json",
    )
    response = client.post("/api/v1/standards/versions/2/publish/", {"effective_from": "2026-01-01"})
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = client.patch(
        f"/api/v1/standards/versions/2/standards/{CODE}/", {"title": "Again"}, content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()
    assert selectors_standards.current_version().number == 2


def test_the_national_administrator_lands_on_the_catalogue_and_sees_no_child(
    north, standards, national_admin, signed_in
):
    client = signed_in(national_admin)
    response = client.get("/", follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/standards/"
    assert 'href="/standards/"' in response.content.decode()
    for child in north.children.values():
        assert client.get(f"/children/{child.pk}/").status_code == 403
        assert client.get(f"/api/v1/children/{child.pk}/").status_code == 403


def test_an_inclusion_plan_section_shows_a_newer_version_of_its_standard(
    north, standards, national_admin, signed_in
):
    plan = new_plan(north)
    _changed_version(national_admin)
    page = signed_in(north.people["manager"]).get(f"/inclusion-plans/{plan.pk}/").content.decode()
    assert page.count("A newer version of this standard applies (version 2)") == 1
    assert f'href="/standards/versions/2/changes/#change-{CODE}"' in page
    assert "This standard is not in version 2 of the national standards" in page


def test_a_provision_line_cites_a_published_standard_and_its_version(standards, national_admin):
    section = {"provision": [{"what": "Speech therapy", "standard": CODE}, {"what": "Reading group"}]}
    cleaned = plan_content.clean_section("F", section)
    assert cleaned["provision"][0]["standard_version"] == 1
    assert cleaned["provision"][1]["standard"] == "" and cleaned["provision"][1]["standard_version"] is None
    with pytest.raises(ValidationError) as exc:
        plan_content.clean_section(
            "F", {"provision": [{"what": "x"}, {"what": "y", "standard": "no-such-code"}]}
        )
    assert exc.value.message_dict == {
        "F.provision.1.standard": ["Enter the code of a published national SEND standard"]
    }
    # Content written before standards were cited stays valid.
    assert (
        plan_content.clean_section("F", {"provision": [{"what": "x", "standard": ""}]})["provision"][0][
            "standard_version"
        ]
        is None
    )
    # After version 2 changes the standard, the line still cites version 1 and the page says a newer applies.
    _changed_version(national_admin)
    content = {"F": cleaned}
    with CaptureQueriesContext(connection) as queries:
        sections = plan_content.present(content)
    item = next(i for s in sections if s.code == "F" for i in s.items if i.standard)
    assert item.standard == {
        "code": CODE,
        "title": "Targeted speech and language support",
        "version": 1,
        "newer_version": 2,
        "removed": False,
    }
    assert len(queries) == 2  # the current version, then every cited code at once
    many = {"F": {"provision": [dict(cleaned["provision"][0]) for _ in range(20)]}}
    with CaptureQueriesContext(connection) as queries:
        plan_content.present(many)
    assert len(queries) == 2
    # A line saved now cites version 2.
    assert plan_content.clean_section("F", section)["provision"][0]["standard_version"] == 2


def test_the_plan_editor_and_plan_page_show_a_cited_standard_and_its_newer_version(
    north, standards, national_admin, signed_in
):
    from ehcp import services_plans

    from . import ehcp_journey as journey

    request = journey.at_stage(north, "decided_to_issue")
    plan = journey.write_draft(north, request)
    caseworker = north.people["caseworker"]
    section = dict(services_plans.working_version(plan).content["F"])
    section["provision"] = [dict(section["provision"][0], standard=CODE, standard_version=None)]
    version = services_plans.section_save(
        actor=caseworker,
        plan=plan,
        code="F",
        data=section,
        base_revision=services_plans.working_version(plan).revision,
    )
    assert version.content["F"]["provision"][0]["standard_version"] == 1
    _changed_version(national_admin)
    client = signed_in(caseworker)
    editor = client.get(f"/plans/{plan.pk}/edit/F/").content.decode()
    assert "Targeted speech and language support" in editor
    assert "a newer version of this standard applies (version 2)" in editor
    services_plans.draft_plan_issue(actor=caseworker, plan=plan)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Targeted speech and language support</a> (ci-targeted-speech-language, version 1)" in page
    assert "A newer version of this standard applies (version 2)." in page
    assert f'href="/standards/versions/2/changes/#change-{CODE}"' in page
