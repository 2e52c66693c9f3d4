"""URLs: progress (issue 4): progress towards a plan's outcomes between reviews."""

from django.urls import path

from . import views_progress as views

urlpatterns = [
    path("plans/<int:plan_id>/progress/", views.plan_progress, name="plan-progress"),
    path(
        "plans/<int:plan_id>/progress/files/<int:attachment_id>/",
        views.progress_attachment,
        name="plan-progress-file",
    ),
]
