"""Public pages of the ehcp app: readable without signing in."""

from django.urls import path

from . import views_calculator

urlpatterns = [
    path("deadlines/calculator/", views_calculator.deadline_calculator, name="deadline-calculator"),
]
