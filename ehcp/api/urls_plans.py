"""API URLs: reading a plan (issue 4), the twins of the plan-reading pages; all read-only."""

from django.urls import path

from . import plans as views

urlpatterns = [
    path("plans/<int:plan_id>/", views.PlanDetailApi.as_view(), name="api-plan-detail"),
    path("plans/<int:plan_id>/versions/", views.PlanVersionsApi.as_view(), name="api-plan-versions"),
    path(
        "plans/<int:plan_id>/versions/<int:number>/", views.PlanVersionApi.as_view(), name="api-plan-version"
    ),
    path(
        "plans/<int:plan_id>/versions/<int:number>/pdf/",
        views.PlanVersionPdfApi.as_view(),
        name="api-plan-pdf",
    ),
    path("plans/<int:plan_id>/compare/", views.PlanCompareApi.as_view(), name="api-plan-compare"),
    path("plans/<int:plan_id>/my-plan/", views.MyPlanApi.as_view(), name="api-plan-easy-read"),
    path("plans/<int:plan_id>/my-plan/pdf/", views.MyPlanPdfApi.as_view(), name="api-plan-easy-read-pdf"),
]
