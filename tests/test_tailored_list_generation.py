"""The pure generation of a tailored list (placements/lists.py): no database, no clock."""

from dataclasses import replace
from decimal import Decimal

from placements import lists

HOME = (430000, 433000)


def candidate(setting_id, name, **overrides):
    values = {
        "setting_id": setting_id,
        "name": name,
        "urn": 100000 + setting_id,
        "partnership_id": 1,
        "setting_type": "mainstream",
        "categories": ("mainstream",),
        "low_age": 4,
        "high_age": 11,
        "needs_served": ("ASD", "SLCN"),
        "easting": HOME[0] + 1000 * setting_id,
        "northing": HOME[1],
        "capacity": 420,
        "pupils_on_roll": 400,
        "specialist_capacity": None,
        "specialist_on_roll": None,
        "annual_place_cost": None,
    }
    values.update(overrides)
    return lists.Candidate(**values)


def inputs(*candidates, **overrides):
    values = {
        "partnership_id": 1,
        "child_first_name": "Riley",
        "need_codes": ("ASD",),
        "age": 8,
        "school_year": "2027 to 2028",
        "phase_label": "primary",
        "home": HOME,
        "max_distance_m": 15000,
        "planned": None,
        "plan_gated": ("resourced_provision", "special", "independent"),
        "unit_costs": {},
        "candidates": tuple(candidates),
    }
    values.update(overrides)
    return lists.Inputs(**values)


def texts(entry):
    return [reason.text for reason in entry.reasons]


def by_name(result):
    return {entry.name: entry for entry in result.entries}


def test_the_same_inputs_give_the_same_list_and_reasons_whatever_order_the_settings_come_in():
    settings = [
        candidate(3, "Cedar Primary"),
        candidate(1, "Ash Primary"),
        candidate(
            2, "Birch Special", setting_type="special", categories=("special",), low_age=2, high_age=19
        ),
        candidate(4, "Far Primary", easting=HOME[0] + 40000),
    ]
    first = lists.generate(inputs(*settings))
    again = lists.generate(inputs(*reversed(settings)))
    assert first == again
    assert [(e.name, e.position, e.included) for e in first.entries] == [
        ("Ash Primary", 1, True),
        ("Cedar Primary", 2, True),
        ("Birch Special", 3, True),
        ("Far Primary", 4, False),
    ]


def test_a_full_setting_is_marked_full_and_stays_on_the_list():
    entry = lists.generate(inputs(candidate(1, "Ash Primary", pupils_on_roll=420))).entries[0]
    assert entry.included and entry.is_full
    assert "Full: no places at the moment (420 on roll, 420 places)" in texts(entry)


def test_a_setting_that_does_not_serve_the_need_is_left_off_with_that_reason():
    entry = lists.generate(inputs(candidate(1, "Ash Primary", needs_served=("HI",)))).entries[0]
    assert not entry.included
    assert "Does not offer places for autism (ASD)" in texts(entry)
    assert [r.code for r in entry.reasons if r.excludes] == ["need_not_served"]


def test_secondary_needs_not_served_are_said_but_do_not_exclude():
    entry = lists.generate(inputs(candidate(1, "Ash"), need_codes=("ASD", "HI"))).entries[0]
    assert entry.included
    assert "Does not say it offers places for hearing impairment" in texts(entry)


def test_age_and_phase():
    result = lists.generate(inputs(candidate(1, "Ash Primary"), age=12, phase_label="secondary"))
    entry = result.entries[0]
    assert not entry.included
    assert (
        "Takes children aged 4 to 11; Riley will be 12 at the start of the 2027 to 2028 school year"
        in texts(entry)
    )
    fits = lists.generate(inputs(candidate(1, "Ash Primary"))).entries[0]
    assert "Takes children aged 4 to 11 (primary phase fits)" in texts(fits)


def test_distance_known_and_too_far():
    near, far = lists.generate(
        inputs(candidate(1, "Near"), candidate(2, "Far", easting=HOME[0] + 30000, northing=HOME[1] + 40000))
    ).entries
    assert near.distance_m == 1000 and "1.0 km from home in a straight line" in texts(near)
    assert far.distance_m == 50000 and not far.included
    assert "50.0 km from home in a straight line, further than the 15.0 km the list covers" in texts(far)


def test_distance_unknown_excludes_nobody_and_says_so():
    result = lists.generate(
        inputs(candidate(1, "Near"), candidate(2, "Far", easting=HOME[0] + 90000), home=None)
    )
    assert all(entry.included and entry.distance_m is None for entry in result.entries)
    assert "Distance from home not known: we do not know where home is" in texts(result.entries[0])
    assert "We do not know where home is, so no setting is left off for distance." in result.notes


def test_a_category_the_local_inclusion_plan_does_not_commission_for_the_need_is_left_off():
    special = candidate(
        2, "Birch Special", setting_type="special", categories=("special",), low_age=2, high_age=19
    )
    planned = {("special", "SEMH"): 20, ("mainstream", ""): 100}
    entry = lists.generate(inputs(special, planned=planned)).entries[0]
    assert not entry.included
    assert (
        "The local inclusion plan does not commission state-funded special schools places for autism (ASD)"
        in (texts(entry))
    )
    commissioned = lists.generate(inputs(special, planned={("special", "ASD"): 8})).entries[0]
    assert commissioned.included and "Places of this kind are in the local inclusion plan" in texts(
        commissioned
    )
    # Mainstream places are not held back by the plan (CFA s.33).
    assert lists.generate(inputs(candidate(1, "Ash"), planned={("special", "ASD"): 8})).entries[0].included


def test_no_plan_in_force_excludes_nobody_on_that_ground_and_says_so():
    special = candidate(
        2, "Birch Special", setting_type="special", categories=("special",), low_age=2, high_age=19
    )
    result = lists.generate(inputs(special, planned=None))
    assert result.entries[0].included
    assert result.notes[0].startswith("The partnership's local inclusion plan is not approved yet")


def test_alternative_provision_is_not_named_from_a_list():
    entry = lists.generate(
        inputs(candidate(1, "Learning Centre", setting_type="alternative_provision", categories=()))
    ).entries[0]
    assert not entry.included and entry.reasons[0].code == "not_nameable"


def test_the_mix_groups_mainstream_specialist_independent_and_says_which_group_has_none():
    school = candidate(1, "Ash Primary", categories=("mainstream", "resourced_provision"),
                       specialist_capacity=10, specialist_on_roll=10)  # fmt: skip
    independent = candidate(3, "Oak House", setting_type="independent_special", categories=("independent",))
    result = lists.generate(inputs(school, independent))
    assert [(e.name, e.group, e.category) for e in result.entries] == [
        ("Ash Primary", "mainstream", "mainstream"),
        ("Ash Primary", "specialist", "resourced_provision"),
        ("Oak House", "independent", "independent"),
    ]
    assert result.entries[1].is_full  # the resourced provision is full though the school is not
    alone = lists.generate(inputs(candidate(1, "Ash Primary")))
    assert "No specialist setting meets the needs and limits above." in alone.notes
    assert "No independent setting meets the needs and limits above." in alone.notes


def test_out_of_area_settings_are_flagged_and_costs_come_from_the_setting_or_the_plan():
    other = candidate(2, "Over the Border", partnership_id=9, annual_place_cost=Decimal("6000.00"))
    special = candidate(
        3, "Birch Special", setting_type="special", categories=("special",), low_age=2, high_age=19
    )
    result = by_name(
        lists.generate(
            inputs(
                other,
                special,
                planned={("special", "ASD"): 5},
                unit_costs={("special", "ASD"): Decimal("23000")},
            )
        )
    )
    assert result["Over the Border"].out_of_area and "In another local area" in texts(
        result["Over the Border"]
    )
    assert result["Over the Border"].cost_per_year == Decimal("6000.00")
    assert result["Birch Special"].cost_per_year == Decimal("23000")
    # Cost never appears in the reasons.
    assert not any(
        "£" in text or "cost" in text.lower() for entry in result.values() for text in texts(entry)
    )


def test_changing_one_input_changes_the_list():
    base = inputs(candidate(1, "Ash"))
    assert lists.generate(base) != lists.generate(replace(base, need_codes=("HI",)))
