"""Forms of the directory and administration pages.

These are plain forms, not ModelForms: the services are the one place that validates
and writes (a ModelForm would run `full_clean` on the live instance and change it
before the service takes its "before" snapshot for the audit trail). Views hand the
cleaned data to a service and put the service's field-keyed errors back on the form
with `apply_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.agencies.models import Agency, Area, Country, HotlineContact, Partnership, Role, User


def _model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field Django derives from a model field (label, max length, choices)."""
    return model._meta.get_field(name).formfield(**kwargs)


class AgencyChoiceField(forms.ModelChoiceField):
    """Agencies shown as written, with the country code so same-named units differ."""

    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.country_id})"


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.country_id})"


class BootstrapMixin:
    """Give every widget the Bootstrap 5 class it needs (templates stay simple)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def apply_service_errors(
    form: forms.Form, error: ValidationError, *, default_field: str | None = None
) -> None:
    """Put a service's ValidationError on the form, field by field.

    Errors for fields the form does not show go to the top of the form, so nothing
    a service says is lost.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            # NON_FIELD_ERRORS and fields the form lacks land at the top of the form.
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        target = default_field if default_field in form.fields else None
        form.add_error(target, error.error_list)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(*args, **kwargs)


# --- Directory filters -------------------------------------------------------------------


class AgencyFilterForm(BootstrapMixin, forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    level = forms.ChoiceField(
        choices=[("", _("All levels")), *Agency.Level.choices],
        required=False,
        label=_("Hotline level"),
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))

    def __init__(self, *args, countries: QuerySet[Country], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries


# --- Platform administration -------------------------------------------------------------


class AgencyForm(BootstrapMixin, forms.Form):
    code = _model_field(Agency, "code")
    name = _model_field(Agency, "name")
    name_en = _model_field(Agency, "name_en")
    short_name = _model_field(Agency, "short_name")
    kind = _model_field(Agency, "kind")
    level = _model_field(Agency, "level")
    country = forms.ModelChoiceField(queryset=Country.objects.all(), label=_("Country"))
    parent = AgencyChoiceField(
        queryset=Agency.objects.none(), required=False, label=_("Parent agency")
    )
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label=_("Area"))
    require_totp = _model_field(Agency, "require_totp")
    active = _model_field(Agency, "active")

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Parents and areas of every country are offered: the service rejects a wrong
        # country with a clear message instead of the form hiding the choice.
        self.fields["parent"].queryset = Agency.objects.visible_to(user).order_by(
            "country_id", "name"
        )
        self.fields["area"].queryset = Area.objects.order_by("country_id", "kind", "name")

    @staticmethod
    def initial_for(agency: Agency) -> dict:
        return {
            "code": agency.code,
            "name": agency.name,
            "name_en": agency.name_en,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "level": agency.level,
            "country": agency.country_id,
            "parent": agency.parent_id,
            "area": agency.area_id,
            "require_totp": agency.require_totp,
            "active": agency.active,
        }


class PartnershipForm(BootstrapMixin, forms.Form):
    code = _model_field(Partnership, "code")
    name = _model_field(Partnership, "name")
    kind = _model_field(Partnership, "kind")
    parties = AgencyMultipleChoiceField(
        queryset=Agency.objects.none(),
        label=_("Parties"),
        help_text=_("Choose at least two agencies of different countries."),
    )
    since = _model_field(Partnership, "since", widget=DateInput)
    active = _model_field(Partnership, "active")
    notes = _model_field(Partnership, "notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = (
            Agency.objects.visible_to(user).select_related("country").order_by("country_id", "name")
        )
        self.fields["parties"].widget.attrs["size"] = 12

    @staticmethod
    def initial_for(partnership: Partnership) -> dict:
        return {
            "code": partnership.code,
            "name": partnership.name,
            "kind": partnership.kind,
            "parties": [p.pk for p in partnership.parties.all()],
            "since": partnership.since,
            "active": partnership.active,
            "notes": partnership.notes,
        }


class AreaFilterForm(BootstrapMixin, forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        required=False,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *Area.Kind.choices], required=False, label=_("Kind")
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))


class CountryForm(BootstrapMixin, forms.Form):
    code = forms.RegexField(
        regex=r"^[A-Za-z]{2}$",
        label=_("ISO alpha-2 code"),
        error_messages={"invalid": _("Enter the two-letter ISO 3166 code, e.g. VN.")},
    )
    iso3 = forms.RegexField(
        regex=r"^[A-Za-z]{3}$",
        label=_("ISO alpha-3 code"),
        error_messages={"invalid": _("Enter the three-letter ISO 3166 code, e.g. VNM.")},
    )
    name = _model_field(Country, "name")
    name_local = _model_field(Country, "name_local")

    def __init__(self, *args, country: Country | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        if country is not None:
            # the code is the country's key: other records point to it
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        # country_save updates the country of a known code: a new one must not take it
        # (a taken ISO3 code is refused by the service's model validation)
        code = self.cleaned_data["code"].upper()
        if self.country is None and Country.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A country with this code already exists."))
        return code

    @staticmethod
    def initial_for(country: Country) -> dict:
        return {
            "code": country.code,
            "iso3": country.iso3,
            "name": country.name,
            "name_local": country.name_local,
        }


class AreaForm(BootstrapMixin, forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.all(), label=_("Country"))
    code = _model_field(Area, "code")
    kind = _model_field(Area, "kind")
    name = _model_field(Area, "name")
    name_en = _model_field(Area, "name_en")
    parent = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, label=_("Parent area")
    )
    valid_from = _model_field(Area, "valid_from", widget=DateInput)
    valid_to = _model_field(Area, "valid_to", widget=DateInput)
    successor = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Successor"),
        help_text=_("The area that replaced this one, e.g. after a merger of provinces."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.order_by("country_id", "kind", "name")
        self.fields["parent"].queryset = areas
        self.fields["successor"].queryset = areas

    @staticmethod
    def initial_for(area: Area) -> dict:
        return {
            "country": area.country_id,
            "code": area.code,
            "kind": area.kind,
            "name": area.name,
            "name_en": area.name_en,
            "parent": area.parent_id,
            "valid_from": area.valid_from,
            "valid_to": area.valid_to,
            "successor": area.successor_id,
        }


# --- Agency administration: users and contact points ---------------------------------


class UserFilterForm(BootstrapMixin, forms.Form):
    agency = AgencyChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Agency"),
        empty_label=_("All agencies"),
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    status = forms.ChoiceField(
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))],
        required=False,
        label=_("Status"),
    )

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class UserForm(BootstrapMixin, forms.Form):
    """Create or edit a user; the agency choices are the administrator's subtree only."""

    username = _model_field(User, "username")
    full_name = _model_field(User, "full_name")
    email = _model_field(User, "email")
    position = _model_field(User, "position")
    phone = _model_field(User, "phone")
    language = _model_field(User, "language")
    # Not required here: the service owns the rule and says why ("every user belongs
    # to an agency"), so the message is the same in UI, API and commands.
    agency = AgencyChoiceField(queryset=Agency.objects.none(), required=False, label=_("Agency"))
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles"),
    )
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Active"),
        help_text=_("A deactivated user cannot log in; their records and history remain."),
    )
    password = forms.CharField(
        required=False,
        strip=False,
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to create the account without a password; set one later."),
    )

    def __init__(self, *args, agencies: QuerySet[Agency], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if editing:
            # The username is the login and appears in the audit trail: fixed once made.
            del self.fields["username"]
            del self.fields["password"]

    @staticmethod
    def initial_for(user: User) -> dict:
        return {
            "full_name": user.full_name,
            "email": user.email,
            "position": user.position,
            "phone": user.phone,
            "language": user.language,
            "agency": user.agency_id,
            "roles": sorted(user.role_set),
            "is_active": user.is_active,
        }


class PasswordResetForm(BootstrapMixin, forms.Form):
    new_password = forms.CharField(
        strip=False,
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        strip=False,
        label=_("New password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("new_password"), data.get("new_password_again")
        if first and second and first != second:
            self.add_error("new_password_again", _("The two passwords do not match."))
        return data


class ContactForm(BootstrapMixin, forms.Form):
    channel = _model_field(HotlineContact, "channel")
    value = _model_field(HotlineContact, "value")
    label = _model_field(HotlineContact, "label")
    hours = _model_field(HotlineContact, "hours")
    languages = _model_field(HotlineContact, "languages")
