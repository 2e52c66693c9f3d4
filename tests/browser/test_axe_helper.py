"""The axe helper itself: it finds real violations and names them clearly, so a passing page check means
something."""

import pytest

from .axe import axe_violations, format_violations

pytestmark = pytest.mark.browser

INACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Broken</title></head>
<body><main>
  <h1>Broken page</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
  <label>Nothing labelled</label><input type="text" id="unlabelled">
</main></body></html>"""


def test_axe_helper_reports_violations(browser):
    """A page with an image without alternative text and an unlabelled box fails, and the message gives each
    rule's id, impact and help, and the offending element's selector."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(INACCESSIBLE_PAGE)
        violations = axe_violations(page)
        message = format_violations(violations, url="about:blank")
    finally:
        context.close()

    assert {"image-alt", "label"} <= {violation["id"] for violation in violations}
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at #no-alt:" in message
    assert "at #unlabelled:" in message
