"""Pages of the assessment journey: decisions (the LA's decisions and plan steps on a case)."""

from django.urls import path

from . import views_decisions as views

urlpatterns = [
    path("cases/<int:pk>/decide-assess/", views.decide_assess, name="case-decide-assess"),
    path("cases/<int:pk>/advice/new/", views.advice_new, name="case-advice-new"),
    path("cases/<int:pk>/decide-issue/", views.decide_issue, name="case-decide-issue"),
    path("cases/<int:pk>/draft-plan/", views.draft_plan, name="case-draft-plan"),
    path("cases/<int:pk>/draft-plan/start/", views.draft_plan_start, name="case-draft-plan-start"),
    path("cases/<int:pk>/consultations/new/", views.consult, name="case-consult"),
    path("cases/<int:pk>/final-plan/", views.final_plan, name="case-final-plan"),
    path("cases/<int:pk>/exceptions/new/", views.exception_new, name="case-exception"),
    path("cases/<int:pk>/withdraw/", views.withdraw, name="case-withdraw"),
]
