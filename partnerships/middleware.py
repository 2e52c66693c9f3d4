"""Request middleware: the row-level-security fence and the second factor for staff."""

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

from . import rls
from .policy import actor_for, rls_partnership_ids

# Paths a signed-in staff member may reach before proving their second factor.
SECOND_FACTOR_EXEMPT_PREFIXES = (
    "/sign-in",
    "/sign-out",
    "/signed-out",
    "/two-factor",
    "/static/",
    "/accessibility",
    "/deadlines/calculator",
    "/cookies",
    "/privacy",
    "/session/",
    "/password-reset",
)


class TenantRowSecurityMiddleware:
    """Set the database's tenant fence for the request to the partnerships this person is linked to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        ids = rls_partnership_ids(user) if user is not None and user.is_authenticated else set()
        with rls.tenant_scope(ids):
            return self.get_response(request)


class StaffSecondFactorMiddleware:
    """Staff roles must have verified a TOTP device in this session before reaching any staff page.

    A staff member without a device is sent to set one up; with one, to enter a code. API requests
    get a 403 from the API permission class instead (it checks the same thing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
            and actor_for(user).is_staff_role
            and not user.is_verified()
        ):
            target = "two-factor-verify" if confirmed_device(user) is not None else "two-factor-setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def confirmed_device(user):
    """The person's confirmed authenticator app (TOTP device), or None."""
    return next(iter(devices_for_user(user, confirmed=True)), None)
