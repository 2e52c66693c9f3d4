"""Pages of the assessment journey: panel."""

urlpatterns: list = []
