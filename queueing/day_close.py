"""Closing the queue's day (the `close_day` command; re-exported by queueing.services, where
callers find every queue action): what is still open after closing time is closed, nothing is
deleted."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pst.models import Office
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.models import OPEN_STATUSES, EventKind, Ticket, TicketEvent, TicketStatus


def queue_close_day(*, office: Office, now: dt.datetime | None = None) -> int:
    """Close the tickets still open QUEUE_CLOSE_GRACE_MINUTES after closing time (or left
    from earlier days) as not served; one a desk was serving is marked done. Nothing is
    deleted. Returns how many were closed."""
    now = now or timezone.now()
    local = now.astimezone(office.zoneinfo)
    today = local.date()
    grace = dt.timedelta(minutes=settings.QUEUE_CLOSE_GRACE_MINUTES)
    try:
        calendar = OfficeCalendar(office, today, today)
        is_after_hours = (
            not calendar.is_working_day(today) or local >= calendar.closing(today) + grace
        )
    except CalendarError:
        is_after_hours = True  # no opening hours at all: nothing should stay open
    open_tickets = Ticket.objects.open().filter(office=office)
    if not is_after_hours:
        open_tickets = open_tickets.filter(service_date__lt=today)
    closed = 0
    for pk in open_tickets.values_list("pk", flat=True):
        closed += _close_one(pk, now)
    return closed


@transaction.atomic
def _close_one(pk: int, now: dt.datetime) -> int:
    ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=pk)
    if ticket.status not in OPEN_STATUSES:
        return 0  # an officer finished it meanwhile
    served = ticket.status == TicketStatus.SERVING
    ticket.status = TicketStatus.DONE if served else TicketStatus.NOT_SERVED
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])
    # CLOSED, not FINISHED, even for a visitor who was being served: nobody confirmed the
    # end of the service, so it is not counted as served (nor is the turn's length). For a
    # ticket at a desk it ends the turn there: the desk is free again.
    TicketEvent.objects.record(ticket, EventKind.CLOSED, now, desk=ticket.desk)
    return 1
