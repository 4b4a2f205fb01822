"""The complaint form (and the officers' for one that came in by another channel, and the
supervisors' for a rating's comment), the tracking-code form, and the supervisors' forms. Text rules
(control characters, identity numbers) come from SafeForm; the services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from complaints.handling.codes import MAX_TYPED_LENGTH, code_normalize
from complaints.handling.filing import RECORDED_CHANNELS
from complaints.handling.models import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    REPLY_TO_MAX_LENGTH,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    PassOnVia,
)
from complaints.handling.passing_on import PASS_ON_NOTE_MAX_LENGTH
from complaints.handling.selectors import (
    SHOW_ALL,
    SHOW_OPEN,
    SHOW_TO_PASS_ON,
    categories_for_office,
)
from consultations.file_kinds import KINDS_NAMED
from consultations.forms import MultipleFileField
from pst.forms import PRIVACY_LABEL, IdChoiceField, LocalMinuteField, PhoneField, SafeForm
from pst.models import Office


class CategoryChoiceField(IdChoiceField):
    def label_from_instance(self, obj: ComplaintCategory) -> str:
        return obj.label


class ComplaintAboutForm(SafeForm):
    """What every complaint form asks: the category, among the office's, and what happened."""

    personal_model = "complaints.Complaint"

    category = CategoryChoiceField(
        queryset=ComplaintCategory.objects.none(), label=_("What is it about?")
    )
    description = forms.CharField(
        label=_("Your complaint"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What happened, when, and what you expected. Do not write your ID card number."
        ),
    )
    # Sent twice (double click, reload, two tabs): one complaint (services).
    request_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = categories_for_office(office)
        field = self.fields["category"]
        field.queryset = ComplaintCategory.objects.filter(pk__in=[row.pk for row in categories])
        # The office's order, not the table's.
        field.choices = [("", "---------"), *((row.pk, row.label) for row in categories)]


class ComplaintForm(ComplaintAboutForm):
    related_reference = forms.CharField(
        label=_("Queue number or consultation number (if any)"),
        max_length=40,
        required=False,
        help_text=_("For example K-007 or KS-6571-000123."),
    )
    files = MultipleFileField(label=_("Evidence (if any)"))
    is_anonymous = forms.BooleanField(
        label=_("File anonymously (no name, no contact)"),
        required=False,
        help_text=_("We cannot write to you: keep the tracking code to follow the complaint."),
    )
    complainant_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    complainant_email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send the tracking code and our answer here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    complainant_phone = PhoneField(
        label=_("Phone / WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    privacy_acknowledged = forms.BooleanField(label=PRIVACY_LABEL)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, office=office, **kwargs)
        self.fields["files"].widget.most = settings.COMPLAINT_EVIDENCE_FILES
        self.fields["files"].help_text = _(
            "A photo, a screenshot or a letter: %(kinds)s, up to %(size)s each, at most "
            "%(count)d files."
        ) % {
            "kinds": KINDS_NAMED,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            "count": settings.COMPLAINT_EVIDENCE_FILES,
        }


def _recorded_channel_choices(office: Office) -> list[tuple[str, str]]:
    """The channels an officer records from; the external form named by its address, as the
    office's service standard prints it."""
    form_address = office.complaint_form_url.split("://", 1)[-1].rstrip("/")
    return [
        (
            value,
            f"{ComplaintChannel(value).label} ({form_address})"
            if value == ComplaintChannel.EXTERNAL_FORM and form_address
            else ComplaintChannel(value).label,
        )
        for value in RECORDED_CHANNELS
    ]


class ComplaintRecordForm(ComplaintForm):
    """A complaint that came in by phone, WhatsApp, email, social media, LAPOR!, the office's
    external complaint form, a letter or in person, typed by an officer: how and when it came,
    and what the complainant said (no privacy box to tick for them: the officer is not the
    person whose data it is)."""

    channel = forms.ChoiceField(
        label=_("How did it come in?"),
        choices=[(value, ComplaintChannel(value).label) for value in RECORDED_CHANNELS],
        widget=forms.RadioSelect,
    )
    received_at = LocalMinuteField(
        label=_("When"), help_text=_("The due date counts from this moment.")
    )
    complainant_reply_to = forms.CharField(
        label=_("Where to reply (social media message or LAPOR!)"),
        max_length=REPLY_TO_MAX_LENGTH,
        required=False,
        help_text=_(
            "The account or handle the message came from (for example IG @name or FB Budi "
            "Santoso), or the LAPOR! report's number: the office's answer goes there."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["channel", "received_at"]

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, office=office, **kwargs)
        del self.fields["privacy_acknowledged"]
        self.fields["channel"].choices = _recorded_channel_choices(office)
        self.fields["description"].label = _("What the complainant said")
        self.fields["description"].help_text = _(
            "In their words as far as possible. Do not write an ID card number."
        )
        self.fields["files"].label = _("What the complainant sent (if any)")
        self.fields["is_anonymous"].label = _("The complainant gave no name and no contact")
        self.fields["is_anonymous"].help_text = _(
            "Read the tracking code out to them, or send it where they wrote from."
        )
        self.order_fields(self.field_order)


class RatingComplaintForm(ComplaintAboutForm):
    """A rating's comment recorded as a complaint by a supervisor: its category, and the
    comment as they edited it. No contact: the respondent is not known."""

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, office=office, **kwargs)
        self.fields["description"].label = _("The complaint")
        self.fields["description"].help_text = _(
            "The comment as the respondent wrote it. Edit it if needed, for example to leave "
            "out a name."
        )


class TrackForm(SafeForm):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=MAX_TYPED_LENGTH,
        help_text=_("For example 6571-K7M2-Q9XH-4TB. Upper or lower case, with or without dashes."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )  # fmt: skip

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code_normalize(code) is None:
            raise forms.ValidationError(
                _("This is not a tracking code: it is the office's four digits and eleven "
                  "letters and digits, as in 6571-K7M2-Q9XH-4TB."),
                code="malformed",
            )  # fmt: skip
        return code


class QueueFilterForm(SafeForm):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (SHOW_OPEN, _("Open, or answer to pass on")),
            (SHOW_TO_PASS_ON, _("Answer to pass on")),
            *ComplaintStatus.choices,
            (SHOW_ALL, _("All")),
        ],
    )


class ComplaintTextForm(SafeForm):
    """A response, a note, an answer or a reason: one text."""

    personal_model = "complaints.ComplaintEvent"

    body = forms.CharField(
        label=_("Text"), max_length=ANSWER_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class PassedOnForm(SafeForm):
    """How the waiting responses or answer were passed on to a complainant no email reaches
    (complaints.handling.passing_on); `answer_seen` names the latest text the page showed."""

    personal_model = "complaints.ComplaintEvent"
    renewed_when_unreadable = ("answer_seen",)

    via = forms.ChoiceField(
        label=_("How was it passed on?"), choices=PassOnVia.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Note (optional)"),
        max_length=PASS_ON_NOTE_MAX_LENGTH,
        required=False,
        help_text=_("For example who took the call. For the office only."),
    )
    answer_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
