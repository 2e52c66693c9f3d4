"""Reads for the regional and national dashboards, with the access policy applied.

DfE regional officers see their own region(s); DfE national analysts see every region; nobody else
sees these pages. Each dashboard is built in a fixed number of queries whatever the number of local
authorities or snapshots: authorities with their partnerships, their latest published statistics and
the latest snapshot of each partnership are each read once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count as DbCount
from django.db.models import F, Prefetch, Q, QuerySet

from partnerships.models import CaseParticipant, LocalAuthority, Partnership, Region, Setting, User
from partnerships.policy import AccessDenied, actor_for, can_see_region

from .models import SYMBOL_MEANINGS, PartnershipSnapshot, PublishedLAStatistic
from .services import NO_SETTING

SEN2_SOURCE = "SEN2 published statistics, DfE"

# The published measures each dashboard shows, with what they mean (shown beside the tables).
SEN2_MEASURES: dict[str, tuple[str, str]] = {
    "inreq_ehc": (
        "Initial requests",
        "Initial requests for an education, health and care (EHC) needs assessment received in the year.",
    ),
    "ass_refused_ehc": (
        "Requests refused",
        "Initial requests where the local authority decided not to carry out an EHC needs assessment.",
    ),
    "assessments": ("Assessments", "EHC needs assessments carried out in the year."),
    "new_all_ehc": ("New EHC plans", "EHC plans made for the first time in the year."),
    "no_exc_20week_rate": (
        "Issued within 20 weeks (%)",
        "Percentage of new EHC plans issued within the statutory 20 weeks, excluding cases where an "
        "exception to the time limit applied.",
    ),
    "inc_exc_20week_rate": (
        "Within 20 weeks including exceptions (%)",
        "Percentage of new EHC plans issued within 20 weeks, counting every case including exceptions.",
    ),
    "total_mediation": ("Mediation cases", "Mediation cases held in the year."),
    "total_tribunal": (
        "Tribunal appeals",
        "Appeals registered with the First-tier Tribunal (SEND), whether or not mediation came first.",
    ),
    "discontinued_total": ("Plans ceased", "EHC plans that stopped being maintained in the year."),
    "personal_budgets": ("Personal budgets", "EHC plans with a personal budget."),
}

# The measures the pages show in their tables (the API returns every measure above).
PAGE_MEASURES = (
    "inreq_ehc",
    "ass_refused_ehc",
    "new_all_ehc",
    "no_exc_20week_rate",
    "total_mediation",
    "total_tribunal",
)

SUMMED_MEASURES = (
    "inreq_ehc",
    "ass_refused_ehc",
    "assessments",
    "new_all_ehc",
    "total_mediation",
    "total_tribunal",
    "discontinued_total",
    "personal_budgets",
)


def plan_quality(*, partnership_ids: list[int], since: date, until: date) -> dict:
    """Final and amended plans issued between ``since`` and ``until`` (inclusive), for the rollup: how
    many, how many passed every quality check, and how many failed each check (a version counts once per
    check however many findings it has). One aggregate query, from ``PlanVersion.quality_issues`` as
    stored when each version was issued, so it costs the same for one partnership or all of England."""
    from ehcp import quality
    from ehcp.models import PlanVersion

    codes = [check.code for check in quality.checks()]
    versions = PlanVersion.objects.filter(
        partnership_id__in=partnership_ids,
        status=PlanVersion.Status.ISSUED,
        kind__in=[PlanVersion.Kind.FINAL, PlanVersion.Kind.AMENDED],
        issued_on__gte=since,
        issued_on__lte=until,
    )
    counts = versions.aggregate(
        plans=DbCount("pk"),
        passed=DbCount("pk", filter=Q(quality_issues=[])),
        **{
            f"check_{code}": DbCount("pk", filter=Q(quality_issues__contains=[{"code": code}]))
            for code in codes
        },
    )
    return {
        "plans": counts["plans"],
        "passed": counts["passed"],
        "rate": _percent(counts["passed"], counts["plans"]),
        "by_check": {code: counts[f"check_{code}"] for code in codes},
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class QualityCheckCount:
    code: str
    title: str
    count: int


@dataclass(frozen=True)
class PlanQuality:
    """Plans issued in the 12 months to a snapshot that passed every quality check, and the failures
    per check (for a partnership, or summed over a region)."""

    plans: int
    passed: int
    rate: float | None
    by_check: list[QualityCheckCount]


def _plan_quality(figures: list[dict]) -> PlanQuality | None:
    """One partnership's figures, or several summed (the rate recomputed from the counts)."""
    figures = [f for f in figures if f]
    if not figures:
        return None
    from ehcp import quality

    plans = sum(f.get("plans", 0) for f in figures)
    passed = sum(f.get("passed", 0) for f in figures)
    return PlanQuality(
        plans=plans,
        passed=passed,
        rate=_percent(passed, plans),
        by_check=[
            QualityCheckCount(
                code=check.code,
                title=check.title,
                count=sum(int(f.get("by_check", {}).get(check.code, 0)) for f in figures),
            )
            for check in quality.checks()
        ],
    )


@dataclass(frozen=True)
class Figure:
    """One published number, or the reason there is none (DfE's symbol and what it means)."""

    value: int | Decimal | None
    symbol: str = ""

    @property
    def status(self) -> str:
        return "published" if self.value is not None else SYMBOL_MEANINGS.get(self.symbol, "not available")

    @property
    def display(self) -> str:
        if self.value is None:
            return self.status
        if isinstance(self.value, Decimal):
            return f"{self.value:.1f}"
        return f"{self.value:,}"


@dataclass(frozen=True)
class Sen2Figures:
    """A local authority's latest published SEN2 figures."""

    year: int
    published_for: str
    figures: dict[str, Figure]
    no_exc_20week_ehc: int | None
    tot_no_exc_ehc: int | None


@dataclass(frozen=True)
class Count:
    label: str
    key: str
    count: int


@dataclass(frozen=True)
class SnapshotFigures:
    """A partnership's latest snapshot from this service (counts only)."""

    partnership_id: int
    on_date: date
    computed_at: datetime
    children_count: int
    children_with_parental_responsibility: int
    settings_count: int
    children_by_setting_type: list[Count]
    children_with_role: list[Count]
    settings_by_type: list[Count]
    assessments: dict
    plan_quality: PlanQuality | None = None
    redress: dict | None = None

    @property
    def by_setting_type(self) -> list[tuple[str, int, int | None]]:
        """(setting type, children whose current setting is of it, open settings of it on the register)."""
        settings = {item.key: item.count for item in self.settings_by_type}
        return [(item.label, item.count, settings.get(item.key)) for item in self.children_by_setting_type]


@dataclass(frozen=True)
class PartnershipSummary:
    name: str
    slug: str


@dataclass
class LocalAuthorityRow:
    """One local authority: its codes, its partnership on this service, its figures."""

    name: str
    dfe_code: str
    ons_code: str
    partnership: PartnershipSummary | None
    snapshot: SnapshotFigures | None
    sen2: Sen2Figures | None


@dataclass(frozen=True)
class Total:
    """A sum over local authorities, saying how many of them published a number."""

    value: int | Decimal | None
    published_by: int
    out_of: int

    @property
    def display(self) -> str:
        if self.value is None:
            return "not available"
        if isinstance(self.value, Decimal):
            return f"{self.value:.1f}"
        return f"{self.value:,}"


@dataclass
class Totals:
    local_authorities: int
    partnerships: int
    children_count: int
    settings_count: int
    sen2: dict[str, Total]
    plan_quality: PlanQuality | None = None
    redress: dict | None = None


@dataclass
class RegionDashboard:
    region_id: int
    code: str
    name: str
    rows: list[LocalAuthorityRow]
    totals: Totals
    snapshot_at: datetime | None
    sen2_year: int | None


@dataclass
class NationalDashboard:
    regions: list[RegionDashboard]
    totals: Totals
    snapshot_at: datetime | None
    sen2_year: int | None
    measures: dict[str, tuple[str, str]] = field(default_factory=lambda: SEN2_MEASURES)


def regions_visible_to(*, user: User) -> QuerySet[Region]:
    """The regions whose dashboards this person may open (none for anyone without a DfE role)."""
    actor = actor_for(user)
    if actor.is_national:
        return Region.objects.filter(code__startswith="E12").order_by("code")
    return Region.objects.filter(pk__in=actor.region_ids).order_by("code")


def region_dashboard(*, user: User, region_id: int) -> RegionDashboard:
    """One region's live local authorities with their figures. Raises ``AccessDenied`` unless the
    person is a national analyst or a regional officer for this region; ``Region.DoesNotExist`` if
    there is no such region."""
    if not can_see_region(user, region_id):
        raise AccessDenied(
            "Regional dashboards are for DfE regional officers of the region and national analysts"
        )
    region = Region.objects.get(pk=region_id)
    rows_by_region = _rows(LocalAuthority.objects.filter(region_id=region_id))
    return _region(region, rows_by_region.get(region_id, []))


def national_dashboard(*, user: User) -> NationalDashboard:
    """Every region's totals and local authorities. Raises ``AccessDenied`` unless a national analyst."""
    if not actor_for(user).is_national:
        raise AccessDenied("The national dashboard is for DfE national analysts")
    regions = list(Region.objects.filter(code__startswith="E12").order_by("code"))
    rows_by_region = _rows(LocalAuthority.objects.filter(region__in=regions))
    dashboards = [_region(region, rows_by_region.get(region.pk, [])) for region in regions]
    all_rows = [row for dashboard in dashboards for row in dashboard.rows]
    return NationalDashboard(
        regions=dashboards,
        totals=_totals(all_rows),
        snapshot_at=_latest_snapshot_at(all_rows),
        sen2_year=_latest_year(all_rows),
    )


def _region(region: Region, rows: list[LocalAuthorityRow]) -> RegionDashboard:
    return RegionDashboard(
        region_id=region.pk,
        code=region.code,
        name=region.name,
        rows=rows,
        totals=_totals(rows),
        snapshot_at=_latest_snapshot_at(rows),
        sen2_year=_latest_year(rows),
    )


def _rows(authorities: QuerySet[LocalAuthority]) -> dict[int, list[LocalAuthorityRow]]:
    """Rows for the live authorities in ``authorities``, grouped by region id, in three or four queries."""
    las = list(
        authorities.filter(status=LocalAuthority.Status.LIVE)
        .order_by("name")
        .prefetch_related(Prefetch("partnerships", queryset=Partnership.objects.order_by("name")))
    )
    la_ids = [la.pk for la in las]
    statistics = _latest_statistics(la_ids)
    partnership_ids = {p.pk for la in las for p in la.partnerships.all()}
    snapshots = (
        {
            snapshot.partnership_id: _snapshot_figures(snapshot)
            for snapshot in PartnershipSnapshot.objects.filter(partnership_id__in=partnership_ids)
            .order_by("partnership_id", "-on_date")
            .distinct("partnership_id")
        }
        if partnership_ids
        else {}
    )
    rows: dict[int, list[LocalAuthorityRow]] = defaultdict(list)
    for la in las:
        partnerships = la.partnerships.all()
        partnership = partnerships[0] if partnerships else None
        rows[la.region_id].append(
            LocalAuthorityRow(
                name=la.name,
                dfe_code=la.dfe_code,
                ons_code=la.ons_code,
                partnership=PartnershipSummary(name=partnership.name, slug=partnership.slug)
                if partnership
                else None,
                snapshot=snapshots.get(partnership.pk) if partnership else None,
                sen2=statistics.get(la.pk),
            )
        )
    return rows


def _latest_statistics(la_ids: list[int]) -> dict[int, Sen2Figures]:
    """Each authority's latest published year. An authority recoded under the same DfE code (Barnsley,
    North Yorkshire…) also takes its predecessor's years; a merger or split does not."""
    if not la_ids:
        return {}
    statistics = PublishedLAStatistic.objects.filter(
        Q(local_authority_id__in=la_ids)
        | Q(
            local_authority__superseded_by_id__in=la_ids,
            local_authority__dfe_code=F("local_authority__superseded_by__dfe_code"),
        )
    ).select_related("local_authority")
    chosen: dict[int, PublishedLAStatistic] = {}
    for statistic in statistics:
        own = statistic.local_authority_id in la_ids
        target = statistic.local_authority_id if own else statistic.local_authority.superseded_by_id
        current = chosen.get(target)
        if current is None or statistic.year > current.year or (statistic.year == current.year and own):
            chosen[target] = statistic
    return {target: _sen2_figures(statistic) for target, statistic in chosen.items()}


def _sen2_figures(statistic: PublishedLAStatistic) -> Sen2Figures:
    return Sen2Figures(
        year=statistic.year,
        published_for=f"{statistic.local_authority.name} ({statistic.source_ons_code})",
        figures={
            measure: Figure(value=getattr(statistic, measure), symbol=statistic.symbol_for(measure))
            for measure in SEN2_MEASURES
        },
        no_exc_20week_ehc=statistic.no_exc_20week_ehc,
        tot_no_exc_ehc=statistic.tot_no_exc_ehc,
    )


def _counts(values: dict[str, int], labels: dict[str, str]) -> list[Count]:
    return [Count(label=label, key=key, count=int(values.get(key, 0))) for key, label in labels.items()]


def _snapshot_figures(snapshot: PartnershipSnapshot) -> SnapshotFigures:
    setting_labels = dict(Setting.Type.choices)
    return SnapshotFigures(
        partnership_id=snapshot.partnership_id,
        on_date=snapshot.on_date,
        computed_at=snapshot.computed_at,
        children_count=snapshot.children_count,
        children_with_parental_responsibility=snapshot.children_with_parental_responsibility,
        settings_count=snapshot.settings_count,
        children_by_setting_type=_counts(
            snapshot.children_by_setting_type, {**setting_labels, NO_SETTING: "No current setting"}
        ),
        children_with_role=_counts(snapshot.children_with_role, dict(CaseParticipant.Role.choices)),
        settings_by_type=_counts(snapshot.settings_by_type, setting_labels),
        assessments=snapshot.assessments or {},
        plan_quality=_plan_quality([snapshot.plan_quality]),
        redress=_redress(snapshot.redress),
    )


def _redress(figures: dict | None) -> dict | None:
    """The snapshot's redress counts, with the reasons labelled for the page (ADR 0015)."""
    if not figures:
        return None
    from redress.models import Dispute

    labels = dict(Dispute.Reason.choices)
    rows = [(labels.get(code, code), count) for code, count in figures.get("reasons", {}).items()]
    return {**figures, "reason_rows": rows}


def _totals(rows: list[LocalAuthorityRow]) -> Totals:
    """Sums over the rows. Each partnership counts once however many of the rows' authorities it spans;
    the 20-week percentage is recomputed from the counts behind it, not averaged."""
    snapshots = {row.snapshot.partnership_id: row.snapshot for row in rows if row.snapshot}
    partnerships = {row.partnership.slug for row in rows if row.partnership}
    sen2: dict[str, Total] = {}
    for measure in SUMMED_MEASURES:
        values = [row.sen2.figures[measure].value for row in rows if row.sen2]
        published = [v for v in values if v is not None]
        sen2[measure] = Total(
            value=sum(published) if published else None, published_by=len(published), out_of=len(rows)
        )
    pairs = [
        (row.sen2.no_exc_20week_ehc, row.sen2.tot_no_exc_ehc)
        for row in rows
        if row.sen2 and row.sen2.no_exc_20week_ehc is not None and row.sen2.tot_no_exc_ehc
    ]
    within, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    sen2["no_exc_20week_rate"] = Total(
        value=(Decimal(within * 100) / Decimal(total)).quantize(Decimal("0.1")) if total else None,
        published_by=len(pairs),
        out_of=len(rows),
    )
    return Totals(
        local_authorities=len(rows),
        partnerships=len(partnerships),
        children_count=sum(s.children_count for s in snapshots.values()),
        settings_count=sum(s.settings_count for s in snapshots.values()),
        sen2=sen2,
        plan_quality=_plan_quality(
            [
                {
                    "plans": s.plan_quality.plans,
                    "passed": s.plan_quality.passed,
                    "by_check": {item.code: item.count for item in s.plan_quality.by_check},
                }
                for s in snapshots.values()
                if s.plan_quality
            ]
        ),
        redress=_redress_totals([s.redress for s in snapshots.values() if s.redress]),
    )


REDRESS_COUNTS = (
    "appealable_decisions",
    "appeals",
    "mediations",
    "disagreements",
    "complaints",
    "ombudsman_referrals",
    "resolved",
    "open_without_place",
)


def _redress_totals(figures: list[dict]) -> dict | None:
    """Redress summed over the partnerships (ADR 0015): counts added, rates recomputed from the sums; a
    median cannot be added up, so the region has none."""
    if not figures:
        return None
    total = {key: sum(int(f.get(key, 0)) for f in figures) for key in REDRESS_COUNTS}
    decisions = total["appealable_decisions"]
    for rate, part in (("appeal_rate", "appeals"), ("mediation_rate", "mediations")):
        total[rate] = round(total[part] * 100 / decisions, 1) if decisions else None
    for group in ("outcomes", "reasons"):
        keys = {k for f in figures for k in f.get(group, {})}
        total[group] = {k: sum(int(f.get(group, {}).get(k, 0)) for f in figures) for k in sorted(keys)}
    total["median_days_to_resolution"] = None
    return _redress(total)


def _latest_snapshot_at(rows: list[LocalAuthorityRow]) -> datetime | None:
    times = [row.snapshot.computed_at for row in rows if row.snapshot]
    return max(times) if times else None


def _latest_year(rows: list[LocalAuthorityRow]) -> int | None:
    years = [row.sen2.year for row in rows if row.sen2]
    return max(years) if years else None
