"""Footer pages: accessibility statement, privacy notice, cookies."""

from django.shortcuts import render


def accessibility(request):
    return render(request, "static_pages/accessibility.html")


def privacy(request):
    return render(request, "static_pages/privacy.html")


def cookies(request):
    return render(request, "static_pages/cookies.html")
