"""Reads for tailored lists, preferences, requests outside the list, consultations and naming (ADR 0016)."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from partnerships.models import Child, Setting
from partnerships.validators import normalise_postcode

from . import categories, lists, naming_rules, policy
from .models import (
    PlacementDecision,
    PlacementPreference,
    PlacementRequest,
    PostcodeLocation,
    SufficiencyLine,
    TailoredList,
    TailoredListEntry,
)
from .selectors_inclusion import planned_places

OPEN_REVIEW_STATUSES = ("planned", "arranged", "held", "reported")


def list_stage(plan) -> tuple[str, object] | None:
    """('draft', None) when the draft plan has been served; ('review', review) at an open review; else None."""
    from ehcp.models import AssessmentRequest, Plan, PlanReview

    if plan.status == Plan.Status.DRAFT:
        request = plan.request
        if (
            request is not None
            and request.stage == AssessmentRequest.Stage.DRAFT_PLAN
            and plan.draft_issued_on
        ):
            return ("draft", None)
        return None
    if plan.status == Plan.Status.FINAL:
        review = (
            PlanReview.objects.filter(plan=plan, status__in=OPEN_REVIEW_STATUSES)
            .order_by("due_by", "pk")
            .first()
        )
        if review is not None:
            return ("review", review)
    return None


def content_for_needs(plan) -> dict:
    """Section B as the LA has it now: the version being written, else the plan in force, else the latest."""
    from ehcp.models import PlanVersion

    version = (
        PlanVersion.objects.filter(plan=plan, status=PlanVersion.Status.WORKING).only("content").first()
        or (plan.current_version if plan.current_version_id else None)
        or PlanVersion.objects.filter(plan=plan).order_by("-number").only("content").first()
    )
    return version.content if version is not None else {}


def need_codes(content: dict) -> tuple[str, ...]:
    """The census need codes in section B, the primary need first, each once."""
    needs = content.get("B", {}).get("needs", [])
    ranked = sorted(
        (need for need in needs if need.get("code")),
        key=lambda need: {"primary": 0, "secondary": 1}.get(need.get("rank"), 2),
    )
    found: list[str] = []
    for need in ranked:
        if need["code"] not in found:
            found.append(need["code"])
    return tuple(found)


def next_school_year(on: date) -> tuple[date, str]:
    month, day = naming_rules.school_year_starts()
    start = date(on.year, month, day)
    if on >= start:
        start = date(on.year + 1, month, day)
    return start, f"{start.year} to {start.year + 1}"


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def home_location(child: Child) -> tuple[str, tuple[int, int] | None]:
    postcode = normalise_postcode(child.home_postcode or "")
    if not postcode:
        return "", None
    found = PostcodeLocation.objects.filter(postcode=postcode).values_list("easting", "northing").first()
    return postcode, (int(found[0]), int(found[1])) if found is not None else None


def _candidate(setting: Setting) -> lists.Candidate:
    specialist_capacity = None
    specialist_on_roll = None
    if setting.has_resourced_provision or setting.has_sen_unit:
        caps = [c for c in (setting.resourced_provision_capacity, setting.sen_unit_capacity) if c is not None]
        rolls = [r for r in (setting.resourced_provision_on_roll, setting.sen_unit_on_roll) if r is not None]
        specialist_capacity = sum(caps) if caps else None
        specialist_on_roll = sum(rolls) if rolls else None
    return lists.Candidate(
        setting_id=setting.pk,
        name=setting.name,
        urn=setting.urn,
        partnership_id=setting.partnership_id,
        setting_type=setting.setting_type,
        categories=categories.categories_of(setting),
        low_age=setting.statutory_low_age,
        high_age=setting.statutory_high_age,
        needs_served=tuple(sorted(setting.need_types_served or ())),
        easting=setting.easting,
        northing=setting.northing,
        capacity=setting.capacity,
        pupils_on_roll=setting.pupils_on_roll,
        specialist_capacity=specialist_capacity,
        specialist_on_roll=specialist_on_roll,
        annual_place_cost=setting.annual_place_cost,
    )


def candidates(*, partnership_id: int, home: tuple[int, int] | None, max_distance_m: int) -> list[Setting]:
    """Open settings of the partnership's register, and other partnerships' within the distance."""
    condition = Q(partnership_id=partnership_id)
    if home is not None:
        condition |= Q(
            easting__range=(max(0, home[0] - max_distance_m), home[0] + max_distance_m),
            northing__range=(max(0, home[1] - max_distance_m), home[1] + max_distance_m),
        )
    return list(Setting.objects.filter(condition, is_open=True).order_by("pk"))


def gather_inputs(*, plan, on: date) -> tuple[lists.Inputs, dict]:
    """The inputs of a list for this plan's child on this day, and the criteria recorded with it."""
    child = plan.child
    codes = need_codes(content_for_needs(plan))
    start, school_year = next_school_year(on)
    age = age_on(child.date_of_birth, start - timedelta(days=1)) if child.date_of_birth else None
    phase = naming_rules.phase_for_age(age)
    postcode, home = home_location(child)
    max_distance = naming_rules.max_distance_m(plan.partnership.slug)
    # The places the plan commissions for the school year the list is for, not the one under way.
    planned = planned_places(plan.partnership_id, start)
    unit_costs = {}
    if planned is not None:
        unit_costs = {
            (line.category, line.need_code): line.unit_cost
            for line in SufficiencyLine.objects.filter(plan=planned.plan, unit_cost__isnull=False)
        }
    found = candidates(partnership_id=plan.partnership_id, home=home, max_distance_m=max_distance)
    inputs = lists.Inputs(
        partnership_id=plan.partnership_id,
        child_first_name=child.first_name,
        need_codes=codes,
        age=age,
        school_year=school_year,
        phase_label=phase.label if phase else "",
        home=home,
        max_distance_m=max_distance,
        planned=dict(planned.places) if planned is not None else None,
        plan_gated=naming_rules.plan_gated_categories(),
        unit_costs=unit_costs,
        candidates=tuple(_candidate(setting) for setting in found),
    )
    criteria = {
        "generated_for": on.isoformat(),
        "need_codes": list(codes),
        "age_at_start_of_school_year": age,
        "school_year": school_year,
        "phase": phase.code if phase else "",
        "home_postcode": postcode,
        "home_location_known": home is not None,
        "max_distance_m": max_distance,
        "distance_measure": "straight line",
        "inclusion_plan_id": planned.plan.pk if planned is not None else None,
        "inclusion_plan_number": planned.plan.number if planned is not None else None,
        "inclusion_plan_year": planned.year if planned is not None else None,
        "planned_places": (
            sorted([cat, need, n] for (cat, need), n in planned.places.items())
            if planned is not None
            else None
        ),
        "candidate_setting_ids": sorted(setting.pk for setting in found),
    }
    return inputs, criteria


# Reading lists --------------------------------------------------------------------------------------------


def current_list(plan) -> TailoredList | None:
    return (
        TailoredList.objects.filter(plan=plan, status=TailoredList.Status.CURRENT)
        .select_related("generated_by")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=TailoredListEntry.objects.select_related("setting").order_by("position"),
                to_attr="ordered_entries",
            )
        )
        .first()
    )


def earlier_lists(plan) -> QuerySet[TailoredList]:
    return TailoredList.objects.filter(plan=plan, status=TailoredList.Status.SUPERSEDED).order_by(
        "-generated_at", "-pk"
    )


def preferences(plan) -> list[PlacementPreference]:
    return list(PlacementPreference.objects.filter(plan=plan).select_related("setting").order_by("rank"))


def placement_requests(plan) -> list[PlacementRequest]:
    """The family's requests outside the list, each with ``ground``: the refusal's legal ground, if any."""
    grounds = naming_rules.grounds()
    found = list(
        PlacementRequest.objects.filter(plan=plan)
        .select_related("setting", "responded_by")
        .order_by("requested_at", "pk")
    )
    for item in found:
        item.ground = grounds.get(item.response_ground)
    return found


def latest_decision(plan) -> PlacementDecision | None:
    return (
        PlacementDecision.objects.filter(plan=plan)
        .select_related("named_setting", "decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def consultation_round(plan):
    """The review whose consultations are current (at a review), or None (the plan being first made)."""
    stage = list_stage(plan)
    return stage[1] if stage is not None else None


def consultations(plan) -> list:
    """The consultations of the current round: the plan being first made, or the open review."""
    from ehcp.models import Deadline

    return list(
        plan.consultations.filter(review=consultation_round(plan))
        .select_related("setting", "responded_by")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(code="consultation_response_due").order_by("due_on"),
                to_attr="due",
            )
        )
        .order_by("sent_on", "pk")
    )


def consultation_grounds(consultation) -> dict:
    """The grounds a consulted setting may give for declining: every s.39(4) ground, but for a mainstream
    place only incompatibility with the efficient education of others (s.33). The kind of place is the
    family's preference for that setting, else the setting's own category."""
    preference = (
        PlacementPreference.objects.filter(plan_id=consultation.plan_id, setting_id=consultation.setting_id)
        .order_by("rank")
        .first()
    )
    category = (preference.category if preference is not None else "") or (
        categories.category_of(consultation.setting) or ""
    )
    return naming_rules.grounds_for_category(category)


def consultation_rows(plan) -> list[dict]:
    """Each consultation with its deadline, answer and the ground in words (for the family and the LA)."""
    grounds = naming_rules.grounds()
    rows = []
    for consultation in consultations(plan):
        ground = grounds.get(consultation.decline_ground)
        rows.append(
            {
                "consultation": consultation,
                "setting": consultation.setting,
                "sent_on": consultation.sent_on,
                "due_on": consultation.due[0].due_on if consultation.due else None,
                "response": consultation.response,
                "response_label": consultation.get_response_display() if consultation.response else "",
                "details": consultation.response_details,
                "ground": ground,
                "responded_at": consultation.responded_at,
            }
        )
    return rows


def search_register(term: str, *, limit: int = 20) -> list[Setting]:
    """Settings of any partnership's register by name or URN, for a request outside the list."""
    term = term.strip()
    if not term:
        return []
    condition = Q(name__icontains=term)
    if term.isascii() and term.isdecimal():
        condition |= Q(urn=int(term))
    return list(Setting.objects.filter(condition, is_open=True).order_by("name", "pk")[:limit])


def pending_requests_for_partnerships(partnership_ids) -> QuerySet[PlacementRequest]:
    return PlacementRequest.objects.filter(
        partnership_id__in=partnership_ids, status=PlacementRequest.Status.PENDING
    ).select_related("plan", "plan__child")


def capacity_history(setting: Setting, *, limit: int = 10):
    return setting.capacity_declarations.select_related("declared_by").order_by("-declared_at", "-pk")[:limit]


def case_events(plan, user) -> list[dict]:
    """What happened about the placement, for the case timeline everyone on the case reads: consultations
    sent and answered (with the legal ground of a decline) and naming decisions. Never what a place costs.

    The reasons are for those who see the tailored list (the LA and the family): a setting reads the
    details of its own answer only, and others on the case read what happened without the reasons."""
    if plan is None:
        return []
    full = policy.can_see_list(user, plan)
    own_settings = policy.consultation_setting_ids(user)
    grounds = naming_rules.grounds()
    events = []
    for row in consultation_rows(plan):
        events.append(
            {
                "on": row["sent_on"],
                "title": f"Consultation with {row['setting'].name} sent",
                "detail": f"Answer due by {row['due_on']:%-d %B %Y}" if row["due_on"] else "",
            }
        )
        if row["response"]:
            detail = ""
            if full or row["setting"].pk in own_settings:
                detail = row["details"]
                if row["ground"] is not None:
                    detail = f"{row['ground'].label}. {detail}"
            events.append(
                {
                    "on": timezone.localdate(row["responded_at"]) if row["responded_at"] else row["sent_on"],
                    "title": f"{row['setting'].name} answered: {row['response_label'].lower()}",
                    "detail": detail,
                }
            )
    for decision in (
        PlacementDecision.objects.filter(plan=plan)
        .select_related("named_setting")
        .order_by("decided_at", "pk")
    ):
        named = decision.named_setting.name if decision.named_setting else "the type of institution only"
        detail = ""
        if full:
            not_named = [
                f"Preference {o['rank']}, {o['setting_name']}: not named "
                f"({grounds[o['ground']].label if o['ground'] in grounds else o['ground']})"
                for o in decision.outcomes
                if not o.get("named")
            ]
            silent = (
                f" {decision.unanswered_consultations} consultation(s) had not been answered."
                if decision.unanswered_consultations
                else ""
            )
            detail = " ".join([decision.reasons, *not_named]) + silent
        events.append({"on": decision.decided_on, "title": f"Naming decision: {named}", "detail": detail})
    return sorted(events, key=lambda e: e["on"])


def pending_requests_for_plan(plan) -> int:
    """Requests outside the list still waiting for the LA's answer (shown on the case page)."""
    return PlacementRequest.objects.filter(plan=plan, status=PlacementRequest.Status.PENDING).count()
