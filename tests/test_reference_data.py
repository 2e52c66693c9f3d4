"""The reference data loaders: regions, local authorities (with history), ICBs and published SEN2 rows."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from dashboards.models import PublishedLAStatistic
from dashboards.selectors import Figure
from dashboards.services import published_statistics_load
from partnerships.models import ICB, LocalAuthority, Region, SubICBLocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_loads_regions_authorities_and_icbs(loaded):
    assert "153 live" in loaded
    assert Region.objects.count() == 9
    assert not Region.objects.filter(code__startswith="E13").exists()
    assert LocalAuthority.objects.filter(status=LocalAuthority.Status.LIVE).count() == 153
    assert ICB.objects.count() == 42
    assert SubICBLocation.objects.count() == 106
    assert ICB.objects.get(ods_code="QWO").name == "NHS West Yorkshire Integrated Care Board"


@pytest.mark.parametrize(
    ("ons_code", "dfe_code", "name", "region"),
    [
        ("E08000035", "383", "Leeds", "Yorkshire and The Humber"),
        ("E10000008", "878", "Devon", "South West"),
        ("E09000007", "202", "Camden", "London"),
        ("E06000058", "839", "Bournemouth, Christchurch and Poole", "South West"),
    ],
)
def test_known_authorities_have_their_dfe_codes(loaded, ons_code, dfe_code, name, region):
    la = LocalAuthority.objects.select_related("region").get(ons_code=ons_code)
    assert (la.dfe_code, la.name, la.region.name, la.status) == (dfe_code, name, region, "live")


def test_combined_rows_and_bfpo_are_not_authorities(loaded):
    assert not LocalAuthority.objects.filter(ons_code__contains=" / ").exists()
    assert not LocalAuthority.objects.filter(dfe_code="702").exists()


def test_terminated_authorities_are_kept_with_their_successors(loaded):
    def successor(ons_code):
        return LocalAuthority.objects.get(ons_code=ons_code).superseded_by

    bournemouth = LocalAuthority.objects.get(ons_code="E06000028")
    assert bournemouth.status == LocalAuthority.Status.TERMINATED
    assert bournemouth.dfe_code == "837"
    assert str(bournemouth.date_of_termination) == "2019-03-31"
    assert successor("E06000028").dfe_code == "839"
    assert successor("E06000029").dfe_code == "839"
    assert successor("E10000009").ons_code == "E06000059"
    assert successor("E10000002").ons_code == "E06000060"
    assert successor("E10000021").dfe_code == "940"
    assert successor("E10000006").dfe_code == "942"
    assert successor("E10000023").ons_code == "E06000065"
    assert successor("E10000027").ons_code == "E06000066"
    assert successor("E08000016").ons_code == "E08000038"
    assert successor("E08000019").ons_code == "E08000039"
    assert successor("E10000001") is None  # Bedfordshire: split, no single successor
    assert LocalAuthority.objects.get(ons_code="E06000058").supersedes.count() == 2


def test_loading_again_changes_nothing(loaded):
    before = (
        Region.objects.count(),
        LocalAuthority.objects.count(),
        ICB.objects.count(),
        SubICBLocation.objects.count(),
        PublishedLAStatistic.objects.count(),
        list(LocalAuthority.objects.order_by("ons_code").values_list("ons_code", "superseded_by__ons_code")),
    )
    LocalAuthority.objects.filter(ons_code="E08000035").update(name="Renamed")
    call_command("load_reference_data", stdout=StringIO())
    after = (
        Region.objects.count(),
        LocalAuthority.objects.count(),
        ICB.objects.count(),
        SubICBLocation.objects.count(),
        PublishedLAStatistic.objects.count(),
        list(LocalAuthority.objects.order_by("ons_code").values_list("ons_code", "superseded_by__ons_code")),
    )
    assert after == before
    assert LocalAuthority.objects.get(ons_code="E08000035").name == "Leeds"


def test_published_statistics_load_with_symbols_kept(loaded):
    # One row per authority per year; regional and national rows are not stored.
    assert PublishedLAStatistic.objects.count() == 1366
    leeds = PublishedLAStatistic.objects.get(local_authority__ons_code="E08000035", year=2022)
    assert leeds.inreq_ehc == 1284
    assert leeds.no_exc_20week_rate == Decimal("12.291")
    assert leeds.symbols == {}
    kirklees_2014 = PublishedLAStatistic.objects.get(local_authority__dfe_code="382", year=2014)
    assert kirklees_2014.inreq_ehc is None
    assert kirklees_2014.symbol_for("inreq_ehc") == "z"
    assert kirklees_2014.no_exc_20week_rate == Decimal("85.700")
    norfolk = PublishedLAStatistic.objects.get(local_authority__name="Norfolk", year=2022)
    assert norfolk.no_exc_20week_rate is None
    assert norfolk.symbols["no_exc_20week_rate"] == "x"
    assert norfolk.inreq_ehc == 2093
    # Barnsley published under its old code until 2022: joined to that (terminated) authority.
    assert (
        PublishedLAStatistic.objects.get(source_ons_code="E08000016", year=2022).local_authority.status
        == "terminated"
    )


def test_suppressed_values_are_null_and_flagged(loaded, tmp_path):
    header = (
        "time_period,geographic_level,new_la_code,old_la_code,la_name,inreq_ehc,assessments,ass_refused_ehc,"
        "new_all_ehc,no_exc_20week_ehc,tot_no_exc_ehc,no_exc_20week_rate,inc_exc_20week_rate,total_mediation,"
        "total_tribunal,discontinued_total,personal_budgets"
    )
    rows = [
        "2023,Local authority,E08000035,383,Leeds,c,40,z,35,30,33, 90.909,x,c,2,1,low",
        "2023,Regional,,,Yorkshire and The Humber,1,1,1,1,1,1,1,1,1,1,1,1",
        # No ONS match: joins by DfE code, preferring the live authority.
        "2023,Local authority,E99999999,370,Barnsley,5,5,5,5,5,5,100,100,0,0,0,0",
    ]
    (tmp_path / "sen2_mi.csv").write_text("\ufeff" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert published_statistics_load(directory=tmp_path) == 2
    statistic = PublishedLAStatistic.objects.get(local_authority__ons_code="E08000035", year=2023)
    assert statistic.inreq_ehc is None
    assert statistic.total_mediation is None
    assert statistic.has_suppressed is True
    assert statistic.symbols == {
        "inreq_ehc": "c",
        "ass_refused_ehc": "z",
        "inc_exc_20week_rate": "x",
        "total_mediation": "c",
        "personal_budgets": "low",
    }
    assert statistic.no_exc_20week_rate == Decimal("90.909")
    assert (
        PublishedLAStatistic.objects.get(source_ons_code="E99999999").local_authority.ons_code == "E08000038"
    )


@pytest.mark.parametrize(
    ("figure", "display", "status"),
    [
        (Figure(None, "c"), "suppressed", "suppressed"),
        (Figure(None, "z"), "not applicable", "not applicable"),
        (Figure(None, "x"), "not available", "not available"),
        (Figure(1284), "1,284", "published"),
        (Figure(Decimal("12.291")), "12.3", "published"),
    ],
)
def test_figures_say_honestly_why_there_is_no_number(figure, display, status):
    assert figure.display == display
    assert figure.status == status
