"""Pages of the assessment journey: backoffice."""

urlpatterns: list = []
