"""When an appointment may be: inside the office's opening hours on a working day (no
holiday, no cuti bersama), in the future, and in a slot that still has a free desk."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.appointments.models import HOLDS_A_SLOT, Appointment, AppointmentKind
from consultations.errors import ConsultationError
from pst.formatting import clock_time
from pst.models import Office
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.models import Desk, DeskKind

# Offices publish their holidays about a year ahead; a time further off cannot be checked
# against cuti bersama (and year 9999 would overflow the slot's end).
HORIZON = dt.timedelta(days=366)


def slot_length() -> dt.timedelta:
    return dt.timedelta(minutes=settings.APPOINTMENT_SLOT_MINUTES)


def slot_capacity(office: Office) -> int:
    """Appointments one slot takes: the setting, or the office's active consultation desks."""
    if settings.APPOINTMENTS_PER_SLOT > 0:
        return settings.APPOINTMENTS_PER_SLOT
    return (
        Desk.objects.active()
        .filter(
            office=office,
            kind=DeskKind.SERVICE,
            services__records_consultations=True,
            services__is_active=True,
        )
        .distinct()
        .count()
    )


def _outside_the_hours(calendar: OfficeCalendar, local: dt.datetime) -> str:
    """Why a slot starting at `local` is refused, and what time would do: a time inside the
    hours whose visit would end after closing was told "choose a time within the opening
    hours" (trial M5), and the officer had to guess."""
    day = local.date()
    if not calendar.is_working_day(day):
        return _("The office does not open that day: choose another day.")
    opening, closing = calendar.opening(day), calendar.closing(day)
    latest = closing - slot_length()
    if opening <= local < closing and latest >= opening:
        return _(
            "A visit lasts %(minutes)s minutes and the office closes at %(closing)s: choose "
            "%(latest)s at the latest."
        ) % {
            "minutes": settings.APPOINTMENT_SLOT_MINUTES,
            "closing": clock_time(closing.time()),
            "latest": clock_time(latest.time()),
        }
    return _("That day the office is open from %(opening)s to %(closing)s.") % {
        "opening": clock_time(opening.time()),
        "closing": clock_time(closing.time()),
    }


def slot_check(
    office: Office,
    starts_at: dt.datetime,
    *,
    now: dt.datetime,
    in_person: bool = True,
    field: str | None = None,
) -> dt.datetime:
    """The end of a slot starting at `starts_at`, or ConsultationError saying why the time
    cannot be given (codes "past", "far", "closed", "holiday", "full")."""
    if starts_at <= now:
        raise ConsultationError(_("Choose a time in the future."), code="past", field=field)
    if starts_at - now > HORIZON:
        raise ConsultationError(
            _("Choose a time within the next twelve months."), code="far", field=field
        )
    ends_at = starts_at + slot_length()
    local = starts_at.astimezone(office.zoneinfo)
    day = local.date()
    try:
        calendar = OfficeCalendar(office, day, day)
    except CalendarError as error:
        raise ConsultationError(
            _("The office calendar has no opening hours: an administrator must set them first."),
            code="calendar",
        ) from error
    if day.weekday() in calendar.hours and day in calendar.closed:
        raise ConsultationError(
            _("The office is closed on %(day)s (%(reason)s).")
            % {"day": date_format(day, "l, j F Y"), "reason": calendar.closed_reason(day)},
            code="holiday",
            field=field,
        )
    if not calendar.is_open_throughout(starts_at, ends_at):
        raise ConsultationError(_outside_the_hours(calendar, local), code="closed", field=field)
    if in_person:
        taken = Appointment.objects.filter(
            office=office,
            kind=AppointmentKind.IN_PERSON,
            status__in=HOLDS_A_SLOT,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        ).count()
        if taken >= slot_capacity(office):
            raise ConsultationError(
                _("Every desk is already booked at that time: choose another."),
                code="full",
                field=field,
            )
    return ends_at
