"""The calendar invitation (.ics) of a confirmed appointment or meeting: the office's time
zone (with its VTIMEZONE), the office's address as the place, or the meeting link. Its words
in the active language: the email's, the requester's (trial P, P5)."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from consultations.appointments.codes import code_display
from consultations.appointments.models import Appointment

ICS_MIMETYPE = "text/calendar"


def appointment_ics(
    appointment: Appointment,
    *,
    checkin_url: str,
    consultation_url: str,
    cancelled: bool = False,
    attendees: Sequence[str] = (),
) -> str:
    """The invitation; `cancelled`: the same event (its UID) withdrawn, so that a calendar
    that took the invitation removes it (trial H, H7), with the organizer and the
    `attendees` RFC 5546 asks of a CANCEL (a calendar matches them to the event it holds)."""
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
    organizer = vCalAddress(f"mailto:{office.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(office.name)
    event.add("organizer", organizer)
    if cancelled:
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
        for address in attendees:
            event.add("attendee", vCalAddress(f"mailto:{address}"))
    if appointment.is_zoom:
        event.add("summary", f"Zoom PST {office.name} · {consultation.reference}")
        event.add("location", appointment.zoom_url)
        event.add("url", appointment.zoom_url)
        lines = [appointment.zoom_url]
        if appointment.zoom_passcode:
            lines.append(_("Passcode: %(passcode)s") % {"passcode": appointment.zoom_passcode})
    else:
        event.add(
            "summary",
            _("PST consultation %(office)s · %(reference)s")
            % {"office": office.name, "reference": consultation.reference},
        )
        event.add("location", ", ".join(part for part in (office.name, office.address) if part))
        event.add("url", checkin_url)
        code = _("Appointment code: %(code)s") % {"code": code_display(appointment.code)}
        lines = [code, checkin_url]
    lines.append(consultation_url)
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
