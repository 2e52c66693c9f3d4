"""Footer pages: accessibility statement, privacy notice, cookies. Readable without signing in."""

from django.conf import settings
from django.shortcuts import render

SESSION_MINUTES = settings.SESSION_COOKIE_AGE // 60


def accessibility(request):
    return render(request, "static_pages/accessibility.html")


def privacy(request):
    return render(request, "static_pages/privacy.html")


def cookies(request):
    context = {
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "session_minutes": SESSION_MINUTES,
    }
    return render(request, "static_pages/cookies.html", context)
