"""Forms of the ledger pages: the filter, an incident with its items and arrests, the
cancellation and the import upload.

Plain forms, not ModelForms: `services.py` validates and writes (see agencies' forms for
why). An incident form turns into the services' `IncidentInput` with `to_input()`, and
the service's field-keyed errors come back onto the field of the same name.
Every choice is scoped to the user: agencies they may record for, cases those agencies
take part in, agencies and cases they may see in the filter.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import AgencyChoiceField, BootstrapMixin, DateInput
from liaison.agencies.models import Agency, Area, Country
from liaison.cases.models import JointCase
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.core.widgets import RecordPicker
from liaison.registry.choosing import person_label
from liaison.registry.models_records import Location
from liaison.seizures import selectors
from liaison.seizures.models import DrugType, Modus, Unit


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        # names as written, the romanized form beside them where it differs
        if obj.name_en and obj.name_en != obj.name:
            return f"{obj.name} ({obj.name_en})"
        return obj.name


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: JointCase) -> str:
        return f"{obj.code} — {obj.title}"


def _blank(choices) -> list:
    return [("", "—"), *choices]


class LedgerFilterForm(BootstrapMixin, forms.Form):
    """What the ledger page shows of the filter; `LedgerFilter` parses the same params."""

    def __init__(self, data=None, *, user, **kwargs) -> None:
        super().__init__(data, **kwargs)
        countries = list(Country.objects.order_by("code").values_list("code", "name"))
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        self.fields["country"] = forms.ChoiceField(
            label=_("Country"), required=False, choices=_blank(countries)
        )
        self.fields["province"] = AreaChoiceField(
            label=_("Province"),
            required=False,
            queryset=Area.objects.filter(parent__isnull=True)
            .exclude(kind=Area.Kind.DISTRICT)
            .order_by("country_id", "name"),
        )
        self.fields["agency"] = AgencyChoiceField(
            label=_("Recording agency"),
            required=False,
            queryset=Agency.objects.visible_to(user).order_by("country_id", "name"),
        )
        self.fields["drug"] = forms.ChoiceField(
            label=_("Drug type"), required=False, choices=_blank(DrugType.choices)
        )
        self.fields["modus"] = forms.ChoiceField(
            label=_("Modus"), required=False, choices=_blank(Modus.choices)
        )
        self.fields["origin"] = forms.CharField(
            label=_("Origin country"), required=False, max_length=2
        )
        self.fields["destination"] = forms.CharField(
            label=_("Destination country"), required=False, max_length=2
        )
        self.fields["case"] = CaseChoiceField(
            label=_("Joint case"),
            required=False,
            queryset=JointCase.objects.visible_to(user).order_by("code"),
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
            if isinstance(field.widget, forms.TextInput | forms.DateInput):
                field.widget.attrs["class"] = "form-control form-control-sm"


class IncidentForm(BootstrapMixin, forms.Form):
    ref = forms.CharField(label=_("Reference"), max_length=100)
    agency = AgencyChoiceField(label=_("Recording agency"), queryset=Agency.objects.none())
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    province = AreaChoiceField(label=_("Province"), queryset=Area.objects.none())
    district = AreaChoiceField(label=_("District"), queryset=Area.objects.none(), required=False)
    place = forms.CharField(label=_("Place of seizure"), max_length=300, required=False)
    # labelled by the gate's name as written (Location.__str__)
    border_gate = forms.ModelChoiceField(
        label=_("Border gate"), queryset=Location.objects.none(), required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    modus = forms.ChoiceField(label=_("Modus"), choices=Modus.choices, initial=Modus.LAND)
    origin = forms.CharField(
        label=_("Origin country"),
        max_length=2,
        required=False,
        help_text=_("ISO code, e.g. MM"),
    )
    transit = forms.CharField(
        label=_("Transit countries"),
        max_length=60,
        required=False,
        help_text=_("ISO codes separated by ';', e.g. LA;KH"),
    )
    destination = forms.CharField(label=_("Destination country"), max_length=2, required=False)
    case = CaseChoiceField(label=_("Joint case"), queryset=JointCase.objects.none(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sharing = forms.ChoiceField(
        label=_("Sharing level"), choices=SharingLevel.choices, initial=SharingLevel.NATIONAL
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H0
    )

    def __init__(self, data=None, *, user, **kwargs) -> None:
        super().__init__(data, **kwargs)
        agencies = selectors.recording_agencies(user=user)
        self.fields["agency"].queryset = agencies
        self.fields["country"].queryset = Country.objects.order_by("code")
        self.fields["case"].queryset = selectors.cases_of_agencies(
            agency_ids=agencies.values_list("pk", flat=True)
        )
        # the place's choices follow the chosen country and province (htmx reloads them)
        country = self._value("country") or getattr(user.agency, "country_id", None)
        province = self._value("province")
        if country:
            self.fields["province"].queryset = selectors.areas(country=country)
        self.fields["border_gate"].queryset = selectors.border_gates(user=user)
        if province and str(province).isdigit():
            self.fields["district"].queryset = selectors.areas(
                country=country or "", parent_id=int(province)
            )
        # htmx reloads the province (and district) options for the country and date
        options = reverse("seizures_area_options")
        self.fields["country"].widget.attrs.update(
            {"hx-get": options, "hx-target": "#id_province", "hx-include": "#id_occurred_on"}
        )
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": options,
                "hx-target": "#id_district",
                "hx-include": "#id_country, #id_occurred_on",
            }
        )

    def _value(self, name: str):
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    @staticmethod
    def initial_of(incident) -> dict:
        return {
            "ref": incident.ref,
            "agency": incident.agency_id,
            "occurred_on": incident.occurred_on,
            "country": incident.country_id,
            "province": incident.province_id,
            "district": incident.district_id,
            "place": incident.place,
            "border_gate": incident.border_gate_id,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
            "modus": incident.modus,
            "origin": incident.origin,
            "transit": incident.transit,
            "destination": incident.destination,
            "case": incident.case_id,
            "notes": incident.notes,
            "sharing": incident.sharing,
            "handling_code": incident.handling_code,
        }


class ItemForm(BootstrapMixin, forms.Form):
    drug = forms.ChoiceField(label=_("Drug type"), choices=_blank(DrugType.choices))
    substance = forms.CharField(label=_("Substance"), max_length=120, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=16, decimal_places=3)
    unit = forms.ChoiceField(label=_("Unit"), choices=_blank(Unit.choices))


class ArrestForm(BootstrapMixin, forms.Form):
    nationality = forms.CharField(
        label=_("Nationality"), max_length=2, help_text=_("ISO code, e.g. VN")
    )
    count = forms.IntegerField(label=_("Number of persons"), min_value=1, initial=1)
    person = forms.IntegerField(
        label=_("Registry person"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for persons not in the registry."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # found by name in any script; the service checks again that the person is visible
        self.fields["person"].widget = RecordPicker(
            options_url=reverse("registry_person_options"),
            describe=lambda pk: person_label(user=user, pk=pk),
            attrs={"class": "form-control", "placeholder": _("Name, reference or document number")},
        )

    def clean(self):
        data = super().clean()
        if data.get("person") and (data.get("count") or 1) != 1:
            raise ValidationError(
                {"count": _("A registry person is one person: the number must be 1.")}
            )
        return data


class _RowFormSet(forms.BaseFormSet):
    """Blank extra rows are skipped; rows are numbered from 1 in errors, as on screen."""

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ItemFormSet = forms.formset_factory(ItemForm, formset=_RowFormSet, extra=2, can_delete=True)
ArrestFormSet = forms.formset_factory(ArrestForm, formset=_RowFormSet, extra=1, can_delete=True)


def incident_input(form: IncidentForm, items: _RowFormSet, arrests: _RowFormSet):
    """The services' IncidentInput from the three valid forms."""
    from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput

    data = form.cleaned_data
    return IncidentInput(
        ref=data["ref"].strip(),
        agency_id=data["agency"].pk,
        occurred_on=data["occurred_on"],
        country=data["country"].pk,
        province_id=data["province"].pk,
        district_id=data["district"].pk if data.get("district") else None,
        place=data.get("place") or "",
        border_gate_id=data["border_gate"].pk if data.get("border_gate") else None,
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        modus=data["modus"],
        origin=(data.get("origin") or "").strip().upper(),
        transit=[c.strip().upper() for c in (data.get("transit") or "").split(";") if c.strip()],
        destination=(data.get("destination") or "").strip().upper(),
        case_id=data["case"].pk if data.get("case") else None,
        notes=data.get("notes") or "",
        sharing=data["sharing"],
        handling_code=data["handling_code"],
        items=[
            ItemInput(
                drug=row["drug"],
                quantity=Decimal(row["quantity"]),
                unit=row["unit"],
                substance=row.get("substance") or "",
            )
            for row in items.rows()
        ],
        arrests=[
            ArrestInput(
                nationality=row["nationality"].strip().upper(),
                count=row.get("count") or 1,
                person_id=row.get("person") or None,
            )
            for row in arrests.rows()
        ],
    )


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(BootstrapMixin, forms.Form):
    agency = AgencyChoiceField(label=_("Recording agency"), queryset=Agency.objects.none())
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8) or XLSX, one row per seized item.")
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.recording_agencies(user=user)
        if user.agency_id:
            self.fields["agency"].initial = user.agency_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
