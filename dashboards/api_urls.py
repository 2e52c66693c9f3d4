"""Dashboard API endpoints (mounted under /api/v1/)."""

from django.urls import path

from .apis import NationalDashboardApi, RegionDashboardApi

urlpatterns = [
    path("dashboards/regions/<str:region_code>/", RegionDashboardApi.as_view(), name="api-dashboard-region"),
    path("dashboards/national/", NationalDashboardApi.as_view(), name="api-dashboard-national"),
]
