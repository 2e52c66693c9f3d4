"""API routes of the partnerships app."""

urlpatterns: list = []
