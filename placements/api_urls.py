"""API routes of the placements app (under /api/v1/): the settings register import and the setting's own
entry, tailored lists, preferences, requests outside the list, consultations and the naming decision, the
national SEND standards and local inclusion plans."""

from django.urls import path

from . import api, api_inclusion, api_lists, api_standards

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
    # National SEND standards
    path("standards/", api_standards.CurrentStandardsApi.as_view(), name="api-standards"),
    path(
        "standards/versions/", api_standards.StandardsVersionListApi.as_view(), name="api-standards-versions"
    ),
    path(
        "standards/versions/<int:number>/",
        api_standards.StandardsVersionApi.as_view(),
        name="api-standards-version",
    ),
    path(
        "standards/versions/<int:number>/changes/",
        api_standards.StandardsChangesApi.as_view(),
        name="api-standards-changes",
    ),
    path(
        "standards/versions/<int:number>/publish/",
        api_standards.StandardsPublishApi.as_view(),
        name="api-standards-publish",
    ),
    path(
        "standards/versions/<int:number>/standards/",
        api_standards.DraftStandardListApi.as_view(),
        name="api-standards-draft-standards",
    ),
    path(
        "standards/versions/<int:number>/standards/<slug:code>/",
        api_standards.StandardApi.as_view(),
        name="api-standard",
    ),
    # Local inclusion plans
    path("inclusion-plans/", api_inclusion.PlanListApi.as_view(), name="api-inclusion-plans"),
    path(
        "inclusion-plans/awaiting-review/",
        api_inclusion.AwaitingReviewApi.as_view(),
        name="api-inclusion-plans-awaiting-review",
    ),
    path("inclusion-plans/<int:pk>/", api_inclusion.PlanApi.as_view(), name="api-inclusion-plan"),
    path(
        "inclusion-plans/<int:pk>/sections/<int:section_id>/",
        api_inclusion.PlanSectionApi.as_view(),
        name="api-inclusion-plan-section",
    ),
    path(
        "inclusion-plans/<int:pk>/places/",
        api_inclusion.PlanLineApi.as_view(),
        name="api-inclusion-plan-places",
    ),
    path(
        "inclusion-plans/<int:pk>/sign-offs/",
        api_inclusion.PlanSignOffApi.as_view(),
        name="api-inclusion-plan-sign",
    ),
    path(
        "inclusion-plans/<int:pk>/submit/",
        api_inclusion.PlanSubmitApi.as_view(),
        name="api-inclusion-plan-submit",
    ),
    path(
        "inclusion-plans/<int:pk>/reviews/",
        api_inclusion.PlanReviewApi.as_view(),
        name="api-inclusion-plan-review",
    ),
    path(
        "inclusion-plans/<int:pk>/sufficiency/",
        api_inclusion.PlanSufficiencyApi.as_view(),
        name="api-inclusion-plan-sufficiency",
    ),
    path(
        "local-inclusion-plans/<slug:slug>/",
        api_inclusion.PublishedPlanApi.as_view(),
        name="api-published-plan",
    ),
    path(
        "local-inclusion-plans/<slug:slug>/versions/<int:number>/",
        api_inclusion.PublishedPlanApi.as_view(),
        name="api-published-plan-version",
    ),
]
