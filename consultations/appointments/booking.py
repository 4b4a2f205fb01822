"""An appointment agreed at the consultation desk: the visitor and the officer choose the time
together, so it is confirmed at once, with its code, like a time the requester accepted
online (its own module: the walk-in record books it in the same transaction, and the
appointments' services already depend on the walk-in record's module)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consultations.appointments import notices
from consultations.appointments.codes import code_new
from consultations.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from consultations.appointments.slots import slot_check
from consultations.errors import ConsultationError
from consultations.models import Consultation
from pst.models import Office, User


def office_lock(office: Office) -> None:
    # Confirming times of one office one at a time: two requesters accepting the last free
    # place of a slot at once never both get it. NO KEY: rows that only point at the office
    # (a ticket issued, a guestbook entry) are written meanwhile without waiting.
    Office.objects.select_for_update(no_key=True).filter(pk=office.pk).first()


def confirm_with_code(appointment: Appointment, fields: list[str]) -> None:
    """Save `fields` of the appointment (all of a new one) with a new code. The code is
    random: a clash with another appointment's (rare) draws again."""
    for _attempt in range(10):
        appointment.code = code_new()
        try:
            with transaction.atomic():
                if appointment.pk is None:
                    appointment.save()
                else:
                    appointment.save(update_fields=[*fields, "code"])
        except IntegrityError:
            continue
        return
    raise ConsultationError(_("Please try again."), code="code")


@transaction.atomic
def appointment_book_at_desk(
    *, consultation: Consultation, officer: User, starts_at: dt.datetime, now: dt.datetime
) -> Appointment:
    """A visit at the office at `starts_at` (inside opening hours, on a working day, in a slot
    with a free desk — `field` "appointment_at" names the form's field), confirmed with its
    code; the visitor is emailed the invitation when an address is known."""
    office_lock(consultation.office)
    slot_end = slot_check(consultation.office, starts_at, now=now, field="appointment_at")
    appointment = Appointment(
        consultation=consultation, office=consultation.office, kind=AppointmentKind.IN_PERSON,
        status=AppointmentStatus.CONFIRMED, officer=officer, created_at=now, confirmed_at=now,
        starts_at=starts_at, ends_at=slot_end,
    )  # fmt: skip
    confirm_with_code(appointment, [])
    notices.appointment_confirmed(appointment)
    return appointment
