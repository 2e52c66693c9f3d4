"""Decision letters to the family: the HTML as sent, the family's rights with their time limits, and the
tagged PDF (PDF/UA-1) rendered from the stored HTML."""

import datetime
import io
import itertools
import re

import pypdf
import pytest

from ehcp.letters import (
    add_calendar_months,
    appeal_deadline,
    decision_letter_pdf,
    render_decision_letter_html,
)
from ehcp.models import AssessmentRequest, DecisionLetter

from . import factories

REFUSE = DecisionLetter.Kind.REFUSE_TO_ASSESS
NOT_ISSUE = DecisionLetter.Kind.NOT_TO_ISSUE
ISSUED_ON = datetime.date(2027, 1, 15)
REASONS = (
    "The school has not yet tried SEN support for a full term.\n\nWe need to see a plan and review first."
)


@pytest.fixture
def case(north) -> AssessmentRequest:
    partnership = north.partnership
    partnership.information_advice_service = "Northby SENDIASS"
    partnership.contact_email = "send@northby.example.org"
    partnership.save()
    return AssessmentRequest.objects.create(
        partnership=partnership,
        child=north.children["pupil"],
        route=AssessmentRequest.Route.PORTAL,
        requester=AssessmentRequest.Requester.PARENT,
        requested_by=north.people["parent"],
        setting=north.school,
        stage=AssessmentRequest.Stage.REFUSED,
        received_on=datetime.date(2026, 12, 1),
        assess_decision=AssessmentRequest.AssessDecision.NOT_ASSESS,
        assess_decided_on=datetime.date(2027, 1, 12),
        issue_decided_on=datetime.date(2027, 1, 14),
    )


def render(case, north, *, kind=REFUSE, reasons=REASONS, issued_on=ISSUED_ON) -> str:
    return render_decision_letter_html(
        request=case, kind=kind, reasons=reasons, issued_on=issued_on, issued_by=north.people["caseworker"]
    )


def text_of(html: str) -> str:
    """The visible words, with tags removed and white space collapsed, for phrase checks."""
    body = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# --- The appeal date -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued_on", "last_day"),
    [
        (datetime.date(2026, 12, 31), datetime.date(2027, 2, 28)),  # clamped to the end of February
        (datetime.date(2027, 6, 30), datetime.date(2027, 8, 30)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 11, 30), datetime.date(2027, 1, 30)),  # across the new year
        (datetime.date(2027, 1, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2027, 2, 28), datetime.date(2027, 4, 28)),
    ],
)
def test_appeal_deadline_is_two_calendar_months_clamped_to_month_end(issued_on, last_day):
    assert appeal_deadline(issued_on) == last_day
    assert add_calendar_months(issued_on, 2) == last_day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "contact", "shown"),
    [
        (datetime.date(2026, 12, 31), "by Sunday 28 February 2027", "by Sunday 28 February 2027"),
        # 2 months end in August: the appeal moves to the first working day of September (docs/adr/0015);
        # contacting the mediation adviser does not move.
        (datetime.date(2027, 6, 30), "by Monday 30 August 2027", "by Wednesday 1 September 2027"),
        (datetime.date(2027, 12, 31), "by Tuesday 29 February 2028", "by Tuesday 29 February 2028"),
        (datetime.date(2027, 1, 15), "by Monday 15 March 2027", "by Monday 15 March 2027"),
        # 2 months end on 31 December: the appeal moves to the next working day in January.
        (datetime.date(2026, 10, 31), "by Thursday 31 December 2026", "by Monday 4 January 2027"),
    ],
)
@pytest.mark.parametrize("kind", [REFUSE, NOT_ISSUE])
def test_letter_shows_the_last_day_to_appeal_and_to_contact_the_mediation_adviser(
    case, north, kind, issued_on, contact, shown
):
    text = text_of(render(case, north, kind=kind, issued_on=issued_on))
    assert f"Appeal to the Tribunal {shown}" in text
    assert f"you must appeal {shown}" in text
    assert f"Contact the mediation adviser {contact}" in text
    assert f"contact them {contact}" in text


# --- What each letter says -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [REFUSE, NOT_ISSUE])
def test_letter_names_the_authority_child_dates_and_reasons(case, north, kind):
    text = text_of(render(case, north, kind=kind))
    la = north.partnership.local_authorities.get()
    assert la.name in text
    assert "send@northby.example.org" in text
    assert "Riley Taylor" in text
    assert "14 March 2015" in text  # date of birth
    assert "Date of this letter 15 January 2027" in text
    assert "The school has not yet tried SEN support for a full term." in text
    assert "We need to see a plan and review first." in text
    assert north.people["caseworker"].full_name in text
    assert str(case.reference) in text
    assert "Dear parent or carer," in text


@pytest.mark.django_db
def test_refusal_to_assess_says_what_was_decided_and_why_in_law(case, north):
    text = text_of(render(case, north, kind=REFUSE))
    assert "We have decided not to carry out an education, health and care (EHC) needs assessment" in text
    assert "We made this decision on 12 January 2027" in text
    assert "section 36 of the Children and Families Act 2014" in text
    assert "regulation 5 of the Special Educational Needs and Disability Regulations 2014" in text
    assert "Northby Primary School should continue to support Riley Taylor through SEN support" in text
    assert "You can ask us again for an EHC needs assessment at any time" in text
    assert "decided not to issue an EHC plan" not in text


@pytest.mark.django_db
def test_not_to_issue_says_what_was_decided_and_why_in_law(case, north):
    text = text_of(render(case, north, kind=NOT_ISSUE))
    assert "We have decided not to issue an EHC plan" in text
    assert "We made this decision on 14 January 2027" in text
    assert "sections 36 and 37 of the Children and Families Act 2014" in text
    assert "regulation 10 of the Special Educational Needs and Disability Regulations 2014" in text
    assert "You can ask to see the information and advice we gathered during the assessment" in text
    assert "How Riley Taylor's needs will be met without a plan" in text
    assert "decided not to carry out" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [REFUSE, NOT_ISSUE])
def test_letter_sets_out_every_right_with_its_time_limit(case, north, kind):
    text = text_of(render(case, north, kind=kind))
    # (1) Appeal to the Tribunal: 2 months from the letter or 1 month from a mediation certificate.
    assert "First-tier Tribunal (Special Educational Needs and Disability)" in text
    assert (
        "within 2 months of the date of this letter, or within 1 month of the date on your mediation "
        "certificate, whichever is later" in text
    )
    assert "Section 51 of the Children and Families Act 2014" in text
    # (2) Mediation: contact the adviser first (not for a school-only appeal), certificate in 3 working days.
    assert "Before you appeal, you must contact a mediation adviser" in text
    assert "just about the school or college named" in text
    assert "You have 2 months from the date of this letter to contact the mediation adviser" in text
    assert "they must give you a mediation certificate within 3 working days" in text
    assert "Mediation must take place within 30 days" in text
    assert "Sections 52 to 55 of the Children and Families Act 2014 and regulations 32 to 42" in text
    # (3) Disagreement resolution: free, independent, any disagreement.
    assert "Disagreement resolution" in text
    assert "It is free and independent of us" in text
    assert "any disagreement about special educational needs" in text
    # (4) Information, advice and support, by name.
    assert "Northby SENDIASS is your local special educational needs and disabilities information" in text
    assert "free, impartial and confidential" in text
    # (5) Complaints and the Ombudsman.
    assert "you can complain to us" in text
    assert "Local Government and Social Care Ombudsman" in text
    assert "within 12 months of when you first knew about the problem" in text


@pytest.mark.django_db
def test_letter_falls_back_when_the_information_advice_service_is_not_named(case, north):
    north.partnership.information_advice_service = ""
    north.partnership.contact_email = ""
    north.partnership.save()
    case.refresh_from_db()
    text = text_of(render(case, north))
    assert "your local SEND information, advice and support service (SENDIASS)" in text
    assert "Your local SEND information, advice and support service (SENDIASS) gives free" in text
    assert " is your local special educational needs" not in text
    assert "contact the SEND team at Northby" in text
    assert "None" not in text


@pytest.mark.django_db
def test_reasons_are_escaped_and_keep_their_paragraphs(case, north):
    reasons = 'First <script>alert("x")</script> & more.\n\nSecond paragraph.\nSame paragraph, new line.'
    html = render(case, north, reasons=reasons)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more." in html
    assert "<p>Second paragraph.<br>Same paragraph, new line.</p>" in html


@pytest.mark.django_db
def test_letter_to_a_young_person_is_addressed_to_them(case, north):
    case.requester = AssessmentRequest.Requester.YOUNG_PERSON
    text = text_of(render(case, north))
    assert "Dear Riley Taylor," in text


@pytest.mark.django_db
def test_letter_for_a_child_without_a_record_uses_the_names_on_the_request(north):
    request = AssessmentRequest.objects.create(
        partnership=north.partnership,
        route=AssessmentRequest.Route.PORTAL,
        requester=AssessmentRequest.Requester.PARENT,
        child_first_name="Ash",
        child_last_name="Morgan",
        child_date_of_birth=datetime.date(2016, 5, 2),
    )
    text = text_of(render(request, north))
    assert "Ash Morgan" in text
    assert "2 May 2016" in text
    assert "We made this decision on 15 January 2027" in text  # no decision date recorded: the letter's
    assert "the school, college or early years setting" in text


@pytest.mark.django_db
def test_unknown_kind_is_refused(case, north):
    with pytest.raises(ValueError, match="Unknown decision letter kind"):
        render(case, north, kind="cease_to_maintain")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [REFUSE, NOT_ISSUE])
def test_letter_is_a_self_contained_accessible_document(case, north, kind):
    html = render(case, north, kind=kind)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert '<meta charset="utf-8">' in html
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)
    assert "Riley Taylor" in title
    assert DecisionLetter.Kind(kind).label in title
    assert "<style>" in html
    for external in ("<script", "<link", "src=", "href=", "@import", "url("):
        assert external not in html
    # Exactly one h1, first; no heading skips a level.
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert {2, 3} <= set(levels)


@pytest.mark.django_db
def test_the_authority_is_the_childs_home_authority_in_a_partnership_of_several(case, north):
    other = factories.LocalAuthorityFactory(name="Aardvark Borough")  # sorts first
    north.partnership.local_authorities.add(other)
    text = text_of(render(case, north))
    home = north.children["pupil"].home_local_authority
    assert f"{home.name} Special educational needs and disabilities (SEND) team" in text
    assert "Aardvark Borough" not in text


# --- The PDF -----------------------------------------------------------------------------------------


def struct_types(node, found: set[str]) -> set[str]:
    """Every structure type (/H1, /P, /Table...) under a node of the PDF structure tree."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            struct_types(child, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            struct_types(node["/K"], found)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [REFUSE, NOT_ISSUE])
def test_pdf_is_tagged_with_title_and_language(case, north, kind):
    letter = DecisionLetter.objects.create(
        partnership=case.partnership,
        request=case,
        kind=kind,
        issued_on=ISSUED_ON,
        reasons=REASONS,
        html=render(case, north, kind=kind),
        issued_by=north.people["caseworker"],
    )
    pdf = decision_letter_pdf(letter)
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root["/Lang"] == "en-GB"
    assert DecisionLetter.Kind(kind).label in reader.metadata.title
    assert "Riley Taylor" in reader.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    types = struct_types(root["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/L"} <= types
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "Riley Taylor" in text
    assert "First-tier Tribunal" in text
    assert "Monday 15 March 2027" in text


@pytest.mark.django_db
def test_pdf_is_rendered_from_the_letter_as_sent(case, north):
    letter = DecisionLetter.objects.create(
        partnership=case.partnership,
        request=case,
        kind=REFUSE,
        issued_on=ISSUED_ON,
        reasons=REASONS,
        html=render(case, north),
        issued_by=north.people["caseworker"],
    )
    child = case.child
    child.first_name = "Renamed"
    child.save()
    letter.refresh_from_db()
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(decision_letter_pdf(letter))).pages
    )
    assert "Riley" in text
    assert "Renamed" not in text
