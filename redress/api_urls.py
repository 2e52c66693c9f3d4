"""API routes for redress (under /api/v1/; docs/adr/0015)."""

from django.urls import path

from . import api

urlpatterns = [
    path("redress/disputes/", api.DisputeListApi.as_view(), name="api-redress-disputes"),
    path("redress/disputes/new/", api.OpenApi.as_view(), name="api-redress-open"),
    path("redress/no-place/", api.NoPlaceApi.as_view(), name="api-redress-no-place"),
    path(
        "redress/decisions/<int:decision_pk>/disputes/",
        api.OpenFromDecisionApi.as_view(),
        name="api-redress-open-decision",
    ),
    path("redress/disputes/<int:pk>/", api.DisputeApi.as_view(), name="api-redress-dispute"),
    path("redress/disputes/<int:pk>/mediation-choice/", api.MediationChoiceApi.as_view()),
    path("redress/disputes/<int:pk>/mediator/", api.MediatorApi.as_view()),
    path("redress/disputes/<int:pk>/mediation/", api.SessionApi.as_view()),
    path("redress/disputes/<int:pk>/certificate/", api.CertificateApi.as_view()),
    path("redress/disputes/<int:pk>/mediation/not-arranged/", api.NotArrangedApi.as_view()),
    path("redress/disputes/<int:pk>/appeal/hearing/", api.HearingApi.as_view()),
    path("redress/disputes/<int:pk>/appeal/", api.AppealApi.as_view()),
    path("redress/disputes/<int:pk>/appeal/outcome/", api.OutcomeApi.as_view()),
    path("redress/disputes/<int:pk>/orders/", api.OrderApi.as_view()),
    path("redress/disputes/<int:pk>/deadlines/<int:deadline_pk>/done/", api.DoneApi.as_view()),
    path("redress/disputes/<int:pk>/ombudsman/", api.OmbudsmanApi.as_view()),
    path("redress/disputes/<int:pk>/close/", api.CloseApi.as_view()),
    path("portal/redress/", api.FamilyDecisionsApi.as_view(), name="api-portal-redress"),
]
