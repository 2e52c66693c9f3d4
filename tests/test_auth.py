"""Signing in and out, lockout, the second factor, password reset, session extension and API tokens."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from partnerships.forms_auth import SIGN_IN_FAILED

from . import factories

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500000) % 1000000:06d}"


def sign_in_with_form(client: Client, email: str, password: str = factories.PASSWORD, **extra):
    return client.post(reverse("sign-in"), {"username": email, "password": password, **extra})


def _path_and_next(location: str) -> tuple[str, str]:
    url = urlsplit(location)
    return url.path, parse_qs(url.query).get("next", [""])[0]


@pytest.fixture
def no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


# --- Signing in --------------------------------------------------------------------------------------


def test_sign_in_page_uses_govuk_password_input(client):
    response = client.get(reverse("sign-in"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Sign in – " in html
    assert 'data-module="govuk-password-input"' in html
    assert 'for="id_username">Email address' in html
    assert 'type="email"' in html
    assert reverse("password_reset") in html


def test_wrong_password_shows_error_summary_without_saying_which(client, north):
    response = sign_in_with_form(client, north.people["parent"].email, "not the right password")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert f'<a href="#id_username">{SIGN_IN_FAILED}</a>' in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message(client, north):
    response = sign_in_with_form(client, "nobody@example.org", "whatever it is")
    assert response.status_code == 200
    assert SIGN_IN_FAILED in response.content.decode()


def test_empty_fields_give_specific_messages(client):
    response = client.post(reverse("sign-in"), {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_username">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html
    assert 'id="id_password_error"' in html


def test_badly_formed_email_is_explained(client):
    response = client.post(reverse("sign-in"), {"username": "parent at north", "password": "x"})
    assert "Enter an email address in the correct format, like name@example.com" in response.content.decode()


def test_family_member_lands_on_their_home(client, north):
    response = sign_in_with_form(client, north.people["parent"].email)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal-home")


def test_email_is_not_case_sensitive(client, north):
    response = sign_in_with_form(client, north.people["parent"].email.upper())
    assert response["Location"] == reverse("portal-home")


def test_safe_next_is_honoured_and_unsafe_next_ignored(north):
    parent = north.people["parent"]
    response = sign_in_with_form(Client(), parent.email, next=reverse("account"))
    assert response["Location"] == reverse("account")
    response = sign_in_with_form(Client(), parent.email, next="https://evil.example.com/")
    assert response["Location"] == reverse("portal-home")


def test_staff_with_an_app_are_asked_for_a_code_after_the_password(client, north):
    response = sign_in_with_form(client, north.people["caseworker"].email, next=reverse("account"))
    assert response.status_code == 302
    assert _path_and_next(response["Location"]) == (reverse("two-factor-verify"), reverse("account"))


def test_staff_without_an_app_are_sent_to_set_one_up(client, north):
    caseworker = north.people["caseworker"]
    caseworker.totpdevice_set.all().delete()
    response = sign_in_with_form(client, caseworker.email)
    assert response["Location"] == reverse("two-factor-setup")


# --- Lockout (django-axes) ---------------------------------------------------------------------------


def test_lockout_after_too_many_failures_refuses_even_the_right_password(client, north, settings):
    parent = north.people["parent"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in_with_form(client, parent.email, "wrong password")
        assert response.status_code == 200
    response = sign_in_with_form(client, parent.email, "wrong password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You cannot sign in at the moment" in html
    assert "30 minutes" in html
    assert 'class="govuk-footer' in html

    response = sign_in_with_form(client, parent.email, factories.PASSWORD)
    assert response.status_code == 429
    assert "You cannot sign in at the moment" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_resetting_the_password_lifts_the_lockout(client, north, settings):
    parent = north.people["parent"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_form(client, parent.email, "wrong password")
    assert sign_in_with_form(client, parent.email).status_code == 429

    set_password_url = _reset_link_for(client, parent.email)
    new_password = "a brand new passphrase for north"
    client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})

    response = sign_in_with_form(client, parent.email, new_password)
    assert response.status_code == 302


# --- The second factor --------------------------------------------------------------------------------


def test_staff_without_second_factor_are_kept_out_of_staff_pages(signed_in, north):
    client = signed_in(north.people["caseworker"], second_factor=False)
    response = client.get(reverse("backoffice-home"))
    assert response.status_code == 302
    assert _path_and_next(response["Location"]) == (reverse("two-factor-verify"), reverse("backoffice-home"))


def test_staff_without_any_app_are_sent_to_set_up_from_a_staff_page(signed_in, north):
    senco = north.people["senco"]
    senco.totpdevice_set.all().delete()
    response = signed_in(senco, second_factor=False).get(reverse("school-home"))
    assert _path_and_next(response["Location"]) == (reverse("two-factor-setup"), reverse("school-home"))


def test_family_members_are_not_asked_for_a_second_factor(signed_in, north):
    response = signed_in(north.people["parent"]).get(reverse("portal-home"))
    assert response.status_code == 200


def test_set_up_shows_a_qr_code_and_key_then_confirms_with_a_real_code(client, north, no_otp_throttle):
    caseworker = north.people["caseworker"]
    caseworker.totpdevice_set.all().delete()
    sign_in_with_form(client, caseworker.email)

    url = f"{reverse('two-factor-setup')}?next={reverse('account')}"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=caseworker)
    assert device.confirmed is False
    assert '<svg role="img" aria-label="QR code' in html
    secret = re.search(r'<span class="app-secret-key">([A-Z2-7 ]+)</span>', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert secret.count(" ") == 7

    # Reloading keeps the same key, so a half-finished set-up still works.
    client.get(url)
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1

    response = client.post(url, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()

    response = client.post(url, {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(reverse("backoffice-home")).status_code == 200


def test_set_up_is_refused_to_someone_who_already_has_an_app(signed_in, north):
    client = signed_in(north.people["caseworker"], second_factor=False)
    response = client.get(reverse("two-factor-setup"))
    assert response["Location"] == reverse("two-factor-verify")
    assert TOTPDevice.objects.filter(user=north.people["caseworker"], confirmed=False).count() == 0


def test_verify_with_a_real_code(client, north, no_otp_throttle):
    caseworker = north.people["caseworker"]
    response = sign_in_with_form(client, caseworker.email, next=reverse("backoffice-home"))
    verify_url = response["Location"]
    device = caseworker.totpdevice_set.get()

    response = client.post(verify_url, {"token": "12345"})
    assert "The code must be 6 numbers" in response.content.decode()
    response = client.post(verify_url, {"token": ""})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    response = client.post(verify_url, {"token": wrong_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The code is not right" in html
    assert '<a href="#id_token">' in html

    response = client.post(verify_url, {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice-home")
    assert client.get(reverse("backoffice-home")).status_code == 200


def test_verify_is_throttled_after_a_wrong_code(client, north):
    caseworker = north.people["caseworker"]
    verify_url = sign_in_with_form(client, caseworker.email)["Location"]
    device = caseworker.totpdevice_set.get()
    client.post(verify_url, {"token": wrong_code(device)})
    response = client.post(verify_url, {"token": current_code(device)})
    assert "too many wrong codes" in response.content.decode()
    assert "otp_device_id" not in client.session


def test_staff_sign_in_then_code_lands_on_their_home(client, north, no_otp_throttle):
    manager = north.people["manager"]
    verify_url = sign_in_with_form(client, manager.email)["Location"]
    response = client.post(verify_url, {"token": current_code(manager.totpdevice_set.get())})
    assert response["Location"] == reverse("backoffice-home")


# --- Signing out and the session -------------------------------------------------------------------------


def test_sign_out_is_a_post_and_shows_signed_out_page(signed_in, north):
    client = signed_in(north.people["parent"])
    assert client.get(reverse("sign-out")).status_code == 405
    response = client.post(reverse("sign-out"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signed-out")
    assert "You have signed out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_timed_out_sign_out_explains_why(signed_in, north):
    client = signed_in(north.people["parent"])
    response = client.post(reverse("sign-out"), {"reason": "timeout"}, follow=True)
    html = response.content.decode()
    assert "You have been signed out" in html
    assert "30 minutes" in html


def test_session_extend_with_javascript(signed_in, north):
    client = signed_in(north.people["parent"])
    response = client.post(reverse("session-extend"), headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"extended": True, "expires_in_seconds": 30 * 60}


def test_session_extend_without_javascript_returns_to_the_page(signed_in, north):
    client = signed_in(north.people["parent"])
    response = client.post(reverse("session-extend"), {"next": reverse("account")})
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    assert "You are still signed in." in client.get(reverse("account")).content.decode()


def test_session_extend_needs_a_session(client):
    response = client.post(reverse("session-extend"), headers={"accept": "application/json"})
    assert response.status_code == 401
    assert client.get(reverse("session-extend")).status_code == 405


# --- Password reset ----------------------------------------------------------------------------------------


def _reset_link_for(client: Client, email: str) -> str:
    """Ask for a reset, follow the emailed link, and return the set-password page's address."""
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    return response["Location"]


def test_password_reset_sends_one_email_with_a_working_link(client, north):
    parent = north.people["parent"]
    set_password_url = _reset_link_for(client, parent.email)
    message = mail.outbox[0]
    assert message.to == [parent.email]
    assert message.subject == "Reset your password for Support for children with special educational needs"
    assert "3 days" in message.body

    page = client.get(set_password_url)
    assert "Choose a new password" in page.content.decode()

    response = client.post(set_password_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()

    new_password = "a much longer passphrase for the family"
    response = client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("password_reset_complete")
    parent.refresh_from_db()
    assert parent.check_password(new_password)
    assert "This link does not work" in client.get(set_password_url).content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client, north):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert "If there is an account for the email address you entered" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_asks_for_an_email_address(client):
    response = client.post(reverse("password_reset"), {"email": ""})
    assert response.status_code == 200
    assert '<a href="#id_email">Enter your email address</a>' in response.content.decode()


# --- Account and API tokens ----------------------------------------------------------------------------------


def test_account_lists_roles_organisations_and_second_factor(signed_in, north):
    response = signed_in(north.people["caseworker"]).get(reverse("account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert north.people["caseworker"].email in html
    assert "LA caseworker" in html
    assert "Northby SEND Partnership" in html
    assert "You entered a code from it when you signed in this time." in html
    assert "Make a token" in html


def test_family_member_gets_an_api_token_shown_once(signed_in, north):
    parent = north.people["parent"]
    client = signed_in(parent)
    response = client.post(reverse("account-api-token"))
    assert response["Location"] == reverse("account-api-token")
    key = Token.objects.get(user=parent).key
    page = client.get(reverse("account-api-token"))
    assert page.status_code == 200
    assert key in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    # Shown once only.
    assert client.get(reverse("account-api-token"))["Location"] == reverse("account")
    assert key not in client.get(reverse("account")).content.decode()

    # Making another replaces it.
    client.post(reverse("account-api-token"))
    assert Token.objects.filter(user=parent).count() == 1
    assert Token.objects.get(user=parent).key != key

    client.post(reverse("account-api-token"), {"action": "delete"})
    assert not Token.objects.filter(user=parent).exists()


def test_api_token_works_with_the_api(signed_in, north):
    parent = north.people["parent"]
    client = signed_in(parent)
    client.post(reverse("account-api-token"))
    key = Token.objects.get(user=parent).key
    api = Client(headers={"authorization": f"Token {key}"})
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200


def test_verified_staff_may_have_a_token(signed_in, north):
    client = signed_in(north.people["manager"])
    client.post(reverse("account-api-token"))
    assert Token.objects.filter(user=north.people["manager"]).exists()


def test_unverified_staff_cannot_get_a_token(signed_in, north):
    client = signed_in(north.people["manager"], second_factor=False)
    response = client.post(reverse("account-api-token"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert not Token.objects.filter(user=north.people["manager"]).exists()


def test_person_without_a_role_cannot_get_a_token(signed_in, db):
    person = factories.UserFactory(email="no-role@example.org")
    response = signed_in(person).post(reverse("account-api-token"))
    assert response.status_code == 403
    assert not Token.objects.filter(user=person).exists()
