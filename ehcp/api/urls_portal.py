"""API routes of the assessment journey (mounted under /api/v1/): the family portal and the school."""

from django.urls import path

from . import portal

urlpatterns = [
    path("requests/", portal.PortalRequestListApi.as_view(), name="api-request-list"),
    path("requests/<int:pk>/", portal.PortalRequestDetailApi.as_view(), name="api-request-detail"),
    path(
        "requests/<int:pk>/documents/",
        portal.PortalRequestDocumentApi.as_view(),
        name="api-request-documents",
    ),
    path("requests/<int:pk>/submit/", portal.PortalRequestSubmitApi.as_view(), name="api-request-submit"),
    path("plans/<int:pk>/response/", portal.PortalPlanResponseApi.as_view(), name="api-plan-response"),
    path("school/dashboard/", portal.PortalSchoolDashboardApi.as_view(), name="api-school-dashboard"),
    path("school/requests/", portal.PortalSchoolRequestApi.as_view(), name="api-school-request"),
    path("consultations/", portal.PortalConsultationListApi.as_view(), name="api-consultation-list"),
    path(
        "consultations/<int:pk>/",
        portal.PortalConsultationDetailApi.as_view(),
        name="api-consultation-detail",
    ),
    path(
        "consultations/<int:pk>/response/",
        portal.PortalConsultationResponseApi.as_view(),
        name="api-consultation-response",
    ),
]
