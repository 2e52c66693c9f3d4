"""Pages of the assessment journey: decisions."""

urlpatterns: list = []
