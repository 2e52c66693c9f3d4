"""Fixtures for the browser tests: one Chromium for all of them, a fresh context and page per test, the live
test server with its static files, and helpers to sign in as a persona.

Chromium is Debian's (/usr/bin/chromium); Playwright's own browser downloads are never used. Without it
the tests skip with a reason on a developer's machine, and fail in CI (where ``CI`` is set).
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from tests.conftest import sign_in
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
GOVUK_STYLESHEET = Path(settings.BASE_DIR) / "static" / "build" / "govuk-frontend" / "dist" / "govuk"
# The pages' own JavaScript, refused when a test looks at pages as a browser without JavaScript does.
SCRIPT_FILES = re.compile(r"\.m?js(\?.*)?$")
# Playwright waits this long (ms) for an element or a navigation before failing the test.
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def _static_build() -> None:
    """GOV.UK Frontend's CSS must be served, or axe cannot judge colour contrast."""
    stylesheets = list(GOVUK_STYLESHEET.glob("govuk-frontend*.css")) if GOVUK_STYLESHEET.is_dir() else []
    if not stylesheets:
        pytest.fail(
            f"GOV.UK Frontend's stylesheet is missing from {GOVUK_STYLESHEET}. "
            "Run `npm ci && npm run build` to copy it into static/build, then run the browser tests again.",
            pytrace=False,
        )


@pytest.fixture(scope="package")
def _django_orm_beside_playwright() -> Iterator[None]:
    """Let the test body use the ORM while Playwright runs.

    Playwright's sync API keeps an asyncio loop running in the main thread for as long as it is started, and
    Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). The calls here are
    plain synchronous test set-up, so the guard is lifted while the browser is up, and put back after.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_static_build, _django_orm_beside_playwright):
    """One headless Chromium for the browser tests; each test gets its own context from it.

    Scoped to this package so Playwright (and its event loop) stops once the browser tests are done, and the
    rest of the test session runs exactly as it would without them.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI: {reason}.", pytrace=False)
        pytest.skip(f"Browser tests need Debian's Chromium: {reason}.")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class PageProblems:
    """What went wrong while pages loaded: server errors, missing static files, uncaught JavaScript errors."""

    responses: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("response", self._record_response)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _record_response(self, response) -> None:
        if response.status >= 500 or (response.status >= 400 and "/static/" in response.url):
            self.responses.append(f"{response.status} {response.request.method} {response.url}")

    def report(self) -> list[str]:
        return self.responses + [f"JavaScript error on {error}" for error in self.page_errors]


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    """``new_page()`` opens a page in a fresh browser context (its own cookies: one person per context),
    pointed at the live server; ``new_page(javascript=False)`` opens one where the pages' scripts never
    load. After the test, any server error, missing static file or uncaught JavaScript error seen on any
    of the pages fails it."""
    problems = PageProblems()
    contexts = []

    def _open(*, javascript: bool = True):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        if not javascript:
            # The pages' own scripts are all files (base.html has no inline scripts), so refusing them leaves
            # each page as a browser without JavaScript shows it, while axe, injected by Playwright, still
            # runs. Switching JavaScript off for the whole context would stop axe too.
            context.route(SCRIPT_FILES, lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert not problems.report(), "The browser saw problems while loading pages:\n" + "\n".join(
        problems.report()
    )


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context, for a test that needs only one."""
    return new_page()


def current_totp(user) -> str:
    """The six-digit code a person's confirmed authenticator app shows now."""
    device = user.totpdevice_set.get(confirmed=True)
    return f"{totp(bytes.fromhex(device.key), step=device.step, digits=device.digits):0{device.digits}d}"


def fill_sign_in_form(page, email: str, password: str = PASSWORD) -> None:
    """Open the sign-in page and submit it, as a person would."""
    page.goto(reverse("sign-in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_with_session(page, live_server, user) -> None:
    """Sign a browser context in without the form: a server-side session (second factor included for staff)
    whose cookie is handed to the browser. The sign-in journey itself is tested through the real form."""
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def path_pattern(path: str) -> re.Pattern:
    """A pattern matching the live server URL of this path, with or without a query string."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")
