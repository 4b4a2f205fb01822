"""A consultation that ends — its requester cancels or closes it, the sweep cancels it, an
officer closes it without an answer — takes the appointment it still had to come with it: the
times offered are withdrawn, a confirmed visit or meeting is cancelled. Before, the requester
of a cancelled consultation was still reminded the day before, and the slot stayed taken."""

from __future__ import annotations

import datetime as dt

from consultations.appointments import notices
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.models import Consultation

A = AppointmentStatus


def appointments_end_with(consultation: Consultation, *, now: dt.datetime) -> int:
    """Cancel the consultation's appointments still to come and tell both sides; returns how
    many. Inside the transaction that ends it, after consultation_lock_to_end (the office's
    row first: the order of every path that locks appointments). One checked in already is
    left alone: the visitor is at the office, with a queue number."""
    appointments = (
        Appointment.objects.select_for_update(of=("self",))
        .filter(consultation=consultation, status__in=(A.OFFERED, A.CONFIRMED))
        .select_related("office", "officer")
    )
    ended = 0
    for appointment in appointments:
        confirmed = appointment.status == A.CONFIRMED
        appointment.status = A.CANCELLED
        appointment.ended_at = now
        appointment.save(update_fields=["status", "ended_at"])
        appointment.consultation = consultation
        notices.appointment_ended_with_consultation(appointment, confirmed=confirmed)
        ended += 1
    return ended
