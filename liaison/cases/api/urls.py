"""Joint case endpoints under /api/v1/cases/."""

urlpatterns: list = []
