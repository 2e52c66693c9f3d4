# ruff: noqa: F811 (the fixtures imported from tests/inclusion_plans.py are parameters here)
"""Local inclusion plan pages and their API twins: the access matrix over every persona (north/south and the
national administrator), with explicit codes for every page and endpoint; the editor's forms (GOV.UK error
summary, sign-offs cleared notice); the review page; the published page for families; API 400s; and flat
query counts.

Acceptance: "a regional officer reads plans and aggregates, never a child" is
``test_a_regional_officer_reads_plans_and_aggregates_never_a_child``."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements import services_inclusion, services_standards
from placements.models import InclusionPlan, InclusionPlanSignOff

from .inclusion_plans import (  # noqa: F401 (fixtures)
    PERSONAS,
    approved_plan,
    national_admin,
    new_plan,
    person,
    ready_plan,
    standards,
    submitted_plan,
)

pytestmark = pytest.mark.django_db

READERS = {"manager", "caseworker", "support", "health", "regional", "national", "national_admin"}


def _client(signed_in, area, persona, admin):
    return signed_in(person(area, persona, admin))


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix_on_a_draft(north, standards, signed_in, national_admin, persona):
    plan = new_plan(north)
    section = plan.sections.first()
    client = _client(signed_in, north, persona, national_admin)
    read = 200 if persona in READERS else 403
    write = 200 if persona == "manager" else 403
    sign = 200 if persona in ("manager", "health") else 403
    pages = {
        "/inclusion-plans/": read,
        f"/inclusion-plans/{plan.pk}/": read,
        f"/inclusion-plans/{plan.pk}/sufficiency/": read,
        f"/inclusion-plans/{plan.pk}/edit/": write,
        f"/inclusion-plans/{plan.pk}/sections/{section.pk}/": write,
        f"/inclusion-plans/{plan.pk}/places/": write,
        f"/inclusion-plans/{plan.pk}/sign/": sign,
        # The region's officer opens the review page of any version (it says a draft is not awaiting review).
        f"/inclusion-plans/{plan.pk}/review/": 200 if persona == "regional" else 403,
        "/inclusion-plans/awaiting-review/": 200 if persona == "regional" else 403,
        f"/inclusion-plans/partnership/{north.partnership.slug}/new/": write,
        "/api/v1/inclusion-plans/": read,
        f"/api/v1/inclusion-plans/{plan.pk}/": read,
        f"/api/v1/inclusion-plans/{plan.pk}/sufficiency/": read,
        "/api/v1/inclusion-plans/awaiting-review/": 200 if persona == "regional" else 403,
    }
    got = {url: client.get(url).status_code for url in pages}
    # The one-partnership list page opens the plan itself.
    if got["/inclusion-plans/"] == 302:
        got["/inclusion-plans/"] = 200
    assert got == pages
    writes = {
        f"/api/v1/inclusion-plans/{plan.pk}/sections/{section.pk}/": (
            "patch",
            {"how_met": "Met.", "lead_partner": ""},
        ),
        f"/api/v1/inclusion-plans/{plan.pk}/places/": (
            "post",
            {"category": "special", "need_code": "ASD", "places": [1, 2, 3, 4]},
        ),
    }
    for url, (method, data) in writes.items():
        response = getattr(client, method)(url, data, content_type="application/json")
        assert response.status_code == (200 if persona == "manager" else 403), (url, response.content)
    response = client.post(f"/inclusion-plans/{plan.pk}/submit/")
    assert response.status_code == (400 if persona == "manager" else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix_on_a_submitted_plan(north, standards, signed_in, national_admin, persona):
    plan = submitted_plan(north)
    client = _client(signed_in, north, persona, national_admin)
    review = 200 if persona == "regional" else 403
    assert client.get(f"/inclusion-plans/{plan.pk}/review/").status_code == review
    response = client.post(
        f"/api/v1/inclusion-plans/{plan.pk}/reviews/",
        {"kind": "comment", "text": "A comment."},
        content_type="application/json",
    )
    assert response.status_code == (201 if persona == "regional" else 403)
    response = client.post(
        f"/api/v1/inclusion-plans/{plan.pk}/reviews/",
        {"kind": "response", "text": "Our answer."},
        content_type="application/json",
    )
    assert response.status_code == (201 if persona == "manager" else 403)
    queue = client.get("/inclusion-plans/awaiting-review/")
    assert queue.status_code == review
    if persona == "regional":
        assert north.partnership.name in queue.content.decode()


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_the_published_plan_is_public(north, standards, signed_in, national_admin, persona):
    plan = approved_plan(north)
    client = Client() if persona == "anonymous" else _client(signed_in, north, persona, national_admin)
    page = client.get(f"/local-inclusion-plans/{north.partnership.slug}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert plan.summary in text and "How we meet all-universal-identification." in text
    assert "State-funded special schools" in text  # places planned
    assert client.get(f"/api/v1/local-inclusion-plans/{north.partnership.slug}/").status_code == 200
    assert client.get("/local-inclusion-plans/").status_code == 200


def test_only_approved_versions_are_published(north, standards, client):
    new_plan(north)
    assert client.get(f"/local-inclusion-plans/{north.partnership.slug}/").status_code == 404
    assert client.get(f"/api/v1/local-inclusion-plans/{north.partnership.slug}/").status_code == 404
    draft = InclusionPlan.objects.get(partnership=north.partnership)
    assert (
        client.get(f"/local-inclusion-plans/{north.partnership.slug}/versions/{draft.number}/").status_code
        == 404
    )
    InclusionPlan.objects.filter(pk=draft.pk).delete()
    first = approved_plan(north)
    second = services_inclusion.plan_new_version(actor=north.people["manager"], partnership=north.partnership)
    services_inclusion.plan_update(
        actor=north.people["manager"],
        plan=second,
        title=second.title,
        summary="A draft summary not published.",
        coproduction="",
        period_start=second.period_start,
        period_end=second.period_end,
    )
    page = client.get(f"/local-inclusion-plans/{north.partnership.slug}/").content.decode()
    assert first.summary in page and "A draft summary not published." not in page
    assert (
        client.get(f"/local-inclusion-plans/{north.partnership.slug}/versions/{second.number}/").status_code
        == 404
    )


def test_another_partnerships_plan_is_not_found(north, south, standards, signed_in):
    plan = submitted_plan(north)
    for persona in ("manager", "caseworker", "support", "health", "regional"):
        client = signed_in(south.people[persona])
        assert client.get(f"/inclusion-plans/{plan.pk}/").status_code == 404, persona
        assert client.get(f"/inclusion-plans/{plan.pk}/sufficiency/").status_code == 404, persona
        assert client.get(f"/api/v1/inclusion-plans/{plan.pk}/").status_code == 404, persona
        assert client.get(f"/inclusion-plans/{plan.pk}/review/").status_code == 404, persona
    client = signed_in(south.people["regional"])
    assert north.partnership.name not in client.get("/inclusion-plans/awaiting-review/").content.decode()
    assert client.get("/api/v1/inclusion-plans/awaiting-review/").json() == []


def test_a_regional_officer_reads_plans_and_aggregates_never_a_child(north, standards, signed_in):
    """Acceptance: the access matrix for the DfE regional officer."""
    plan = submitted_plan(north)
    client = signed_in(north.people["regional"])
    assert client.get(f"/inclusion-plans/{plan.pk}/").status_code == 200
    assert client.get(f"/inclusion-plans/{plan.pk}/review/").status_code == 200
    sufficiency = client.get(f"/inclusion-plans/{plan.pk}/sufficiency/")
    assert sufficiency.status_code == 200
    api = client.get(f"/api/v1/inclusion-plans/{plan.pk}/sufficiency/")
    assert api.status_code == 200 and "maintained_plans" in api.json()
    assert client.get(reverse("regional-home")).status_code == 200
    for child in north.children.values():
        assert client.get(reverse("child-detail", args=[child.pk])).status_code == 403
        assert client.get(f"/api/v1/children/{child.pk}/").status_code == 403
        for response in (sufficiency, client.get(f"/inclusion-plans/{plan.pk}/review/")):
            assert child.first_name not in response.content.decode()
    assert client.get("/api/v1/children/").status_code == 403


def test_the_editor_forms_show_errors_and_the_sign_off_notice(north, standards, signed_in):
    plan = ready_plan(north)
    client = signed_in(north.people["manager"])
    section = plan.sections.first()
    response = client.post(f"/inclusion-plans/{plan.pk}/places/", {"category": "", "places_year_0": "-1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and "Choose a kind of place" in text
    response = client.post(
        f"/inclusion-plans/{plan.pk}/sections/{section.pk}/",
        {"how_met": "Rewritten.", "lead_partner": "health"},
        follow=True,
    )
    assert "This change cleared 3 sign-offs" in response.content.decode()
    assert not InclusionPlanSignOff.objects.filter(plan=plan).exists()
    response = client.post(f"/inclusion-plans/{plan.pk}/submit/")
    assert response.status_code == 400
    text = response.content.decode()
    assert "The plan cannot be submitted yet" in text
    assert "The local authority has not signed this version" in text


def test_sign_off_submit_review_return_and_resubmit_through_the_pages(north, standards, signed_in):
    """Acceptance (through the pages): sign-off, submission, review with a return, resubmission, approval."""
    plan = new_plan(north)
    manager = signed_in(north.people["manager"])
    from .inclusion_plans import write_everything

    write_everything(north, plan)
    assert (
        manager.post(f"/inclusion-plans/{plan.pk}/sign/", {"partner": "local_authority"}).status_code == 302
    )
    response = manager.post(f"/inclusion-plans/{plan.pk}/sign/", {"partner": "parent_carer_forum"})
    assert "Enter the name of the forum" in response.content.decode()
    assert (
        manager.post(
            f"/inclusion-plans/{plan.pk}/sign/",
            {"partner": "parent_carer_forum", "signatory_name": "Jo Forum", "signatory_role": "Chair"},
        ).status_code
        == 302
    )
    health = signed_in(north.people["health"])
    assert health.post(f"/inclusion-plans/{plan.pk}/sign/", {"partner": "icb"}).status_code == 302
    assert manager.post(f"/inclusion-plans/{plan.pk}/submit/").status_code == 302
    regional = signed_in(north.people["regional"])
    response = regional.post(f"/inclusion-plans/{plan.pk}/review/", {"decision": "return", "text": ""})
    assert response.status_code == 200 and "Say what the partnership must change" in response.content.decode()
    assert (
        regional.post(
            f"/inclusion-plans/{plan.pk}/review/", {"decision": "return", "text": "Add AP places."}
        ).status_code
        == 302
    )
    assert (
        manager.post(f"/inclusion-plans/{plan.pk}/respond/", {"text": "Done in version 2."}).status_code
        == 302
    )
    response = manager.post(f"/inclusion-plans/partnership/{north.partnership.slug}/new-version/")
    second = InclusionPlan.objects.get(partnership=north.partnership, number=2)
    assert response["Location"] == f"/inclusion-plans/{second.pk}/"
    from .inclusion_plans import sign_all

    sign_all(north, second)
    assert manager.post(f"/inclusion-plans/{second.pk}/submit/").status_code == 302
    assert regional.post(f"/inclusion-plans/{second.pk}/review/", {"decision": "approve"}).status_code == 302
    second.refresh_from_db()
    assert second.status == "approved"
    plan.refresh_from_db()
    assert plan.status == "returned"
    page = manager.get(f"/inclusion-plans/{plan.pk}/").content.decode()
    assert "Add AP places." in page and "Done in version 2." in page


def test_api_bad_input_is_a_400_with_field_errors(north, standards, signed_in):
    plan = new_plan(north)
    client = signed_in(north.people["manager"])
    response = client.post(
        f"/api/v1/inclusion-plans/{plan.pk}/places/",
        {"category": "castle", "places": [1]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"category", "places"}
    response = client.post(f"/api/v1/inclusion-plans/{plan.pk}/submit/")
    assert response.status_code == 400
    assert set(response.json()) == {"sections", "sign_offs", "summary"}
    response = client.post(
        "/api/v1/inclusion-plans/", {"partnership": north.partnership.slug}, content_type="application/json"
    )
    assert response.status_code == 400 and "plan" in response.json()
    response = client.patch(
        f"/api/v1/inclusion-plans/{plan.pk}/",
        {"title": "", "period_start": "nonsense"},
        content_type="application/json",
    )
    assert response.status_code == 400 and {"title", "period_start"} <= set(response.json())


def test_the_plan_page_query_count_is_flat(north, standards, signed_in):
    plan = ready_plan(north)
    client = signed_in(north.people["regional"])
    url = f"/inclusion-plans/{plan.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    services_inclusion.plan_submit(actor=north.people["manager"], plan=plan)
    for section in plan.sections.all()[:10]:
        services_inclusion.review_comment(
            actor=north.people["regional"], plan=plan, text="Say more.", section_id=section.pk
        )
    for category in ("mainstream", "special", "independent", "ap_tier_1"):
        InclusionPlan.objects.filter(pk=plan.pk).update(status="draft")
        services_inclusion.sufficiency_line_save(
            actor=north.people["manager"], plan=plan, category=category, need_code="SEMH", places=[1, 1, 1, 1]
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_family_portal_links_to_the_published_plans(north, signed_in):
    page = signed_in(north.people["parent"]).get(reverse("portal-home")).content.decode()
    assert 'href="/local-inclusion-plans/"' in page and 'href="/standards/"' in page


def test_navigation_entries(north, standards, signed_in, national_admin):
    assert (
        "Local inclusion plan" in signed_in(north.people["manager"]).get("/inclusion-plans/").content.decode()
    )
    regional = signed_in(north.people["regional"]).get("/inclusion-plans/awaiting-review/").content.decode()
    assert 'href="/inclusion-plans/awaiting-review/"' in regional and "Plans to review" in regional
    admin = signed_in(national_admin).get("/standards/").content.decode()
    assert "National standards" in admin


def test_the_api_starts_a_new_version_after_a_return(north, standards, signed_in):
    plan = submitted_plan(north)
    regional = signed_in(north.people["regional"])
    response = regional.post(
        f"/api/v1/inclusion-plans/{plan.pk}/reviews/",
        {"kind": "return", "text": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reasons" in response.json()
    response = regional.post(
        f"/api/v1/inclusion-plans/{plan.pk}/reviews/",
        {"kind": "return", "text": "Add AP places."},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["plan"]["status"] == "returned"
    manager = signed_in(north.people["manager"])
    response = manager.post(
        "/api/v1/inclusion-plans/",
        {"partnership": north.partnership.slug, "new_version": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["plan"]["number"] == 2 and body["plan"]["status"] == "draft"
    assert body["missing_sign_offs"] == [
        "The local authority",
        "NHS Northby Integrated Care Board",
        "Parent carer forum: Parent Carer Forum",
    ]
    response = signed_in(north.people["health"]).post(
        f"/api/v1/inclusion-plans/{body['plan']['id']}/sign-offs/",
        {"partner": "icb"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_queue_and_catalogue_query_counts_are_flat(north, south, standards, signed_in, national_admin):
    regional = signed_in(north.people["regional"])
    submitted_plan(north)
    regional.get("/inclusion-plans/awaiting-review/")
    with CaptureQueriesContext(connection) as few:
        regional.get("/inclusion-plans/awaiting-review/")
    # Another partnership in the same region submits too.
    south.partnership.local_authorities.update(region=north.partnership.local_authorities.get().region)
    submitted_plan(south)
    with CaptureQueriesContext(connection) as many:
        page = regional.get("/inclusion-plans/awaiting-review/")
    assert south.partnership.name in page.content.decode()
    assert len(many) == len(few)
    anonymous = Client()
    anonymous.get("/standards/")
    with CaptureQueriesContext(connection) as catalogue:
        anonymous.get("/standards/")
    draft = services_standards.standards_draft_start(actor=national_admin)
    for number in range(10):
        services_standards.standard_save(
            actor=national_admin,
            version=draft,
            code=f"extra-{number}",
            values={
                "area_of_need": "semh",
                "tier": "targeted",
                "title": f"Extra {number}",
                "expected_provision": "More.",
                "responsible_partner": "health",
                "source": "Test",
            },
        )
    services_standards.standards_draft_update(
        actor=national_admin, version=draft, title=draft.title, summary_of_changes="Ten more."
    )
    services_standards.standards_publish(actor=national_admin, version=draft, effective_from=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as bigger:
        assert "Extra 9" in anonymous.get("/standards/").content.decode()
    assert len(bigger) == len(catalogue)
