"""Dashboard API endpoints."""

urlpatterns: list = []
