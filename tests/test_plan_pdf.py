"""A plan version and the easy-read "My plan" as tagged PDFs (PDF/UA-1): title, language, structure, a
contents list, "Page X of Y", and every section's text."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

from ehcp import plan_pdf, plan_sections
from ehcp.models import PlanVersion

from .plan_reading import make_plan

pytestmark = pytest.mark.django_db


def _reader(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def _text(reader: pypdf.PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _struct_types(node, found: set) -> set:
    if isinstance(node, pypdf.generic.IndirectObject):
        node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _struct_types(child, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            _struct_types(node["/K"], found)
    return found


@pytest.fixture
def plan(north):
    return make_plan(north)


def test_the_pdf_is_tagged_with_title_language_and_headings(plan):
    version = plan.current_version
    reader = _reader(plan_pdf.plan_pdf(plan=plan, version=version))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == (
        "Education, health and care plan: Riley Taylor (Final plan, version 2, issued 5 February 2027)"
    )
    types = _struct_types(root["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/H3", "/P", "/Table", "/L"} <= types


def test_the_pdf_contains_every_section_a_contents_list_and_page_numbers(plan):
    reader = _reader(plan_pdf.plan_pdf(plan=plan, version=plan.current_version))
    text = _text(reader)
    pages = len(reader.pages)
    assert pages >= 3
    assert "Contents" in text
    assert "Section A: views, interests and aspirations, page 1" in text  # the contents list's page numbers
    assert re.search(r"Section K: advice and information, page \d+", text)
    for section in plan_sections.written():
        assert text.count(section.label[:1].upper() + section.label[1:]) >= 2, (
            section.label
        )  # contents + heading
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    # Sample values from every section.
    for value in (
        "My name is Riley. I like drawing, dinosaurs and swimming.",  # A
        "Reads at a level about two years below their age",  # B
        "Has epilepsy, controlled by medication",  # C
        "Needs short breaks so the family can rest",  # D
        "Will read a book at their reading age with 95% accuracy",  # E
        "Touch-typing programme and use of a laptop",  # F
        "Individual healthcare plan for epilepsy",  # G
        "Short breaks at a local youth club",  # H1
        "No other social care provision is needed at present.",  # H2
        "Northby Primary School",  # I
        "Swimming lessons with a 1:1 instructor",  # J
        "Educational psychology advice",  # K
    ):
        assert value in text, value


def test_the_pdf_is_the_version_asked_for(plan, north):
    draft = plan.versions.get(number=1)
    text = _text(_reader(plan_pdf.plan_pdf(plan=plan, version=draft)))
    assert "Will follow a one-step instruction given to the class" in text
    assert "two-step instruction" not in text


def test_the_pdf_download_page(plan, north, signed_in):
    response = signed_in(north.people["parent"]).get(reverse("plan-pdf", args=[plan.pk, 2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="ehc-plan-{plan.pk}-version-2.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert "Touch-typing programme" in _text(_reader(response.content))


def test_the_family_cannot_download_the_working_version(north, signed_in):
    plan = make_plan(north, working=True)
    assert signed_in(north.people["parent"]).get(reverse("plan-pdf", args=[plan.pk, 3])).status_code == 404
    staff = signed_in(north.people["caseworker"]).get(reverse("plan-pdf", args=[plan.pk, 3]))
    assert staff.status_code == 200
    assert "Not issued" in _text(_reader(staff.content))


def test_my_plan_pdf_is_one_tagged_a4_page_in_large_type(plan, north, signed_in):
    response = signed_in(north.people["parent"]).get(reverse("plan-easy-read-pdf", args=[plan.pk]))
    assert response.status_code == 200
    reader = _reader(response.content)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "My plan: Riley"
    text = _text(reader)
    for value in (
        "About me",
        "The dinner hall is too loud",
        "What I want to get better at",
        "I will read a book at my reading age",
        "Who helps me and how often",
        "How often: Four times a week (20 minutes a session)",
        "I go to Northby Primary School.",
        "We will look at my plan again by 5 February 2028.",
    ):
        assert value in text, value
    sizes = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(font_size * tm[0])

    page.extract_text(visitor_text=visitor)
    assert min(sizes) >= 14  # large type: nothing below 14 pt


def test_an_issued_version_gives_the_same_text_every_time(plan):
    version = PlanVersion.objects.get(pk=plan.current_version_id)
    first = _text(_reader(plan_pdf.plan_pdf(plan=plan, version=version)))
    again = _text(_reader(plan_pdf.plan_pdf(plan=plan, version=version)))
    assert first == again
