from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import (
    CONSULTATION_CORRECTABLE_FIELDS,
    Consultation,
    Outcome,
    SubjectArea,
)
from consultations.services import ConsultationError, consultation_links_clean
from pst.forms import SafeModelForm
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
        self.fields["answer"].required = True

    def clean_links(self) -> str:
        try:
            return consultation_links_clean(self.cleaned_data["links"])
        except ConsultationError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def _post_clean(self) -> None:
        pass  # the service validates the model (one path for every record)


class ConsultationCorrectionForm(ConsultationTextForm):
    """A correction of a saved consultation (the outcome and the visit stay as they were)."""

    # The record's version when the form was loaded (services.consultation_version): a
    # correction saved by someone else meanwhile is not overwritten.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class WalkInConsultationForm(ConsultationTextForm):
    """What was asked and what was given at the consultation desk, and how the visit ends."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    referred_to = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label=_("Refer to")
    )
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
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
        if outcome == Outcome.REFERRED and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Choose the service the visitor is referred to."))
        if outcome == Outcome.APPOINTMENT:
            when = cleaned.get("appointment_at")
            if when is None:
                self.add_error("appointment_at", _("Give the day and time of the appointment."))
            elif when <= timezone.now():
                self.add_error("appointment_at", _("Give the appointment a time in the future."))
        return cleaned
