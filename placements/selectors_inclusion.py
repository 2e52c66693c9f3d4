"""Reads of local inclusion plans that other parts of the service depend on (tailored lists, dashboards).

The plan in force for a partnership on a day is its approved version whose period holds that day (the
latest approved, if a later approval replaced an earlier one). Before a partnership's plan is approved, no
plan is in force: the green paper (ch.2 §26) says the new placement rules apply only after sign-off.
"""

from dataclasses import dataclass, field
from datetime import date

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
