"""Emails of appointments and meetings, like every consultation email (same templates) in the
requester's language for the requester (trial P, P5) and in the office's for its officers,
with the calendar invitation and, for a visit, the check-in QR. The meeting link and passcode
go to the requester only."""

from __future__ import annotations

import base64
import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from consultations import notifications
from consultations.appointments.codes import code_display
from consultations.appointments.ics import ICS_MIMETYPE, appointment_ics
from consultations.appointments.models import Appointment
from consultations.guest_access import follow_link
from consultations.notifications import consultation_link
from consultations.requester_contact import requester_addresses, requester_language
from pst.formatting import CLOCK_FORMAT, office_moment
from pst.languages import written_in

OFFERED = gettext_lazy("Choose a time for your appointment")
CONFIRMED = gettext_lazy("Your appointment at the office is confirmed")
ZOOM = gettext_lazy("A Zoom meeting about your consultation")
REMINDER = gettext_lazy("Reminder: your appointment is on the next working day")
ANOTHER_TIME = gettext_lazy("The requester asks for another time")
CANCELLED = gettext_lazy("The requester cancelled the appointment")
MISSED = gettext_lazy("The requester did not come to the appointment")
NOT_SERVED_TO_OFFICER = gettext_lazy("The requester came to the appointment and was not served")
NOT_SERVED = gettext_lazy("We could not serve you at your appointment")
OFFICE_CLOSED = gettext_lazy("Your appointment is cancelled: the office is closed that day")
OFFICE_CLOSED_TO_OFFICER = gettext_lazy(
    "An appointment is cancelled: the office is closed that day"
)
ENDED = gettext_lazy("Your appointment is cancelled: the consultation has ended")
ENDED_TO_OFFICER = gettext_lazy("An appointment is cancelled: its consultation has ended")


def checkin_url(appointment: Appointment) -> str:
    """The phone check-in page with the code filled in: what the email's QR opens."""
    url = reverse("appointment_check_in_phone", args=[appointment.office.code])
    return f"{settings.SITE_URL}{url}?code={appointment.code}"


def moment(value) -> str:
    return formats.date_format(value, f"l j F Y {CLOCK_FORMAT}")


def appointment_when(appointment: Appointment) -> str:
    """Its time as the office says it: "Jumat 27 November 2026 10.00 WITA"."""
    return office_moment(appointment.starts_at, appointment.office)


def _send(
    recipients: list[str],
    appointment: Appointment,
    headline: Promise,
    intro: str,
    *,
    message: str = "",
    details: str = "",
    invitation: bool = False,
    withdrawal: bool = False,
    requester: bool = True,
) -> None:
    consultation = appointment.consultation
    # A requester without an account follows the consultation by its signed link: the
    # invitation's link too (trial K7: the page's address led them to a sign-in page).
    guest = requester and consultation.requester_id is None
    language = requester_language(consultation) if requester else ""
    files = []
    if (invitation or withdrawal) and any(recipients):
        link = follow_link(consultation) if guest else consultation_link(consultation)
        ics = appointment_ics(
            appointment,
            checkin_url=checkin_url(appointment) if not appointment.is_zoom else "",
            consultation_url=link,
            cancelled=withdrawal,
            attendees=recipients if withdrawal else (),
        )
        # The files' names are read with the email: in its language.
        with written_in(language):
            ics_name = (
                pgettext("file name", "cancellation.ics")
                if withdrawal
                else pgettext("file name", "invitation.ics")
            )
            png_name = pgettext("file name", "appointment-%(code)s.png") % {
                "code": appointment.code
            }
        files.append({"filename": ics_name, "content": ics, "mimetype": ICS_MIMETYPE})
        if invitation and not appointment.is_zoom:
            png = io.BytesIO()
            segno.make(checkin_url(appointment), error="m").save(png, kind="png", scale=6)
            files.append({
                "filename": png_name, "mimetype": "image/png",
                "content": base64.b64encode(png.getvalue()).decode(), "base64": True,
            })  # fmt: skip
    notifications.consultation_email_send(
        recipients, consultation, headline=headline, intro=intro, message=message,
        details=details, guest=guest, files=files, language=language,
    )  # fmt: skip


def _in_requesters_language(appointment: Appointment):
    """What follows is written for the requester: in their language (dates, weekdays)."""
    return written_in(requester_language(appointment.consultation))


def _visit_details(appointment: Appointment) -> str:
    office = appointment.office
    return "\n".join([
        _("Time: %(when)s") % {"when": appointment_when(appointment)},
        _("Place: %(place)s") % {"place": f"{office.name}, {office.address}"},
        _("Appointment code: %(code)s") % {"code": code_display(appointment.code)},
        _("On the day, enter the code at the kiosk (\"I have an appointment\") or scan the "
          "QR code attached: you get a priority queue number."),
        checkin_url(appointment),
    ])  # fmt: skip


def _meeting_details(appointment: Appointment) -> str:
    lines = [_("Time: %(when)s") % {"when": appointment_when(appointment)}, appointment.zoom_url]
    if appointment.zoom_passcode:
        lines.append(_("Passcode: %(passcode)s") % {"passcode": appointment.zoom_passcode})
    return "\n".join(lines)


def _officers(appointment: Appointment) -> list[str]:
    """Who is told of an appointment (and offers the requester another time): whoever is
    told of its consultation — its officer while they can still answer at the office, else
    every consultation officer of the office. Not the one who made the appointment: a
    consultation handed back to the inbox for their leave keeps them on it."""
    return notifications.holder_or_officers(appointment.consultation)


def _listed(appointment: Appointment, times: list) -> str:
    return "\n".join(f"- {office_moment(t, appointment.office)}" for t in times)


def appointment_offered(appointment: Appointment, times: list) -> None:
    with _in_requesters_language(appointment):
        listed = _listed(appointment, times)
        _send(
            requester_addresses(appointment.consultation), appointment, OFFERED,
            _("The officer offers these times to continue your consultation at the office. "
              "Accept one on the consultation page, or ask for another time."),
            details=listed,
        )  # fmt: skip


def appointment_confirmed(appointment: Appointment) -> None:
    with _in_requesters_language(appointment):
        _send(
            requester_addresses(appointment.consultation), appointment, CONFIRMED,
            _("The invitation for your calendar is attached."),
            details=_visit_details(appointment), invitation=True,
        )  # fmt: skip


def meeting_scheduled(appointment: Appointment) -> None:
    with _in_requesters_language(appointment):
        _send(
            requester_addresses(appointment.consultation), appointment, ZOOM,
            _("The officer scheduled a Zoom meeting. The invitation for your calendar is "
              "attached."),
            details=_meeting_details(appointment), invitation=True,
        )  # fmt: skip


def appointment_reminder(appointment: Appointment) -> None:
    with _in_requesters_language(appointment):
        details = (
            _meeting_details(appointment) if appointment.is_zoom else _visit_details(appointment)
        )
        # A Zoom meeting is not a visit (found by the product trial: it said so).
        intro = (
            _("We look forward to meeting you online.")
            if appointment.is_zoom
            else _("We look forward to seeing you.")
        )
        _send(
            requester_addresses(appointment.consultation), appointment, REMINDER,
            intro, details=details, invitation=True,
        )  # fmt: skip


def another_time_asked(appointment: Appointment, body: str) -> None:
    with written_in():
        _send(_officers(appointment), appointment, ANOTHER_TIME,
              _("Offer other times on the consultation page."), message=body,
              requester=False)  # fmt: skip


def appointment_missed(appointment: Appointment) -> None:
    with written_in():
        _send(
            _officers(appointment), appointment, MISSED,
            _("Its day has passed. Offer another time, or answer or close the consultation."),
            requester=False,
        )  # fmt: skip


def appointment_not_served(appointment: Appointment) -> None:
    """They came on time and went home unserved: the office's to make good, at once."""
    with written_in():
        _send(
            _officers(appointment), appointment, NOT_SERVED_TO_OFFICER,
            _("They checked in and waited, and nobody served them before the day ended. "
              "Offer them another time, or answer the consultation, as soon as you can."),
            requester=False,
        )  # fmt: skip
    with _in_requesters_language(appointment):
        _send(
            requester_addresses(appointment.consultation), appointment,
            NOT_SERVED,
            _("You came to your appointment and we could not serve you that day. We are sorry: "
              "an officer will offer you another time, or answer you here."),
        )  # fmt: skip


def appointment_cancelled(appointment: Appointment) -> None:
    with written_in():
        _send(
            _officers(appointment), appointment, CANCELLED, _("The time is free again."),
            requester=False,
        )  # fmt: skip


def _closed(appointment: Appointment) -> str:
    """Why an appointment is cancelled by its office's closure, in the active language."""
    day = formats.date_format(appointment.closed_on, "l, j F Y")
    if appointment.closed_reason:
        return _("The office is closed on %(day)s (%(reason)s).") % {
            "day": day, "reason": appointment.closed_reason,
        }  # fmt: skip
    # No closure: its opening hours changed.
    return _("The office's opening hours changed: it is not open at that time on %(day)s.") % {
        "day": day
    }


def appointment_office_closed(appointment: Appointment, times: list, *, offered: bool) -> None:
    """An appointment (its `times`: the one confirmed, or those offered) cancelled because its
    office closed that day: the requester is told not to come, the officer to offer again."""
    requesters = requester_addresses(appointment.consultation)
    with _in_requesters_language(appointment):
        if offered:
            cancelled = _("The times offered for your appointment are withdrawn.")
        elif appointment.is_zoom:
            cancelled = _("Your Zoom meeting is cancelled.")
        else:
            cancelled = _("Your appointment at the office is cancelled: please do not come.")
        _send(
            requesters, appointment, OFFICE_CLOSED,
            f"{_closed(appointment)} {cancelled} " + _("The officer will offer you another time."),
            details=_listed(appointment, times),
            # A confirmed visit was sent as an invitation: its calendar entry is withdrawn.
            withdrawal=not offered,
        )  # fmt: skip
    with written_in():
        told = (
            _("The requester was emailed that it is cancelled.")
            if requesters
            else _("The requester could not be emailed: tell them by phone or WhatsApp.")
        )
        _send(
            _officers(appointment), appointment, OFFICE_CLOSED_TO_OFFICER,
            f"{_closed(appointment)} {told} "
            + _("Offer them another time on the consultation page."),
            details=_listed(appointment, times), requester=False,
        )  # fmt: skip


def appointment_ended_with_consultation(
    appointment: Appointment, *, confirmed: bool, reason: str = "", tell_requester: bool = True
) -> None:
    """The consultation ended (appointments.ending): a confirmed visit or meeting is withdrawn
    from the requester's calendar, and its officer hears the time is free — and, when the
    requester cancelled it saying why, the reason (their one email of it). Not
    `tell_requester`: the requester deleted their account, and the confirmation of that is
    the last email they get from us (trial S8)."""
    if confirmed and tell_requester:
        with _in_requesters_language(appointment):
            _send(
                requester_addresses(appointment.consultation), appointment, ENDED,
                _("The consultation has ended, so its Zoom meeting will not take place.")
                if appointment.is_zoom
                else _("The consultation has ended, so you need not come to the office."),
                details=_("Time: %(when)s") % {"when": appointment_when(appointment)},
                withdrawal=True,
            )  # fmt: skip
    with written_in():
        _send(
            _officers(appointment), appointment, ENDED_TO_OFFICER,
            _("The consultation was closed or cancelled: its time is free again.")
            if confirmed
            else _("The consultation was closed or cancelled: the times offered are withdrawn."),
            message=reason, requester=False,
        )  # fmt: skip
