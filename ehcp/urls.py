"""Pages of the assessment journey, by area (each area's module owns its routes)."""

from django.urls import include, path

urlpatterns = [
    path("", include("ehcp.urls_portal")),
    path("", include("ehcp.urls_backoffice")),
    path("", include("ehcp.urls_decisions")),
    path("", include("ehcp.urls_panel")),
    path("", include("ehcp.urls_plans")),
    path("", include("ehcp.urls_plan_editor")),
    path("", include("ehcp.urls_reviews")),
    path("", include("ehcp.urls_lifecycle")),
    path("", include("ehcp.urls_progress")),
]
