"""Redress pages (docs/adr/0015)."""

from django.urls import path

from . import views

urlpatterns = [
    path("redress/", views.home, name="redress-home"),
    path("redress/new/", views.open_other, name="redress-open"),
    path("redress/no-place/", views.no_place, name="redress-no-place"),
    path("redress/decisions/<int:decision_pk>/open/", views.open_from_decision, name="redress-open-decision"),
    path("redress/<int:pk>/", views.detail, name="redress-detail"),
    path("redress/<int:pk>/mediation-choice/", views.mediation_choice, name="redress-mediation-choice"),
    path("redress/<int:pk>/mediator/", views.mediator, name="redress-mediator"),
    path("redress/<int:pk>/mediation/", views.session, name="redress-session"),
    path("redress/<int:pk>/certificate/", views.certificate, name="redress-certificate"),
    path("redress/<int:pk>/mediation/not-arranged/", views.not_arranged, name="redress-not-arranged"),
    path("redress/<int:pk>/appeal/hearing/", views.hearing, name="redress-hearing"),
    path("redress/<int:pk>/appeal/", views.appeal, name="redress-appeal"),
    path("redress/<int:pk>/appeal/outcome/", views.outcome, name="redress-outcome"),
    path("redress/<int:pk>/orders/", views.order, name="redress-order"),
    path("redress/<int:pk>/deadlines/<int:deadline_pk>/done/", views.deadline_done, name="redress-done"),
    path("redress/<int:pk>/ombudsman/", views.ombudsman, name="redress-ombudsman"),
    path("redress/<int:pk>/close/", views.close, name="redress-close"),
    path("portal/redress/", views.family_options, name="portal-redress"),
]
