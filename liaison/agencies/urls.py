"""HTML pages of the agencies app: sign-in and profile, then the directory and admin."""

from django.urls import include, path

urlpatterns = [
    path("", include("liaison.agencies.urls_account")),
    path("", include("liaison.agencies.urls_directory")),
]
