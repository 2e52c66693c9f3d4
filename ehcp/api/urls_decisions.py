"""API routes of the assessment journey (mounted under /api/v1/): decisions, the twins of the decision pages."""

from django.urls import path

from . import decisions

urlpatterns = [
    path(
        "cases/<int:pk>/decide-assess/",
        decisions.CaseDecideAssessApi.as_view(),
        name="api-case-decide-assess",
    ),
    path("cases/<int:pk>/advice/", decisions.CaseAdviceCreateApi.as_view(), name="api-case-advice"),
    path(
        "cases/<int:pk>/decide-issue/", decisions.CaseDecideIssueApi.as_view(), name="api-case-decide-issue"
    ),
    path(
        "cases/<int:pk>/draft-plan/start/",
        decisions.CaseDraftPlanStartApi.as_view(),
        name="api-case-draft-plan-start",
    ),
    path("cases/<int:pk>/draft-plan/", decisions.CaseDraftPlanApi.as_view(), name="api-case-draft-plan"),
    path(
        "cases/<int:pk>/consultations/",
        decisions.CaseConsultationCreateApi.as_view(),
        name="api-case-consultations",
    ),
    path("cases/<int:pk>/final-plan/", decisions.CaseFinalPlanApi.as_view(), name="api-case-final-plan"),
    path(
        "cases/<int:pk>/exceptions/", decisions.CaseExceptionCreateApi.as_view(), name="api-case-exceptions"
    ),
    path("cases/<int:pk>/withdraw/", decisions.CaseWithdrawApi.as_view(), name="api-case-withdraw"),
]
