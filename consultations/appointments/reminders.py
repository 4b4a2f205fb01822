"""What the SLA sweep does for appointments: the reminder of an appointment or meeting the
working day before, and a visit whose day passed ended as held or missed (the officer told of a
missed one). Each under the row's lock and a status its own change makes false: two sweeps, or
one run twice, send nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from consultations.appointments import notices
from consultations.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from consultations.appointments.selectors import appointment_status_after_its_day
from pst.models import Office
from pst.workcalendar import CalendarError, OfficeCalendar


def _next_working_day(office: Office, today: dt.date) -> dt.date | None:
    try:
        calendar = OfficeCalendar(office, today, today + dt.timedelta(days=60))
    except CalendarError:
        return None
    day = today + dt.timedelta(days=1)
    while calendar.covers(day):
        if calendar.is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return None


@transaction.atomic
def _remind(pk: int, now: dt.datetime) -> bool:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .filter(pk=pk, status=AppointmentStatus.CONFIRMED, reminded_at__isnull=True)
        .select_related("office", "officer", "consultation__office", "consultation__requester")
        .first()
    )
    if appointment is None:
        return False
    appointment.reminded_at = now
    appointment.save(update_fields=["reminded_at"])
    notices.appointment_reminder(appointment)
    return True


def appointment_reminder_sweep(*, office: Office, now: dt.datetime) -> int:
    """Remind the appointments of the office's next working day (from the last working day
    before it on, whatever day the sweep runs); none on their own day."""
    today = now.astimezone(office.zoneinfo).date()
    next_day = _next_working_day(office, today)
    if next_day is None:
        return 0
    tz = office.zoneinfo
    window_start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    window_end = dt.datetime.combine(next_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    due = Appointment.objects.filter(
        office=office,
        status=AppointmentStatus.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gte=window_start,
        starts_at__lt=window_end,
    ).values_list("pk", flat=True)
    return sum(_remind(pk, now) for pk in list(due))


_AFTER_ITS_DAY = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)


def appointment_end_after_its_day(appointment: Appointment, now: dt.datetime) -> None:
    """End a visit whose day passed (held, missed or cancelled: the selector decides), inside
    the caller's transaction: the sweep, or an officer offering again before it ran."""
    appointment.status = appointment_status_after_its_day(appointment)
    appointment.ended_at = now
    appointment.save(update_fields=["status", "ended_at"])


@transaction.atomic
def _end_past_visit(pk: int, now: dt.datetime) -> bool:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .filter(pk=pk, status__in=_AFTER_ITS_DAY)
        .select_related("office", "officer", "ticket", "consultation__office")
        .first()
    )
    if appointment is None:
        return False
    appointment_end_after_its_day(appointment, now)
    if appointment.status == AppointmentStatus.MISSED:
        notices.appointment_missed(appointment)
        return True
    if appointment.status == AppointmentStatus.NOT_SERVED:
        notices.appointment_not_served(appointment)
    return False


def appointment_missed_sweep(*, office: Office, now: dt.datetime) -> int:
    """Visits at the office whose office-local day has passed: nobody can check in any more.
    Returns how many were missed."""
    today = now.astimezone(office.zoneinfo).date()
    day_start = dt.datetime.combine(today, dt.time(0), tzinfo=office.zoneinfo)
    past = Appointment.objects.filter(
        office=office,
        kind=AppointmentKind.IN_PERSON,
        status__in=_AFTER_ITS_DAY,
        starts_at__lt=day_start,
    ).values_list("pk", flat=True)
    return sum(_end_past_visit(pk, now) for pk in list(past))
