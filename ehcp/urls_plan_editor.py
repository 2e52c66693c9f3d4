"""URLs: the plan editor (issue 4): the working version's overview and one section's form."""

from django.urls import path

from . import views_plan_editor

urlpatterns = [
    path("plans/<int:plan_id>/edit/", views_plan_editor.plan_edit, name="plan-edit"),
    path(
        "plans/<int:plan_id>/edit/<str:code>/", views_plan_editor.plan_edit_section, name="plan-edit-section"
    ),
]
