"""The REST API, version 1: every screen's twin, with the same access rules."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("partnerships.api.urls")),
    path("", include("dashboards.api_urls")),
    path("", include("ehcp.api.urls_public")),
    path("", include("ehcp.api.urls")),
    path("", include("placements.api_urls")),
    path("", include("redress.api_urls")),
]
