"""Public API routes of the ehcp app (mounted under /api/v1/): no sign-in needed."""

from django.urls import path

from .calculator import DeadlineCalculateApi

urlpatterns = [
    path("deadlines/calculate", DeadlineCalculateApi.as_view(), name="api-deadline-calculate"),
]
