"""Reads of appointments: the consultation page's panel, the officers' today list and the
requester's upcoming meeting. The meeting link is read only through `get_consultation_for_user`
(the requester and the office's staff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from consultations.appointments.models import (
    ACTIVE_STATUSES,
    OPEN_FOR_FOLLOW_UP,
    Appointment,
    AppointmentOffer,
    AppointmentStatus,
)
from consultations.models import Consultation, ConsultationStatus
from pst.models import Office, User
from queueing.choices import TicketStatus

A = AppointmentStatus


def appointment_may_change(appointment: Appointment, now: dt.datetime) -> bool:
    """Offered times can be answered any time; a confirmed appointment can be moved or
    cancelled until the day before (never on its own office-local day)."""
    if appointment.status == A.OFFERED:
        return True
    if appointment.status != A.CONFIRMED or appointment.starts_at is None:
        return False
    tz = appointment.office.zoneinfo
    return now.astimezone(tz).date() < appointment.starts_at.astimezone(tz).date()


def appointment_missed(appointment: Appointment, now: dt.datetime) -> bool:
    """A visit whose office-local day has passed without being held: nobody can check in,
    move or cancel it any more, so it no longer stands in the way of a new offer."""
    if appointment.is_zoom or appointment.status not in (A.CONFIRMED, A.CHECKED_IN):
        return False
    tz = appointment.office.zoneinfo
    return appointment.starts_at.astimezone(tz).date() < now.astimezone(tz).date()


def appointment_status_after_its_day(appointment: Appointment) -> str:
    """What a visit whose day passed (appointment_missed) became. Missed: the requester never
    checked in, or checked in and was called in vain or left (their ticket's end). Held: the
    ticket was served at a desk (the outcome form was not sent; the visit happened).
    Cancelled: the consultation was withdrawn or closed meanwhile. Not served: they checked
    in and the office did not serve them (the day ended first) — not the requester's
    absence. Reads `appointment.ticket` and `appointment.consultation`: select them with the
    appointment."""
    if appointment.consultation.status not in OPEN_FOR_FOLLOW_UP:
        return A.CANCELLED
    ticket = appointment.ticket
    if appointment.status != A.CHECKED_IN or ticket is None:
        return A.MISSED
    if ticket.status == TicketStatus.DONE:
        return A.DONE
    if ticket.status in (TicketStatus.NO_SHOW, TicketStatus.CANCELLED):
        return A.MISSED
    return A.NOT_SERVED  # still waiting when the day ended, or closed unserved


@dataclass
class Panel:
    active: Appointment | None
    offers: list[AppointmentOffer] = field(default_factory=list)
    past: list[Appointment] = field(default_factory=list)
    may_change: bool = False
    may_record_meeting: bool = False
    # The services take an answered consultation too: the form must be there for it.
    may_offer: bool = False


def appointment_panel(
    consultation: Consultation, *, staff: bool, is_requester: bool, now: dt.datetime
) -> Panel | None:
    """What the consultation page shows of its appointments (two queries). The caller got
    `consultation` through get_consultation_for_user: its reader is the requester or staff."""
    if not (staff or is_requester):
        return None
    rows = list(
        Appointment.objects.filter(consultation=consultation)
        .select_related("office")
        .prefetch_related("offers")
        .order_by("-created_at", "-pk")
    )
    active = next(
        (row for row in rows if row.status in ACTIVE_STATUSES and not appointment_missed(row, now)),
        None,
    )
    return Panel(
        active=active,
        offers=list(active.offers.all()) if active and active.status == A.OFFERED else [],
        past=[row for row in rows if row is not active][:5],
        may_change=is_requester and active is not None and appointment_may_change(active, now),
        may_offer=staff and active is None and consultation.status in OPEN_FOR_FOLLOW_UP,
        may_record_meeting=staff
        and active is not None
        and active.is_zoom
        and active.status == A.CONFIRMED
        and now >= active.starts_at,
    )


def appointments_of_day(office: Office, day: dt.date) -> QuerySet[Appointment]:
    """The office's appointments and meetings of `day` (office-local), in time order."""
    tz = office.zoneinfo
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return (
        Appointment.objects.filter(
            office=office,
            status__in=(A.CONFIRMED, A.CHECKED_IN, A.DONE),
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        # A consultation withdrawn meanwhile keeps nobody waiting (check-in refuses it too).
        .exclude(consultation__status=ConsultationStatus.CANCELLED)
        .select_related("consultation__office", "officer", "ticket")
        .order_by("starts_at", "pk")
    )


def upcoming_for_requester(user: User, now: dt.datetime) -> Appointment | None:
    if not user.is_authenticated:
        return None
    return (
        Appointment.objects.filter(
            consultation__requester=user, status=A.CONFIRMED, ends_at__gt=now
        )
        .exclude(consultation__status=ConsultationStatus.CANCELLED)
        .select_related("consultation", "office")
        .order_by("starts_at")
        .first()
    )


def get_appointment_of(consultation: Consultation, pk: int | None) -> Appointment | None:
    """An appointment of `consultation` (already checked for its reader), None otherwise."""
    if pk is None:
        return None
    return (
        Appointment.objects.select_related("office", "consultation")
        .filter(consultation=consultation, pk=pk)
        .first()
    )


def upcoming_appointments(
    consultations: Sequence[Consultation], now: dt.datetime
) -> list[Appointment]:
    """The appointments of `consultations` still to come: times offered, one of them still
    ahead (only those listed), or a visit or meeting confirmed for later; by consultation.
    What a consultation's new holder takes over (lifecycle.handover)."""
    ahead = AppointmentOffer.objects.filter(starts_at__gt=now).order_by("starts_at", "pk")
    return list(
        Appointment.objects.filter(consultation__in=consultations)
        .filter(
            Q(status=A.CONFIRMED, starts_at__gt=now)
            | Q(status=A.OFFERED, offers__starts_at__gt=now)
        )
        .distinct()
        .select_related("office", "consultation")
        .prefetch_related(Prefetch("offers", queryset=ahead, to_attr="offers_ahead"))
        .order_by("consultation_id", "pk")
    )
