"""Forms of the cooperation pages. Agency choices list only the partnership's parties and
the units below them; the services check every rule again (a form is a convenience, not
the rule)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import (
    AgencyChoiceField,
    AgencyMultipleChoiceField,
    BootstrapMixin,
    DateInput,
)
from liaison.agencies.models import Agency, Area, Partnership, User
from liaison.cooperation.models import (
    ActivityKind,
    Agreement,
    AgreementKind,
    Commitment,
    CommitmentStatus,
    Conference,
    ConferenceKind,
)
from liaison.core.access import agencies_below


def party_agencies(parties: Iterable[Agency]):
    """The parties and every unit below them, ordered for a <select>."""
    reach = agencies_below(party.pk for party in parties)
    return Agency.objects.filter(pk__in=reach).order_by("country_id", "name")


# --- Agreements and commitments ---------------------------------------------------------


class AgreementForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=400)
    parties = AgencyMultipleChoiceField(
        label=_("Parties"),
        queryset=Agency.objects.none(),
        help_text=_("Agencies of at least two countries."),
    )
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput)
    signed_place = forms.CharField(label=_("Place of signing"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DateInput)
    conference = forms.ModelChoiceField(
        label=_("Signed at the conference"), required=False, queryset=Conference.objects.none()
    )
    follows = forms.ModelChoiceField(
        label=_("Follows the agreement"), required=False, queryset=Agreement.objects.none()
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args,
        user: User,
        partnership: Partnership,
        agreement: Agreement | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = party_agencies(partnership.parties.all())
        self.fields["conference"].queryset = Conference.objects.visible_to(user).filter(
            partnership=partnership
        )
        follows = Agreement.objects.visible_to(user).filter(partnership=partnership)
        if agreement is not None:
            follows = follows.exclude(pk=agreement.pk)
        self.fields["follows"].queryset = follows


class AgreementTextForm(BootstrapMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    upload = forms.FileField(label=_("Signed text"))


class CommitmentForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Item"), max_length=20)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = AgencyMultipleChoiceField(
        label=_("Responsible agencies"), queryset=Agency.objects.none(), required=False
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    target = forms.IntegerField(
        label=_("Target"),
        required=False,
        min_value=1,
        help_text=_("How many activities make it done, e.g. 2 awareness conferences."),
    )
    activity_kind = forms.ChoiceField(
        label=_("Kind of activity counted"),
        required=False,
        choices=[("", _("Any kind")), *ActivityKind.choices],
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = party_agencies(agreement.parties.all())


class CommitmentStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Computed from the activities")), *CommitmentStatus.choices],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Activities ---------------------------------------------------------------------------


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.agreement.number} — {obj.number}. {obj.content[:100]}"


class ActivityForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    area = forms.ModelChoiceField(
        label=_("Province or district"), required=False, queryset=Area.objects.none()
    )
    organiser = AgencyChoiceField(label=_("Organising agency"), queryset=Agency.objects.none())
    participating = AgencyMultipleChoiceField(
        label=_("Participating agencies"), required=False, queryset=Agency.objects.none()
    )
    participant_count = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    audience = forms.CharField(label=_("Audience"), max_length=300, required=False)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    commitments = CommitmentChoiceField(
        label=_("Commitments fulfilled"),
        required=False,
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = party_agencies(partnership.parties.all())
        self.fields["organiser"].queryset = agencies
        self.fields["participating"].queryset = agencies
        countries = {a.country_id for a in partnership.parties.all()}
        self.fields["area"].queryset = Area.objects.filter(country_id__in=countries).order_by(
            "country_id", "name"
        )
        self.fields["commitments"].queryset = (
            Commitment.objects.visible_to(user)
            .filter(agreement__partnership=partnership)
            .select_related("agreement")
            .order_by("agreement__signed_on", "agreement_id", "position", "id")
        )
        if not self.is_bound and user.agency_id and "organiser" not in self.initial:
            self.fields["organiser"].initial = user.agency_id


class ActivityDocumentForm(BootstrapMixin, forms.Form):
    upload = forms.FileField(label=_("Photo or document"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class ActivityFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ActivityKind.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), required=False, queryset=Partnership.objects.none()
    )

    def __init__(self, *args, partnerships, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships

    def criteria(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "partnership": data["partnership"],
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


# --- Conferences and delegations --------------------------------------------------------


class ConferenceForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConferenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Date"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    host = AgencyChoiceField(label=_("Host agency"), required=False, queryset=Agency.objects.none())
    reviews_from = forms.DateField(
        label=_("Reviews the period from"), required=False, widget=DateInput
    )
    reviews_to = forms.DateField(label=_("Reviews the period to"), required=False, widget=DateInput)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = party_agencies(partnership.parties.all())


class DelegationForm(BootstrapMixin, forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    head_name = forms.CharField(label=_("Head of delegation"), max_length=200, required=False)
    head_title = forms.CharField(label=_("Head's position"), max_length=300, required=False)
    members = forms.CharField(
        label=_("Members (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, conference: Conference, fixed_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = party_agencies(conference.partnership.parties.all())
        if fixed_agency:
            self.fields["agency"].disabled = True


class PeriodForm(BootstrapMixin, forms.Form):
    """A from/to period in the query string (`from`, `to`), with defaults."""

    def __init__(self, data=None, *, default_from, default_to) -> None:
        super().__init__(data or None)
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput)
        self.fields["from"].initial = default_from
        self.fields["to"].initial = default_to
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        self.default_from = default_from
        self.default_to = default_to

    def period(self):
        """The chosen period; a missing or malformed end falls back to its default and
        a reversed period is put in order."""
        date_from, date_to = self.default_from, self.default_to
        if self.is_bound and self.is_valid():
            date_from = self.cleaned_data["from"] or date_from
            date_to = self.cleaned_data["to"] or date_to
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to
