from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.conversation import MESSAGE_MAX_LENGTH
from consultations.file_kinds import ALLOWED_KINDS, KINDS_NAMED
from consultations.lifecycle.requester import CANCEL_REASON_MAX_LENGTH
from consultations.lifecycle.rules import ONLINE_FIELDS
from consultations.models import (
    CONSULTATION_CORRECTABLE_FIELDS,
    Channel,
    Consultation,
    Outcome,
    SubjectArea,
    Topic,
)
from pst.forms import LocalMinuteField, SafeForm, SafeModelForm, version_input
from pst.links import web_links_clean
from pst.models import Office, User
from pst.permissions import Role
from queueing.models import Service, Ticket


class ConsultationTextForm(SafeModelForm):
    """What was asked and what was given: the fields of a record and of its correction."""

    class Meta:
        model = Consultation
        fields = list(CONSULTATION_CORRECTABLE_FIELDS)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(
                attrs={"rows": 2, "placeholder": "https://tarakankota.bps.go.id/…"}
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_area"].queryset = SubjectArea.objects.filter(is_active=True)
        self.fields["subject_area"].required = self.fields["topic"].required = True
        self.fields["answer"].required = True

    def clean_links(self) -> str:
        return web_links_clean(self.cleaned_data["links"])

    def _post_clean(self) -> None:
        pass  # the service validates the model (one path for every record)


class ConsultationCorrectionForm(ConsultationTextForm):
    """A correction of a saved consultation (the outcome and the visit stay as they were)."""

    # The record's version when the form was loaded (Revision.version_of): a correction
    # saved by someone else meanwhile is not overwritten.
    version = forms.IntegerField(min_value=0, widget=version_input())


class WalkInConsultationForm(ConsultationTextForm):
    """What was asked and what was given at the consultation desk, and how the visit ends."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    referred_to = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label=_("Refer to")
    )
    appointment_at = LocalMinuteField(label=_("Appointment"), required=False)
    # For a follow-up or an appointment, when the visitor has no guestbook entry or gives
    # another address (left empty, the guestbook's is used; never prefilled: clearing it
    # would not have meant "not this one").
    # Asked only when the visitor has no guestbook entry (sent on without one).
    contact_name = forms.CharField(
        label=_("Visitor's name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact_email = forms.EmailField(
        label=_("Visitor's email"),
        required=False,
        max_length=254,
        help_text=_("The link to follow the consultation is emailed here."),
        # Not the officer's own address, offered by the browser.
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    contact_phone = forms.CharField(
        label=_("Visitor's phone or WhatsApp"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    def __init__(self, *args, ticket: Ticket, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Referral: to another active service of the office (Perpustakaan, Penjualan, …).
        self.fields["referred_to"].queryset = (
            Service.objects.active()
            .filter(office_id=ticket.office_id)
            .exclude(pk=ticket.service_id)
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome not in (Outcome.ONLINE_FOLLOW_UP, Outcome.APPOINTMENT):
            # Hidden for this outcome: whatever was left in them neither counts nor blocks.
            for field in ("contact_name", "contact_email", "contact_phone"):
                self.errors.pop(field, None)
                cleaned[field] = ""
        if outcome == Outcome.REFERRED and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Choose the service the visitor is referred to."))
        if outcome == Outcome.APPOINTMENT:
            when = cleaned.get("appointment_at")
            if when is None:
                self.add_error("appointment_at", _("Give the day and time of the appointment."))
            elif when <= timezone.now():
                self.add_error("appointment_at", _("Give the appointment a time in the future."))
        return cleaned


# -- online consultation ------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    """Several files; the page checks their number and sizes as they are chosen (live.js), so
    that four phone photos are refused with a sentence before 30 MB travel and meet the body
    limit's error page (trial attack-ev, F6). The server checks again."""

    allow_multiple_selected = True
    # At most this many files (None: ATTACHMENTS_PER_MESSAGE).
    most: int | None = None

    def get_context(self, name, value, attrs):
        most = settings.ATTACHMENTS_PER_MESSAGE if self.most is None else self.most
        limit = settings.ATTACHMENT_MAX_BYTES
        attrs = {
            **(attrs or {}),
            "data-max-files": most,
            "data-max-bytes": limit,
            "data-too-many": gettext("Choose at most %(count)d files.") % {"count": most},
            # {name} is the chosen file's, put in by the page.
            "data-too-large": gettext("“{name}” is larger than %(limit)s.")
            % {"limit": filesizeformat(limit)},
        }
        return super().get_context(name, value, attrs)


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's size and content."""

    def __init__(self, *args, **kwargs) -> None:
        # The phone's file picker offers the kinds accepted (the server checks the content).
        accept = ",".join(f".{ext}" for kind in ALLOWED_KINDS.values() for ext in kind.extensions)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


ATTACHMENT_HELP = lazy(
    lambda: gettext("%(kinds)s; up to 10 MB each, at most 5 files.") % {"kinds": KINDS_NAMED}, str
)()


class OnlineConsultationForm(SafeModelForm):
    """The online request, after the knowledge base did not answer it. With several offices
    in the installation the requester chooses which one answers."""

    office = forms.ModelChoiceField(queryset=Office.objects.none(), label=_("BPS office"))
    files = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENT_HELP)
    # Sent twice (double click, reload): one consultation (services: client_request_id).
    request_id = forms.UUIDField(widget=forms.HiddenInput)
    # The knowledge-base search that did not answer (signed): marked as followed by this one.
    search = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    # Losing the search mark is better than a form that cannot be sent (SafeTextMixin).
    renewed_when_unreadable = (*SafeModelForm.renewed_when_unreadable, "search")

    class Meta:
        model = Consultation
        fields = list(ONLINE_FIELDS)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 4}),
            "intended_use": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"question": _("Your question")}
        help_texts = {
            "data_region": _("For example: a regency or city, per kecamatan."),
            "data_period": _("For example: 2020–2025, monthly."),
            "data_detail": _("For example: by sex and age group."),
            "intended_use": _("For example: a thesis, a planning document, a news article."),
        }

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("question", "intended_use"):
            field = self.fields[name]
            field.max_length = MESSAGE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(MESSAGE_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(MESSAGE_MAX_LENGTH)
        self.fields["subject_area"].queryset = SubjectArea.objects.filter(is_active=True)
        self.fields["subject_area"].required = self.fields["topic"].required = True
        self.fields["topic"].choices = [("", "---------"), *Topic.choices]
        self.fields["office"].queryset = offices
        only = list(offices[:2])
        if len(only) == 1:
            self.fields["office"].initial = only[0].pk
            self.fields["office"].widget = forms.HiddenInput()
            # The example names the region this office covers (not the first user's).
            self.fields["data_region"].help_text = _("For example: %(area)s, per kecamatan.") % {
                "area": only[0].area
            }

    def _post_clean(self) -> None:
        pass  # the service validates the model (one path for every channel)


class MessageForm(SafeForm):
    """A message in the conversation; officers may mark it as an internal note."""

    personal_model = "consultations.Message"

    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENT_HELP)
    request_id = forms.UUIDField(widget=forms.HiddenInput)


class AssignForm(SafeForm):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Officer"))

    def __init__(self, *args, office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            User.objects.filter(
                office=office, is_active=True, groups__name=Role.CONSULTATION_OFFICER
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["officer"].label_from_instance = lambda user: user.full_name or user.email


def _officer_choices(officers, *, counts: dict[int, int] | None = None) -> list:
    # Offered by id as text: a choice is valid only as one of these strings, so "٣" or a
    # twenty-digit number is no officer (int() would read the first as 3).
    def label(user: User) -> str:
        name = user.full_name or user.email
        if counts is None:
            return name
        held = counts.get(user.pk, 0)
        return gettext("%(name)s (%(count)d open or answered)") % {"name": name, "count": held}

    return [(str(user.pk), label(user)) for user in officers]


def _chosen_officer(form: forms.Form, name: str) -> User | None:
    value = form.cleaned_data.get(name)
    return form.officers_by_id.get(value) if value else None


# The hand-over's "to" that means nobody: back among the unassigned.
TO_INBOX = "inbox"


class HandOverForm(SafeForm):
    """A supervisor's hand-over (lifecycle.consultations_hand_over): everything one officer
    holds (open or answered) to another, or back to the inbox."""

    holder = forms.ChoiceField(label=_("Open or answered consultations of"))
    to = forms.ChoiceField(label=_("Hand them to"))

    def __init__(self, *args, officers, counts: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.officers_by_id = {str(user.pk): user for user in officers}
        self.fields["holder"].choices = [
            ("", "---------"),
            *_officer_choices(officers, counts=counts),
        ]
        self.fields["to"].choices = [
            ("", "---------"),
            (TO_INBOX, _("Nobody: back to the inbox, unassigned")),
            *_officer_choices(officers),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def chosen_holder(self) -> User | None:
        return _chosen_officer(self, "holder")

    def chosen_to(self) -> User | None:
        """The officer chosen, or None for the inbox."""
        return _chosen_officer(self, "to")


class CancelForm(SafeForm):
    """The requester's cancel, with an optional reason for the office."""

    personal_model = "consultations.ConsultationEvent"

    note = forms.CharField(
        label=_("Why are you cancelling? (optional)"),
        required=False,
        max_length=CANCEL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": CANCEL_REASON_MAX_LENGTH}),
        help_text=_("Only the office's officers read it."),
    )


class InboxFilterForm(SafeForm):
    SHOW_CHOICES = [
        ("open", _("Open")),
        ("waiting", _("Unassigned or mine")),
        ("unassigned", _("Unassigned")),
        ("mine", _("Mine")),
        ("due_today", _("Due today")),
        ("overdue", _("Overdue")),
        ("clarification", _("Needs clarification")),
        ("held", _("Open or answered")),
        ("all", _("All")),
    ]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    subject_area = forms.ModelChoiceField(
        label=_("Subject area"),
        queryset=SubjectArea.objects.filter(is_active=True),
        required=False,
        empty_label=_("All subject areas"),
    )
    text = forms.CharField(label=_("Search"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("due", _("Waiting for review, then due time")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
        ],
        required=False,
    )
    held_by = forms.ChoiceField(label=_("Held by"), required=False)

    def __init__(self, *args, officers=None, **kwargs) -> None:
        """`officers`: the choices of "held by", for a supervisor (None: no such filter)."""
        super().__init__(*args, **kwargs)
        if officers is None:
            del self.fields["held_by"]
        else:
            self.fields["held_by"].choices = [("", _("Any officer")), *_officer_choices(officers)]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        self.fields["text"].widget.attrs["placeholder"] = _("Question, name or KS-number")
