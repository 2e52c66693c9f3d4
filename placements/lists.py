"""Tailored lists of settings: a pure function from recorded inputs to entries with reasons (docs/adr/0016).

Nothing here reads the database or the clock: the service gathers the inputs (the child's needs, age and
home location, the candidate settings, the local inclusion plan in force) and persists the result, so the
same inputs always give the same list, in the same order, with the same reasons.

One entry per setting and category: a mainstream school with resourced provision or an SEN unit is on the
list twice, once for its mainstream places and once for its specialist places, since the plan commissions
them separately and the naming decision uses the one chosen.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from partnerships.models.tenancy import SENNeed

from . import categories

NEED_LABELS = {
    "SPLD": "specific learning difficulties",
    "MLD": "moderate learning difficulties",
    "SLD": "severe learning difficulties",
    "PMLD": "profound and multiple learning difficulties",
    "SEMH": "social, emotional and mental health needs",
    "SLCN": "speech, language and communication needs",
    "ASD": "autism (ASD)",
    "HI": "hearing impairment",
    "VI": "vision impairment",
    "MSI": "multi-sensory impairment",
    "PD": "physical disability",
    "DS": "Down syndrome",
    "OTH": "other difficulties or disabilities",
}
assert set(NEED_LABELS) == set(SENNeed.values)

GROUP_ORDER = tuple(categories.MIX_GROUPS)
GROUP_LABELS = {
    "mainstream": "Mainstream",
    "specialist": "Specialist",
    "independent": "Independent",
    "": "Not named from a list",
}


@dataclass(frozen=True)
class Candidate:
    """A setting on a register, as the list needs it."""

    setting_id: int
    name: str
    urn: int | None
    partnership_id: int
    setting_type: str
    categories: tuple[str, ...]  # categories.categories_of(setting); empty for alternative provision
    low_age: int
    high_age: int
    needs_served: tuple[str, ...]
    easting: int | None
    northing: int | None
    capacity: int | None
    pupils_on_roll: int | None
    specialist_capacity: int | None  # resourced provision plus SEN unit places
    specialist_on_roll: int | None
    annual_place_cost: Decimal | None = None


@dataclass(frozen=True)
class Inputs:
    partnership_id: int
    child_first_name: str
    need_codes: tuple[str, ...]  # primary first
    age: int | None  # at the start of the next school year
    school_year: str  # "2027 to 2028"
    phase_label: str
    home: tuple[int, int] | None  # easting, northing
    max_distance_m: int
    planned: dict[tuple[str, str], int] | None  # None: no local inclusion plan in force
    plan_gated: tuple[str, ...]
    unit_costs: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (category, need or '')
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    excludes: bool = False

    def as_dict(self) -> dict:
        return {"code": self.code, "text": self.text, "excludes": self.excludes}


@dataclass(frozen=True)
class Entry:
    setting_id: int
    name: str
    category: str
    group: str
    included: bool
    is_full: bool
    out_of_area: bool
    distance_m: int | None
    reasons: tuple[Reason, ...]
    cost_per_year: Decimal | None
    position: int = 0


@dataclass(frozen=True)
class Result:
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]


def distance_m(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Straight-line distance between two British National Grid points, in whole metres."""
    return round(math.hypot(a[0] - b[0], a[1] - b[1]))


def km(metres: int) -> str:
    return f"{metres / 1000:.1f} km"


def need_words(codes) -> str:
    labels = [NEED_LABELS.get(code, code) for code in codes]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _capacity(candidate: Candidate, category: str) -> tuple[int | None, int | None]:
    if category == categories.RESOURCED_PROVISION:
        return candidate.specialist_capacity, candidate.specialist_on_roll
    return candidate.capacity, candidate.pupils_on_roll


def _cost(inputs: Inputs, candidate: Candidate, category: str) -> Decimal | None:
    if candidate.annual_place_cost is not None:
        return candidate.annual_place_cost
    for code in (*inputs.need_codes, ""):
        if (category, code) in inputs.unit_costs:
            return inputs.unit_costs[(category, code)]
    return None


def _entry(inputs: Inputs, candidate: Candidate, category: str) -> Entry:
    reasons: list[Reason] = []
    group = categories.mix_group(category) if category else ""
    out_of_area = candidate.partnership_id != inputs.partnership_id
    name = inputs.child_first_name or "The child"

    # Alternative provision is commissioned by tier, not named from a list.
    if category not in categories.NAMEABLE:
        reasons.append(
            Reason(
                "not_nameable",
                "Alternative provision is arranged by the local authority, not named from a tailored list",
                True,
            )
        )

    # Types of need.
    if inputs.need_codes and category in categories.NAMEABLE:
        primary = inputs.need_codes[0]
        served = [code for code in inputs.need_codes if code in candidate.needs_served]
        if primary not in candidate.needs_served:
            reasons.append(
                Reason("need_not_served", f"Does not offer places for {need_words([primary])}", True)
            )
        else:
            reasons.append(Reason("need_served", f"Offers places for {need_words(served)}"))
            missing = [code for code in inputs.need_codes if code not in candidate.needs_served]
            if missing:
                reasons.append(
                    Reason("need_partly_served", f"Does not say it offers places for {need_words(missing)}")
                )

    # Age and phase. GIAS's statutory ages run from the age pupils start at to the age they reach in their
    # last year (a primary school is 4 to 11: its oldest pupils are 10 when their last year starts).
    if inputs.age is not None:
        if candidate.low_age <= inputs.age < candidate.high_age:
            reasons.append(
                Reason(
                    "age_fits",
                    f"Takes children aged {candidate.low_age} to {candidate.high_age} "
                    f"({inputs.phase_label} phase fits)",
                )
            )
        else:
            reasons.append(
                Reason(
                    "age_outside",
                    f"Takes children aged {candidate.low_age} to {candidate.high_age}; {name} will be "
                    f"{inputs.age} at the start of the {inputs.school_year} school year",
                    True,
                )
            )

    # Distance, in a straight line.
    distance = None
    if inputs.home is not None and candidate.easting is not None and candidate.northing is not None:
        distance = distance_m(inputs.home, (candidate.easting, candidate.northing))
        if distance > inputs.max_distance_m:
            reasons.append(
                Reason(
                    "too_far",
                    f"{km(distance)} from home in a straight line, further than the "
                    f"{km(inputs.max_distance_m)} the list covers",
                    True,
                )
            )
        else:
            reasons.append(Reason("distance", f"{km(distance)} from home in a straight line"))
    elif inputs.home is None:
        reasons.append(
            Reason("distance_unknown", "Distance from home not known: we do not know where home is")
        )
    else:
        reasons.append(
            Reason("distance_unknown", "Distance from home not known: we do not know where the setting is")
        )
    if out_of_area:
        reasons.append(Reason("out_of_area", "In another local area"))

    # The local inclusion plan in force.
    if inputs.planned is not None and category in inputs.plan_gated:
        places = inputs.planned.get((category, ""), 0) + sum(
            inputs.planned.get((category, code), 0) for code in set(inputs.need_codes)
        )
        if places <= 0:
            what = need_words(inputs.need_codes) if inputs.need_codes else "any type of need"
            reasons.append(
                Reason(
                    "not_commissioned",
                    f"The local inclusion plan does not commission {categories.CATEGORIES[category].lower()} "
                    f"places for {what}",
                    True,
                )
            )
        else:
            reasons.append(Reason("commissioned", "Places of this kind are in the local inclusion plan"))

    # Capacity: a full setting stays on the list, marked full (the family may still ask for it).
    capacity, on_roll = _capacity(candidate, category) if category else (None, None)
    is_full = capacity is not None and on_roll is not None and on_roll >= capacity
    if category in categories.NAMEABLE:
        if is_full:
            reasons.append(
                Reason("full", f"Full: no places at the moment ({on_roll} on roll, {capacity} places)")
            )
        elif capacity is not None and on_roll is not None:
            reasons.append(Reason("places", f"Has places: {on_roll} on roll, {capacity} places"))
        else:
            reasons.append(
                Reason("capacity_unknown", "The setting has not told us how many places it has free")
            )

    included = not any(reason.excludes for reason in reasons)
    return Entry(
        setting_id=candidate.setting_id,
        name=candidate.name,
        category=category,
        group=group,
        included=included,
        is_full=is_full,
        out_of_area=out_of_area,
        distance_m=distance,
        reasons=tuple(reasons),
        cost_per_year=_cost(inputs, candidate, category) if category else None,
    )


def _order(entry: Entry):
    group = GROUP_ORDER.index(entry.group) if entry.group in GROUP_ORDER else len(GROUP_ORDER)
    far = entry.distance_m if entry.distance_m is not None else 10**9
    return (not entry.included, group, far, entry.name, entry.setting_id, entry.category)


def generate(inputs: Inputs) -> Result:
    """The list for these inputs: entries on the list first (by group, distance, name, id), then those left
    off, each with its reasons; and the notes the family reads above the list."""
    entries = []
    for candidate in inputs.candidates:
        for category in candidate.categories or ("",):
            entries.append(_entry(inputs, candidate, category))
    ordered = sorted(entries, key=_order)
    entries = tuple(
        Entry(**{**entry.__dict__, "position": position}) for position, entry in enumerate(ordered, start=1)
    )
    notes = []
    if inputs.planned is None:
        notes.append(
            "The partnership's local inclusion plan is not approved yet, so no setting is left off because "
            "of it."
        )
    if inputs.home is None:
        notes.append("We do not know where home is, so no setting is left off for distance.")
    else:
        notes.append(
            f"Distances are measured in a straight line from home, not by road; the list covers settings up "
            f"to {km(inputs.max_distance_m)} away."
        )
    if not inputs.need_codes:
        notes.append("The plan does not give a type of need yet, so no setting is left off for need.")
    included_groups = {entry.group for entry in entries if entry.included}
    for group in GROUP_ORDER:
        if group not in included_groups:
            notes.append(f"No {GROUP_LABELS[group].lower()} setting meets the needs and limits above.")
    return Result(entries=entries, notes=tuple(notes))
