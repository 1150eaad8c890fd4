"""Review reports: request, progress, download."""

urlpatterns: list = []
