"""API routes of the assessment journey (mounted under /api/v1/): decisions."""

urlpatterns: list = []
