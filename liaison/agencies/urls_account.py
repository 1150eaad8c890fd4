"""Sign-in, second factor, home page, profile and language."""

from django.urls import path

from liaison.agencies.views import account

urlpatterns = [
    path("", account.home, name="home"),
    path("login/", account.login_view, name="login"),
    path("login/code/", account.totp_verify, name="totp_verify"),
    path("logout/", account.logout_view, name="logout"),
    path("profile/", account.profile, name="profile"),
    path("profile/password/", account.profile_password, name="profile_password"),
    path("profile/second-factor/", account.totp_setup, name="totp_setup"),
    path("profile/second-factor/off/", account.totp_disable, name="totp_disable"),
    path("language/", account.set_language, name="set_language"),
]
