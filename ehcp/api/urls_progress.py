"""API URLs: progress (issue 4): progress towards a plan's outcomes, and the SENCO's plans dashboard."""

from django.urls import path

from . import progress

urlpatterns = [
    path("plans/<int:plan_id>/progress/", progress.PlanProgressApi.as_view(), name="api-plan-progress"),
    path(
        "plans/<int:plan_id>/progress/files/<int:attachment_id>/",
        progress.PlanProgressFileApi.as_view(),
        name="api-plan-progress-file",
    ),
    path("school/plans/", progress.SchoolPlansApi.as_view(), name="api-school-plans"),
]
