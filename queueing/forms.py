from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pst.forms import SafeForm
from pst.models import Office
from queueing.choices import CHOSEN_PRIORITIES
from queueing.models import Desk, Priority, Service, Ticket


class KioskForm(SafeForm):
    """One tap on the kiosk. `request_id` is minted when the start screen is drawn, so a
    double tap or a resubmitted form returns the ticket already issued."""

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        error_messages={"invalid_choice": _("This service does not take visitors here.")},
    )
    priority = forms.ChoiceField(
        choices=[(Priority.NONE, Priority.NONE.label)] + [(p, p.label) for p in CHOSEN_PRIORITIES],
        required=False,
    )
    request_id = forms.UUIDField()

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().filter(office=office)


class DeskChoiceForm(SafeForm):
    desk = forms.ModelChoiceField(queryset=Desk.objects.none(), label=_("Desk"))

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.active().filter(office=office)


class DeskActionForm(SafeForm):
    """The ticket an action is about (not needed by "call next") and, for a transfer, the
    service it goes to. Both are limited to the desk's office."""

    ticket = forms.ModelChoiceField(queryset=Ticket.objects.none(), required=False)
    to_service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label=_("Send to")
    )
    # The second step of routing a visitor from the front office without a guestbook entry.
    without_guestbook = forms.BooleanField(required=False)

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticket"].queryset = Ticket.objects.filter(office=office)
        self.fields["to_service"].queryset = Service.objects.active().filter(office=office)
