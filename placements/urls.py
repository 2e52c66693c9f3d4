"""Pages of the placements app: the settings register import (LA SEND managers) and the setting's own entry,
tailored lists, preferences, requests outside the list, consultations and the naming decision (docs/adr/0013,
0016), the national SEND standards (public read, national administrator edits) and local inclusion plans
(partnership, DfE region, published for families; docs/adr/0014)."""

from django.urls import path

from . import views, views_inclusion, views_lists, views_standards

urlpatterns = [
    path("settings-register/imports/", views.import_home, name="settings-imports"),
    path("settings-register/imports/<int:pk>/", views.import_detail, name="settings-import-detail"),
    path("school/settings/<int:setting_id>/register-entry/", views_lists.capacity, name="setting-capacity"),
    path("school/consultations/", views_lists.consultation_inbox, name="school-consultations"),
    path("plans/<int:pk>/placement/", views_lists.la_list, name="placement-la-list"),
    path("plans/<int:pk>/placement/generate/", views_lists.la_generate, name="placement-generate"),
    path("plans/<int:pk>/placement/consult/", views_lists.la_consult, name="placement-consult"),
    path("plans/<int:pk>/placement/decision/", views_lists.la_decision, name="placement-decision"),
    path(
        "placement-requests/<int:pk>/answer/", views_lists.la_request_answer, name="placement-request-answer"
    ),
    path("plans/<int:pk>/settings-list/", views_lists.family_list, name="placement-family-list"),
    path(
        "plans/<int:pk>/settings-list/request/", views_lists.family_request, name="placement-family-request"
    ),
    # National SEND standards
    path("standards/", views_standards.catalogue, name="standards-home"),
    path("standards/versions/", views_standards.versions, name="standards-versions"),
    path("standards/versions/new/", views_standards.draft_start, name="standards-draft-start"),
    path("standards/versions/<int:number>/", views_standards.version_detail, name="standards-version"),
    path(
        "standards/versions/<int:number>/changes/", views_standards.version_changes, name="standards-changes"
    ),
    path("standards/versions/<int:number>/edit/", views_standards.draft_edit, name="standards-draft-edit"),
    path("standards/versions/<int:number>/publish/", views_standards.publish, name="standards-publish"),
    path(
        "standards/versions/<int:number>/standards/new/",
        views_standards.standard_edit,
        name="standards-standard-add",
    ),
    path(
        "standards/versions/<int:number>/standards/<slug:code>/",
        views_standards.standard_detail,
        name="standard-in-version",
    ),
    path(
        "standards/versions/<int:number>/standards/<slug:code>/edit/",
        views_standards.standard_edit,
        name="standards-standard-edit",
    ),
    path(
        "standards/versions/<int:number>/standards/<slug:code>/remove/",
        views_standards.standard_remove,
        name="standards-standard-remove",
    ),
    path("standards/<slug:code>/", views_standards.standard_detail, name="standard-detail"),
    # Local inclusion plans
    path("inclusion-plans/", views_inclusion.plans_home, name="inclusion-plans"),
    path(
        "inclusion-plans/awaiting-review/",
        views_inclusion.awaiting_review,
        name="inclusion-plans-awaiting-review",
    ),
    path(
        "inclusion-plans/partnership/<slug:slug>/new/",
        views_inclusion.plan_create,
        name="inclusion-plan-create",
    ),
    path(
        "inclusion-plans/partnership/<slug:slug>/new-version/",
        views_inclusion.plan_new_version,
        name="inclusion-plan-new-version",
    ),
    path("inclusion-plans/<int:pk>/", views_inclusion.plan_detail, name="inclusion-plan"),
    path("inclusion-plans/<int:pk>/edit/", views_inclusion.plan_edit, name="inclusion-plan-edit"),
    path(
        "inclusion-plans/<int:pk>/sections/<int:section_id>/",
        views_inclusion.section_edit,
        name="inclusion-plan-section",
    ),
    path("inclusion-plans/<int:pk>/places/", views_inclusion.line_edit, name="inclusion-plan-line"),
    path(
        "inclusion-plans/<int:pk>/places/<int:line_id>/remove/",
        views_inclusion.line_remove,
        name="inclusion-plan-line-remove",
    ),
    path("inclusion-plans/<int:pk>/sign/", views_inclusion.sign_off, name="inclusion-plan-sign"),
    path("inclusion-plans/<int:pk>/submit/", views_inclusion.plan_submit, name="inclusion-plan-submit"),
    path("inclusion-plans/<int:pk>/review/", views_inclusion.plan_review, name="inclusion-plan-review"),
    path("inclusion-plans/<int:pk>/respond/", views_inclusion.plan_respond, name="inclusion-plan-respond"),
    path(
        "inclusion-plans/<int:pk>/sufficiency/",
        views_inclusion.sufficiency_view,
        name="inclusion-plan-sufficiency",
    ),
    path("local-inclusion-plans/", views_inclusion.published_index, name="published-inclusion-plans"),
    path(
        "local-inclusion-plans/<slug:slug>/", views_inclusion.published_plan, name="published-inclusion-plan"
    ),
    path(
        "local-inclusion-plans/<slug:slug>/versions/<int:number>/",
        views_inclusion.published_plan,
        name="published-inclusion-plan-version",
    ),
]
