"""API routes for the settings register import (under /api/v1/)."""

from django.urls import path

from . import api

urlpatterns = [
    path("settings/imports/", api.SettingImportListApi.as_view(), name="api-setting-import-list"),
    path("settings/imports/<int:pk>/", api.SettingImportApi.as_view(), name="api-setting-import"),
]
