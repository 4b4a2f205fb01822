"""The calendar invitation (.ics) of a confirmed appointment or meeting: the office's time
zone (with its VTIMEZONE), the office's address as the place, or the meeting link."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from consultations.appointments.codes import code_display
from consultations.appointments.models import Appointment

ICS_MIMETYPE = "text/calendar"


def appointment_ics(
    appointment: Appointment, *, checkin_url: str, consultation_url: str, cancelled: bool = False
) -> str:
    """The invitation; `cancelled`: the same event (its UID) withdrawn, so that a calendar
    that took the invitation removes it (trial H, H7)."""
    office = appointment.office
    consultation = appointment.consultation
    tz = office.zoneinfo
    calendar = Calendar()
    calendar.add("prodid", "-//BPS//PST Konsultasi//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "pst"
    event.add("uid", f"appointment-{appointment.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(tz))
    event.add("dtend", appointment.ends_at.astimezone(tz))
    if cancelled:
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    if appointment.is_zoom:
        event.add("summary", f"Zoom PST {office.name} · {consultation.reference}")
        event.add("location", appointment.zoom_url)
        event.add("url", appointment.zoom_url)
        lines = [appointment.zoom_url]
        if appointment.zoom_passcode:
            lines.append(f"Passcode: {appointment.zoom_passcode}")
    else:
        event.add("summary", f"Konsultasi PST {office.name} · {consultation.reference}")
        event.add("location", ", ".join(part for part in (office.name, office.address) if part))
        event.add("url", checkin_url)
        lines = [f"Kode janji temu: {code_display(appointment.code)}", checkin_url]
    lines.append(consultation_url)
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
