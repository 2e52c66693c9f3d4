"""Template context for every page: service name, navigation for the person's roles, session timeout."""

from django.conf import settings

from .navigation import navigation_for


def service(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_navigation": navigation_for(request),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_EXPIRY_WARNING_SECONDS,
        "signed_in": bool(user and user.is_authenticated),
    }
