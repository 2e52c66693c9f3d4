"""Reading a plan in a real browser, with JavaScript running and with it off: the plan in force with its
contents list, the versions list, comparing two versions (a GET form, with the error summary on a bad
choice) and the easy-read "My plan" (large type, and one A4 page when printed); every page passes axe
(WCAG 2.x A and AA)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.conftest import build_area
from tests.plan_reading import make_plan

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


def _open(new_page, live_server, user, *, javascript: bool) -> Page:
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, user)
    return page


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(page).to_have_url(path_pattern(path))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@JAVASCRIPT
def test_a_parent_reads_the_plan_its_versions_and_what_changed(new_page, live_server, javascript):
    north = build_area("north")
    plan = make_plan(north)
    page = _open(new_page, live_server, north.people["parent"], javascript=javascript)

    _goto(page, reverse("plan-detail", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Education, health and care plan")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link")).to_have_count(12)
    contents.get_by_role("link", name="Section F: special educational provision").click()
    expect(page).to_have_url(re.compile(r"#section-f$"))
    expect(
        page.get_by_role("heading", level=2, name="Section F: special educational provision")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="All versions of this plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versions of the plan")
    expect(page.get_by_role("row")).to_have_count(3)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Compare two versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions of the plan")
    assert_no_axe_violations(page)

    # The same version twice: the error summary, the choice kept.
    page.get_by_label("Compare from").select_option("2")
    page.get_by_label("Compare with").select_option("2")
    page.get_by_role("button", name="Compare").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link", name="Choose a different version")).to_be_visible()
    expect(page.get_by_label("Compare from")).to_have_value("2")
    assert_no_axe_violations(page)

    page.get_by_label("Compare from").select_option("1")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="What changed from version 1 to version 2")).to_be_visible()
    section_a = page.locator("section", has=page.get_by_role("heading", name="Section A: views"))
    expect(section_a).to_contain_text("No changes")
    section_e = page.locator("section", has=page.get_by_role("heading", name="Section E: outcomes"))
    expect(section_e.locator("del")).to_contain_text("Removed: E1. Will follow a one-step instruction")
    expect(section_e.locator("ins")).to_contain_text("Added: E1. Will follow a two-step instruction")
    assert_no_axe_violations(page)


@JAVASCRIPT
def test_the_child_reads_my_plan_in_large_type_on_one_printed_page(new_page, live_server, javascript):
    north = build_area("north")
    plan = make_plan(north)
    page = _open(new_page, live_server, north.people["parent"], javascript=javascript)
    _goto(page, reverse("plan-easy-read", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    for heading in (
        "About me",
        "What I want to get better at",
        "Who helps me and how often",
        "My school or college",
        "When we look at my plan again",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    body_size = page.locator(".app-my-plan .govuk-list").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert body_size >= 22  # large type on screen (24px)
    assert_no_axe_violations(page)

    if javascript:  # printing needs the page's layout engine, not its scripts: checked once
        page.emulate_media(media="print")
        expect(page.locator(".govuk-template__header")).to_be_hidden()
        pdf = page.pdf(format="A4", print_background=True)
        assert _page_count(pdf) == 1


def _page_count(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
