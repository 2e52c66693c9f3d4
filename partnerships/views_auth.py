"""Sign-in, sign-out, second factor (TOTP), password reset, session extension and the account page.

After the password, staff go on to their second factor: set-up (QR code) if they have no confirmed
authenticator app, or a code otherwise; everyone else goes to their home page. ``next`` is honoured
throughout when it points at this site. ``StaffSecondFactorMiddleware`` keeps staff on these pages
until the second factor is done.
"""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from .forms_auth import PasswordResetForm, SetPasswordForm, SignInForm, TokenForm
from .middleware import confirmed_device
from .policy import actor_for
from .roles import FAMILY_ROLES
from .templatetags.govuk_extras import minutes_text

TOKEN_SESSION_KEY = "api_token_once"  # noqa: S105 (a session key name, not a secret)


def _safe_next(request, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site (not a sign-in page), otherwise an empty string."""
    if (
        candidate
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not candidate.startswith((reverse("sign-in"), reverse("sign-out")))
    ):
        return candidate
    return ""


def _next_from(request) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _is_verified(user) -> bool:
    """Whether this session has passed the second factor (django-otp's OTPMiddleware adds is_verified;
    a user object fresh from the sign-in form does not have it yet)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def _home_or_next(request) -> HttpResponseRedirect:
    return redirect(_next_from(request) or reverse(actor_for(request.user).home_url_name))


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        next_url = self.get_redirect_url()
        if _is_verified(user):
            return next_url or reverse(actor_for(user).home_url_name)
        if confirmed_device(user) is not None:
            return _with_next(reverse("two-factor-verify"), next_url)
        if actor_for(user).is_staff_role:
            return _with_next(reverse("two-factor-setup"), next_url)
        return next_url or reverse(actor_for(user).home_url_name)

    def get_redirect_url(self) -> str:
        return _safe_next(self.request, super().get_redirect_url())


@require_POST
def sign_out(request):
    timed_out = request.POST.get("reason") == "timeout"
    logout(request)
    target = reverse("signed-out")
    return redirect(f"{target}?reason=timeout" if timed_out else target)


def signed_out(request):
    return render(
        request, "registration/signed_out.html", {"timed_out": request.GET.get("reason") == "timeout"}
    )


def _qr_code_svg(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to add this service to your authenticator app" focusable="false" ',
        1,
    )
    # segno writes only path data and the attributes above: no text from the person is in it.
    return mark_safe(svg)  # noqa: S308


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _check_token(device: TOTPDevice, form: TokenForm) -> bool:
    """Verify the form's code against the device, with django-otp's throttling; errors go on the form."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", "You have entered too many wrong codes. Wait a minute, then try again")
        return False
    verified = django_otp.verify_token(device.user, device.persistent_id, form.cleaned_data["token"])
    if verified is None:
        form.add_error("token", "The code is not right. Check your authenticator app and try again")
        return False
    return True


@login_required
@never_cache
def two_factor_setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then enter a code to confirm it."""
    next_url = _next_from(request)
    if confirmed_device(request.user) is not None:
        # Someone who already has an app proves it before anything else; a new app is set up by support.
        if request.user.is_verified():
            return _home_or_next(request)
        return redirect(_with_next(reverse("two-factor-verify"), next_url))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_token(device, form):
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        django_otp.login(request, device)
        messages.success(
            request, "Your authenticator app is set up. You will need a code from it each time you sign in."
        )
        return _home_or_next(request)
    context = {
        "form": form,
        "qr_code": _qr_code_svg(device),
        "secret": _grouped_secret(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "next": next_url,
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@never_cache
def two_factor_verify(request):
    """Enter the current code from the authenticator app set up earlier."""
    next_url = _next_from(request)
    if request.user.is_verified():
        return _home_or_next(request)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(_with_next(reverse("two-factor-setup"), next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_token(device, form):
        device.refresh_from_db()
        django_otp.login(request, device)
        return _home_or_next(request)
    context = {"form": form, "next": next_url, "issuer": settings.OTP_TOTP_ISSUER}
    return render(request, "registration/two_factor_verify.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = {
        "service_name": settings.SERVICE_NAME,
        "link_valid_for": minutes_text(settings.PASSWORD_RESET_TIMEOUT),
    }


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    extra_context = {"link_valid_for": minutes_text(settings.PASSWORD_RESET_TIMEOUT)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Someone locked out after too many tries can get back in by resetting their password.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def _wants_json(request) -> bool:
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


@require_POST
def session_extend(request):
    """Keep the session alive (the session is saved on every request, which restarts its clock)."""
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"extended": False, "sign_in_url": reverse("sign-in")}, status=401)
        return redirect(_with_next(reverse("sign-in"), _next_from(request)))
    request.session.modified = True
    if _wants_json(request):
        return JsonResponse({"extended": True, "expires_in_seconds": settings.SESSION_COOKIE_AGE})
    messages.info(request, "You are still signed in.")
    return _home_or_next(request)


def _may_have_api_token(user) -> bool:
    actor = actor_for(user)
    if actor.is_staff_role:
        return _is_verified(user)
    return actor.has_role(*FAMILY_ROLES)


@login_required
def account(request):
    actor = actor_for(request.user)
    device = confirmed_device(request.user)
    context = {
        "memberships": actor.memberships,
        "is_staff_role": actor.is_staff_role,
        "device": device,
        "second_factor_verified": _is_verified(request.user),
        "may_have_api_token": _may_have_api_token(request.user),
        "token": Token.objects.filter(user=request.user).first(),
    }
    return render(request, "registration/account.html", context)


@login_required
@never_cache
def api_token(request):
    """POST creates (or replaces, or with ``action=delete`` removes) the API token; GET shows a new
    token once, straight after it was made, and never again."""
    if not _may_have_api_token(request.user):
        raise PermissionDenied("API tokens are for family members, and staff who have entered a code")
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "delete":
            messages.success(request, "Your API access token has been deleted. It no longer works.")
            return redirect("account")
        token = Token.objects.create(user=request.user)
        request.session[TOKEN_SESSION_KEY] = token.key
        return redirect("account-api-token")
    key = request.session.pop(TOKEN_SESSION_KEY, None)
    if key is None:
        return redirect("account")
    return render(request, "registration/api_token.html", {"key": key})
