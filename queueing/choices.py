"""The queue's choices and the groups of them the code asks about (open statuses, the events
that end a turn), in a module of their own so that the models and their QuerySets
(queueing.querysets) share them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskKind(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Front office")
    SERVICE = "service", _("Service desk")


class Stage(models.TextChoices):
    """Where a ticket waits: at the front office (guestbook check-in) or at a service desk.
    A ticket starts at reception when the office has an active front-office desk; the front
    office routes it to a service desk with a transfer."""

    RECEPTION = "reception", _("Front office")
    SERVICE = "service", _("Service desk")


class Priority(models.TextChoices):
    NONE = "", _("Regular")
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("Disability")
    PREGNANT = "pregnant", _("Pregnant")
    # Given by the check-in of an appointment code, never chosen on the kiosk.
    APPOINTMENT = "appointment", _("Appointment")


# What a visitor may choose on the kiosk or their phone.
CHOSEN_PRIORITIES = (Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT)
# What the staff may set when they check a claim (queueing.priorities): regular, or one of
# the groups the law gives priority service. An appointment's priority is the check-in's.
STAFF_PRIORITIES = (Priority.NONE, *CHOSEN_PRIORITIES)

# The age from which a visitor is elderly (lanjut usia): UU 13/1998 tentang Kesejahteraan
# Lanjut Usia, pasal 1 angka 2, "telah mencapai usia 60 (enam puluh) tahun ke atas".
ELDERLY_AGE = 60


class TicketOrigin(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    PHONE = "phone", _("Visitor's phone")


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Finished")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_SERVED = "not_served", _("Not served (office closed)")


OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
AT_DESK_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CALLED = "called", _("Called")
    RECALLED = "recalled", _("Called again")
    STARTED = "started", _("Service started")
    TRANSFERRED = "transferred", _("Transferred")
    NO_SHOW = "no_show", _("Did not come")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled by the visitor")
    CLOSED = "closed", _("Closed at the end of the day")
    # Staff confirmed, removed or gave priority (TicketEvent.priority_before → .priority).
    PRIORITY_CHECKED = "priority_checked", _("Priority checked by staff")


# The events that end a visitor's turn at a desk (the desk is free again from then on).
TURN_END_KINDS = (EventKind.FINISHED, EventKind.TRANSFERRED, EventKind.NO_SHOW, EventKind.CLOSED)
# The events the display board announces.
CALL_KINDS = (EventKind.CALLED, EventKind.RECALLED)
