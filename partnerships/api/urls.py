"""API routes of the partnerships app (mounted under /api/v1/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("children/", views.ChildListApi.as_view(), name="api-child-list"),
    path("children/<int:child_id>/", views.ChildDetailApi.as_view(), name="api-child-detail"),
    path("children/<int:child_id>/shares/", views.ChildShareApi.as_view(), name="api-child-share"),
    path("children/<int:child_id>/audit/", views.ChildAuditApi.as_view(), name="api-child-audit"),
    path("settings/", views.SettingListApi.as_view(), name="api-setting-list"),
    path("local-authorities/", views.LocalAuthorityListApi.as_view(), name="api-la-list"),
    path("regions/", views.RegionListApi.as_view(), name="api-region-list"),
]
