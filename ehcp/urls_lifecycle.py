"""Pages for the end of a plan's life in one local authority: ceasing it and moving to another (reg 15)."""

from django.urls import path

from . import views_lifecycle as views

urlpatterns = [
    path("plans/moving-out/", views.moving_out, name="plans-moving-out"),
    path("plans/moving-in/", views.moving_in, name="plans-moving-in"),
    path("plans/<int:pk>/life/", views.plan_life, name="plan-life"),
    path("plans/<int:pk>/cease/", views.cease_propose, name="plan-cease-propose"),
    path("plans/<int:pk>/cease/<int:cid>/consultation/", views.cease_consult, name="plan-cease-consult"),
    path("plans/<int:pk>/cease/<int:cid>/decide/", views.cease_decide, name="plan-cease-decide"),
    path("plans/<int:pk>/cease/<int:cid>/appeal/", views.cease_appeal, name="plan-cease-appeal"),
    path("plans/<int:pk>/cease/<int:cid>/appeal-outcome/", views.cease_outcome, name="plan-cease-outcome"),
    path("plans/<int:pk>/cease/<int:cid>/withdraw/", views.cease_withdraw, name="plan-cease-withdraw"),
    path("plans/<int:pk>/cease/<int:cid>/letter/", views.cease_letter, name="plan-cease-letter"),
    path("plans/<int:pk>/cease/<int:cid>/letter/pdf/", views.cease_letter_pdf, name="plan-cease-letter-pdf"),
    path("plans/<int:pk>/move/", views.move_notify, name="plan-move"),
    path("plans/<int:pk>/move/<int:tid>/complete/", views.move_complete, name="plan-move-complete"),
    path("plans/<int:pk>/family-told/", views.family_told, name="plan-family-told"),
]
