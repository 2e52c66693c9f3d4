"""API routes of the assessment journey (mounted under /api/v1/): the caseworker back office and the case."""

from django.urls import path

from . import backoffice as views

urlpatterns = [
    path("cases/", views.CaseListApi.as_view(), name="api-case-list"),
    path("cases/reassign/", views.CaseReassignApi.as_view(), name="api-case-reassign"),
    path("cases/record/", views.CaseRecordApi.as_view(), name="api-case-record"),
    path("cases/<int:pk>/", views.CaseDetailApi.as_view(), name="api-case-detail"),
    path("cases/<int:pk>/documents/", views.CaseDocumentListApi.as_view(), name="api-case-documents"),
    path("cases/<int:pk>/documents/<int:doc_id>/", views.CaseDocumentApi.as_view(), name="api-case-document"),
    path(
        "cases/<int:pk>/letters/<int:letter_id>/pdf/",
        views.CaseLetterPdfApi.as_view(),
        name="api-case-letter-pdf",
    ),
    path("referrals/", views.ReferralListApi.as_view(), name="api-referral-list"),
    path("referrals/<int:pk>/decision/", views.ReferralDecisionApi.as_view(), name="api-referral-decision"),
]
