"""Every page of the foundation, visited as a person allowed to see it, passes axe (WCAG 2.x A and AA)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests import factories
from tests.conftest import Area, build_area

from .axe import assert_no_axe_violations
from .conftest import fill_sign_in_form, path_pattern, sign_in_with_session

pytestmark = pytest.mark.browser


# --- Where each page is ----------------------------------------------------------------------------


def _url(name: str) -> Callable[[Area], str]:
    return lambda area: reverse(name)


def _child_url(name: str, child: str = "pupil") -> Callable[[Area], str]:
    return lambda area: reverse(name, kwargs={"child_id": area.children[child].pk})


def _password_reset_link(area: Area) -> str:
    parent = area.people["parent"]
    uidb64 = urlsafe_base64_encode(force_bytes(parent.pk))
    return reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(parent)},
    )


def _two_factor_set_up(area: Area) -> str:
    """A member of staff without an authenticator app is asked to set one up (a QR code and the key)."""
    area.people["ap_provider"].totpdevice_set.all().delete()
    return reverse("two-factor-setup")


def _own_region(area: Area) -> str:
    region = area.partnership.local_authorities.get().region
    return reverse("regional-detail", kwargs={"region_code": region.code})


# --- What the person does on the page before it is checked ------------------------------------------


def _javascript_running(page: Page) -> bool:
    """GOV.UK Frontend marks the body once its JavaScript runs (static/src/js/govuk-supported.js)."""
    return page.locator("body.govuk-frontend-supported").count() == 1


def _expect_error_summary(page: Page, link_text: str) -> None:
    """The GOV.UK error summary shows, links to the field, and (once JavaScript runs) takes focus."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if _javascript_running(page):
        expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile(link_text, re.IGNORECASE))).to_be_visible()


def _submit_invalid_date_of_birth(page: Page, area: Area) -> None:
    """31 February in the GOV.UK date input, saved: the error summary links to the date of birth."""
    date_of_birth = page.get_by_role("group", name=re.compile("date of birth", re.IGNORECASE))
    date_of_birth.get_by_label("Day").fill("31")
    date_of_birth.get_by_label("Month").fill("2")
    date_of_birth.get_by_label("Year").fill("2015")
    page.get_by_role("button", name="Save changes").click()
    _expect_error_summary(page, "date of birth")


def _save_unchanged(page: Page, area: Area) -> None:
    """Saving the record returns to it with a green success banner."""
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(
        path_pattern(reverse("child-detail", kwargs={"child_id": area.children["pupil"].pk}))
    )
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def _submit_empty(button: str, link_text: str) -> Callable[[Page, Area], None]:
    def submit(page: Page, area: Area) -> None:
        page.get_by_role("button", name=button).click()
        _expect_error_summary(page, link_text)

    return submit


def _make_api_token(page: Page, area: Area) -> None:
    """The token page shows a new API token once."""
    page.get_by_role("button", name=re.compile("^Make a (new )?token$")).click()
    expect(page).to_have_url(path_pattern(reverse("account-api-token")))


def _lock_out(page: Page, area: Area) -> None:
    """Wrong passwords, as many as the lockout allows, lead to the page that explains the lockout."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fill_sign_in_form(page, area.people["young_person"].email, password="not the right password")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in at the moment")


@dataclass(frozen=True)
class Visit:
    """A page to check: who looks at it (a persona, or nobody signed in), where, and what they do first."""

    persona: str | None
    path: Callable[[Area], str]
    status: int = 200
    then: Callable[[Page, Area], None] | None = None
    # The page may redirect (the password reset link moves its token into the session); otherwise the
    # browser must stay on the path asked for, so a page is never judged by whatever it redirected to.
    redirects: bool = False


VISITS = {
    # Anyone.
    "start": Visit(None, _url("home")),
    "sign-in": Visit(None, _url("sign-in")),
    "accessibility": Visit(None, _url("accessibility")),
    "privacy": Visit(None, _url("privacy")),
    "cookies": Visit(None, _url("cookies")),
    "not-found": Visit(None, lambda area: "/no-such-page/", status=404),
    "signed-out": Visit(None, _url("signed-out")),
    "password-reset": Visit(None, _url("password_reset")),
    "password-reset-errors": Visit(
        None, _url("password_reset"), then=_submit_empty("Send a reset link", "email")
    ),
    "password-reset-sent": Visit(None, _url("password_reset_done")),
    "password-reset-new-password": Visit(None, _password_reset_link, redirects=True),
    "password-reset-complete": Visit(None, _url("password_reset_complete")),
    "locked-out": Visit(None, _url("sign-in"), then=_lock_out),
    # Signed in.
    "forbidden": Visit("parent", _url("backoffice-home"), status=403),
    "no-role": Visit("no_role", _url("no-role")),
    "two-factor-set-up": Visit("ap_provider", _two_factor_set_up),
    "account-family": Visit("parent", _url("account")),
    "account-staff": Visit("caseworker", _url("account")),
    "api-token": Visit("parent", _url("account"), then=_make_api_token),
    # Each role's home.
    "portal-home": Visit("parent", _url("portal-home")),
    "school-home": Visit("senco", _url("school-home")),
    "backoffice-home": Visit("caseworker", _url("backoffice-home")),
    "inbox-home": Visit("health", _url("inbox-home")),
    "support-home": Visit("support", _url("support-home")),
    "regional-home": Visit("regional", _url("regional-home")),
    "national-home": Visit("national", _url("national-home")),
    "regional-detail": Visit("national", _own_region),
    # Children's records.
    "child-detail": Visit("caseworker", _child_url("child-detail")),
    "child-detail-family": Visit("parent", _child_url("child-detail")),
    "child-edit": Visit("caseworker", _child_url("child-edit")),
    "child-edit-errors": Visit("caseworker", _child_url("child-edit"), then=_submit_invalid_date_of_birth),
    "child-edit-saved": Visit("caseworker", _child_url("child-edit"), then=_save_unchanged),
    "child-create": Visit("caseworker", _url("child-create")),
    "child-create-errors": Visit(
        "caseworker", _url("child-create"), then=_submit_empty("Add child", "first name")
    ),
    "child-share": Visit("caseworker", _child_url("child-share")),
    "child-share-errors": Visit(
        "caseworker", _child_url("child-share"), then=_submit_empty("Share record", "email address")
    ),
    "child-delete": Visit("manager", _child_url("child-delete")),
    "child-audit": Visit("support", _child_url("child-audit")),
}


def _check(page: Page, visit: Visit, path: str, area: Area) -> None:
    response = page.goto(path)
    assert response is not None, f"No response from {path}"
    assert response.status == visit.status, f"{path} answered {response.status}, expected {visit.status}"
    if not visit.redirects:
        expect(page).to_have_url(path_pattern(path))
    if visit.then is not None:
        visit.then(page, area)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_pages_have_no_axe_violations(new_page, live_server, javascript):
    """Every page renders for a person allowed to see it (or as the expected error page), with the GOV.UK
    styles loaded, a visible main heading and no axe violations, with JavaScript running and with it off
    (as the accessibility statement promises).

    One partnership and one browser context per person serve all the pages (a transactional test costs a
    database flush, so one test visits them all). Each page is checked on its own and every failure is
    reported together, named by page.
    """
    north = build_area("north")
    people = {**north.people, "no_role": factories.UserFactory(email="no-role@north.example.org")}
    pages: dict[str | None, Page] = {}
    failures = []
    for name, visit in VISITS.items():
        path = visit.path(north)
        if visit.persona not in pages:
            pages[visit.persona] = new_page(javascript=javascript)
            if visit.persona is not None:
                sign_in_with_session(pages[visit.persona], live_server, people[visit.persona])
        try:
            _check(pages[visit.persona], visit, path, north)
        except (AssertionError, PlaywrightError) as error:
            failures.append(f"[{name}] {path} as {visit.persona or 'a visitor'}:\n{error}")
    assert not failures, f"{len(failures)} of {len(VISITS)} pages failed:\n\n" + "\n\n".join(failures)
