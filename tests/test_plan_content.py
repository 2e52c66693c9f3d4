"""The plan's structured content: validation with field paths, links between items, lines and differences."""

import pytest
from django.core.exceptions import ValidationError

from ehcp import plan_content, plan_samples


def test_a_complete_plan_is_valid_and_keeps_every_section():
    content = plan_samples.complete_plan()
    assert set(content) == set(plan_content.SECTION_CODES)
    for code in plan_content.SECTION_CODES:
        if code != "I":  # a plan written for a draft names no setting
            assert plan_content.section_lines(content, code), code


def test_new_items_get_ids_and_provision_defaults_to_who_pays_by_section():
    f = plan_content.clean_section("F", {"provision": [{"what": "Speech therapy", "frequency": "Weekly"}]})
    g = plan_content.clean_section("G", {"provision": [{"what": "Physiotherapy"}]})
    assert f["provision"][0]["id"]
    assert f["provision"][0]["funding"] == "education"
    assert g["provision"][0]["funding"] == "health"


def test_errors_name_the_field_by_its_path():
    with pytest.raises(ValidationError) as caught:
        plan_content.clean_section(
            "E", {"outcomes": [{"text": "Read well", "target_date": "next year"}, {"text": ""}]}
        )
    errors = caught.value.message_dict
    assert "E.outcomes.0.target_date" in errors
    assert errors["E.outcomes.1.text"] == ["Enter the outcome"]


def test_only_one_primary_need():
    with pytest.raises(ValidationError) as caught:
        plan_content.clean_section(
            "B",
            {
                "needs": [
                    {"area": "semh", "rank": "primary", "description": "a"},
                    {"area": "semh", "rank": "primary", "description": "b"},
                ]
            },
        )
    assert "B.needs" in caught.value.message_dict


def test_links_must_point_at_items_in_the_plan():
    content = plan_samples.complete_plan()
    content["F"]["provision"][0]["outcome_ids"] = ["no-such-outcome"]
    with pytest.raises(ValidationError) as caught:
        plan_content.clean_content(content)
    assert caught.value.message_dict == {
        "F.provision.0.outcome_ids": ["Choose outcomes that are in section E"]
    }


def test_unknown_sections_are_refused():
    with pytest.raises(ValidationError) as caught:
        plan_content.clean_content({"Z": {}})
    assert "Unknown plan sections: Z" in caught.value.message_dict["content"][0]


def test_with_section_replaces_one_section_and_checks_its_links():
    content = plan_samples.complete_plan()
    updated = plan_content.with_section(content, "H2", {"summary": "Respite at weekends, 2 nights a month."})
    assert updated["H2"]["summary"].startswith("Respite")
    assert updated["F"] == content["F"]
    with pytest.raises(ValidationError):
        plan_content.with_section(content, "E", {"outcomes": [{"text": "x", "need_ids": ["missing"]}]})


def test_diff_reports_changed_added_and_removed_lines_by_section():
    before = plan_samples.complete_plan()
    after = plan_content.clean_content(before)
    after["F"]["provision"][0]["frequency"] = "Twice a week"
    after["K"]["items"].append(
        {"id": "k9", "title": "Occupational therapy advice", "author": "", "dated": None, "document_id": None}
    )
    del after["C"]["needs"][0]
    after["G"]["provision"][0]["need_ids"] = []
    diff = {d.code: d for d in plan_content.diff(before, after)}
    assert not diff["A"].changed and not diff["B"].changed
    assert [c.kind for c in diff["F"].changes] == ["changed"]
    assert diff["F"].changes[0].before == "  How often: Once a week"
    assert diff["F"].changes[0].after == "  How often: Twice a week"
    assert [(c.kind, c.after) for c in diff["K"].changes] == [("added", "K4. Occupational therapy advice")]
    assert [c.kind for c in diff["C"].changes] == ["removed"]
    assert diff["C"].label == "Section C: health needs related to special educational needs"


def test_the_difference_between_a_version_and_itself_is_nothing():
    content = plan_samples.complete_plan(size=2)
    assert not any(d.changed for d in plan_content.diff(content, content))


def test_present_gives_every_section_with_items_for_templates():
    sections = {s.code: s for s in plan_content.present(plan_samples.complete_plan())}
    assert list(sections) == list(plan_content.SECTION_CODES)
    assert sections["I"].empty
    f1 = sections["F"].items[0]
    assert f1.label == "F.1"
    assert ("How often", "Once a week") in f1.rows
    assert ("Towards outcomes", "E1") in f1.rows
    assert sections["A"].lines[0].startswith("My views are captured")
