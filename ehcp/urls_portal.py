"""Pages of the assessment journey: the family portal and the school screens."""

from django.urls import path

from . import views_portal

urlpatterns = [
    path("requests/new/", views_portal.request_start, name="request-start"),
    path("requests/<int:pk>/check/", views_portal.request_check, name="request-check"),
    path("requests/<int:pk>/sent/", views_portal.request_sent, name="request-sent"),
    path("requests/<int:pk>/<slug:step>/", views_portal.request_step, name="request-step"),
    path("cases/<int:pk>/draft-plan/respond/", views_portal.draft_plan_respond, name="draft-plan-respond"),
    path("school/requests/new/", views_portal.school_request_start, name="school-request-start"),
    path("consultations/<int:pk>/", views_portal.consultation_respond, name="consultation-respond"),
]
