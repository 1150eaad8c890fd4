"""Forms of the exchange pages.

Plain forms, not ModelForms: they check the shape of the input and offer only the
choices the user may pick (agencies through `visible_to`); every rule and every write
lives in `liaison.exchange.services`, whose field-keyed errors the views put back on
these forms with `apply_service_errors`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.agencies.forms.directory import (
    AgencyChoiceField,
    AgencyMultipleChoiceField,
    BootstrapMixin,
    DateInput,
)
from liaison.agencies.models import Agency, Partnership, User
from liaison.core.access import get_scope
from liaison.core.sharing import HandlingCode
from liaison.exchange import duetime
from liaison.exchange.models import (
    BodyLanguage,
    InfoGrade,
    Kind,
    Message,
    Priority,
    RecipientStatus,
    SourceGrade,
)

DUE_FORMAT = "%d/%m/%Y %H:%M"  # as the partners write dates, in every language


def recipient_agencies(user: User) -> QuerySet[Agency]:
    """Agencies the user may write to: own country and partners (the directory scope)."""
    return (
        Agency.objects.visible_to(user)
        .filter(active=True)
        .exclude(pk=user.agency_id)
        .select_related("country")
        .order_by("country_id", "level", "name")
    )


def forward_agencies(user: User) -> QuerySet[Agency]:
    """Agencies of the user's own country: the only place a message may be passed on to."""
    return recipient_agencies(user).filter(country_id=get_scope(user).country)


def suggested_due(priority: str, *, now: datetime | None = None) -> str:
    """The default due time for a priority, as the compose form shows it."""
    now = timezone.localtime(now or timezone.now())
    return (now + timedelta(hours=duetime.DEFAULT_HOURS[priority])).strftime(DUE_FORMAT)


# --- multiple files ----------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


# --- filters -----------------------------------------------------------------------------


class MessageFilterForm(BootstrapMixin, forms.Form):
    """Filters of the inbox and the sent list; every field is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Subject and text; Vietnamese accents may be left out."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = AgencyChoiceField(
        label=_("Partner agency"), queryset=Agency.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("Sent from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Sent until"), required=False, widget=DateInput())

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Kind.choices)
        self.fields["priority"].choices = everything + list(Priority.choices)
        self.fields["status"].choices = everything + [
            c for c in RecipientStatus.choices if c[0] != RecipientStatus.PENDING
        ]
        self.fields["partner"].queryset = recipient_agencies(user)
        self.fields["partner"].empty_label = _("All")

    def filters(self) -> dict:
        """The selector arguments; an invalid form filters nothing rather than failing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        partner = data.get("partner")
        return {
            "q": data.get("q") or None,
            "kind": data.get("kind") or None,
            "priority": data.get("priority") or None,
            "status": data.get("status") or None,
            "partner": partner.pk if partner else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


# --- writing -----------------------------------------------------------------------------


class _MessageFieldsMixin(forms.Form):
    """Fields a compose form and a reply form share."""

    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        help_text=_("Detected from the text; correct it if the guess is wrong."),
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H0
    )
    handling_condition = forms.CharField(
        label=_("Handling condition"),
        required=False,
        help_text=_("Required with H3: the condition the recipients must respect."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source_grade = forms.ChoiceField(label=_("Source grading"), required=False)
    info_grade = forms.ChoiceField(label=_("Information grading"), required=False)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, office documents or text; several files allowed."),
    )

    def _init_shared(self) -> None:
        self.fields["language"].choices = [("", _("Detect from the text")), *BodyLanguage.choices]
        self.fields["source_grade"].choices = [("", _("Not graded")), *SourceGrade.choices]
        self.fields["info_grade"].choices = [("", _("Not graded")), *InfoGrade.choices]
        # compose.js shows the condition only for H3 and fills in the detected language
        self.fields["handling_code"].widget.attrs["data-handling-code"] = ""
        self.fields["handling_condition"].widget.attrs["data-handling-condition"] = ""
        self.fields["language"].widget.attrs["data-language"] = ""


class ComposeForm(BootstrapMixin, _MessageFieldsMixin):
    recipients = AgencyMultipleChoiceField(
        label=_("Recipient agencies"),
        queryset=Agency.objects.none(),
        required=False,  # the service says "choose at least one" (for drafts too)
        help_text=_("Partner agencies across the border and agencies of your own country."),
        error_messages={
            "invalid_choice": _(
                "Choose recipients among your partner agencies and your country's agencies."
            )
        },
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    kind = forms.ChoiceField(label=_("Kind"))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    due_at = forms.CharField(
        label=_("Due time"),
        required=False,
        max_length=40,
        help_text=_(
            "dd/mm/yyyy HH:MM. Prefilled from the priority: left as it is, the answer time "
            "agreed in the partnership applies."
        ),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy HH:MM", "data-due-at": ""}),
    )
    # The due time the form suggested: unchanged means "the default for the priority".
    due_suggested = forms.CharField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

    field_order = [
        "recipients",
        "kind",
        "priority",
        "due_at",
        "due_suggested",
        "subject",
        "body",
        "language",
        "handling_code",
        "handling_condition",
        "source_grade",
        "info_grade",
        "attachments",
    ]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._init_shared()
        self.fields["recipients"].queryset = recipient_agencies(user)
        self.fields["kind"].choices = [c for c in Kind.choices if c[0] != Kind.REPLY]
        priority = self.fields["priority"]
        priority.widget.attrs["data-priority"] = ""
        priority.widget.attrs["data-due-hours"] = ",".join(
            f"{p}:{h}" for p, h in duetime.DEFAULT_HOURS.items()
        )
        if not self.is_bound and not self.initial.get("due_at"):
            suggestion = suggested_due(self.initial.get("priority") or Priority.NORMAL)
            self.initial.setdefault("due_at", suggestion)
            self.initial.setdefault("due_suggested", suggestion)

    @classmethod
    def initial_for(cls, message: Message) -> dict:
        due = timezone.localtime(message.due_at).strftime(DUE_FORMAT) if message.due_at else ""
        return {
            "recipients": list(message.recipients.values_list("agency_id", flat=True)),
            "kind": message.kind,
            "priority": message.priority,
            "due_at": due,
            "due_suggested": "",
            "subject": message.subject,
            "body": message.body,
            "language": message.language,
            "handling_code": message.handling_code,
            "handling_condition": message.handling_condition,
            "source_grade": message.source_grade,
            "info_grade": message.info_grade,
        }

    def service_values(self) -> dict:
        """The cleaned data as the compose/update services take it (files apart)."""
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        suggested = (data.pop("due_suggested", "") or "").strip()
        due = (data.get("due_at") or "").strip()
        data["due_at"] = None if not due or due == suggested else due
        data["recipients"] = list(data.get("recipients") or [])
        return data


class ReplyForm(BootstrapMixin, _MessageFieldsMixin):
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to answer under the subject of the message."),
    )
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}))

    field_order = [
        "subject",
        "body",
        "language",
        "handling_code",
        "handling_condition",
        "source_grade",
        "info_grade",
        "attachments",
    ]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)
        self._init_shared()

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        return data


class ForwardForm(BootstrapMixin, forms.Form):
    agencies = AgencyMultipleChoiceField(
        label=_("Forward to"),
        queryset=Agency.objects.none(),
        required=False,  # the service names the field when none is chosen
        help_text=_("Agencies of your own country, up or down the chain of command."),
        error_messages={
            "invalid_choice": _("A message can only be forwarded to agencies of your own country.")
        },
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    note = forms.CharField(
        label=_("Note for the agencies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user: User, message: Message | None = None, **kwargs) -> None:
        kwargs.setdefault("prefix", "forward")
        super().__init__(*args, **kwargs)
        agencies = forward_agencies(user)
        if message is not None:
            agencies = agencies.exclude(pk=message.sender_agency_id)
            if message.handling_code == HandlingCode.H2:
                # A foreign agency is refused here, before the service: say why (H2).
                self.fields["agencies"].error_messages["invalid_choice"] = _(
                    "This message is marked H2: it may not be passed on outside your "
                    "country without the consent of the agency that sent it."
                )
        self.fields["agencies"].queryset = agencies


class ReviewForm(BootstrapMixin, forms.Form):
    """A supervisor's comment: optional to approve, required to return (the service says)."""

    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "review")
        super().__init__(*args, **kwargs)


class AttachForm(BootstrapMixin, forms.Form):
    files = MultipleFileField(label=_("Add files"))

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "attach")
        super().__init__(*args, **kwargs)


# --- statistics --------------------------------------------------------------------------


class StatisticsForm(BootstrapMixin, forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).order_by(
            "name", "id"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data
