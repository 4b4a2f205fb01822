"""Appointment actions (issue 11): the officer offers 1–3 times or schedules a Zoom meeting,
the requester accepts one, asks for another, cancels or moves it until the day before, the
code checks in at the kiosk on the day, and the outcome is recorded on the consultation.
Each action locks the rows it changes and checks the state it starts from; emails leave
through django-tasks as the last step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.appointments import notices
from consultations.appointments.booking import confirm_with_code, office_lock
from consultations.appointments.closures import appointments_cancel_on_closed_days
from consultations.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentOffer,
    AppointmentStatus,
)
from consultations.appointments.reminders import appointment_end_after_its_day
from consultations.appointments.selectors import appointment_may_change, appointment_missed
from consultations.appointments.slots import slot_check, slot_length
from consultations.appointments.visits import (
    OPEN_FOR_FOLLOW_UP,
    RECORDABLE_OUTCOMES,
    appointment_check_in,
    appointment_lock,
    appointment_record_visit,
    meeting_record,
)
from consultations.conversation import message_add
from consultations.errors import ConsultationError
from consultations.guest_access import Guest
from consultations.lifecycle.rules import (
    author_of,
    consultation_lock,
    require_requester,
    require_staff,
    require_status,
)
from consultations.models import Consultation, MessageKind
from pst.links import web_links_clean
from pst.models import User
from pst.permissions import Action, user_can
from pst.personal_data.rules import refuse_control_characters

A = AppointmentStatus
MAX_OFFERED_TIMES = 3
_NOT_IN_LINKS = frozenset("\"<>\\^`{|} '")


def _close_missed(consultation: Consultation, now: dt.datetime) -> None:
    """A visit whose day passed ends when the officer offers again, if the sweep has not ended
    it yet: otherwise it would block every new offer for good."""
    for appointment in Appointment.objects.filter(
        consultation=consultation,
        kind=AppointmentKind.IN_PERSON,
        status__in=(A.CONFIRMED, A.CHECKED_IN),
    ).select_related("office", "ticket", "consultation"):
        if appointment_missed(appointment, now):
            appointment_end_after_its_day(appointment, now)


def _refuse_active(consultation: Consultation) -> None:
    if Appointment.objects.filter(
        consultation=consultation, status__in=(A.OFFERED, A.CONFIRMED, A.CHECKED_IN)
    ).exists():
        raise ConsultationError(
            _("This consultation already has an appointment or offered times."), code="active"
        )


def _create(appointment: Appointment) -> Appointment:
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:  # an offer sent at the same moment
        raise ConsultationError(
            _("This consultation already has an appointment or offered times."), code="active"
        ) from error
    return appointment


@transaction.atomic
def appointment_offer(
    *,
    consultation: Consultation,
    officer: User,
    times: Sequence[dt.datetime],
    now: dt.datetime | None = None,
) -> Appointment:
    """The officer offers 1–3 times at the office; each inside opening hours, on a working
    day, in a slot with a free desk."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, OPEN_FOR_FOLLOW_UP)
    times = sorted(set(times))
    if not 1 <= len(times) <= MAX_OFFERED_TIMES:
        raise ConsultationError(_("Offer one to three times."), code="times", field="times")
    for time in times:
        try:
            slot_check(consultation.office, time, now=now, field="times")
        except ConsultationError as error:
            # Which of the offered times (found by the product trial: the officer guessed).
            local = time.astimezone(consultation.office.zoneinfo)
            raise ConsultationError(
                _("%(time)s: %(reason)s")
                % {"time": notices.moment(local), "reason": error.message},
                code=error.code,
                field=error.field,
            ) from error  # fmt: skip
    _close_missed(consultation, now)
    _refuse_active(consultation)
    appointment = _create(
        Appointment(
            consultation=consultation, office=consultation.office, kind=AppointmentKind.IN_PERSON,
            status=A.OFFERED, officer=officer, created_at=now,
        )
    )  # fmt: skip
    AppointmentOffer.objects.bulk_create(
        AppointmentOffer(appointment=appointment, starts_at=time) for time in times
    )
    notices.appointment_offered(appointment, times)
    return appointment


@transaction.atomic
def appointment_accept(
    *, appointment: Appointment, actor: User | Guest, offer_id: int, now: dt.datetime | None = None
) -> Appointment:
    """The requester takes one of the offered times (checked again: the slot may have filled
    meanwhile); the email carries the invitation and the code. For a requester no email
    reaches (a request taken by phone), an officer of the office takes the time they chose by
    phone or WhatsApp (found by the product trial: the offer waited forever)."""
    now = now or timezone.now()
    # The office first, then the appointment: the order every path takes (the cancellation
    # of a closed day holds the office and then locks appointments), so none waits in a
    # circle.
    office_lock(appointment.office)
    appointment = appointment_lock(appointment)
    consultation = appointment.consultation
    on_their_behalf = (
        isinstance(actor, User)
        and user_can(actor, Action.ANSWER_CONSULTATIONS, consultation.office)
        and not notifications.requester_addresses(consultation)
    )
    if not on_their_behalf:
        require_requester(actor, consultation)
    offer = appointment.offers.filter(pk=offer_id).first()
    if appointment.status == A.CONFIRMED and offer and appointment.starts_at == offer.starts_at:
        return appointment  # the same click twice
    if appointment.status != A.OFFERED:
        raise ConsultationError(_("These times are no longer offered."), code="state")
    if offer is None:
        raise ConsultationError(_("Choose one of the offered times."), code="offer")
    appointment.ends_at = slot_check(appointment.office, offer.starts_at, now=now)
    appointment.starts_at = offer.starts_at
    appointment.status = A.CONFIRMED
    appointment.confirmed_at = now
    confirm_with_code(appointment, ["starts_at", "ends_at", "status", "confirmed_at"])
    if on_their_behalf:
        # Who spoke for the requester, on the record (found by the review: nothing said so).
        local = offer.starts_at.astimezone(consultation.office.zoneinfo)
        message_add(
            consultation=consultation, author=actor, kind=MessageKind.INTERNAL, now=now,
            body=_("Time confirmed for the requester, who chose it by phone or WhatsApp: "
                   "%(time)s.") % {"time": notices.moment(local)},
        )  # fmt: skip
    notices.appointment_confirmed(appointment)
    return appointment


def _requester_message(consultation: Consultation, actor: User | Guest, body: str, now) -> None:
    if body.strip():
        message_add(
            consultation=consultation, author=author_of(actor), body=body,
            kind=MessageKind.PUBLIC, now=now,
        )  # fmt: skip


def _end_by_requester(appointment: Appointment, actor: User | Guest, status: str, now) -> bool:
    """Ends the (locked) appointment for its requester, until the day before; False when it
    had already ended so (the same click twice)."""
    require_requester(actor, appointment.consultation)
    if appointment.status == status:
        return False
    if not appointment_may_change(appointment, now):
        raise ConsultationError(
            _("An appointment can be moved or cancelled until the day before."), code="too_late"
        )
    appointment.status = status
    appointment.ended_at = now
    appointment.save(update_fields=["status", "ended_at"])
    return True


@transaction.atomic
def appointment_decline(
    *, appointment: Appointment, actor: User | Guest, body: str = "", now: dt.datetime | None = None
) -> Appointment:
    """The requester asks for another time (offered times), or moves a confirmed one until
    the day before: the officer is told and offers again."""
    now = now or timezone.now()
    appointment = appointment_lock(appointment)
    if _end_by_requester(appointment, actor, A.DECLINED, now):
        _requester_message(appointment.consultation, actor, body, now)
        notices.another_time_asked(appointment, body)
    return appointment


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, actor: User | Guest, now: dt.datetime | None = None
) -> Appointment:
    now = now or timezone.now()
    appointment = appointment_lock(appointment)
    if _end_by_requester(appointment, actor, A.CANCELLED, now):
        notices.appointment_cancelled(appointment)
    return appointment


def _zoom_link_clean(url: str, passcode: str) -> tuple[str, str]:
    url, passcode = url.strip(), passcode.strip()
    refused = ConsultationError(
        _("Give the meeting's web address (https://…)."), code="link", field="zoom_url"
    )
    if not url or len(url) > 500 or not url.startswith("https://"):
        raise refused
    try:
        url = web_links_clean(url)
    except ValidationError as error:
        raise refused from error
    # The link goes to the requester's calendar and email: no look-alike host (non-ASCII),
    # no "user@" before the host that hides where it really leads, no quotes or brackets.
    if "\n" in url or not url.isascii() or any(char in _NOT_IN_LINKS for char in url):
        raise refused
    if urlsplit(url).netloc.count("@"):
        raise refused
    try:
        refuse_control_characters(passcode, multiline=False)
    except ValidationError as error:
        raise ConsultationError(
            error.messages[0], code="passcode", field="zoom_passcode"
        ) from error
    if len(passcode) > 40:
        raise ConsultationError(
            _("The passcode is too long."), code="passcode", field="zoom_passcode"
        )
    return url, passcode


@transaction.atomic
def meeting_schedule(
    *,
    consultation: Consultation,
    officer: User,
    starts_at: dt.datetime,
    zoom_url: str,
    zoom_passcode: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """The officer schedules a Zoom meeting inside opening hours; the requester gets the
    invitation with the link."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, OPEN_FOR_FOLLOW_UP)
    zoom_url, zoom_passcode = _zoom_link_clean(zoom_url, zoom_passcode)
    ends_at = slot_check(
        consultation.office, starts_at, now=now, in_person=False, field="starts_at"
    )
    _close_missed(consultation, now)
    _refuse_active(consultation)
    appointment = _create(
        Appointment(
            consultation=consultation, office=consultation.office, kind=AppointmentKind.ZOOM,
            status=A.CONFIRMED, officer=officer, created_at=now, confirmed_at=now,
            starts_at=starts_at, ends_at=ends_at, zoom_url=zoom_url, zoom_passcode=zoom_passcode,
        )
    )  # fmt: skip
    notices.meeting_scheduled(appointment)
    return appointment


__all__ = [
    "RECORDABLE_OUTCOMES",
    "appointment_accept",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_decline",
    "appointment_may_change",
    "appointment_offer",
    "appointment_record_visit",
    "appointments_cancel_on_closed_days",
    "meeting_record",
    "meeting_schedule",
    "slot_length",
]  # fmt: skip
