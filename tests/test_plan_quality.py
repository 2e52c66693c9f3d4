"""The quality checks on a plan's content (ehcp/quality.py, rules/quality.toml): for each check a plan that
fails it and one that passes it, and the complete sample plan passing every check."""

import copy

import pytest

from ehcp import plan_content, plan_samples, quality


@pytest.fixture
def plan() -> dict:
    return plan_samples.complete_plan(first_name="Sam")


def codes(content: dict) -> list[str]:
    return [finding.code for finding in quality.run(content)]


def only(content: dict, code: str) -> list[quality.Finding]:
    return [finding for finding in quality.run(content) if finding.code == code]


def test_the_complete_sample_plan_passes_every_check(plan):
    assert quality.run(plan) == []
    checklist = quality.checklist(plan)
    assert {item["code"] for item in checklist} == {check.code for check in quality.checks()}
    assert all(item["passed"] and item["findings"] == [] for item in checklist)


def test_a_long_sample_plan_passes_every_check():
    assert quality.run(plan_samples.complete_plan(size=10)) == []


def test_every_check_has_a_title_message_and_source():
    checks = quality.checks()
    assert len(checks) == 7
    for check in checks:
        assert check.title and check.message and check.source
        assert check.section in plan_content.SECTION_CODES


# Outcomes without a measure -------------------------------------------------------------------------


def test_an_outcome_without_a_measure_fails(plan):
    plan["E"]["outcomes"][1]["measure"] = "   "
    (finding,) = only(plan, "outcome_without_measure")
    assert finding.section == "E"
    assert finding.item_id == plan["E"]["outcomes"][1]["id"]
    assert finding.message.startswith("Outcome E2 has no measure")


def test_an_outcome_with_a_measure_passes(plan):
    plan["E"]["outcomes"][1]["measure"] = "Reads 20 words a minute by July, checked by the teacher"
    assert "outcome_without_measure" not in codes(plan)


# Outcomes without a date -----------------------------------------------------------------------------


def test_an_outcome_without_a_target_date_fails(plan):
    plan["E"]["outcomes"][0]["target_date"] = None
    (finding,) = only(plan, "outcome_without_date")
    assert finding.item_id == plan["E"]["outcomes"][0]["id"]
    assert finding.message == "Outcome E1 has no target date"


def test_an_outcome_with_a_target_date_passes(plan):
    plan["E"]["outcomes"][0]["target_date"] = "2027-07-20"
    assert "outcome_without_date" not in codes(plan)


# Provision not quantified ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("frequency", "", "how often is missing"),
        ("amount", "", "how much is missing"),
        ("frequency", "Regular sessions", 'how often is not specific ("Regular sessions")'),
        ("frequency", "As required", 'how often is not specific ("As required")'),
        ("amount", "As required, up to 1 hour", "how much is not specific"),
        ("frequency", "Weekly as needed", "how often is not specific"),
        ("amount", "Enough time", 'how much is not specific ("Enough time")'),
        ("what", "Access to speech and language therapy", 'it uses vague words: "access to"'),
        ("what", "Regular opportunities to work in a small group", '"regular", "opportunities"'),
    ],
)
def test_provision_without_how_often_or_how_much_fails(plan, field, value, detail):
    plan["F"]["provision"][2][field] = value
    (finding,) = only(plan, "provision_unquantified")
    assert finding.section == "F"
    assert finding.item_id == plan["F"]["provision"][2]["id"]
    assert finding.message.startswith("Provision F.3 does not say how often or how much")
    assert detail in finding.message


@pytest.mark.parametrize(
    ("frequency", "amount"),
    [
        ("Once a week", "30 minutes a session"),
        ("Three times a week", "1 hour"),
        ("Daily", "20 minutes"),
        ("Every morning", "Half an hour"),
        ("Fortnightly", "45 minutes, 1:1"),
    ],
)
def test_provision_saying_how_often_and_how_much_passes(plan, frequency, amount):
    plan["F"]["provision"][2].update(frequency=frequency, amount=amount)
    assert "provision_unquantified" not in codes(plan)


def test_vague_words_are_whole_words_only(plan):
    # "irregular" is not "regular", and "supporter" is not a vague word at all.
    plan["F"]["provision"][0]["what"] = "Help with irregular verbs from a trained supporter"
    assert "provision_unquantified" not in codes(plan)
    assert quality.vague_terms("Access to a laptop as required, regularly") == [
        "access to",
        "as required",
        "regularly",
    ]


# A need in B with no provision in F -------------------------------------------------------------------


def test_a_need_with_no_provision_fails(plan):
    plan["B"]["needs"].append(
        {"id": "extra", "area": "semh", "code": "SEMH", "rank": "other", "description": "Anxiety at night."}
    )
    (finding,) = only(plan, "need_without_provision")
    assert (finding.section, finding.item_id) == ("B", "extra")
    assert finding.message == f"Need B{len(plan['B']['needs'])} has no provision in section F"


def test_a_need_met_directly_by_provision_passes(plan):
    plan["B"]["needs"].append(
        {"id": "extra", "area": "semh", "code": "SEMH", "rank": "other", "description": "Anxiety at night."}
    )
    plan["F"]["provision"][0]["need_ids"].append("extra")
    assert "need_without_provision" not in codes(plan)


def test_a_need_met_through_an_outcome_that_provision_serves_passes(plan):
    plan["F"]["provision"][1]["need_ids"] = []  # still serves outcome o0-1, which addresses need n0-1
    assert plan["E"]["outcomes"][1]["need_ids"] == ["n0-1"]
    assert "need_without_provision" not in codes(plan)


def test_a_need_whose_only_outcome_has_no_provision_fails(plan):
    plan["F"]["provision"][1]["need_ids"] = []
    plan["F"]["provision"][1]["outcome_ids"] = [plan["E"]["outcomes"][0]["id"]]
    (finding,) = only(plan, "need_without_provision")
    assert finding.item_id == "n0-1"


# Provision in F serving no outcome ---------------------------------------------------------------------


def test_provision_serving_no_outcome_fails(plan):
    plan["F"]["provision"][3]["outcome_ids"] = []
    (finding,) = only(plan, "provision_without_outcome")
    assert finding.item_id == plan["F"]["provision"][3]["id"]
    assert finding.message == "Provision F.4 serves no outcome in section E"


def test_provision_serving_an_outcome_passes(plan):
    plan["F"]["provision"][3]["outcome_ids"] = [plan["E"]["outcomes"][0]["id"]]
    assert "provision_without_outcome" not in codes(plan)


# Section A without the child's own words ------------------------------------------------------------


def test_section_a_without_own_words_fails(plan):
    for entry in plan["A"]["entries"]:
        entry["own_words"] = False
    (finding,) = only(plan, "views_not_own_words")
    assert finding.section == "A"


def test_own_words_must_be_the_child_or_young_persons(plan):
    # A parent's views, even marked as own words, are not the child's.
    plan["A"]["entries"] = [
        {**copy.deepcopy(plan["A"]["entries"][3]), "own_words": True, "author": "parent"},
        {**copy.deepcopy(plan["A"]["entries"][0]), "own_words": False, "author": "professional"},
    ]
    assert "views_not_own_words" in codes(plan)


def test_section_a_with_a_young_persons_own_words_passes(plan):
    plan["A"]["entries"] = [{**plan["A"]["entries"][0], "author": "young_person", "own_words": True}]
    assert "views_not_own_words" not in codes(plan)


def test_an_empty_section_a_fails():
    assert codes({"A": {}}) == ["views_not_own_words"]


# A health need in C with no health provision in G nor a reason -------------------------------------------


def test_a_health_need_without_health_provision_or_reason_fails(plan):
    plan["G"]["provision"][0]["need_ids"] = []
    (finding,) = only(plan, "health_need_without_provision")
    assert (finding.section, finding.item_id) == ("C", "c1")
    assert finding.message == "Health need C1 has no health provision in section G and no reason recorded"


def test_a_blank_reason_is_no_reason(plan):
    plan["G"]["provision"] = []
    plan["C"]["needs"][0]["no_provision_reason"] = "   "
    assert "health_need_without_provision" in codes(plan)


def test_a_health_need_with_health_provision_passes(plan):
    assert plan["G"]["provision"][0]["need_ids"] == ["c1"]
    assert "health_need_without_provision" not in codes(plan)


def test_a_health_need_with_a_reason_and_no_provision_passes(plan):
    plan["G"]["provision"] = []
    plan["C"]["needs"][0]["no_provision_reason"] = "Managed by the GP; no provision needed in school."
    assert "health_need_without_provision" not in codes(plan)


def test_education_provision_in_f_does_not_meet_a_health_need(plan):
    plan["G"]["provision"] = []
    plan["F"]["provision"][0]["need_ids"].append("c1")
    assert "health_need_without_provision" in codes(plan)


# All together ----------------------------------------------------------------------------------------


def test_findings_come_in_section_order_and_the_checklist_shows_them(plan):
    plan["E"]["outcomes"][0]["measure"] = ""
    plan["A"]["entries"] = []
    plan["G"]["provision"] = []
    plan["F"]["provision"][0]["frequency"] = "as required"
    assert codes(plan) == [
        "views_not_own_words",
        "health_need_without_provision",
        "outcome_without_measure",
        "provision_unquantified",
    ]
    failing = {item["code"] for item in quality.checklist(plan) if not item["passed"]}
    assert failing == {
        "views_not_own_words",
        "health_need_without_provision",
        "outcome_without_measure",
        "provision_unquantified",
    }
