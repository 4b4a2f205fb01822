"""Forms of the requests that come outside the portal: the officer's record of a request made
by WhatsApp, email or phone, the summary of a WhatsApp or phone exchange, and acceptance with
the subject of a request that came by email, and closing a request without an answer."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from consultations.choices import DISMISS_REASONS
from consultations.conversation import MESSAGE_MAX_LENGTH
from consultations.models import Channel, SubjectArea, Topic
from pst.forms import LocalMinuteField, SafeForm


def _question(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_LENGTH,
        validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
    )


def _subject_fields(form: forms.Form, *, required: bool) -> None:
    form.fields["subject_area"].queryset = SubjectArea.objects.filter(is_active=True)
    form.fields["subject_area"].required = form.fields["topic"].required = required
    form.fields["topic"].choices = [("", "---------"), *Topic.choices]


class OnBehalfForm(SafeForm):
    """A request that came by WhatsApp, email or phone, recorded by the officer who got it."""

    personal_model = "consultations.Consultation"

    channel = forms.ChoiceField(
        label=_("The request came by"),
        choices=[(c.value, c.label) for c in (Channel.WHATSAPP, Channel.EMAIL, Channel.PHONE)],
        widget=forms.RadioSelect,
    )
    contacted_at = LocalMinuteField(label=_("When"))
    requester_name = forms.CharField(label=_("Requester's name"), max_length=150)
    requester_email = forms.EmailField(label=_("Email address"), required=False)
    requester_phone = forms.CharField(
        label=_("Phone or WhatsApp number"), max_length=20, required=False
    )
    subject_area = forms.ModelChoiceField(queryset=SubjectArea.objects.none())
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    question = _question(_("What they asked"))
    request_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _subject_fields(self, required=True)
        self.fields["subject_area"].label = _("Subject area")
        self.fields["requester_email"].help_text = _(
            "The answer and a link to follow the consultation go to this address. Without one, "
            "reply by phone or WhatsApp and log the exchange."
        )


class ExchangeForm(SafeForm):
    """What was said in a WhatsApp message or a phone call, logged on the consultation."""

    personal_model = "consultations.Message"

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in (Channel.WHATSAPP, Channel.PHONE)],
    )
    happened_at = LocalMinuteField(label=_("When"))
    body = _question(_("Summary"))
    request_id = forms.UUIDField(widget=forms.HiddenInput)


class AcceptForm(SafeForm):
    """Acceptance; the subject is asked for when the request did not say it (email)."""

    subject_area = forms.ModelChoiceField(
        label=_("Subject area"), queryset=SubjectArea.objects.none(), required=False
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _subject_fields(self, required=False)


class DismissForm(SafeForm):
    """Why a request is closed without an answer (lifecycle.dismissal); the reference of the
    consultation a repeat goes on in."""

    reason = forms.ChoiceField(label=_("Why"), choices=DISMISS_REASONS, widget=forms.RadioSelect)
    repeat_of = forms.CharField(
        label=_("Reference of the consultation it repeats"),
        required=False,
        max_length=40,
        help_text=_("Only for a repeat: the consultation the requester follows from now on."),
    )
