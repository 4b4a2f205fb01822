from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pst.forms import SafeForm
from pst.models import Office
from queueing.choices import CHOSEN_PRIORITIES, STAFF_PRIORITIES
from queueing.models import Desk, Priority, Service, Ticket


class KioskForm(SafeForm):
    """One tap on the kiosk. `request_id` is minted when the start screen is drawn, so a
    double tap or a resubmitted form returns the ticket already issued."""

    # Each refusal names what was wrong (product trial G, G11: a refused priority was
    # answered "choose a service"); the kiosk shows the first (KioskForm.refusal).
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        error_messages={
            "required": _("Choose a service on the screen."),
            "invalid_choice": _("This service does not take visitors here."),
        },
    )
    priority = forms.ChoiceField(
        choices=[(Priority.NONE, Priority.NONE.label)] + [(p, p.label) for p in CHOSEN_PRIORITIES],
        required=False,
        error_messages={
            "invalid_choice": _("This priority is not offered here: choose one on the screen.")
        },
    )
    request_id = forms.UUIDField()
    # The screen's request id, when unreadable (SafeTextMixin), in the kiosk's words.
    form_changed_message = _("This screen is out of date. Please tap again.")

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().filter(office=office)

    def refusal(self) -> str:
        """What the kiosk says of an invalid tap: the first thing refused, the screen's own
        request id before the choices (tapping again with a fresh one is the way out)."""
        errors = [*self.non_field_errors(), *(e for field in self for e in field.errors)]
        return errors[0]


class DeskChoiceForm(SafeForm):
    desk = forms.ModelChoiceField(queryset=Desk.objects.none(), label=_("Desk"))

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.active().filter(office=office)


# How a form sends Priority.NONE: its own value "" is what a browser sends for nothing chosen
# (a required select refuses it), and a missing field must never read as "remove the claim".
REGULAR = "regular"


class StaffPriorityField(forms.ChoiceField):
    """A priority staff set after checking it (STAFF_PRIORITIES). Cleans to the Priority value,
    None when nothing was chosen."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Priority service"))
        super().__init__(
            choices=[(p or REGULAR, p.label) for p in STAFF_PRIORITIES],
            required=False,
            error_messages={"invalid_choice": _("Choose regular or one of the priority groups.")},
            **kwargs,
        )

    def prepare_value(self, value):
        return REGULAR if value == Priority.NONE else value

    def clean(self, value) -> str | None:
        value = super().clean(value)
        if value == "":
            return None
        return Priority.NONE if value == REGULAR else value


class DeskActionForm(SafeForm):
    """The ticket an action is about (not needed by "call next") and, for a transfer, the
    service it goes to. Both are limited to the desk's office."""

    ticket = forms.ModelChoiceField(queryset=Ticket.objects.none(), required=False)
    to_service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label=_("Send to")
    )
    # The second step of routing a visitor from the front office without a guestbook entry.
    without_guestbook = forms.BooleanField(required=False)
    # A priority checked by staff (queueing.priorities): the ticket at the desk, or one the
    # front office names by the code on its slip.
    priority = StaffPriorityField()
    code = forms.CharField(required=False, max_length=20, label=_("Ticket number"))

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticket"].queryset = Ticket.objects.filter(office=office)
        self.fields["to_service"].queryset = Service.objects.active().filter(office=office)
