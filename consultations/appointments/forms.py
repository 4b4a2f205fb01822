from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.appointments.services import RECORDABLE_OUTCOMES
from consultations.conversation import MESSAGE_MAX_LENGTH
from consultations.models import Outcome
from pst.forms import LocalMinuteField, SafeForm
from pst.guards import parse_id


class OfferForm(SafeForm):
    time_1 = LocalMinuteField(label=_("First time"))
    time_2 = LocalMinuteField(label=_("Second time"), required=False)
    time_3 = LocalMinuteField(label=_("Third time"), required=False)

    def times(self) -> list:
        data = self.cleaned_data
        return [data[name] for name in ("time_1", "time_2", "time_3") if data[name]]


class MeetingForm(SafeForm):
    starts_at = LocalMinuteField(label=_("Time"))
    zoom_url = forms.URLField(label=_("Meeting link"), max_length=500, assume_scheme="https")
    zoom_passcode = forms.CharField(label=_("Passcode"), max_length=40, required=False)


class AcceptForm(SafeForm):
    offer = forms.CharField(max_length=12)

    def clean_offer(self) -> int:
        offer = parse_id(self.cleaned_data["offer"])
        if offer is None:
            raise forms.ValidationError(_("Choose one of the offered times."), code="invalid")
        return offer


class AnotherTimeForm(SafeForm):
    personal_model = "consultations.Message"

    body = forms.CharField(
        label=_("Which days and times suit you?"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(SafeForm):
    personal_model = "consultations.Message"

    body = forms.CharField(
        label=_("Information given"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, Outcome(value).label) for value in RECORDABLE_OUTCOMES],
        initial=Outcome.ANSWERED,
    )


class CheckInForm(SafeForm):
    code = forms.CharField(
        label=_("Appointment code"),
        max_length=40,
        widget=forms.TextInput(
            # Typed on a touch kiosk or a phone: large, and in capitals as printed.
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control-lg fs-2 text-uppercase font-monospace",
            }
        ),
    )
