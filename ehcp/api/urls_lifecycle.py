"""API routes (mounted under /api/v1/): the end of a plan's life in one local authority, twins of the pages."""

from django.urls import path

from . import lifecycle as views

C = "plans/<int:pk>/cessations/<int:cid>/"

urlpatterns = [
    path("plans/moving-out/", views.PlansMovingOutApi.as_view(), name="api-plans-moving-out"),
    path("plans/moving-in/", views.PlansMovingInApi.as_view(), name="api-plans-moving-in"),
    path("plans/<int:pk>/life/", views.PlanLifeDetailApi.as_view(), name="api-plan-life"),
    path("plans/<int:pk>/cessations/", views.PlanCessationProposeApi.as_view(), name="api-plan-cessations"),
    path(f"{C}consultation/", views.PlanCessationConsultApi.as_view(), name="api-plan-cessation-consult"),
    path(f"{C}decision/", views.PlanCessationDecideApi.as_view(), name="api-plan-cessation-decide"),
    path(f"{C}appeal/", views.PlanCessationAppealApi.as_view(), name="api-plan-cessation-appeal"),
    path(f"{C}appeal-outcome/", views.PlanCessationOutcomeApi.as_view(), name="api-plan-cessation-outcome"),
    path(f"{C}withdraw/", views.PlanCessationWithdrawApi.as_view(), name="api-plan-cessation-withdraw"),
    path(f"{C}letter/pdf/", views.PlanCessationLetterPdfApi.as_view(), name="api-plan-cessation-letter-pdf"),
    path("plans/<int:pk>/transfers/", views.PlanTransferNotifyApi.as_view(), name="api-plan-transfers"),
    path(
        "plans/<int:pk>/transfers/<int:tid>/complete/",
        views.PlanTransferCompleteApi.as_view(),
        name="api-plan-transfer-complete",
    ),
    path("plans/<int:pk>/family-told/", views.PlanFamilyToldApi.as_view(), name="api-plan-family-told"),
]
