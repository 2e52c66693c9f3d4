"""Pages of the settings register: the import (LA SEND managers), the setting's own entry, tailored lists,
preferences, requests outside the list, consultations and the naming decision (docs/adr/0013, 0016)."""

from django.urls import path

from . import views, views_lists

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
]
