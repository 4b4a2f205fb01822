"""A consultation that ends — its requester cancels or closes it, the sweep cancels or closes
it, an officer closes it without an answer — takes the appointment it still had to come with
it: the times offered are withdrawn, a confirmed visit or meeting not yet begun is cancelled.
Before, the requester of a cancelled consultation was still reminded the day before, and the
slot stayed taken. One whose time has come is left to what follows it (the desk records the
visit, the officer the meeting, the sweep a visit nobody came to)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from consultations.appointments import notices
from consultations.appointments.booking import office_lock
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.models import Consultation
from pst.models import Office

A = AppointmentStatus


def _to_come(consultation_id: int, now: dt.datetime) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        Q(status=A.OFFERED) | Q(status=A.CONFIRMED, starts_at__gt=now),
        consultation_id=consultation_id,
    )


def appointments_lock_to_end(*, office: Office, consultation_id: int, now: dt.datetime) -> None:
    """Before the consultation's own lock, in the order every path takes: the office's row,
    then the appointments, then the consultation (a closure saved in the admin holds the
    office, then the appointments, then writes their consultations' history; recording a
    meeting or asking for another time holds the appointment, then writes the
    consultation). A step that ends a consultation calls this first."""
    office_lock(office)
    list(_to_come(consultation_id, now).select_for_update(of=("self",)).values_list("pk"))


def appointments_end_with(
    consultation: Consultation, *, now: dt.datetime, reason: str = "", tell_requester: bool = True
) -> int:
    """Cancel the consultation's appointments still to come and tell both sides (the
    officer with the requester's `reason` for cancelling, if any; the requester unless not
    `tell_requester`); returns how many. Inside the transaction that ends it, after
    appointments_lock_to_end."""
    ended = 0
    for appointment in _to_come(consultation.pk, now).select_related("office", "officer"):
        confirmed = appointment.status == A.CONFIRMED
        appointment.status = A.CANCELLED
        appointment.ended_at = now
        appointment.save(update_fields=["status", "ended_at"])
        appointment.consultation = consultation
        notices.appointment_ended_with_consultation(
            appointment, confirmed=confirmed, reason=reason, tell_requester=tell_requester
        )
        ended += 1
    return ended
