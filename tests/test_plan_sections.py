"""The plan's sections are data with their legal basis (reg 12(1)), used by every page that shows them."""

from ehcp import plan_sections


def test_sections_a_to_k_with_h1_and_h2_kept_together_as_h():
    assert plan_sections.stored_codes() == tuple("ABCDEFGHIJK")
    assert [s.code for s in plan_sections.written()] == [*"ABCDEFG", "H1", "H2", *"IJK"]
    assert plan_sections.required_in_draft() == ("A", "B", "E", "F")


def test_each_section_has_its_legal_basis_and_only_b_f_and_i_are_appealable():
    for section in plan_sections.stored():
        assert section.legal_basis.startswith("regulation 12(1)")
    assert {s.code for s in plan_sections.stored() if s.appealable} == {"B", "F", "I"}


def test_a_draft_never_has_section_i():
    assert [s.code for s in plan_sections.written() if not s.in_draft] == ["I"]
    assert plan_sections.stored()[7].label == "Sections H1 and H2: social care provision"
