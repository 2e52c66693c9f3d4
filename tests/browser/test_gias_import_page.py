"""The settings register import in a real browser, with JavaScript running and with it off: a SEND manager
uploads a broken file (the GOV.UK error summary, nothing loaded), then the GIAS extract, and reads the
row-by-row report. The upload page with an error and the report page pass axe (WCAG 2.x A and AA)."""

import re

import pytest
from playwright.sync_api import Page, expect

from partnerships.models import Setting
from tests import factories
from tests.conftest import build_area
from tests.test_gias_import import SAMPLE

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

HOME = "/settings-register/imports/"


def _submit(page: Page) -> None:
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_manager_imports_the_register_and_reads_the_report(new_page, live_server, javascript, tmp_path):
    north = build_area("north")
    north.partnership.local_authorities.update(dfe_code="383")
    factories.LocalAuthorityFactory(name="Westby", dfe_code="385")
    page = new_page(javascript=javascript)
    sign_in_with_session(page, live_server, north.people["manager"])
    response = page.goto(HOME)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Import the settings register")
    assert_no_axe_violations(page)

    # A file without the GIAS columns: every problem in the summary, linked to the file input.
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"URN,EstablishmentName\r\n900001,Oak\r\n")
    page.get_by_label("Upload a CSV file").set_input_files(str(broken))
    before = Setting.objects.count()
    _submit(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    message = re.compile("The selected file is missing these columns: TypeOfEstablishment")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()
    assert Setting.objects.count() == before
    assert_no_axe_violations(page)

    # The real extract: the valid rows load and the report lists each bad row.
    page.get_by_label("Upload a CSV file").set_input_files(str(SAMPLE))
    _submit(page)
    expect(page).to_have_url(re.compile(r"/settings-register/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import report")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "gias_northby.csv has been imported"
    )
    problems = page.get_by_role("table", name="Rows with problems")
    expect(problems.get_by_role("row")).to_have_count(9)  # the header and 8 problems
    expect(problems).to_contain_text("URN must be a whole number, not “abc”")
    expect(page.get_by_role("table", name="Rows skipped on purpose")).to_contain_text("900012")
    assert Setting.objects.count() == before + 4
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Back to imports").click()
    expect(page).to_have_url(path_pattern(HOME))
    expect(page.get_by_role("link", name=re.compile("gias_northby.csv"))).to_be_visible()
    assert_no_axe_violations(page)
