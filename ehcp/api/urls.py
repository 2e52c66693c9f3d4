"""API routes of the assessment journey (mounted under /api/v1/), by area."""

from django.urls import include, path

urlpatterns = [
    path("", include("ehcp.api.urls_portal")),
    path("", include("ehcp.api.urls_backoffice")),
    path("", include("ehcp.api.urls_decisions")),
    path("", include("ehcp.api.urls_panel")),
    path("", include("ehcp.api.urls_plans")),
    path("", include("ehcp.api.urls_plan_editor")),
    path("", include("ehcp.api.urls_reviews")),
    path("", include("ehcp.api.urls_lifecycle")),
    path("", include("ehcp.api.urls_progress")),
]
