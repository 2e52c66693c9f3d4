"""Signing in through the real pages: each role lands on its own home page, and a wrong password is
explained with the GOV.UK error summary."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.roles import HOME_FOR_ROLE, STAFF_ROLES
from tests.conftest import PERSONA_ROLES, build_area

from .axe import assert_no_axe_violations
from .conftest import current_totp, fill_sign_in_form, path_pattern

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_sign_in_lands_each_role(page, live_server, persona):
    """Each persona signs in with email and password (and, for staff, a code from their authenticator app),
    lands on the home page for their role, and every page on the way passes axe."""
    north = build_area("north")
    person = north.people[persona]
    role = PERSONA_ROLES[persona]
    documents = []
    page.on(
        "response",
        lambda response: documents.append(response) if response.request.resource_type == "document" else None,
    )

    page.goto(reverse("sign-in"))
    assert_no_axe_violations(page)
    fill_sign_in_form(page, person.email)

    if role in STAFF_ROLES:
        expect(page).to_have_url(path_pattern(reverse("two-factor-verify")))
        assert_no_axe_violations(page)
        page.get_by_label("Code from your authenticator app").fill(current_totp(person))
        page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(path_pattern(reverse(HOME_FOR_ROLE[role])))
    assert documents[-1].status == 200, f"The home page answered {documents[-1].status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


def test_wrong_password_shows_error_summary(page, live_server):
    """A wrong password shows the GOV.UK error summary, focused so screen readers announce it, and the
    person stays on the sign-in page without a server error."""
    north = build_area("north")
    parent = north.people["parent"]
    responses = []
    page.on("response", lambda response: responses.append(response.status))

    fill_sign_in_form(page, parent.email, password="not the right password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(re.compile("there is a problem", re.IGNORECASE))
    expect(summary.get_by_role("link", name="The email address or password is not right")).to_have_attribute(
        "href", "#id_username"
    )
    expect(page).to_have_url(path_pattern(reverse("sign-in")))
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert all(status < 500 for status in responses), f"Server error while signing in: {responses}"
    assert_no_axe_violations(page)
