"""Closing the queue's day (the `close_day` command; re-exported by queueing.services, where
callers find every queue action): what is still open after closing time is closed, nothing is
deleted."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import ngettext

from pst.models import Holiday, Office, OpeningHours
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.models import OPEN_STATUSES, EventKind, Ticket, TicketEvent, TicketStatus


def queue_close_day(*, office: Office, now: dt.datetime | None = None) -> int:
    """Close the tickets still open QUEUE_CLOSE_GRACE_MINUTES after closing time (or left
    from earlier days) as not served; one a desk was serving is marked done. Nothing is
    deleted. Returns how many were closed."""
    now = now or timezone.now()
    today = now.astimezone(office.zoneinfo).date()
    open_tickets = Ticket.objects.open().filter(office=office)
    if not queue_day_is_over(office, now):
        open_tickets = open_tickets.filter(service_date__lt=today)
    closed = 0
    for pk in open_tickets.values_list("pk", flat=True):
        closed += _close_one(pk, now)
    return closed


def queue_day_is_over(office: Office, now: dt.datetime) -> bool:
    """Whether today's queue is over at `now`: QUEUE_CLOSE_GRACE_MINUTES after closing time
    (a closure or hours recorded during the day count from then), or at once on a day closed
    before it began."""
    local = now.astimezone(office.zoneinfo)
    today = local.date()
    grace = dt.timedelta(minutes=settings.QUEUE_CLOSE_GRACE_MINUTES)
    try:
        calendar = OfficeCalendar(office, today, today)
        if calendar.is_working_day(today):
            closing = closing_after_shortening(office, today, calendar.closing(today))
        else:
            closing = _closed_during_the_day_at(office, today)
    except CalendarError:
        closing = None  # no opening hours at all: nothing should stay open
    return closing is None or local >= closing + grace


def closing_after_shortening(office: Office, day: dt.date, closing: dt.datetime) -> dt.datetime:
    """Today's closing time, or, when today's hours were changed today to close at a time
    already past, the moment of that change: the visitors inside then keep their grace, as
    after a closure recorded during the day (trial 2: the next run closed them at once)."""
    changed = (
        OpeningHours.objects.filter(office=office, weekday=day.weekday())
        .values_list("changed_at", flat=True)
        .first()
    )
    if changed is None or changed.astimezone(office.zoneinfo).date() != day:
        return closing
    return max(closing, changed)


def _closed_during_the_day_at(office: Office, day: dt.date) -> dt.datetime | None:
    """When a closure of `day` was recorded on that day itself (a flood, a power cut: the
    office closes after it opened). The visitors already inside keep the same grace as after
    an earlier closing time, not closed at the next run (trial E). None: closed before."""
    # When it was first recorded: an edit of its name later does not restart the grace.
    rows = Holiday.objects.for_office(office).filter(date=day, is_closed=True)
    recorded = [
        moment
        for created, changed in rows.values_list("created_at", "changed_at")
        for moment in (created, changed)
        if moment.astimezone(office.zoneinfo).date() == day
    ]
    return min(recorded) if recorded else None


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


def visitors_inside_on_closing(
    *, office: Office | None, day: dt.date, hours_ended: bool = False
) -> list[str]:
    """What an administrator who closes today is told: the visitors already in the queue are
    served for QUEUE_CLOSE_GRACE_MINUTES more, then closed (queue_close_day); the kiosk gives
    no new numbers. A national day closes every office: each office with visitors is named.
    `hours_ended`: today stays a working day, but its new hours have already ended."""
    # One count for every office with visitors in that day's queue (a national day closes
    # them all), then the calendar of those few.
    inside = Ticket.objects.open().filter(service_date=day)
    if office is not None:
        inside = inside.filter(office=office)
    counts = dict(inside.values_list("office").annotate(n=Count("pk")).order_by())
    told = []
    for place in Office.objects.filter(pk__in=counts).order_by("code"):
        if timezone.now().astimezone(place.zoneinfo).date() != day:
            continue  # not that office's today
        try:
            if not hours_ended and OfficeCalendar(place, day, day).is_working_day(day):
                continue  # its own row keeps a national day open
        except CalendarError:
            pass
        count = counts[place.pk]
        told.append(
            ngettext(
                "%(office)s: %(count)d visitor is still in today's queue. The kiosk gives "
                "no new numbers; the desks can still serve them for %(minutes)d minutes, "
                "then the queue closes.",
                "%(office)s: %(count)d visitors are still in today's queue. The kiosk gives "
                "no new numbers; the desks can still serve them for %(minutes)d minutes, "
                "then the queue closes.",
                count,
            )
            % {
                "office": place.name,
                "count": count,
                "minutes": settings.QUEUE_CLOSE_GRACE_MINUTES,
            }
        )
    return told
