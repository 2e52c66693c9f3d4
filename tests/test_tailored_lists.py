"""Tailored lists through the services and the pages: generation persisted and regenerated, preferences,
requests outside the list, consultations with a decline ground, the naming decision, the case timeline,
the audit trail and the settings' own register entry."""

import datetime
from decimal import Decimal

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ehcp import services as ehcp_services
from ehcp.models import Deadline, PlanConsultation
from partnerships.models import Setting
from partnerships.models.tenancy import SENNeed
from partnerships.policy import AccessDenied
from placements import lists, services_lists
from placements.models import (
    CapacityDeclaration,
    InclusionPlan,
    PlacementPreference,
    PlacementRequest,
    PostcodeLocation,
    StandardsVersion,
    SufficiencyLine,
    TailoredList,
)

from . import ehcp_journey as journey
from . import factories

HOME = (430000, 433000)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    return datetime.date(2026, 1, 5)


def draft_plan(area):
    """A case of ``area``'s pupil with the draft plan served; home known; the school 2 km away."""
    case = journey.at_stage(area, "draft_plan", received_on=datetime.date(2026, 1, 5))
    child = case.child
    child.home_postcode = "LS1 1AB" if area.partnership.slug == "northby" else "BS1 1AA"
    # Born in March 2016: 10 when the 2026 to 2027 school year starts, so still in primary (Year 6).
    child.date_of_birth = datetime.date(2016, 3, 14)
    child.save()
    PostcodeLocation.objects.update_or_create(
        postcode=child.home_postcode, defaults={"easting": HOME[0], "northing": HOME[1], "source": "onspd"}
    )
    school = area.school
    school.easting, school.northing, school.pupils_on_roll = HOME[0] + 2000, HOME[1], 300
    school.save()
    return case.plan


def special(area, **overrides):
    values = {
        "partnership": area.partnership,
        "name": f"{area.partnership.name[:5]} Special School",
        "setting_type": "special",
        "phase": "all_through",
        "statutory_low_age": 2,
        "statutory_high_age": 19,
        "need_types_served": ["ASD", "SLD"],
        "capacity": 100,
        "pupils_on_roll": 60,
        "easting": HOME[0] + 5000,
        "northing": HOME[1],
        "annual_place_cost": Decimal("24000.00"),
    }
    values.update(overrides)
    return factories.SettingFactory(**values)


def approved_plan(area, lines):
    version = StandardsVersion.objects.get_or_create(
        number=1, defaults={"title": "National SEND standards", "status": "published"}
    )[0]
    plan = InclusionPlan.objects.create(
        partnership=area.partnership,
        number=1,
        status=InclusionPlan.Status.APPROVED,
        title="Local inclusion plan",
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2029, 8, 31),
        standards_version=version,
    )
    for category, need, places, cost in lines:
        SufficiencyLine.objects.create(
            partnership=area.partnership,
            plan=plan,
            category=category,
            need_code=need,
            places_year_0=places,
            unit_cost=cost,
        )
    return plan


def _entries(tailored):
    return [
        (
            e.setting_id,
            e.category,
            e.included,
            e.is_full,
            e.distance_m,
            e.reasons,
            e.position,
            e.cost_per_year,
        )
        for e in tailored.entries.order_by("position")
    ]


# Generation ----------------------------------------------------------------------------------------------


def test_generation_is_recorded_regenerable_and_gives_the_same_list_for_the_same_inputs(north, south, today):
    plan = draft_plan(north)
    special(north)
    special(south, name="Over the Border Special", easting=HOME[0] + 9000)  # another area, in range
    first = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    assert first.criteria["need_codes"][0] == "ASD" and first.criteria["age_at_start_of_school_year"] == 10
    assert first.criteria["home_postcode"] == "LS1 1AB" and first.criteria["max_distance_m"] == 15000
    assert first.criteria["inclusion_plan_id"] is None and first.inclusion_plan is None
    assert any("not approved yet" in note for note in first.notes)
    second = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    first.refresh_from_db()
    assert first.status == TailoredList.Status.SUPERSEDED and second.status == TailoredList.Status.CURRENT
    assert _entries(first) == _entries(second)
    assert first.criteria == second.criteria
    names = {e.setting.name: e for e in second.entries.select_related("setting")}
    assert names["Over the Border Special"].out_of_area and names["Over the Border Special"].included
    assert not names["Northby Learning Centre"].included  # AP is not named from a list
    school = names["Northby Primary School"]
    assert school.included and school.distance_m == 2000 and school.group == "mainstream"


def test_the_local_inclusion_plan_in_force_leaves_off_what_it_does_not_commission(north, today):
    plan = draft_plan(north)
    special(north)
    approved = approved_plan(north, [("special", "HI", 10, Decimal("30000"))])
    tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    assert tailored.inclusion_plan == approved and tailored.inclusion_plan_number == 1
    entry = tailored.entries.get(setting__setting_type="special")
    assert not entry.included
    assert any("does not commission" in reason["text"] for reason in entry.reasons)


def test_a_full_setting_is_marked_full_and_one_not_serving_the_need_is_left_off(north, today):
    plan = draft_plan(north)
    special(north, name="Full Special", pupils_on_roll=100)
    special(north, name="Sensory Special", need_types_served=["HI", "VI"])
    tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    full = tailored.entries.get(setting__name="Full Special")
    assert full.included and full.is_full
    assert "Full: no places at the moment (100 on roll, 100 places)" in [r["text"] for r in full.reasons]
    sensory = tailored.entries.get(setting__name="Sensory Special")
    assert not sensory.included
    assert {
        "code": "need_not_served",
        "text": "Does not offer places for autism (ASD)",
        "excludes": True,
    } in (sensory.reasons)


def test_without_a_known_home_nobody_is_left_off_for_distance(north, today):
    plan = draft_plan(north)
    child = plan.child
    child.home_postcode = ""
    child.save()
    special(north, easting=HOME[0] + 90000)
    tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
    assert tailored.criteria["home_location_known"] is False
    assert tailored.entries.get(setting__setting_type="special").included
    assert "We do not know where home is, so no setting is left off for distance." in tailored.notes


def test_only_the_la_generates_and_only_at_the_draft_plan_or_a_review(north, today):
    plan = draft_plan(north)
    for persona in ("parent", "senco", "health"):
        with pytest.raises(AccessDenied):
            services_lists.list_generate(actor=north.people[persona], plan=plan)
    early = journey.at_stage(north, "decided_to_issue", child="ap_pupil")
    from ehcp import services_plans

    not_served = services_plans.plan_start(actor=north.people["caseworker"], request=early)
    with pytest.raises(ValidationError) as caught:
        services_lists.list_generate(actor=north.people["caseworker"], plan=not_served)
    assert "plan" in caught.value.message_dict


# Preferences, requests, consultations, naming -----------------------------------------------------------------


def _list_with_special(area):
    plan = draft_plan(area)
    other = special(area)
    tailored = services_lists.list_generate(actor=area.people["caseworker"], plan=plan)
    school_entry = tailored.entries.get(setting=area.school, category="mainstream")
    special_entry = tailored.entries.get(setting=other)
    return plan, other, school_entry, special_entry


def test_the_family_ranks_preferences_from_the_list(north, today):
    plan, other, school_entry, special_entry = _list_with_special(north)
    parent = north.people["parent"]
    with pytest.raises(ValidationError) as caught:
        services_lists.preferences_set(actor=parent, plan=plan, entry_ids=[None, None, None], reasons="")
    assert caught.value.message_dict == {"rank_1": ["Choose your first preference"]}
    with pytest.raises(ValidationError) as caught:
        services_lists.preferences_set(
            actor=parent, plan=plan, entry_ids=[special_entry.pk, special_entry.pk], reasons=""
        )
    assert caught.value.message_dict == {"rank_2": ["Choose a different setting for each preference"]}
    excluded = plan.tailored_lists.get(status="current").entries.filter(included=False).first()
    with pytest.raises(ValidationError):
        services_lists.preferences_set(actor=parent, plan=plan, entry_ids=[excluded.pk], reasons="")
    with pytest.raises(AccessDenied):
        services_lists.preferences_set(
            actor=north.people["caseworker"], plan=plan, entry_ids=[special_entry.pk], reasons=""
        )
    prefs = services_lists.preferences_set(
        actor=parent, plan=plan, entry_ids=[special_entry.pk, school_entry.pk, None], reasons="Close to home."
    )
    assert [(p.rank, p.setting_id) for p in prefs] == [(1, other.pk), (2, north.school.pk)]
    plan.refresh_from_db()
    assert plan.preferred_setting == other and plan.preference_reasons == "Close to home."


def test_a_request_outside_the_list_is_recorded_and_answered(north, south, today):
    plan, _other, school_entry, _special_entry = _list_with_special(north)
    parent = north.people["parent"]
    far = special(south, name="Faraway Special", easting=HOME[0] + 200000)
    with pytest.raises(ValidationError) as caught:
        services_lists.placement_request_make(actor=parent, plan=plan, setting=None, reasons="")
    assert set(caught.value.message_dict) == {"setting_name", "reasons"}
    asked = services_lists.placement_request_make(
        actor=parent, plan=plan, setting=far, reasons="Her cousin goes there and it has a sensory room."
    )
    typed = services_lists.placement_request_make(
        actor=parent,
        plan=plan,
        setting=None,
        setting_name="Hilltop Steiner School",
        setting_urn="",
        reasons="Small classes.",
    )
    assert asked.status == typed.status == PlacementRequest.Status.PENDING
    with pytest.raises(AccessDenied):
        services_lists.placement_request_answer(
            actor=parent, placement_request=asked, agree=True, reasons="x"
        )
    with pytest.raises(ValidationError) as caught:
        services_lists.placement_request_answer(
            actor=north.people["caseworker"], placement_request=typed, agree=False, ground="", reasons="No."
        )
    assert caught.value.message_dict == {"ground": ["Choose the legal ground for refusing"]}
    services_lists.placement_request_answer(
        actor=north.people["caseworker"],
        placement_request=typed,
        agree=False,
        ground="not_requestable_type",
        reasons="It is not approved under section 41; we considered it and it cannot meet the provision in F.",
    )
    services_lists.placement_request_answer(
        actor=north.people["caseworker"], placement_request=asked, agree=True, reasons="We will consult it."
    )
    typed.refresh_from_db()
    assert typed.status == "refused" and typed.response_ground == "not_requestable_type"
    pref = PlacementPreference.objects.get(plan=plan, setting=far)
    assert pref.from_request == asked and pref.rank == 1
    # The family's own ranking afterwards keeps the agreed request after their choices.
    prefs = services_lists.preferences_set(actor=parent, plan=plan, entry_ids=[school_entry.pk], reasons="")
    assert [(p.rank, p.setting_id) for p in prefs] == [(1, north.school.pk), (2, far.pk)]


def test_consultations_decline_with_a_ground_and_the_naming_decision_goes_down_the_preferences(north, today):
    plan, other, school_entry, special_entry = _list_with_special(north)
    services_lists.preferences_set(
        actor=north.people["parent"], plan=plan, entry_ids=[special_entry.pk, school_entry.pk], reasons=""
    )
    sent = services_lists.consult_preferences(actor=north.people["caseworker"], plan=plan)
    assert [c.setting_id for c in sent] == [other.pk, north.school.pk]
    due = Deadline.objects.get(consultation=sent[1], code="consultation_response_due")
    assert due.due_on == datetime.date(2026, 1, 20)  # 15 days
    with pytest.raises(ValidationError):
        services_lists.consult_preferences(actor=north.people["caseworker"], plan=plan)
    school_consultation = PlanConsultation.objects.get(plan=plan, setting=north.school)
    with pytest.raises(ValidationError) as caught:
        ehcp_services.consultation_respond(
            actor=north.people["senco"],
            consultation=school_consultation,
            response="cannot_meet",
            details="Full.",
        )
    assert caught.value.message_dict == {
        "decline_ground": ["Choose the legal ground for saying you cannot meet the needs"]
    }
    ehcp_services.consultation_respond(
        actor=north.people["senco"],
        consultation=school_consultation,
        response="cannot_meet",
        details="Our classes are at the limit.",
        decline_ground="efficient_education_of_others",
    )
    # The special school has not answered: the LA can still decide. Naming preference 2 needs a ground for 1.
    caseworker = north.people["caseworker"]
    first = PlacementPreference.objects.get(plan=plan, rank=1)
    with pytest.raises(ValidationError) as caught:
        services_lists.naming_decide(
            actor=caseworker,
            plan=plan,
            named_setting=north.school,
            setting_type="Mainstream primary",
            reasons="x",
        )
    assert set(caught.value.message_dict) == {f"ground_{first.pk}", f"reasons_{first.pk}"}
    with pytest.raises(ValidationError):  # 'efficient use of resources' is allowed for a special school...
        services_lists.naming_decide(
            actor=caseworker,
            plan=plan,
            named_setting=north.school,
            setting_type="Mainstream primary",
            reasons="x",
            not_named={first.pk: {"ground": "not_requestable_type", "reasons": "x"}},
        )
    decision = services_lists.naming_decide(
        actor=caseworker,
        plan=plan,
        named_setting=north.school,
        setting_type="Mainstream primary school",
        reasons="The school can meet the needs with the provision in section F.",
        not_named={
            first.pk: {
                "ground": "efficient_use_of_resources",
                "reasons": "A mainstream place meets the needs.",
            }
        },
    )
    assert decision.unanswered_consultations == 1 and decision.category == "mainstream"
    assert [o["named"] for o in decision.outcomes] == [False, True]
    assert decision.outcomes[0]["ground"] == "efficient_use_of_resources"
    assert decision.outcomes[0]["consultation"] == "no_answer"
    assert decision.outcomes[1]["consultation"] == "cannot_meet"
    north.school.refresh_from_db()
    assert north.school.pupils_on_roll == 301 and "pupils on roll is now 301" in decision.capacity_note
    assert CapacityDeclaration.objects.filter(setting=north.school, source="naming").count() == 1
    # A new decision naming the special school gives the school's place back.
    services_lists.naming_decide(
        actor=caseworker,
        plan=plan,
        named_setting=other,
        setting_type="Special school",
        reasons="On reflection.",
    )
    north.school.refresh_from_db()
    other.refresh_from_db()
    assert north.school.pupils_on_roll == 300 and other.pupils_on_roll == 61
    # Every write is audited with who did it.
    for model, label in (
        ("placements.TailoredListEvent", "tailored_list_generate"),
        ("placements.PlacementPreferenceEvent", "placement_preferences_set"),
        ("placements.PlacementDecisionEvent", "placement_naming_decision"),
        ("ehcp.PlanConsultationEvent", "consultation_respond"),
    ):
        events = list(pghistory.models.Events.objects.filter(pgh_model=model))
        assert any(e.pgh_context and e.pgh_context.get("action") == label for e in events), label
    decided = pghistory.models.Events.objects.filter(pgh_model="placements.PlacementDecisionEvent").first()
    assert decided.pgh_context["user"] == caseworker.pk


def test_capacity_update_is_kept_with_who_and_when(north):
    setting = north.school
    with pytest.raises(AccessDenied):
        services_lists.capacity_update(actor=north.people["caseworker"], setting=setting, capacity=10)
    with pytest.raises(ValidationError) as caught:
        services_lists.capacity_update(
            actor=north.people["senco"], setting=setting, need_types_served=["XYZ"]
        )
    assert "need_types_served" in caught.value.message_dict
    services_lists.capacity_update(
        actor=north.people["senco"],
        setting=setting,
        capacity=430,
        pupils_on_roll=429,
        need_types_served=["SEMH", "ASD"],
    )
    setting.refresh_from_db()
    assert setting.capacity == 430 and setting.need_types_served == ["ASD", "SEMH"]
    assert setting.capacity_updated_by == north.people["senco"] and setting.capacity_updated_at
    declaration = CapacityDeclaration.objects.get(setting=setting)
    assert declaration.before["capacity"] == 420 and declaration.after["capacity"] == 430
    with pytest.raises(AccessDenied):
        services_lists.capacity_update(actor=north.people["ap_provider"], setting=setting, capacity=1)


def test_the_final_plan_page_defaults_to_the_decided_setting(north, signed_in, today):
    plan, other, _school_entry, special_entry = _list_with_special(north)
    services_lists.preferences_set(
        actor=north.people["parent"], plan=plan, entry_ids=[special_entry.pk], reasons=""
    )
    services_lists.naming_decide(
        actor=north.people["caseworker"], plan=plan, named_setting=other, setting_type="Special school (autism)",
        reasons="Meets the needs.",
    )  # fmt: skip
    page = signed_in(north.people["caseworker"]).get(reverse("case-final-plan", args=[plan.request_id]))
    html = page.content.decode()
    assert f'<option value="{other.pk}" selected>' in html
    assert 'value="Special school (autism)"' in html


def test_the_case_timeline_shows_consultations_answers_and_the_naming_decision(north, signed_in, today):
    plan, _other, school_entry, _special_entry = _list_with_special(north)
    services_lists.preferences_set(
        actor=north.people["parent"], plan=plan, entry_ids=[school_entry.pk], reasons=""
    )
    services_lists.consult_preferences(actor=north.people["caseworker"], plan=plan)
    ehcp_services.consultation_respond(
        actor=north.people["senco"],
        consultation=PlanConsultation.objects.get(plan=plan),
        response="cannot_meet",
        details="Our classes are at the limit.",
        decline_ground="efficient_education_of_others",
    )
    services_lists.naming_decide(
        actor=north.people["caseworker"], plan=plan, named_setting=north.school, setting_type="Mainstream primary",
        reasons="We can add support to the school.",
    )  # fmt: skip
    # Everyone on the case sees what happened; the reasons are for the LA and the family, and a setting reads
    # its own answer's (edges in tests/test_placements_edges.py).
    for persona, ground, reasons in (
        ("caseworker", True, True),
        ("parent", True, True),
        ("senco", True, False),
        ("health", False, False),
    ):
        html = (
            signed_in(north.people[persona])
            .get(reverse("case-detail", args=[plan.request_id]))
            .content.decode()
        )
        assert "Consultation with Northby Primary School" in html, persona
        assert "Northby Primary School answered" in html, persona
        assert ("Attendance would be incompatible with the efficient education of others" in html) is ground
        assert "Naming decision: Northby Primary School" in html, persona
        assert ("We can add support to the school." in html) is reasons, persona


def test_at_a_review_the_list_is_made_and_the_amended_plan_page_defaults_to_the_decision(north, signed_in):
    import time_machine

    from tests.test_reviews import _held_review, _plan

    plan = _plan(north)
    review = _held_review(north, plan)
    other = special(north)
    with time_machine.travel(datetime.date(2027, 1, 26), tick=False):
        tailored = services_lists.list_generate(actor=north.people["caseworker"], plan=plan)
        assert tailored.review == review and tailored.criteria["stage"] == "review"
        entry = tailored.entries.get(setting=other)
        services_lists.preferences_set(
            actor=north.people["parent"], plan=plan, entry_ids=[entry.pk], reasons=""
        )
        services_lists.naming_decide(
            actor=north.people["caseworker"], plan=plan, named_setting=other, setting_type="Special school",
            reasons="Needs have changed.",
        )  # fmt: skip
        html = (
            signed_in(north.people["caseworker"])
            .get(reverse("review-amended-plan", args=[review.pk]))
            .content.decode()
        )
    assert f'<option value="{other.pk}" selected>' in html and 'value="Special school"' in html


def test_at_a_review_the_preferences_are_consulted_again_with_the_deadline_on_the_plan(north):
    """A setting consulted when the plan was first made is consulted again at a review that may change
    section I; the new round's deadline is on the plan and reaches the consulted setting, and the naming
    decision reads this round's answers only."""
    import time_machine

    from ehcp import reminders
    from ehcp.models import Deadline, PlanConsultation, Reminder
    from tests.test_reviews import _held_review, _plan

    plan = _plan(north)
    first_round = PlanConsultation.objects.filter(plan=plan, review__isnull=True)
    assert first_round.filter(setting=north.school).exists()  # consulted when the plan was made
    review = _held_review(north, plan)
    caseworker = north.people["caseworker"]
    # The school now takes pupils to 16 and every type of need, so it can be on Riley's list at 12.
    Setting.objects.filter(pk=north.school.pk).update(
        statutory_high_age=16, phase=Setting.Phase.ALL_THROUGH, need_types_served=list(SENNeed.values)
    )
    with time_machine.travel(datetime.date(2027, 2, 2), tick=False):
        tailored = services_lists.list_generate(actor=caseworker, plan=plan)
        entry = tailored.entries.get(setting=north.school, category="mainstream")
        services_lists.preferences_set(
            actor=north.people["parent"], plan=plan, entry_ids=[entry.pk], reasons=""
        )
        sent = services_lists.consult_preferences(actor=caseworker, plan=plan)
        assert [(c.setting, c.review) for c in sent] == [(north.school, review)]
        deadline = Deadline.objects.get(consultation=sent[0])
        assert deadline.plan_id == plan.pk and deadline.request_id is None and deadline.review_id == review.pk
        assert deadline.due_on == datetime.date(2027, 2, 17)  # 15 days, guidance (CoP 9.83)
        with pytest.raises(ValidationError, match="already been consulted"):
            services_lists.consult_preferences(actor=caseworker, plan=plan)
    # The setting is reminded of this round's answer, not the LA or the setting hosting the review.
    with time_machine.travel(datetime.date(2027, 2, 10), tick=False):
        reminders.sweep(today=datetime.date(2027, 2, 10))
    assert set(Reminder.objects.filter(deadline=deadline).values_list("recipient__email", flat=True)) == {
        north.people["senco"].email,
        north.people["headteacher"].email,
    }
    with time_machine.travel(datetime.date(2027, 2, 12), tick=False):
        ehcp_services.consultation_respond(
            actor=north.people["senco"], consultation=sent[0], response="can_meet", details="We still can."
        )
        deadline.refresh_from_db()
        assert deadline.status == Deadline.Status.MET
        decision = services_lists.naming_decide(
            actor=caseworker,
            plan=plan,
            named_setting=north.school,
            setting_type="Mainstream primary school",
            reasons="The family's first preference can meet the needs.",
        )
    assert decision.unanswered_consultations == 0
    assert decision.outcomes[0]["consultation"] == "can_meet"


def test_a_consultation_at_a_review_needs_the_review_to_be_open(north):
    from ehcp.models import Plan
    from tests.test_reviews import _held_review, _plan

    plan = _plan(north)
    review = _held_review(north, plan)
    review.status = "decided"
    review.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="review that is still open"):
        ehcp_services.consultation_send(
            actor=north.people["caseworker"],
            plan=Plan.objects.get(pk=plan.pk),
            setting=north.ap,
            review=review,
        )
    with pytest.raises(ValidationError, match="while the plan is a draft"):
        ehcp_services.consultation_send(actor=north.people["caseworker"], plan=plan, setting=north.ap)


def test_a_decision_naming_a_setting_in_another_area_is_offered_on_the_amended_plan_page(
    north, south, signed_in
):
    """At a review the LA may name a setting in another area; the amended plan page offers it, chosen."""
    import time_machine

    from tests.test_reviews import _held_review, _plan

    plan = _plan(north)
    review = _held_review(north, plan)
    first = special(north)
    elsewhere = special(south, name="Southby Special School")
    caseworker = north.people["caseworker"]
    with time_machine.travel(datetime.date(2027, 2, 2), tick=False):
        tailored = services_lists.list_generate(actor=caseworker, plan=plan)
        entry = tailored.entries.get(setting=first)
        services_lists.preferences_set(
            actor=north.people["parent"], plan=plan, entry_ids=[entry.pk], reasons=""
        )
        preference = plan.placement_preferences.get()
        services_lists.naming_decide(
            actor=caseworker,
            plan=plan,
            named_setting=elsewhere,
            setting_type="Special school",
            reasons="Only Southby can offer the hydrotherapy in section F.",
            not_named={preference.pk: {"ground": "unsuitable", "reasons": "No hydrotherapy pool."}},
        )
        client = signed_in(caseworker)
        html = client.get(reverse("review-amended-plan", args=[review.pk])).content.decode()
        assert f'<option value="{elsewhere.pk}" selected>Southby Special School</option>' in html
        listing = client.get(reverse("placement-la-list", args=[plan.pk])).content.decode()
    # The LA's summary of what the list is based on names the needs in words, not census codes.
    codes = tailored.criteria["need_codes"]
    assert codes
    assert f">{', '.join(codes)}<" not in listing
    assert lists.NEED_LABELS[codes[0]] in listing
