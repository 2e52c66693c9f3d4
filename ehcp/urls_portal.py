"""Pages of the assessment journey: portal."""

urlpatterns: list = []
