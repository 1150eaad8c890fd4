"""Forms of the account pages: sign-in, second factor, profile, password, language.

Plain forms: they check the shape of the input; the password check, the code check and
every write happen in `authentication` and `services`, whose field-keyed errors the views
put back on these forms with `apply_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import BootstrapMixin
from liaison.agencies.models import User


def _user_field(name: str, **kwargs) -> forms.Field:
    """The form field Django derives from the User model field (label, max length)."""
    return User._meta.get_field(name).formfield(**kwargs)


class LoginForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(BootstrapMixin, forms.Form):
    """The six-digit code from the authenticator app."""

    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "maxlength": 7,
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()


class ProfileForm(BootstrapMixin, forms.Form):
    full_name = _user_field("full_name")
    position = _user_field("position")
    phone = _user_field("phone")
    email = _user_field("email")
    language = _user_field("language")


class PasswordChangeForm(BootstrapMixin, forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two new passwords are not the same."))
        return data


class TotpDisableForm(BootstrapMixin, forms.Form):
    """Turning the second factor off needs the password: a session left open is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LanguageForm(forms.Form):
    """The navbar switcher; `next` is checked separately (it must stay on this site)."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
