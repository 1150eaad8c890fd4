"""Forms of the case pages. Choice fields list only what the user may see; the services
check everything again (a form is a convenience, not the rule)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import (
    AgencyChoiceField,
    AgencyMultipleChoiceField,
    BootstrapMixin,
    DateInput,
)
from liaison.agencies.models import Agency, Country, User
from liaison.cases.choosing import message_label
from liaison.cases.models import CaseStatus, EventKind, JointCase, SubjectRole, TaskStatus
from liaison.core.access import get_scope
from liaison.core.sharing import HandlingCode
from liaison.core.widgets import RecordPicker
from liaison.exchange.models import Message
from liaison.registry.choosing import person_label
from liaison.registry.models import Organisation, Person


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Code or title"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *CaseStatus.choices]
    )
    country = forms.ModelChoiceField(
        label=_("Participating country"), required=False, queryset=Country.objects.all()
    )
    agency = AgencyChoiceField(
        label=_("Participating agency"), required=False, queryset=Agency.objects.none()
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.visible_to(user).order_by(
            "country_id", "name"
        )

    def criteria(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "status": data["status"],
            "country": data["country"].code if data["country"] else "",
            "agency": data["agency"],
        }


class CaseForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Case code"), max_length=40, help_text=_("For example 522H."))
    title = forms.CharField(label=_("Title"), max_length=300)
    lead_agency = AgencyChoiceField(label=_("Establishing agency"), queryset=Agency.objects.none())
    participants = AgencyMultipleChoiceField(
        label=_("Participating agencies"),
        queryset=Agency.objects.none(),
        help_text=_("Agencies of at least two countries; the establishing agency takes part too."),
    )
    proposed_on = forms.DateField(label=_("Proposed on"), required=False, widget=DateInput)
    target_ring = forms.CharField(label=_("Targeted ring"), max_length=300, required=False)
    target_organisation = forms.ModelChoiceField(
        label=_("Targeted organisation"), required=False, queryset=Organisation.objects.none()
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H0
    )

    def __init__(self, *args, user: User, case: JointCase | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scope = get_scope(user)
        visible = Agency.objects.visible_to(user).order_by("country_id", "name")
        if case is not None:
            # the lead and the participants are managed on the case page
            del self.fields["lead_agency"]
            del self.fields["participants"]
        else:
            lead = visible if scope.sees_everything else visible.filter(pk__in=scope.own_subtree)
            self.fields["lead_agency"].queryset = lead
            self.fields["lead_agency"].initial = user.agency_id
            self.fields["participants"].queryset = visible
        self.fields["target_organisation"].queryset = Organisation.objects.visible_to(user).live()

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["target_ring"] = data.get("target_ring") or ""
        data["summary"] = data.get("summary") or ""
        if "participants" in data:
            data["participants"] = list(data["participants"])
        return data


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ParticipantForm(BootstrapMixin, forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput)

    def __init__(self, *args, user: User, case: JointCase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Agency.objects.visible_to(user)
            .exclude(case_participations__case=case)
            .order_by("country_id", "name")
        )


class _ParticipantChoiceMixin:
    def _participants(self, case: JointCase):
        return Agency.objects.filter(case_participations__case=case).order_by("country_id", "name")


class PersonLinkForm(BootstrapMixin, forms.Form):
    person = forms.IntegerField(
        label=_("Person"),
        help_text=_(
            "Search by name in any script, with or without diacritics, by reference or by "
            "document number, then choose the person."
        ),
        min_value=1,
        error_messages={"required": _("Search for the person and choose one of the results.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=SubjectRole.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, options_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].widget = RecordPicker(
            options_url=options_url,
            describe=lambda pk: person_label(user=user, pk=pk),
            attrs={"class": "form-control", "placeholder": _("Name, reference or document number")},
        )

    def clean_person(self) -> Person:
        person = Person.objects.visible_to(self.user).filter(pk=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError(_("No person with this number is available to you."))
        return person


class OrganisationLinkForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=SubjectRole.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).live()


EVENT_KINDS = [(value, label) for value, label in EventKind.choices if value != EventKind.STATUS]


class EventForm(_ParticipantChoiceMixin, BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EVENT_KINDS)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case: JointCase, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self._participants(case)
        self.fields["agency"].initial = user.agency_id


class TaskForm(_ParticipantChoiceMixin, BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    agency = AgencyChoiceField(label=_("Assigned agency"), queryset=Agency.objects.none())
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case: JointCase, with_status: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self._participants(case)
        if with_status:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
            self.fields["status"].widget.attrs["class"] = "form-select"


class MessageLinkForm(BootstrapMixin, forms.Form):
    """On the case page: a message found by words of its subject or body."""

    message = forms.IntegerField(
        label=_("Message"),
        min_value=1,
        help_text=_(
            "Search the messages you may see by words of their subject or body, then choose one."
        ),
        error_messages={"required": _("Search for the message and choose one of the results.")},
    )

    def __init__(self, *args, user: User, options_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].widget = RecordPicker(
            options_url=options_url,
            describe=lambda pk: message_label(user=user, pk=pk),
            attrs={"class": "form-control", "placeholder": _("Words of the subject or body")},
        )
        self.user = user

    def clean_message(self) -> Message:
        # like clean_person: the same answer for a missing message and one not visible
        message = Message.objects.visible_to(self.user).filter(pk=self.cleaned_data["message"])
        if not message:
            raise forms.ValidationError(_("No message with this number is available to you."))
        return message.get()


class CaseChoiceForm(BootstrapMixin, forms.Form):
    """On the message page: one of the cases the user may see."""

    case = forms.ModelChoiceField(label=_("Joint case"), queryset=JointCase.objects.none())

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            JointCase.objects.visible_to(user).select_related("lead_agency").order_by("code")
        )
