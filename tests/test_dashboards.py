"""Dashboards: the roll-up, the regional and national pages and their API twins, and who may see them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards import selectors, services, tasks
from dashboards.models import PartnershipSnapshot, PublishedLAStatistic
from partnerships import rls
from partnerships.models import Membership
from partnerships.policy import AccessDenied
from partnerships.roles import Role

from . import factories

NORTH = "E12000001"
SOUTH = "E12000009"


@pytest.fixture
def statistics(north):
    """Published SEN2 rows for the north authority: one honest number, one suppressed, one not applicable."""
    la = north.partnership.local_authorities.get()
    PublishedLAStatistic.objects.create(
        local_authority=la, year=2021, source_ons_code=la.ons_code, inreq_ehc=10, new_all_ehc=9
    )
    return PublishedLAStatistic.objects.create(
        local_authority=la,
        year=2022,
        source_ons_code=la.ons_code,
        source_dfe_code=la.dfe_code,
        inreq_ehc=None,
        new_all_ehc=417,
        no_exc_20week_ehc=50,
        tot_no_exc_ehc=200,
        no_exc_20week_rate=Decimal("25.000"),
        total_mediation=3,
        total_tribunal=None,
        symbols={"inreq_ehc": "c", "total_tribunal": "z"},
        has_suppressed=True,
    )


# --- The roll-up -----------------------------------------------------------------------------------


def test_rollup_counts_a_partnership(north, south):
    rls.clear()  # as in a Celery worker: no fence set; the service lifts it itself
    snapshot = services.partnership_rollup(partnership=north.partnership, on_date=datetime.date(2026, 1, 5))
    assert snapshot.children_count == 3
    assert snapshot.children_without_setting == 1
    assert snapshot.children_by_setting_type["mainstream"] == 1
    assert snapshot.children_by_setting_type["alternative_provision"] == 1
    assert snapshot.children_by_setting_type["none"] == 1
    assert snapshot.children_by_setting_type["special"] == 0
    assert snapshot.children_with_role == {
        "parent_carer": 1,
        "young_person": 1,
        "senco": 0,
        "invited_professional": 0,
        "health_officer": 1,
        "social_care_officer": 1,
        "mediator": 1,
    }
    assert snapshot.children_with_parental_responsibility == 1
    assert snapshot.settings_count == 2
    assert snapshot.settings_by_type["mainstream"] == 1
    assert snapshot.settings_by_type["alternative_provision"] == 1


def test_rollup_ignores_ended_links_and_closed_settings_and_upserts(north):
    rls._set("", "on")
    factories.CaseParticipantFactory(
        child=north.children["unlinked"],
        user=north.people["mediator"],
        role="mediator",
        revoked_at=timezone.now(),
    )
    factories.CaseParticipantFactory(
        child=north.children["unlinked"],
        user=north.people["health"],
        role="health_officer",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    factories.SettingFactory(partnership=north.partnership, is_open=False)
    day = datetime.date(2026, 1, 5)
    services.partnership_rollup(partnership=north.partnership, on_date=day)
    factories.ChildFactory(partnership=north.partnership, current_setting=north.school)
    snapshot = services.partnership_rollup(partnership=north.partnership, on_date=day)
    assert PartnershipSnapshot.objects.filter(partnership=north.partnership).count() == 1
    assert snapshot.children_count == 4
    assert snapshot.children_with_role["mediator"] == 1
    assert snapshot.children_with_role["health_officer"] == 1
    assert snapshot.settings_count == 2


def test_snapshots_hold_no_names_or_identifiers(north):
    services.partnership_rollup(partnership=north.partnership)
    stored = str(list(PartnershipSnapshot.objects.values()))
    for child in north.children.values():
        assert child.first_name not in stored
        assert child.upn not in stored


def test_task_rolls_up_every_partnership(north, south):
    assert tasks.rollup_all_partnerships.delay().get() == 2
    assert PartnershipSnapshot.objects.filter(on_date=timezone.localdate()).count() == 2


# --- Selectors --------------------------------------------------------------------------------------


def test_region_dashboard_rows_and_totals(north, statistics):
    services.partnership_rollup(partnership=north.partnership)
    region = north.partnership.local_authorities.get().region
    dashboard = selectors.region_dashboard(user=north.people["regional"], region_id=region.pk)
    (row,) = dashboard.rows
    assert row.partnership.name == north.partnership.name
    assert row.snapshot.children_count == 3
    assert row.sen2.year == 2022
    assert row.sen2.figures["inreq_ehc"].display == "suppressed"
    assert row.sen2.figures["total_tribunal"].display == "not applicable"
    assert row.sen2.figures["new_all_ehc"].display == "417"
    assert dashboard.totals.sen2["inreq_ehc"].value is None
    assert dashboard.totals.sen2["new_all_ehc"].value == 417
    assert dashboard.totals.sen2["no_exc_20week_rate"].value == Decimal("25.0")
    assert dashboard.sen2_year == 2022


def test_selectors_apply_the_policy(north, south):
    south_region = south.partnership.local_authorities.get().region
    with pytest.raises(AccessDenied):
        selectors.region_dashboard(user=north.people["regional"], region_id=south_region.pk)
    with pytest.raises(AccessDenied):
        selectors.national_dashboard(user=north.people["regional"])
    with pytest.raises(AccessDenied):
        selectors.region_dashboard(user=north.people["caseworker"], region_id=south_region.pk)
    assert selectors.region_dashboard(user=north.people["national"], region_id=south_region.pk).rows
    assert selectors.national_dashboard(user=south.people["national"]).totals.children_count == 0


def test_recoded_authority_takes_its_predecessors_figures(north):
    la = north.partnership.local_authorities.get()
    old = factories.LocalAuthorityFactory(
        name=la.name, dfe_code=la.dfe_code, region=la.region, status="terminated", superseded_by=la
    )
    merged = factories.LocalAuthorityFactory(region=la.region, status="terminated", superseded_by=la)
    PublishedLAStatistic.objects.create(
        local_authority=old, year=2022, source_ons_code=old.ons_code, new_all_ehc=5
    )
    PublishedLAStatistic.objects.create(
        local_authority=merged, year=2023, source_ons_code="X", new_all_ehc=99
    )
    dashboard = selectors.region_dashboard(user=north.people["national"], region_id=la.region_id)
    (row,) = dashboard.rows
    assert row.sen2.figures["new_all_ehc"].value == 5
    assert old.ons_code in row.sen2.published_for


# --- Pages and API: who may see what ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("regional", "/regional/", 200),
        ("regional", f"/regional/{NORTH}/", 200),
        ("regional", f"/regional/{SOUTH}/", 403),
        ("regional", "/national/", 403),
        ("national", "/national/", 200),
        ("national", f"/regional/{NORTH}/", 200),
        ("national", f"/regional/{SOUTH}/", 200),
        ("national", "/regional/", 403),
        ("caseworker", "/regional/", 403),
        ("caseworker", f"/regional/{NORTH}/", 403),
        ("caseworker", "/national/", 403),
        ("parent", "/regional/", 403),
        ("parent", f"/regional/{NORTH}/", 403),
        ("parent", "/national/", 403),
        ("manager", "/national/", 403),
        ("health", f"/regional/{NORTH}/", 403),
    ],
)
def test_page_access(north, south, signed_in, persona, path, status):
    response = signed_in(north.people[persona]).get(path)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("regional", f"/api/v1/dashboards/regions/{NORTH}/", 200),
        ("regional", f"/api/v1/dashboards/regions/{SOUTH}/", 403),
        ("regional", "/api/v1/dashboards/national/", 403),
        ("national", "/api/v1/dashboards/national/", 200),
        ("national", f"/api/v1/dashboards/regions/{SOUTH}/", 200),
        ("national", "/api/v1/dashboards/regions/E12999999/", 404),
        ("caseworker", f"/api/v1/dashboards/regions/{NORTH}/", 403),
        ("caseworker", "/api/v1/dashboards/national/", 403),
        ("parent", f"/api/v1/dashboards/regions/{NORTH}/", 403),
        ("parent", "/api/v1/dashboards/national/", 403),
    ],
)
def test_api_access(north, south, signed_in, persona, path, status):
    response = signed_in(north.people[persona]).get(path)
    assert response.status_code == status


def test_pages_need_sign_in_and_second_factor(north, client, signed_in):
    response = client.get("/regional/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
    assert client.get("/api/v1/dashboards/national/").status_code in (401, 403)
    unverified = signed_in(north.people["national"], second_factor=False)
    assert unverified.get("/national/").status_code == 302
    assert unverified.get("/api/v1/dashboards/national/").status_code == 403


def test_regional_page_shows_figures_honestly_and_no_child(north, south, statistics, signed_in):
    services.partnership_rollup(partnership=north.partnership)
    response = signed_in(north.people["regional"]).get("/regional/")
    html = response.content.decode()
    la = north.partnership.local_authorities.get()
    assert la.name in html
    assert la.dfe_code in html
    assert north.partnership.name in html
    assert "suppressed" in html
    assert "not applicable" in html
    assert "417" in html
    assert "SEN2 published statistics 2022, DfE" in html
    assert "Snapshot from this service at" in html
    assert '<caption class="govuk-table__caption' in html
    assert 'scope="col"' in html and 'scope="row"' in html
    for area in (north, south):
        for child in area.children.values():
            assert child.full_name not in html
            assert child.first_name not in html
            assert child.upn not in html
    assert south.partnership.name not in html


def test_national_page_links_each_region_and_shows_no_child(north, south, statistics, signed_in):
    services.partnership_rollup_all()
    html = signed_in(north.people["national"]).get("/national/").content.decode()
    assert f'href="/regional/{NORTH}/"' in html
    assert f'href="/regional/{SOUTH}/"' in html
    assert "England" in html
    for area in (north, south):
        for child in area.children.values():
            assert child.first_name not in html


def test_api_shapes(north, statistics, signed_in):
    services.partnership_rollup(partnership=north.partnership)
    data = signed_in(north.people["regional"]).get(f"/api/v1/dashboards/regions/{NORTH}/").json()
    assert data["code"] == NORTH
    (row,) = data["local_authorities"]
    assert row["partnership"]["name"] == north.partnership.name
    assert row["snapshot"]["children_count"] == 3
    assert row["sen2"]["inreq_ehc"] == {
        "value": None,
        "status": "suppressed",
        "symbol": "c",
        "display": "suppressed",
    }
    assert row["sen2"]["new_all_ehc"]["value"] == 417
    assert row["sen2"]["no_exc_20week_rate"]["value"] == 25.0
    assert data["totals"]["sen2"]["new_all_ehc"] == {"value": 417, "published_by": 1, "out_of": 1}
    national = signed_in(north.people["national"]).get("/api/v1/dashboards/national/").json()
    assert {region["code"] for region in national["regions"]} == {NORTH}
    assert national["totals"]["children_count"] == 3
    assert "Riley" not in str(national)


def test_schema_documents_the_dashboard_api(north, signed_in):
    schema = (
        signed_in(north.people["national"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json").content
    )
    assert b"/api/v1/dashboards/regions/{region_code}/" in schema
    assert b"/api/v1/dashboards/national/" in schema


# --- Query counts -----------------------------------------------------------------------------------------


def _add_authorities(region, count: int) -> None:
    for _ in range(count):
        la = factories.LocalAuthorityFactory(region=region)
        partnership = factories.PartnershipFactory(local_authority=la)
        factories.ChildFactory(partnership=partnership)
        for year in (2021, 2022):
            PublishedLAStatistic.objects.create(
                local_authority=la,
                year=year,
                source_ons_code=la.ons_code,
                new_all_ehc=year - 2000,
                symbols={"inreq_ehc": "c"},
            )
        for day in (1, 2):
            services.partnership_rollup(partnership=partnership, on_date=datetime.date(2026, 1, day))


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_authorities(north, signed_in):
    region = north.partnership.local_authorities.get().region
    regional = signed_in(north.people["regional"])
    national = signed_in(north.people["national"])
    api = f"/api/v1/dashboards/regions/{NORTH}/"
    _add_authorities(region, 2)
    small = (_queries(regional, "/regional/"), _queries(national, "/national/"), _queries(regional, api))
    _add_authorities(region, 8)
    other = factories.RegionFactory(code="E12000005", name="West Midlands")
    _add_authorities(other, 5)
    large = (_queries(regional, "/regional/"), _queries(national, "/national/"), _queries(regional, api))
    assert large == small
    assert len(selectors.region_dashboard(user=north.people["regional"], region_id=region.pk).rows) == 11


def test_regional_officer_with_two_regions_chooses(north, south, signed_in):
    south_region = south.partnership.local_authorities.get().region
    Membership.objects.create(
        user=north.people["regional"], role=Role.DFE_REGIONAL_OFFICER, region=south_region
    )
    response = signed_in(north.people["regional"]).get("/regional/")
    assert response.status_code == 200
    assert f'href="/regional/{SOUTH}/"' in response.content.decode()


def test_rollup_counts_assessments_and_the_20_week_rate_with_and_without_exceptions(north, signed_in):
    import time_machine

    from ehcp import services as ehcp_services
    from ehcp import services_plans

    from . import ehcp_journey as journey

    received = datetime.date(2026, 1, 5)  # final plan due Monday 25 May 2026
    for child, issued, excepted in (
        ("pupil", datetime.date(2026, 5, 20), False),
        ("ap_pupil", datetime.date(2026, 6, 1), False),
        ("unlinked", datetime.date(2026, 6, 8), True),
    ):
        with time_machine.travel(issued, tick=False):
            request = journey.at_stage(north, "consulted", child=child, received_on=received)
            if excepted:
                ehcp_services.exception_record(
                    actor=north.people["manager"],
                    request=request,
                    ground="absence_from_area",
                    starts_on=received,
                    ends_on=None,
                    details="Abroad for five weeks",
                    deadlines=list(request.deadlines.filter(code="final_plan_due")),
                )
            services_plans.final_plan_issue(
                actor=north.people["caseworker"],
                plan=request.plan,
                named_setting=north.school,
                setting_type="Mainstream primary school",
            )
    with time_machine.travel(datetime.date(2026, 6, 10), tick=False):
        journey.received(north)
        snapshot = services.partnership_rollup(partnership=north.partnership)
        figures = snapshot.assessments
        assert (figures["open_cases"], figures["open_by_stage"]["received"]) == (1, 1)
        assert (figures["plans"], figures["excepted"], figures["within_20_weeks"]) == (3, 1, 1)
        assert figures["rate_including_exceptions"] == 33.3
        assert figures["rate_excluding_exceptions"] == 50.0
        html = signed_in(north.people["regional"]).get("/regional/").content.decode()
    assert "Issued within 20 weeks, excluding 1 exception case" in html
    assert "33.3%" in html and "50.0%" in html
