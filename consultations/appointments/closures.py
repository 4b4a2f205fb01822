"""Appointments on a day their office turns out closed: a holiday, cuti bersama or closure
recorded after they were made, or opening hours changed under them. The sweep, the calendar's
signals and the admin call appointments_cancel_on_closed_days; the requester is told not to
come, the officer to offer another time."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.appointments import notices
from consultations.appointments.booking import office_lock
from consultations.appointments.models import Appointment, AppointmentOffer, AppointmentStatus
from consultations.appointments.slots import slot_length
from consultations.lifecycle.rules import event_record
from consultations.models import EventKind
from pst.models import Office
from pst.workcalendar import CalendarError, OfficeCalendar

A = AppointmentStatus


def _times_of(appointment: Appointment) -> list[dt.datetime]:
    if appointment.status == A.OFFERED:
        return [offer.starts_at for offer in appointment.offers.all()]
    return [appointment.starts_at]


def _slots_of(appointment: Appointment) -> list[tuple[dt.datetime, dt.datetime]]:
    if appointment.status == A.OFFERED:
        return [(time, time + slot_length()) for time in _times_of(appointment)]
    return [(appointment.starts_at, appointment.ends_at or appointment.starts_at + slot_length())]


def _cancel_on_closed_days(office: Office, day: dt.date | None, now: dt.datetime) -> int:
    tz = office.zoneinfo
    first = now.astimezone(tz).date()  # a day already past is the missed sweep's
    if day is not None and day < first:
        return 0
    first = day or first
    # A time already past today is the missed sweep's too: nobody is told not to come to
    # an appointment that was this morning.
    since = Q(starts_at__gte=max(dt.datetime.combine(first, dt.time(0), tzinfo=tz), now))
    if day is not None:
        # To the day's last instant, not the next midnight: 31 Dec 9999 has no next day
        # (trial G, G2: an OverflowError, a 500 in the admin).
        since &= Q(starts_at__lte=dt.datetime.combine(day, dt.time.max, tzinfo=tz))
    offered_then = AppointmentOffer.objects.filter(since).values("appointment")
    active = Appointment.objects.filter(
        (Q(status=A.CONFIRMED) & since) | Q(status=A.OFFERED, pk__in=offered_then), office=office
    )
    # Read without a lock first: the sweep runs every quarter hour over every future
    # appointment, and locking them all would make an officer's or requester's action wait
    # for it (review of trial E, L4). Only those to cancel are locked and read again.
    candidates = list(active.prefetch_related("offers"))
    if not candidates:
        return 0
    last = max(time for a in candidates for time in _times_of(a)).astimezone(tz).date()
    try:
        calendar = OfficeCalendar(office, first, max(first, last))
    except CalendarError:
        return 0  # no opening hours: nothing could be booked at this office anyway

    def closed_days(appointment: Appointment) -> list[dt.date]:
        # Closed that day, or no longer open at that time (its opening hours changed).
        return sorted(
            start.astimezone(tz).date() for start, end in _slots_of(appointment)
            if start >= now and not calendar.is_open_throughout(start, end)
            and start.astimezone(tz).date() >= first
            and (day is None or start.astimezone(tz).date() == day)
        )  # fmt: skip

    to_cancel = [appointment.pk for appointment in candidates if closed_days(appointment)]
    if not to_cancel:
        return 0
    office_lock(office)  # before the appointments, in the order appointment_accept takes
    appointments = (
        active.select_for_update(of=("self",))
        .filter(pk__in=to_cancel)
        .select_related("office", "officer", "consultation__office", "consultation__requester",
                        "consultation__officer")
        .prefetch_related("offers")
    )  # fmt: skip
    cancelled = 0
    for appointment in appointments:
        times = _times_of(appointment)
        closed = closed_days(appointment)  # again, under the lock: it may have changed
        if not closed:
            continue
        # Every offered time goes with the closed one: the officer offers afresh, and the
        # requester is told one thing (another time will come), not which times still stand.
        offered = appointment.status == A.OFFERED
        appointment.status = A.CANCELLED
        appointment.ended_at = now
        appointment.closed_on = closed[0]
        appointment.closed_reason = calendar.closed_reason(closed[0])
        appointment.save(update_fields=["status", "ended_at", "closed_on", "closed_reason"])
        event_record(
            appointment.consultation, EventKind.APPOINTMENT_OFFICE_CLOSED, actor=None, at=now
        )
        notices.appointment_office_closed(appointment, times, offered=offered)
        cancelled += 1
    return cancelled


@transaction.atomic
def appointments_cancel_on_closed_days(
    *, office: Office | None, day: dt.date | None = None, now: dt.datetime | None = None
) -> int:
    """Cancel the confirmed appointments, and withdraw the offered times, that fall on a day
    their office is closed — a closure or holiday recorded after they were made — or at a time
    it no longer opens (its opening hours changed), from now on: `day` alone, or every day
    (the sweep, an hours change); `office` None for every office (a national day). The
    requester is told not to come and the officer to offer another time; the consultation's
    history says why. Returns how many; a second run finds none."""
    now = now or timezone.now()
    if office is not None:
        offices = [office]
    else:
        active = Appointment.objects.filter(status__in=(A.OFFERED, A.CONFIRMED))
        offices = list(Office.objects.filter(pk__in=active.values("office")).order_by("pk"))
    return sum(_cancel_on_closed_days(office, day, now) for office in offices)
