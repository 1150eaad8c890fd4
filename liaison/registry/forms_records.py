"""Forms of the pages of organisations, vehicles, phones, locations and relationships.

Each form turns its cleaned data into the keyword arguments of `services_records`
(`service_values()`); the services validate and normalize, and their errors come back
on the form's fields through `apply_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import BootstrapMixin, DateInput
from liaison.agencies.models import Area, Country
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.registry.models import (
    RELATIONSHIP_ENDS,
    Location,
    Organisation,
    Relationship,
    Vehicle,
)

END_CHOICES = [
    ("person", _("Person")),
    ("organisation", _("Organisation")),
    ("vehicle", _("Vehicle")),
    ("phone", _("Phone")),
    ("location", _("Location")),
]
assert {code for code, _label in END_CHOICES} == set(RELATIONSHIP_ENDS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class RecordForm(BootstrapMixin, forms.Form):
    """Sharing, handling code and notes: what every registry record has."""

    sharing = forms.ChoiceField(
        label=_("Sharing level"), choices=SharingLevel.choices, initial=SharingLevel.AGENCY
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H0
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    # the fields a subclass passes to the service as they are
    plain_fields: tuple[str, ...] = ()
    # the fields an existing record's form leaves out (fixed once the record exists)
    fixed_fields: tuple[str, ...] = ()

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in self.fixed_fields:
                del self.fields[name]

    @classmethod
    def initial_from(cls, record) -> dict[str, Any]:
        initial = {
            name: getattr(record, name)
            for name in ("sharing", "handling_code", "notes", *cls.plain_fields)
        }
        return initial

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in ("sharing", "handling_code", *self.plain_fields)}
        values["notes"] = data.get("notes") or ""
        return values


class OrganisationForm(RecordForm):
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("As written, in its original script.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Aliases and romanizations, one a line."),
    )
    registrations = forms.CharField(
        label=_("Registration numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line, optionally followed by a semicolon and the country code."),
    )
    addresses = forms.CharField(
        label=_("Addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line, as written."),
    )
    discoverable = forms.BooleanField(
        label=_("Discoverable"),
        required=False,
        help_text=Organisation._meta.get_field("discoverable").help_text,
    )
    field_order = ["name", "kind", "other_names", "registrations", "addresses"]
    plain_fields = ("name", "kind", "discoverable")

    @classmethod
    def initial_from(cls, record: Organisation) -> dict[str, Any]:
        initial = super().initial_from(record)
        initial["other_names"] = "\n".join(n.text for n in record.names.all())
        initial["registrations"] = "\n".join(
            f"{r.number_as_written or r.number}; {r.country_id}"
            if r.country_id
            else (r.number_as_written or r.number)
            for r in record.registrations.all()
        )
        initial["addresses"] = "\n".join(record.addresses or [])
        return initial

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        data = self.cleaned_data
        values["discoverable"] = bool(data.get("discoverable"))
        values["names"] = [{"text": n, "kind": "alias"} for n in _lines(data.get("other_names"))]
        registrations = []
        for line in _lines(data.get("registrations")):
            number, _sep, country = line.partition(";")
            registrations.append({"number": number.strip(), "country": country.strip().upper()})
        values["registrations"] = registrations
        values["addresses"] = _lines(data.get("addresses"))
        return values


class VehicleForm(RecordForm):
    plate = forms.CharField(
        label=_("Plate"), max_length=60, help_text=_("As written on the vehicle.")
    )
    country = forms.ModelChoiceField(
        label=_("Country of registration"), required=False, queryset=Country.objects.all()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Vehicle.Kind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    field_order = ["plate", "country", "kind", "description"]
    plain_fields = ("kind", "description")

    @classmethod
    def initial_from(cls, record: Vehicle) -> dict[str, Any]:
        return {
            **super().initial_from(record),
            "plate": record.plate_as_written,
            "country": record.country_id,
        }

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        country = self.cleaned_data.get("country")
        values.update(plate=self.cleaned_data["plate"], country=country.pk if country else None)
        return values


class PhoneForm(RecordForm):
    number = forms.CharField(
        label=_("Number"), max_length=60, help_text=_("As written; national or international.")
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.all()
    )
    field_order = ["number", "country"]

    @classmethod
    def initial_from(cls, record) -> dict[str, Any]:
        return {
            **super().initial_from(record),
            "number": record.number_as_written,
            "country": record.country_id,
        }

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        country = self.cleaned_data.get("country")
        values.update(number=self.cleaned_data["number"], country=country.pk if country else None)
        return values


class LocationForm(RecordForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Location.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.select_related("country")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6
    )
    field_order = ["kind", "name", "area", "address", "latitude", "longitude"]
    plain_fields = ("kind", "name", "address", "latitude", "longitude")

    @classmethod
    def initial_from(cls, record) -> dict[str, Any]:
        return {**super().initial_from(record), "area": record.area_id}

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        values["address"] = values.get("address") or ""
        values["area"] = self.cleaned_data.get("area")
        return values


class RelationshipForm(RecordForm):
    kind = forms.ChoiceField(label=_("Kind of relationship"), choices=Relationship.Kind.choices)
    from_type = forms.ChoiceField(label=_("From (record type)"), choices=END_CHOICES)
    from_id = forms.IntegerField(label=_("From (record number)"), min_value=1)
    to_type = forms.ChoiceField(label=_("To (record type)"), choices=END_CHOICES)
    to_id = forms.IntegerField(label=_("To (record number)"), min_value=1)
    date_from = forms.DateField(label=_("Since"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    source = forms.CharField(
        label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["kind", "from_type", "from_id", "to_type", "to_id", "date_from", "date_to"]
    plain_fields = ("kind", "date_from", "date_to", "source")
    fixed_fields = ("from_type", "from_id", "to_type", "to_id")  # the ends

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        values["source"] = values.get("source") or ""
        for name in self.fixed_fields:
            if name in self.fields:  # a new relationship: its ends, for the create service
                values[name] = self.cleaned_data[name]
        return values


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the record and the audit trail."),
    )
