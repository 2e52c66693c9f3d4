"""The session timeout warning (static/src/js/session-timeout.js): it opens before the session ends, lets the
person stay signed in, and signs them out when the time runs out."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import build_area

from .axe import assert_no_axe_violations
from .conftest import path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser

WARNING_NAME = re.compile("about to be signed out", re.IGNORECASE)


def _session_expiry(page):
    """When the server will end this browser's session."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME)
    return Session.objects.get(session_key=key).expire_date


def test_session_timeout_warning(page, live_server, settings):
    """With the session two seconds longer than the warning period, the warning dialog opens two seconds
    after the page loads, takes focus and passes axe; "Stay signed in" extends the session on the server,
    closes the dialog and keeps the person on their page."""
    settings.SESSION_COOKIE_AGE = settings.SESSION_EXPIRY_WARNING_SECONDS + 2
    north = build_area("north")
    sign_in_with_session(page, live_server, north.people["parent"])
    page.goto(reverse("portal-home"))
    expiry_on_load = _session_expiry(page)

    dialog = page.get_by_role("dialog", name=WARNING_NAME)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name=WARNING_NAME)).to_be_focused()
    assert_no_axe_violations(page)

    with page.expect_response(lambda response: response.url.endswith(reverse("session-extend"))) as extended:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert extended.value.ok, f"Extending the session answered {extended.value.status}"
    expect(dialog).to_be_hidden()
    assert _session_expiry(page) > expiry_on_load

    page.reload()
    expect(page).to_have_url(path_pattern(reverse("portal-home")))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_session_timeout_signs_out(page, live_server):
    """When the time runs out with the warning unanswered, the page signs the person out and says why.
    The browser's clock is moved on rather than waited for."""
    north = build_area("north")
    sign_in_with_session(page, live_server, north.people["parent"])
    page.clock.install()
    page.goto(reverse("portal-home"))
    timeout_seconds = int(page.locator("#session-timeout-dialog").get_attribute("data-timeout-seconds"))

    page.clock.run_for(timeout_seconds * 1000 + 1000)

    expect(page).to_have_url(path_pattern(reverse("signed-out")))
    page.goto(reverse("portal-home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("sign-in"))))
