"""Forms of the registry pages: search filters, a new person, a screening list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import BootstrapMixin
from liaison.agencies.models import Country
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.registry.models import Person, PersonName

STATUS_CHOICES = [
    ("subject", _("subject")),
    ("key_subject", _("key subject")),
    ("ringleader", _("ringleader")),
    ("wanted", _("wanted")),
    ("arrested", _("arrested")),
]
# Screening through the pages stays interactive; bigger lists go through the API or CLI.
MAX_SCREEN_RECORDS = 500


class PersonFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, reference or document number"),
        required=False,
        max_length=200,
        help_text=_("Names match in any script, with or without diacritics."),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    nationality = forms.ModelChoiceField(
        label=_("Nationality"), required=False, queryset=Country.objects.all()
    )

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        nationality = data.get("nationality")
        return {
            "q": data.get("q") or "",
            "flags": list(data.get("status") or []),
            "nationality": nationality.pk if nationality else "",
        }


class PersonForm(BootstrapMixin, forms.Form):
    ref = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("Your agency's own reference for this person."),
    )
    primary_name = forms.CharField(
        label=_("Name"),
        max_length=300,
        help_text=_("As written, in its original script."),
    )
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Aliases and romanizations, one a line."),
    )
    birth_date = forms.CharField(
        label=_("Birth date"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=Person.Sex.choices)
    nationalities = forms.ModelMultipleChoiceField(
        label=_("Nationalities"),
        required=False,
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    document_type = forms.CharField(
        label=_("Document type"),
        required=False,
        max_length=40,
        help_text=_("For example passport or national_id."),
    )
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=80)
    document_country = forms.ModelChoiceField(
        label=_("Issuing country"), required=False, queryset=Country.objects.all()
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    sharing = forms.ChoiceField(
        label=_("Sharing level"), choices=SharingLevel.choices, initial=SharingLevel.AGENCY
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H0
    )
    discoverable = forms.BooleanField(
        label=_("Discoverable"),
        required=False,
        help_text=Person._meta.get_field("discoverable").help_text,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def names(self) -> list[str]:
        data = self.cleaned_data
        aliases = [line.strip() for line in (data.get("aliases") or "").splitlines()]
        return [data["primary_name"], *[a for a in aliases if a]]

    def documents(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        if not (data.get("document_number") or "").strip():
            return []
        country = data.get("document_country")
        return [
            {
                "type": (data.get("document_type") or "").strip() or "id",
                "number": data["document_number"].strip(),
                "country": country.pk if country else "",
            }
        ]

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as `person_create` takes it (owner agency apart)."""
        data = self.cleaned_data
        return {
            "ref": data["ref"].strip(),
            "names": self.names(),
            "birth_date": (data.get("birth_date") or "").strip() or None,
            "sex": data.get("sex") or "",
            "nationalities": [c.pk for c in data.get("nationalities") or []],
            "documents": self.documents(),
            "status": list(data.get("status") or []),
            "sharing": data["sharing"],
            "handling_code": data["handling_code"],
            "discoverable": bool(data.get("discoverable")),
            "notes": data.get("notes") or "",
        }

    def screening_record(self) -> dict[str, Any]:
        """The entered person as a screening query (odd values simply match less)."""
        values = self.service_values()
        return {
            "ref": values["ref"],
            "names": values["names"],
            "birth_date": values["birth_date"],
            "nationality": values["nationalities"],
            "sex": values["sex"],
            "id_numbers": values["documents"],
        }


class ScreeningForm(BootstrapMixin, forms.Form):
    lines = forms.CharField(
        label=_("Names to screen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One person a line: the name, optionally followed by a semicolon and the "
            "birth date, and another semicolon and the nationality code."
        ),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("CSV, XLSX or JSONL, in the import format."),
    )
    top = forms.IntegerField(label=_("Candidates per person"), min_value=1, max_value=50, initial=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("lines") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste names or choose a file to screen."))
        return data


def pasted_records(text: str) -> list[dict[str, Any]]:
    """Pasted lines as screening records: `name[; birth date[; nationality]]`."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in line.split(";")]
        if not parts[0]:
            continue
        records.append(
            {
                "ref": str(number),
                "names": [parts[0]],
                "birth_date": parts[1] if len(parts) > 1 and parts[1] else None,
                "nationality": parts[2].upper() if len(parts) > 2 and parts[2] else None,
            }
        )
    return records


class PersonEditForm(PersonForm):
    """The person form for an existing record: the reference stays, several identity
    documents are edited as lines, the warrant reference is added."""

    documents_text = forms.CharField(
        label=_("Identity documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: type; number; issuing country code (optional)."),
    )
    warrant_ref = forms.CharField(label=_("Warrant reference"), required=False, max_length=100)
    field_order = ["primary_name", "aliases", "birth_date", "sex", "nationalities"]

    def __init__(self, *args, person: Person, **kwargs) -> None:
        self.person = person
        kwargs.setdefault("initial", self.initial_from(person))
        super().__init__(*args, **kwargs)
        for name in ("ref", "document_type", "document_number", "document_country"):
            del self.fields[name]

    @staticmethod
    def initial_from(person: Person) -> dict[str, Any]:
        names = [n.text for n in person.names.all()]
        return {
            "primary_name": names[0] if names else "",
            "aliases": "\n".join(names[1:]),
            "birth_date": person.birth_date_text,
            "sex": person.sex,
            "nationalities": [c.pk for c in person.nationalities.all()],
            "documents_text": "\n".join(
                "; ".join(
                    part
                    for part in (doc.type, doc.number_as_written or doc.number, doc.country_id)
                    if part
                )
                for doc in person.documents.all()
            ),
            "status": person.status,
            "sharing": person.sharing,
            "handling_code": person.handling_code,
            "discoverable": person.discoverable,
            "warrant_ref": person.warrant_ref,
            "notes": person.notes,
        }

    def clean_documents_text(self) -> list[dict[str, str]]:
        documents = []
        for line in (self.cleaned_data.get("documents_text") or "").splitlines():
            parts = [part.strip() for part in line.split(";")]
            if not any(parts):
                continue
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Write each document as: type; number; country code (optional).")
                )
            country = parts[2].upper() if len(parts) > 2 else ""
            documents.append({"type": parts[0], "number": parts[1], "country": country})
        return documents

    def names(self) -> list[dict[str, str]]:
        """Names with their kinds kept: a name already on record keeps its kind (an
        alias stays an alias, a romanization a romanization); a new one is an alias."""
        kinds = {n.text: n.kind for n in self.person.names.all()}
        texts = super().names()
        named = [{"text": texts[0], "kind": PersonName.Kind.PRIMARY}]
        for text in texts[1:]:
            kind = kinds.get(text, PersonName.Kind.ALIAS)
            if kind == PersonName.Kind.PRIMARY:
                kind = PersonName.Kind.ALIAS  # the former primary name, now another name
            named.append({"text": text, "kind": kind})
        return named

    def documents(self) -> list[dict[str, str]]:
        return self.cleaned_data.get("documents_text") or []

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as `person_update` takes it (the reference does not change)."""
        self.cleaned_data["ref"] = self.person.ref
        values = super().service_values()
        del values["ref"]
        values["warrant_ref"] = (self.cleaned_data.get("warrant_ref") or "").strip()
        return values
