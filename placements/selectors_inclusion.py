"""Reads of local inclusion plans that other parts of the service depend on (tailored lists, dashboards).

The plan in force for a partnership on a day is its approved version whose period holds that day (the
latest approved, if a later approval replaced an earlier one). Before a partnership's plan is approved, no
plan is in force: the green paper (ch.2 §26) says the new placement rules apply only after sign-off.
"""

from dataclasses import dataclass, field
from datetime import date

from partnerships import rls

from .models import InclusionPlan, SufficiencyLine


@dataclass(frozen=True)
class PlannedPlaces:
    """The places a plan in force commissions in the year holding a given day."""

    plan: InclusionPlan
    year: int  # 0 for the plan's first year, up to 3
    places: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, need code or '') -> places

    def for_need(self, category: str, need_codes) -> int:
        """Places of a category for any of these needs, plus those planned for any type of need."""
        total = self.places.get((category, ""), 0)
        for code in set(need_codes):
            total += self.places.get((category, code), 0)
        return total

    def plans_category(self, category: str) -> bool:
        return any(key[0] == category and value > 0 for key, value in self.places.items())


def plan_in_force(partnership_id: int, on: date) -> InclusionPlan | None:
    return (
        InclusionPlan.objects.filter(
            partnership_id=partnership_id,
            status=InclusionPlan.Status.APPROVED,
            period_start__lte=on,
            period_end__gte=on,
        )
        .select_related("standards_version")
        .order_by("-number")
        .first()
    )


def plan_year(plan: InclusionPlan, on: date) -> int:
    """Which year of the plan a day falls in (0 to 3; later days count as the last year)."""
    years = (on.year - plan.period_start.year) - (
        (on.month, on.day) < (plan.period_start.month, plan.period_start.day)
    )
    return max(0, min(3, years))


def planned_places(partnership_id: int, on: date) -> PlannedPlaces | None:
    """The places the plan in force on ``on`` commissions that year, or None when no plan is in force."""
    plan = plan_in_force(partnership_id, on)
    if plan is None:
        return None
    year = plan_year(plan, on)
    places = {
        (row["category"], row["need_code"]): row[f"places_year_{year}"]
        for row in SufficiencyLine.objects.filter(plan=plan).values(
            "category", "need_code", f"places_year_{year}"
        )
    }
    return PlannedPlaces(plan=plan, year=year, places=places)


# The pages' reads (docs/adr/0014) --------------------------------------------------------------------------


def plan_versions(partnership_id: int) -> list[InclusionPlan]:
    """Every version of a partnership's plan, newest first (one query)."""
    return list(
        InclusionPlan.objects.filter(partnership_id=partnership_id)
        .select_related("standards_version")
        .order_by("-number")
    )


def latest_version(partnership_id: int) -> InclusionPlan | None:
    return InclusionPlan.objects.filter(partnership_id=partnership_id).order_by("-number").first()


@dataclass
class SectionView:
    section: object
    standard: object
    newer_version: int | None = None  # the current standards version, when it changed this standard
    removed: bool = False
    comments: list = field(default_factory=list)


@dataclass
class PlanDetail:
    plan: InclusionPlan
    sections: list[SectionView]
    lines: list[SufficiencyLine]
    sign_offs: list
    required: list  # (partner, icb, label, sign-off or None)
    reviews: list  # comments on the whole plan, decisions and responses
    current_standards: object


def plan_detail(plan: InclusionPlan) -> PlanDetail:
    """Everything a plan version's pages show, in a fixed number of queries."""
    from .models import InclusionPlanReview, InclusionPlanSection, InclusionPlanSignOff, Standard
    from .selectors_standards import changed_fields, current_version
    from .services_inclusion import required_sign_offs

    sections = list(InclusionPlanSection.objects.filter(plan=plan).select_related("standard"))
    current = current_version()
    newer: dict[str, Standard] = {}
    if current is not None and current.number > plan.standards_version.number:
        newer = {
            s.code: s
            for s in Standard.objects.filter(version=current, code__in=[x.standard.code for x in sections])
        }
    reviews = list(
        InclusionPlanReview.objects.filter(plan=plan)
        .select_related("author", "section__standard")
        .order_by("created_at", "pk")
    )
    views = []
    for section in sections:
        view = SectionView(section=section, standard=section.standard)
        if newer or (current is not None and current.number > plan.standards_version.number):
            now = newer.get(section.standard.code)
            if now is None:
                view.removed, view.newer_version = True, current.number
            elif changed_fields(section.standard, now):
                view.newer_version = current.number
        view.comments = [r for r in reviews if r.section_id == section.pk]
        views.append(view)
    sign_offs = list(InclusionPlanSignOff.objects.filter(plan=plan).select_related("icb", "recorded_by"))
    signed = {(s.partner, s.icb_id): s for s in sign_offs}
    required = [
        (partner, icb, label, signed.get((partner, icb.pk if icb else None)))
        for partner, icb, label in required_sign_offs(plan)
    ]
    return PlanDetail(
        plan=plan,
        sections=views,
        lines=list(SufficiencyLine.objects.filter(plan=plan)),
        sign_offs=sign_offs,
        required=required,
        reviews=[r for r in reviews if r.section_id is None],
        current_standards=current,
    )


def awaiting_review(partnership_ids) -> list[InclusionPlan]:
    """Submitted versions of these partnerships' plans, oldest submission first (one query)."""
    return list(
        InclusionPlan.objects.filter(
            partnership_id__in=list(partnership_ids), status=InclusionPlan.Status.SUBMITTED
        )
        .select_related("partnership", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def published_plan(partnership_id: int) -> InclusionPlan | None:
    """The approved version published for families (the latest approval)."""
    return (
        InclusionPlan.objects.filter(partnership_id=partnership_id, status=InclusionPlan.Status.APPROVED)
        .select_related("standards_version")
        .order_by("-number")
        .first()
    )


def earlier_published(partnership_id: int) -> list[InclusionPlan]:
    """Approved versions a later approval replaced, newest first."""
    return list(
        InclusionPlan.objects.filter(
            partnership_id=partnership_id, status=InclusionPlan.Status.SUPERSEDED, published_at__isnull=False
        ).order_by("-number")
    )


# Sufficiency: places planned against demand --------------------------------------------------------------

UNKNOWN_NEED = ""
NOT_PLACED = "not_placed"  # a maintained plan naming no setting, or naming alternative provision
RESOURCED_WORDS = ("resourced", "unit", "base")


@dataclass
class SufficiencyRow:
    category: str
    category_label: str
    need_code: str
    need_label: str
    planned: list[int]  # years 0 to 3
    demand: list[int]  # years 0 to 3
    unit_cost: object = None

    @property
    def gaps(self) -> list[int]:
        """Places planned minus demand each year: negative is a shortfall."""
        return [p - d for p, d in zip(self.planned, self.demand, strict=True)]

    @property
    def years(self) -> list[dict]:
        return [
            {"year": y, "planned": p, "demand": d, "gap": p - d, "shortfall": max(0, d - p)}
            for y, (p, d) in enumerate(zip(self.planned, self.demand, strict=True))
        ]

    @property
    def has_shortfall(self) -> bool:
        return any(g < 0 for g in self.gaps)


@dataclass
class Projection:
    growth: float  # yearly growth, 0.05 for 5%
    from_year: int | None
    to_year: int | None
    new_plans_from: int | None
    new_plans_to: int | None

    @property
    def percent(self) -> str:
        return f"{self.growth * 100:+.1f}%"


@dataclass
class Sufficiency:
    plan: InclusionPlan
    rows: list[SufficiencyRow]
    maintained_plans: int
    not_placed: int  # maintained plans naming no setting or alternative provision
    awaiting_decision: int  # open assessment requests: demand whose kind of place is not yet known
    projection: Projection

    @property
    def shortfalls(self) -> list[SufficiencyRow]:
        return [row for row in self.rows if row.has_shortfall]


def _growth(partnership_id: int) -> Projection:
    """The yearly growth in new EHC plans made by the partnership's LAs over the two latest published
    SEN2 years (one query). No growth is assumed when fewer than two years are published."""
    from dashboards.models import PublishedLAStatistic

    by_year: dict[int, int] = {}
    for row in PublishedLAStatistic.objects.filter(
        local_authority__partnerships__pk=partnership_id, new_all_ehc__isnull=False
    ).values("year", "new_all_ehc"):
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["new_all_ehc"]
    years = sorted(by_year)[-2:]
    if len(years) < 2 or not by_year[years[0]]:
        return Projection(growth=0.0, from_year=None, to_year=None, new_plans_from=None, new_plans_to=None)
    before, after = by_year[years[0]], by_year[years[1]]
    return Projection(
        growth=after / before - 1,
        from_year=years[0],
        to_year=years[1],
        new_plans_from=before,
        new_plans_to=after,
    )


def _demand_category(setting_type: str | None, plan_setting_type: str | None, resourced: bool) -> str:
    from partnerships.models import Setting

    from .categories import RESOURCED_PROVISION, category_of

    if not setting_type:
        return NOT_PLACED
    category = category_of(Setting(setting_type=setting_type)) or NOT_PLACED
    text = (plan_setting_type or "").lower()
    if setting_type == Setting.Type.MAINSTREAM and resourced and any(w in text for w in RESOURCED_WORDS):
        return RESOURCED_PROVISION
    return category


def sufficiency(plan: InclusionPlan) -> Sufficiency:
    """Places planned by category and need against the demand from the area's maintained EHC plans.

    Demand now: each maintained plan (status final) counts once, under the category of its named setting
    (resourced provision when the plan's section I says so and the school has it) and the primary need
    in section B of the version in force. Years 1 to 3 project that forward at the yearly growth in new
    EHC plans in the published SEN2 statistics. Open assessment requests are shown apart: their kind of
    place is not yet known. Six queries whatever the number of plans (two set the fence); no child is read or shown.
    """
    # The counts are read inside the plan's own partnership's fence (row-level security, docs/adr/0003):
    # the caller may read the plan (policy), and only these numbers leave, never a row about a child. A DfE
    # officer's request has no tenant of its own, so without this the database would show them nothing.
    with rls.tenant_scope([plan.partnership_id]):
        return _sufficiency(plan)


def _sufficiency(plan: InclusionPlan) -> "Sufficiency":
    from ehcp.models import AssessmentRequest, Plan
    from partnerships.models.tenancy import SENNeed

    from .categories import CATEGORIES

    need_labels = dict(SENNeed.choices)
    rows_now: dict[tuple[str, str], int] = {}
    maintained = 0

    for row in Plan.objects.filter(partnership_id=plan.partnership_id, status=Plan.Status.FINAL).values(
        "named_setting__setting_type",
        "named_setting__has_resourced_provision",
        "named_setting__has_sen_unit",
        "current_version__content__B__needs",
        "current_version__content__I__setting_type",
    ):
        maintained += 1
        needs = row["current_version__content__B__needs"] or []
        primary = next(
            (n.get("code", "") for n in needs if isinstance(n, dict) and n.get("rank") == "primary"), ""
        )
        category = _demand_category(
            row["named_setting__setting_type"],
            row["current_version__content__I__setting_type"],
            bool(row["named_setting__has_resourced_provision"] or row["named_setting__has_sen_unit"]),
        )
        key = (category, primary if primary in need_labels else UNKNOWN_NEED)
        rows_now[key] = rows_now.get(key, 0) + 1
    awaiting = AssessmentRequest.objects.filter(
        partnership_id=plan.partnership_id, stage__in=AssessmentRequest.OPEN_STAGES
    ).count()
    projection = _growth(plan.partnership_id)
    lines = {(line.category, line.need_code): line for line in SufficiencyLine.objects.filter(plan=plan)}

    def projected(now: int) -> list[int]:
        return [round(now * (1 + projection.growth) ** year) if year else now for year in range(4)]

    not_placed = sum(count for (category, _), count in rows_now.items() if category == NOT_PLACED)
    rows: list[SufficiencyRow] = []
    for category, label in CATEGORIES.items():
        specific = {need for (cat, need) in lines if cat == category and need}
        demand_needs = {need for (cat, need) in rows_now if cat == category}
        for need in sorted(specific | (demand_needs - specific if (category, "") not in lines else set())):
            now = rows_now.get((category, need), 0)
            line = lines.get((category, need))
            rows.append(
                SufficiencyRow(
                    category=category,
                    category_label=label,
                    need_code=need,
                    need_label=need_labels.get(need, "Primary need not recorded"),
                    planned=[line.places_in_year(y) for y in range(4)] if line else [0, 0, 0, 0],
                    demand=projected(now),
                    unit_cost=line.unit_cost if line else None,
                )
            )
        if (category, "") in lines:
            rest = sum(
                count for (cat, need), count in rows_now.items() if cat == category and need not in specific
            )
            line = lines[(category, "")]
            rows.append(
                SufficiencyRow(
                    category=category,
                    category_label=label,
                    need_code="",
                    need_label="Any type of need",
                    planned=[line.places_in_year(y) for y in range(4)],
                    demand=projected(rest),
                    unit_cost=line.unit_cost,
                )
            )
    return Sufficiency(
        plan=plan,
        rows=rows,
        maintained_plans=maintained,
        not_placed=not_placed,
        awaiting_decision=awaiting,
        projection=projection,
    )
