"""Dashboard pages: read only de-identified aggregates."""

from django.shortcuts import render


def regional_home(request):
    return render(request, "dashboards/regional_home.html")


def national_home(request):
    return render(request, "dashboards/national_home.html")
