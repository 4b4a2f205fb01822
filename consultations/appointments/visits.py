"""The appointment's day: the code checked in at the kiosk or on the phone page gives a
priority ticket of the consultation service; at the desk (or after a Zoom meeting) what was
given and the outcome are saved on the consultation itself. Re-exported by
consultations.appointments.services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from consultations.appointments import notices
from consultations.appointments.codes import code_normalize
from consultations.appointments.models import (
    OPEN_FOR_FOLLOW_UP,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
)
from consultations.conversation import message_add
from consultations.errors import ConsultationError
from consultations.lifecycle.rules import (
    S,
    consultation_lock,
    require_staff,
    require_status,
    transition,
)
from consultations.models import Channel, EventKind, MessageKind, Outcome
from consultations.services import queue_refusals
from pst.formatting import CLOCK_FORMAT
from pst.models import Office, User
from queueing import services as queue
from queueing.choices import Priority, TicketOrigin, TicketStatus
from queueing.desks import ticket_lock_at_desk
from queueing.models import Desk, Service

A = AppointmentStatus


def appointment_lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=appointment.pk)
    )


def _consultation_service(office: Office) -> Service:
    service = (
        Service.objects.active()
        .filter(office=office, records_consultations=True)
        .order_by("sort_order", "prefix")
        .first()
    )
    if service is None:
        raise ConsultationError(
            _("This office takes no consultation visitors today."), code="no_service"
        )
    return service


def _clock(moment: dt.datetime, tz) -> str:
    return formats.time_format(moment.astimezone(tz), CLOCK_FORMAT)


@transaction.atomic
def appointment_check_in(
    *,
    office: Office,
    code: str,
    origin: str = TicketOrigin.KIOSK,
    language: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """The code typed at the kiosk (or the phone page): on its day, at its office, once, it
    gives a priority ticket of the consultation service linked to the appointment, in the
    `language` of the page (queueing.issuing.ticket_issue)."""
    now = now or timezone.now()
    normalized = code_normalize(code or "")
    if normalized is None:
        raise ConsultationError(
            _("An appointment code has six letters and digits, as in the email."),
            code="format", field="code",
        )  # fmt: skip
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("office", "consultation")
        .filter(code=normalized, kind=AppointmentKind.IN_PERSON)
        .first()
    )
    if appointment is None:
        raise ConsultationError(
            _("No appointment has this code. Check the code in the email."),
            code="unknown", field="code",
        )  # fmt: skip
    # A consultation withdrawn or closed meanwhile takes its appointment with it. Said so:
    # "no such code" sent a visitor holding this very code back to their email (product
    # trial); a code is six random characters and tries are limited, so this tells a
    # guesser nothing worth the tries.
    if (
        appointment.status in (A.CANCELLED, A.DECLINED)
        or appointment.consultation.status not in OPEN_FOR_FOLLOW_UP
    ):
        raise ConsultationError(
            _("This appointment was cancelled or moved to another time. Check the latest "
              "email about it, or ask at the front office."),
            code="withdrawn", field="code",
        )  # fmt: skip
    if appointment.office_id != office.pk:
        raise ConsultationError(
            _("This appointment is at %(office)s, not here.") % {"office": appointment.office.name},
            code="other_office", field="code",
        )  # fmt: skip
    # A missed visit (the sweep ended it after its day) is answered by the day check below.
    if appointment.ticket_id is not None or appointment.status not in (A.CONFIRMED, A.MISSED):
        raise ConsultationError(_("This code has already been used."), code="used", field="code")
    tz = office.zoneinfo
    today, day = now.astimezone(tz).date(), appointment.starts_at.astimezone(tz).date()
    if today != day:
        when = notices.moment(appointment.starts_at.astimezone(tz))
        if today < day:
            raise ConsultationError(
                _("Your appointment is on %(when)s: please come back that day.") % {"when": when},
                code="too_early", field="code",
            )  # fmt: skip
        raise ConsultationError(
            _("Your appointment was on %(when)s: the code is no longer valid. Take a regular "
              "number, or ask for a new appointment.") % {"when": when},
            code="too_late", field="code",
        )  # fmt: skip
    # On the day, too: a priority number taken at home hours early would be called at once
    # and missed at the desk (the email's QR opens the phone check-in anywhere).
    opens = appointment.starts_at - dt.timedelta(
        minutes=settings.APPOINTMENT_CHECK_IN_BEFORE_MINUTES
    )
    closes = appointment.starts_at + dt.timedelta(
        minutes=settings.APPOINTMENT_CHECK_IN_AFTER_MINUTES
    )
    if now < opens:
        raise ConsultationError(
            _("Your appointment is at %(time)s: check in from %(opens)s.")
            % {"time": _clock(appointment.starts_at, tz), "opens": _clock(opens, tz)},
            code="too_early", field="code",
        )  # fmt: skip
    if now > closes:
        started = _clock(appointment.starts_at, tz)
        raise ConsultationError(
            _("Your appointment was at %(time)s: the code is no longer valid. Take a regular "
              "number, or ask for a new appointment.") % {"time": started},
            code="too_late", field="code",
        )  # fmt: skip
    with queue_refusals():
        ticket = queue.ticket_issue(
            office=office, service=_consultation_service(office), priority=Priority.APPOINTMENT,
            origin=origin, straight_to_service=True, language=language, now=now,
        )  # fmt: skip
    appointment.ticket = ticket
    appointment.status = A.CHECKED_IN
    appointment.checked_in_at = now
    appointment.save(update_fields=["ticket", "status", "checked_in_at"])
    return appointment


RECORDABLE_OUTCOMES = (Outcome.ANSWERED, Outcome.ONLINE_FOLLOW_UP)


def _record_outcome(
    appointment: Appointment, officer: User, body: str, outcome: str, channel: str, now
) -> None:
    """What was given becomes a public message on the appointment's consultation; "answered"
    answers it; the appointment is held."""
    consultation = consultation_lock(appointment.consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, OPEN_FOR_FOLLOW_UP)
    if outcome not in RECORDABLE_OUTCOMES:
        raise ConsultationError(_("Choose an outcome."), code="outcome", field="outcome")
    if not body.strip():
        raise ConsultationError(_("Write the information given."), code="answer", field="body")
    message_add(
        consultation=consultation, author=officer, body=body, kind=MessageKind.PUBLIC,
        channel=channel, happened_at=now, now=now,
    )  # fmt: skip
    changes = {"outcome": outcome, "officer": consultation.officer or officer}
    if outcome == Outcome.ANSWERED and consultation.status != S.ANSWERED:
        transition(
            consultation, S.ANSWERED, EventKind.ANSWERED, actor=officer, at=now,
            answered_at=now, sla_met=consultation.due_at is None or now <= consultation.due_at,
            accepted_at=consultation.accepted_at or now, **changes,
        )  # fmt: skip
    else:
        for name, value in changes.items():
            setattr(consultation, name, value)
        consultation.save(update_fields=list(changes))
    appointment.status = A.DONE
    appointment.ended_at = now
    appointment.save(update_fields=["status", "ended_at"])


@transaction.atomic
def appointment_record_visit(
    *,
    appointment: Appointment,
    desk: Desk,
    officer: User,
    body: str,
    outcome: str,
    now: dt.datetime | None = None,
) -> Appointment:
    """At the desk: the outcome is saved on the appointment's consultation (no new walk-in
    record) and the visitor's ticket is finished."""
    now = now or timezone.now()
    appointment = appointment_lock(appointment)
    if appointment.status == A.DONE:
        return appointment  # the form sent twice
    if appointment.status != A.CHECKED_IN or appointment.ticket_id is None:
        raise ConsultationError(_("This appointment has not checked in."), code="state")
    with queue_refusals():
        ticket = ticket_lock_at_desk(appointment.ticket, desk, (TicketStatus.SERVING,))
    _record_outcome(appointment, officer, body, outcome, Channel.WALK_IN, now)
    with queue_refusals():
        queue.ticket_finish(
            ticket=ticket, desk=desk, officer=officer, consultation_recorded=True, now=now
        )
    return appointment


@transaction.atomic
def meeting_record(
    *,
    appointment: Appointment,
    officer: User,
    body: str,
    outcome: str,
    now: dt.datetime | None = None,
) -> Appointment:
    """After the Zoom meeting: what was given and the outcome, on the consultation."""
    now = now or timezone.now()
    appointment = appointment_lock(appointment)
    if appointment.status == A.DONE:
        return appointment
    if not appointment.is_zoom or appointment.status != A.CONFIRMED:
        raise ConsultationError(_("This meeting cannot be recorded."), code="state")
    if now < appointment.starts_at:
        raise ConsultationError(_("The meeting has not started yet."), code="too_early")
    _record_outcome(appointment, officer, body, outcome, Channel.WEB, now)
    return appointment
