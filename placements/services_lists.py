"""Writes for the settings register kept by settings, tailored lists, preferences, requests outside the
list, consulting the preferred settings and the naming decision (docs/adr/0016).

Every write checks the policy first, runs in a transaction and inside ``ehcp.audit.context`` so pghistory
records who did what; Setting is reference data, so a setting's own changes are kept as
``CapacityDeclaration`` rows with the values before and after.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ehcp import audit
from ehcp import deadlines as ehcp_deadlines
from ehcp import services as ehcp_services
from partnerships.models import Setting, User
from partnerships.models.tenancy import SENNeed
from partnerships.policy import AccessDenied

from . import categories, lists, naming_rules, policy, selectors_lists
from .models import (
    CapacityDeclaration,
    PlacementDecision,
    PlacementPreference,
    PlacementRequest,
    TailoredList,
    TailoredListEntry,
)

# The register fields a setting keeps up to date itself.
CAPACITY_FIELDS = (
    "capacity",
    "pupils_on_roll",
    "has_resourced_provision",
    "resourced_provision_capacity",
    "resourced_provision_on_roll",
    "has_sen_unit",
    "sen_unit_capacity",
    "sen_unit_on_roll",
    "need_types_served",
    "inclusion_offer",
    "capacity_notes",
)
COUNTS = (
    "capacity",
    "pupils_on_roll",
    "resourced_provision_capacity",
    "resourced_provision_on_roll",
    "sen_unit_capacity",
    "sen_unit_on_roll",
)
MAX_COUNT = 100000


def _snapshot(setting: Setting) -> dict:
    return {name: getattr(setting, name) for name in CAPACITY_FIELDS}


def _record_capacity(actor: User, setting: Setting, before: dict, source: str) -> CapacityDeclaration:
    return CapacityDeclaration.objects.create(
        partnership_id=setting.partnership_id,
        setting=setting,
        declared_by=actor,
        declared_at=timezone.now(),
        source=source,
        before=before,
        after=_snapshot(setting),
    )


@transaction.atomic
def capacity_update(*, actor: User, setting: Setting, source: str = "dashboard", **values) -> Setting:
    """A setting's staff keep its capacity, who is on roll, the needs it serves and its inclusion offer
    up to date. Only the fields given change; every change is kept with who made it and when."""
    if not policy.can_update_capacity(actor, setting):
        raise AccessDenied("Only the setting's own staff can update its register entry")
    unknown = set(values) - set(CAPACITY_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["This field cannot be changed here"]})
    errors: dict[str, list[str]] = {}
    for name in COUNTS:
        if name in values and values[name] is not None:
            value = values[name]
            if not isinstance(value, int) or value < 0 or value > MAX_COUNT:
                errors[name] = [f"Enter a whole number between 0 and {MAX_COUNT}"]
    if "need_types_served" in values:
        codes = list(values["need_types_served"] or [])
        if any(code not in SENNeed.values for code in codes):
            errors["need_types_served"] = ["Choose types of need from the list"]
        values["need_types_served"] = sorted(set(codes))
    for text in ("inclusion_offer", "capacity_notes"):
        if text in values:
            values[text] = (values[text] or "").strip()
            if len(values[text]) > 10000:
                errors[text] = ["Keep this to 10,000 characters or fewer"]
    merged = {**_snapshot(setting), **values}
    for flag, cap in (
        ("has_resourced_provision", "resourced_provision_capacity"),
        ("has_sen_unit", "sen_unit_capacity"),
    ):
        if not merged[flag] and merged[cap]:
            errors.setdefault(flag, []).append(
                "Say the setting has these places, or leave their number blank"
            )
    if errors:
        raise ValidationError(errors)
    before = _snapshot(setting)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.capacity_updated_at = timezone.now()
    setting.capacity_updated_by = actor
    with audit.context(actor, "setting_capacity_update", setting=setting.pk):
        setting.save(update_fields=[*values, "capacity_updated_at", "capacity_updated_by"])
        _record_capacity(actor, setting, before, source)
    return setting


# Tailored lists ---------------------------------------------------------------------------------------------


@transaction.atomic
def list_generate(*, actor: User, plan, on: date | None = None) -> TailoredList:
    """Generate the child's tailored list from the recorded inputs (placements.lists.generate) and keep it;
    a list already there is kept as superseded."""
    policy.require_list_manager(actor, plan)
    stage = selectors_lists.list_stage(plan)
    if stage is None:
        raise ValidationError(
            {"plan": ["A tailored list is made once the draft plan has been served, or at a review"]}
        )
    on = on or ehcp_deadlines.today()
    inputs, criteria = selectors_lists.gather_inputs(plan=plan, on=on)
    criteria["stage"] = stage[0]
    result = lists.generate(inputs)
    with audit.context(actor, "tailored_list_generate", plan=plan.pk):
        TailoredList.objects.filter(plan=plan, status=TailoredList.Status.CURRENT).update(
            status=TailoredList.Status.SUPERSEDED
        )
        tailored = TailoredList.objects.create(
            partnership_id=plan.partnership_id,
            child_id=plan.child_id,
            plan=plan,
            review=stage[1],
            generated_by=actor,
            generated_at=timezone.now(),
            criteria=criteria,
            notes=list(result.notes),
            inclusion_plan_id=criteria["inclusion_plan_id"],
            inclusion_plan_number=criteria["inclusion_plan_number"],
        )
        TailoredListEntry.objects.bulk_create(
            TailoredListEntry(
                partnership_id=plan.partnership_id,
                tailored_list=tailored,
                setting_id=entry.setting_id,
                category=entry.category,
                group=entry.group,
                included=entry.included,
                is_full=entry.is_full,
                out_of_area=entry.out_of_area,
                distance_m=entry.distance_m,
                reasons=[reason.as_dict() for reason in entry.reasons],
                position=entry.position,
                cost_per_year=entry.cost_per_year,
            )
            for entry in result.entries
        )
    return tailored


# Preferences and requests outside the list --------------------------------------------------------------------


def _require_open_for_family(plan) -> None:
    if selectors_lists.list_stage(plan) is None:
        raise ValidationError({"preferences": ["Preferences can be given at the draft plan or at a review"]})


@transaction.atomic
def preferences_set(
    *, actor: User, plan, entry_ids: list[int | None], reasons: str
) -> list[PlacementPreference]:
    """The family ranks up to ``max_preferences`` settings from the current list (first is most wanted).
    Preferences that came from requests the LA agreed to stay, after them."""
    policy.require_family(actor, plan)
    _require_open_for_family(plan)
    tailored = selectors_lists.current_list(plan)
    if tailored is None:
        raise ValidationError({"preferences": ["There is no tailored list for this plan yet"]})
    limit = naming_rules.max_preferences()
    chosen = [entry_id for entry_id in entry_ids if entry_id]
    errors: dict[str, list[str]] = {}
    entries = {entry.pk: entry for entry in tailored.ordered_entries}
    if not chosen:
        errors["rank_1"] = ["Choose your first preference"]
    elif not entry_ids or not entry_ids[0]:
        errors["rank_1"] = ["Choose your first preference before the others"]
    if len(chosen) > limit:
        errors["preferences"] = [f"Choose up to {limit} preferences"]
    seen: set[int] = set()
    for index, entry_id in enumerate(entry_ids, start=1):
        if not entry_id:
            continue
        entry = entries.get(entry_id)
        if entry is None or not entry.included:
            errors[f"rank_{index}"] = ["Choose a setting that is on the list"]
        elif entry.setting_id in seen:
            errors[f"rank_{index}"] = ["Choose a different setting for each preference"]
        else:
            seen.add(entry.setting_id)
    if len(reasons) > 10000:
        errors["reasons"] = ["Keep your reasons to 10,000 characters or fewer"]
    if errors:
        raise ValidationError(errors)
    kept = list(PlacementPreference.objects.filter(plan=plan, from_request__isnull=False).order_by("rank"))
    kept = [pref for pref in kept if pref.setting_id not in seen]
    now = timezone.now()
    with audit.context(actor, "placement_preferences_set", plan=plan.pk):
        PlacementPreference.objects.filter(plan=plan).delete()
        created = []
        for rank, entry_id in enumerate(chosen, start=1):
            entry = entries[entry_id]
            created.append(
                PlacementPreference.objects.create(
                    partnership_id=plan.partnership_id,
                    plan=plan,
                    tailored_list=tailored,
                    rank=rank,
                    setting_id=entry.setting_id,
                    category=entry.category,
                    reasons=reasons.strip(),
                    created_by=actor,
                    created_at=now,
                )
            )
        for offset, pref in enumerate(kept, start=len(created) + 1):
            created.append(
                PlacementPreference.objects.create(
                    partnership_id=plan.partnership_id,
                    plan=plan,
                    from_request=pref.from_request,
                    rank=offset,
                    setting_id=pref.setting_id,
                    category=pref.category,
                    reasons=pref.reasons,
                    created_by=pref.created_by,
                    created_at=pref.created_at,
                )
            )
        _keep_preferred_setting(actor, plan, created, reasons)
    return created


def _keep_preferred_setting(actor: User, plan, preferences: list[PlacementPreference], reasons: str) -> None:
    """The existing screens read Plan.preferred_setting: it is the first preference."""
    first = preferences[0] if preferences else None
    plan.preferred_setting_id = first.setting_id if first else None
    if reasons.strip():
        plan.preference_reasons = reasons.strip()
    plan.save(update_fields=["preferred_setting", "preference_reasons", "updated_at"])


@transaction.atomic
def placement_request_make(
    *, actor: User, plan, setting: Setting | None, setting_name: str = "", setting_urn: str = "", reasons: str
) -> PlacementRequest:
    """The family asks for a setting that is not on the list: their right to ask (CFA s.38) stays."""
    policy.require_family(actor, plan)
    _require_open_for_family(plan)
    errors: dict[str, list[str]] = {}
    name = (setting.name if setting is not None else setting_name).strip()
    urn = str(setting.urn or "") if setting is not None else setting_urn.strip()
    if not name:
        errors["setting_name"] = ["Choose a school or college, or enter its name"]
    elif len(name) > 200:
        errors["setting_name"] = ["Keep the name to 200 characters or fewer"]
    if urn and (not (urn.isascii() and urn.isdecimal()) or len(urn) > 10):
        errors["setting_urn"] = ["A URN is a number of up to 10 digits, like 100000"]
    if not reasons.strip():
        errors["reasons"] = ["Say why you want this school or college"]
    if setting is not None and PlacementPreference.objects.filter(plan=plan, setting=setting).exists():
        errors["setting"] = ["This school or college is already one of your preferences"]
    if errors:
        raise ValidationError(errors)
    if setting is None and urn:
        setting = Setting.objects.filter(urn=int(urn)).first()
    with audit.context(actor, "placement_request_make", plan=plan.pk):
        return PlacementRequest.objects.create(
            partnership_id=plan.partnership_id,
            plan=plan,
            setting=setting,
            setting_name=name,
            setting_urn=urn,
            reasons=reasons.strip(),
            requested_by=actor,
            requested_at=timezone.now(),
        )


@transaction.atomic
def placement_request_answer(
    *, actor: User, placement_request: PlacementRequest, agree: bool, ground: str = "", reasons: str
) -> PlacementRequest:
    """The LA answers a request outside the list: it agrees to consult the setting (it becomes the next
    preference) or refuses with a legal ground (s.39(4), or not a type the family can ask for) and reasons."""
    plan = placement_request.plan
    policy.require_list_manager(actor, plan)
    errors: dict[str, list[str]] = {}
    if placement_request.status != PlacementRequest.Status.PENDING:
        errors["agree"] = ["This request has already been answered"]
    if not reasons.strip():
        errors["reasons"] = ["Give the reasons for your answer, for the family"]
    if agree and placement_request.setting_id is None:
        errors["agree"] = ["Add the school or college to the register before agreeing to consult it"]
    if not agree:
        setting = placement_request.setting
        category = categories.category_of(setting) if setting is not None else ""
        allowed = naming_rules.grounds_for_category(category or "")
        allowed = {**allowed, **{c: g for c, g in naming_rules.request_grounds().items() if g.requests_only}}
        if ground not in allowed:
            errors["ground"] = ["Choose the legal ground for refusing"]
    if errors:
        raise ValidationError(errors)
    placement_request.status = PlacementRequest.Status.AGREED if agree else PlacementRequest.Status.REFUSED
    placement_request.response_ground = "" if agree else ground
    placement_request.response_reasons = reasons.strip()
    placement_request.responded_by = actor
    placement_request.responded_at = timezone.now()
    with audit.context(actor, "placement_request_answer", plan=plan.pk):
        placement_request.save()
        if (
            agree
            and not PlacementPreference.objects.filter(plan=plan, setting=placement_request.setting).exists()
        ):
            last = PlacementPreference.objects.filter(plan=plan).order_by("-rank").first()
            setting = placement_request.setting
            created = PlacementPreference.objects.create(
                partnership_id=plan.partnership_id,
                plan=plan,
                from_request=placement_request,
                rank=(last.rank + 1) if last else 1,
                setting=setting,
                category=categories.category_of(setting) or "",
                reasons=placement_request.reasons,
                created_by=placement_request.requested_by,
                created_at=placement_request.requested_at,
            )
            if last is None:
                _keep_preferred_setting(actor, plan, [created], "")
    return placement_request


# Consulting the preferred settings -------------------------------------------------------------------------------


@transaction.atomic
def consult_preferences(*, actor: User, plan, sent_on: date | None = None) -> list:
    """Consult every preferred setting not consulted yet, in one step (each has 15 days to answer)."""
    policy.require_list_manager(actor, plan)
    prefs = selectors_lists.preferences(plan)
    if not prefs:
        raise ValidationError({"plan": ["The family has not given any preferences yet"]})
    review = selectors_lists.consultation_round(plan)
    consulted = set(plan.consultations.filter(review=review).values_list("setting_id", flat=True))
    sent = []
    for pref in prefs:
        if pref.setting_id in consulted:
            continue
        sent.append(
            ehcp_services.consultation_send(
                actor=actor, plan=plan, setting=pref.setting, sent_on=sent_on, review=review
            )
        )
    if not sent:
        raise ValidationError({"plan": ["Every preferred setting has already been consulted"]})
    return sent


# The naming decision -------------------------------------------------------------------------------------------


@transaction.atomic
def naming_decide(
    *,
    actor: User,
    plan,
    named_setting: Setting | None,
    category: str = "",
    setting_type: str,
    reasons: str,
    not_named: dict[int, dict] | None = None,
    on: date | None = None,
) -> PlacementDecision:
    """Decide the setting for section I, going down the family's preferences in order (CFA s.39(3)-(4)):
    every preference above the one named (all of them, when another setting or only a type is named) needs
    a legal ground and reasons. A setting's decline is evidence; the LA decides. Consultations still
    unanswered do not stop the decision, which records how many there were.

    The named setting's count on roll goes up by one for the category it is named under (resourced
    provision: its resourced provision count); a decision replacing an earlier one gives the earlier
    setting's place back."""
    policy.require_list_manager(actor, plan)
    on = on or ehcp_deadlines.today()
    not_named = not_named or {}
    errors: dict[str, list[str]] = {}
    if selectors_lists.list_stage(plan) is None:
        errors["plan"] = ["A setting is named when the final plan is being made, or after a review"]
    if not setting_type.strip():
        errors["setting_type"] = ["Enter the type of school, college or other institution for section I"]
    if not reasons.strip():
        errors["reasons"] = ["Give the reasons for the decision"]
    prefs = selectors_lists.preferences(plan)
    if named_setting is not None:
        if named_setting.setting_type == Setting.Type.ALTERNATIVE_PROVISION:
            errors["named_setting"] = ["Alternative provision is not named in section I from a list"]
        allowed = categories.categories_of(named_setting)
        if not category:
            pref = next((p for p in prefs if p.setting_id == named_setting.pk), None)
            category = (pref.category if pref else "") or (allowed[0] if allowed else "")
        if allowed and category not in allowed:
            errors["category"] = ["Choose a kind of place this setting offers"]
    consultations = {
        c.setting_id: c for c in plan.consultations.filter(review=selectors_lists.consultation_round(plan))
    }
    outcomes = []
    for pref in prefs:
        named = named_setting is not None and pref.setting_id == named_setting.pk
        consultation = consultations.get(pref.setting_id)
        outcome = {
            "rank": pref.rank,
            "setting_id": pref.setting_id,
            "setting_name": pref.setting.name,
            "category": pref.category,
            "named": named,
            "ground": "",
            "reasons": "",
            "consultation": (consultation.response or "no_answer") if consultation else "not_consulted",
            "consultation_ground": consultation.decline_ground if consultation else "",
        }
        if named:
            outcomes.append(outcome)
            break
        given = not_named.get(pref.pk) or {}
        grounds = naming_rules.grounds_for_category(pref.category)
        if given.get("ground") not in grounds:
            errors[f"ground_{pref.pk}"] = [
                f"Choose the legal ground for not naming {pref.setting.name} (preference {pref.rank})"
            ]
        if not (given.get("reasons") or "").strip():
            errors[f"reasons_{pref.pk}"] = [f"Give the reasons for not naming {pref.setting.name}"]
        outcome["ground"] = given.get("ground", "")
        outcome["reasons"] = (given.get("reasons") or "").strip()
        outcomes.append(outcome)
    if errors:
        raise ValidationError(errors)
    unanswered = sum(1 for c in consultations.values() if not c.response)
    previous = selectors_lists.latest_decision(plan)
    with audit.context(actor, "placement_naming_decision", plan=plan.pk):
        note = ""
        if (
            previous is not None
            and previous.named_setting_id
            and (
                named_setting is None
                or previous.named_setting_id != named_setting.pk
                or previous.category != category
            )
        ):
            _count_change(actor, previous.named_setting, previous.category, -1)
        if named_setting is not None and (
            previous is None or previous.named_setting_id != named_setting.pk or previous.category != category
        ):
            note = _count_change(actor, named_setting, category, +1)
        elif named_setting is not None:
            note = "The setting's count on roll already includes this child from the earlier decision."
        decision = PlacementDecision.objects.create(
            partnership_id=plan.partnership_id,
            plan=plan,
            named_setting=named_setting,
            category=category if named_setting is not None else "",
            setting_type=setting_type.strip(),
            reasons=reasons.strip(),
            outcomes=outcomes,
            unanswered_consultations=unanswered,
            capacity_note=note,
            decided_by=actor,
            decided_on=on,
            decided_at=timezone.now(),
        )
    return decision


def _count_change(actor: User, setting: Setting, category: str, change: int) -> str:
    field = (
        ("resourced_provision_on_roll" if setting.has_resourced_provision else "sen_unit_on_roll")
        if category == categories.RESOURCED_PROVISION
        else "pupils_on_roll"
    )
    setting = Setting.objects.select_for_update().get(pk=setting.pk)
    before = _snapshot(setting)
    value = max(0, (getattr(setting, field) or 0) + change)
    setattr(setting, field, value)
    setting.capacity_updated_at = timezone.now()
    setting.capacity_updated_by = actor
    setting.save(update_fields=[field, "capacity_updated_at", "capacity_updated_by"])
    _record_capacity(actor, setting, before, "naming")
    words = Setting._meta.get_field(field).name.replace("_", " ")
    return f"{setting.name}: {words} is now {value} ({'+1' if change > 0 else '-1'})."
