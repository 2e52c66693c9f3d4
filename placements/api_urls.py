"""API routes of the settings register: the import, the setting's own entry, tailored lists, preferences,
requests outside the list, consultations and the naming decision (under /api/v1/)."""

from django.urls import path

from . import api, api_lists

P = "plans/<int:pk>/"

urlpatterns = [
    path("settings/imports/", api.SettingImportListApi.as_view(), name="api-setting-import-list"),
    path("settings/imports/<int:pk>/", api.SettingImportApi.as_view(), name="api-setting-import"),
    path(
        "settings/<int:setting_id>/register-entry/",
        api_lists.RegisterEntryApi.as_view(),
        name="api-setting-register-entry",
    ),
    path(f"{P}tailored-list/", api_lists.TailoredListApi.as_view(), name="api-tailored-list"),
    path(f"{P}preferences/", api_lists.PreferencesApi.as_view(), name="api-placement-preferences"),
    path(
        f"{P}placement-requests/", api_lists.PlacementRequestListApi.as_view(), name="api-placement-requests"
    ),
    path(
        "placement-requests/<int:pk>/answer/",
        api_lists.PlacementRequestAnswerApi.as_view(),
        name="api-placement-request-answer",
    ),
    path(
        f"{P}placement-consultations/",
        api_lists.PlacementConsultationsApi.as_view(),
        name="api-placement-consultations",
    ),
    path(f"{P}naming-decision/", api_lists.NamingDecisionApi.as_view(), name="api-naming-decision"),
]
