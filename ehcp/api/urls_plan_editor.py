"""API URLs: the plan editor's twin (issue 4), under /api/v1/."""

from django.urls import path

from . import plan_editor

urlpatterns = [
    path("plans/<int:plan_id>/working/", plan_editor.PlanWorkingApi.as_view(), name="api-plan-working"),
    path(
        "plans/<int:plan_id>/working/sections/<str:code>/",
        plan_editor.PlanWorkingSectionApi.as_view(),
        name="api-plan-working-section",
    ),
    path(
        "plans/<int:plan_id>/attachments/",
        plan_editor.PlanAttachmentCreateApi.as_view(),
        name="api-plan-attachments",
    ),
]
