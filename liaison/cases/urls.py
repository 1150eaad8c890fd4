"""Joint case pages under /cases/."""

urlpatterns: list = []
