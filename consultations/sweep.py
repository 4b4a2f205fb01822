"""The SLA sweep (`manage.py sla_sweep`, from cron every 15 minutes).

It reminds the assigned officer when a consultation is due within one working day, tells the
office's supervisors when one is overdue (and marks the breach), reminds of a request nobody
reviewed (accepted, or asked to clarify) within CONSULTATION_REVIEW_WORKING_DAYS — its holder,
or unclaimed the office's consultation officers, then the supervisors at twice the limit —,
cancels requests whose
clarification never came, closes answers nobody confirmed, cancels appointments on a day their
office closed since (however the closure came: the admin, a holiday sync), reminds requesters
of their appointments the working day before and tells officers of a visit nobody came to, and
moves later the due dates that counted a day the office closed since (lifecycle.due_moves:
however the closure came, before the due and overdue steps read them). Each step
changes a row only under a condition that its own change makes false (a notified-at stamp, a
status), inside the row's lock: running it twice, or two sweeps at once, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from consultations import notifications
from consultations.appointments.closures import appointments_cancel_on_closed_days
from consultations.appointments.ending import appointments_end_with, appointments_lock_to_end
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.appointments.reminders import (
    appointment_missed_sweep,
    appointment_reminder_sweep,
)
from consultations.inbox import review_calendar, review_since
from consultations.lifecycle.due_moves import consultations_due_move
from consultations.lifecycle.rules import AUTO_CLOSE_DAYS, CLARIFICATION_DAYS, transition
from consultations.models import Consultation, ConsultationStatus, EventKind
from pst.models import Office
from pst.workcalendar import CalendarError, add_working_days, working_days_later

S = ConsultationStatus
A = AppointmentStatus


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0
    cancelled: int = 0
    closed: int = 0
    reminded: int = 0
    missed: int = 0
    office_closed: int = 0
    review_late: int = 0
    review_escalated: int = 0
    due_moved: int = 0


def _one_working_day_from(office: Office, now: dt.datetime) -> dt.datetime | None:
    try:
        return add_working_days(office=office, start=now, days=1).due_at
    except CalendarError:
        return None


def _lock_if_still(pk: int, condition: Q, related: str) -> Consultation | None:
    """Lock consultation `pk` if it still matches `condition`: between the listing and the
    lock, a person or another sweep may have moved it (None then: it is left alone). Its office
    and `related` (the officer, the requester: whom the step writes to) come in the same
    query."""
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office", related)
        .filter(condition, pk=pk)
        .first()
    )


@transaction.atomic
def _stamp(pk: int, condition: Q, stamp: dict, notify: Callable[[Consultation], None]) -> bool:
    """Stamp one consultation still matching `condition` (under its row lock) and notify."""
    consultation = _lock_if_still(pk, condition, "officer")
    if consultation is None:
        return False
    for name, value in stamp.items():
        setattr(consultation, name, value)
    consultation.save(update_fields=list(stamp))
    notify(consultation)
    return True


@transaction.atomic
def _end(pk: int, condition: Q, now: dt.datetime, to_status: str, kind: str) -> Consultation | None:
    """Move one consultation still matching `condition` to `to_status`, as the sweep."""
    # The office and the appointments first, as consultation_lock_to_end (they end with it).
    office = Office.objects.filter(consultations=pk).first()
    if office is None:
        return None
    appointments_lock_to_end(office=office, consultation_id=pk, now=now)
    consultation = _lock_if_still(pk, condition, "requester")
    if consultation is None:
        return None
    transition(consultation, to_status, kind, actor=None, at=now, closed_at=now)
    appointments_end_with(consultation, now=now)
    return consultation


def _review_reminders(office: Office, now: dt.datetime, result: SweepResult) -> None:
    """Requests of `office` waiting for review past the limit (its holder, or the office's
    officers, told once per wait) and past twice the limit (the supervisors, once): product
    trial N, N1 — a request claimed and never accepted never started its clock, and nobody
    heard of it. Stamped as the due reminders are; a reply to a clarification starts a new
    wait (lifecycle clears the stamps)."""
    waiting = Q(office=office, status=S.SUBMITTED)
    rows = list(
        Consultation.objects.filter(waiting)
        .filter(Q(review_late_notified_at__isnull=True) | Q(review_escalated_at__isnull=True))
        .annotate(since=review_since())
        .values_list("pk", "since", "returned_to_review_at")
    )
    if not rows:
        return
    try:
        calendar = review_calendar(office, min(since for _pk, since, _back in rows), now)
    except CalendarError:
        return
    limit = settings.CONSULTATION_REVIEW_WORKING_DAYS
    for pk, since, back in rows:
        # The same wait still: not reviewed and sent back for review meanwhile.
        same = waiting & Q(returned_to_review_at=back)
        try:
            late, well_past = (working_days_later(calendar, since, n) for n in (limit, 2 * limit))
        except CalendarError:
            continue
        if now > late:
            condition = same & Q(review_late_notified_at__isnull=True)
            stamp = {"review_late_notified_at": now}
            result.review_late += _stamp(pk, condition, stamp, notifications.review_late)
        if now > well_past:
            condition = same & Q(review_escalated_at__isnull=True)
            stamp = {"review_escalated_at": now}
            result.review_escalated += _stamp(pk, condition, stamp, notifications.review_escalated)


def consultation_sla_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """One pass over every office; each consultation in its own short transaction."""
    now = now or timezone.now()
    result = SweepResult()
    for office in Office.objects.active():
        # Before the reminders: none invites a requester to a closed office.
        result.office_closed += appointments_cancel_on_closed_days(office=office, now=now)
        result.reminded += appointment_reminder_sweep(office=office, now=now)
        result.missed += appointment_missed_sweep(office=office, now=now)
        _review_reminders(office, now, result)
        # Before the due dates are read: none is reported overdue on a day the office closed.
        result.due_moved += len(consultations_due_move(office=office, now=now))
        horizon = _one_working_day_from(office, now)
        accepted = Q(office=office, status=S.ACCEPTED)
        if horizon is not None:
            due_soon = accepted & Q(
                due_soon_notified_at__isnull=True, due_at__gte=now, due_at__lte=horizon,
            )  # fmt: skip
            for pk in _pks(due_soon):
                stamp = {"due_soon_notified_at": now}
                result.due_soon += _stamp(pk, due_soon, stamp, notifications.due_soon)
        overdue = accepted & Q(overdue_notified_at__isnull=True, due_at__lt=now)
        for pk in _pks(overdue):
            stamp = {"overdue_notified_at": now, "sla_met": False}
            result.overdue += _stamp(pk, overdue, stamp, notifications.overdue)
    unclarified = Q(
        status=S.NEEDS_CLARIFICATION,
        clarification_requested_at__lte=now - dt.timedelta(days=CLARIFICATION_DAYS),
    )
    for pk in _pks(unclarified):
        cancelled = _end(pk, unclarified, now, S.CANCELLED, EventKind.CANCELLED)
        if cancelled is not None:
            notifications.clarification_expired(cancelled)
            result.cancelled += 1
    # An answer with a visit or a meeting still to come is not closed under it: the
    # follow-up goes on (closing would have cancelled it, and the check-in refuses a closed
    # consultation's code). It closes at the first sweep after the follow-up is over.
    # A visit or meeting not over for a day yet (the desk records a visit on its day, a
    # checked-in visitor may wait past the slot, the officer records a meeting after it;
    # the sweep ends a visit nobody came to the next day).
    to_come = Appointment.objects.filter(consultation=OuterRef("pk")).filter(
        Q(status__in=(A.CONFIRMED, A.CHECKED_IN), ends_at__gt=now - dt.timedelta(days=1))
        | Q(status=A.OFFERED, offers__starts_at__gt=now)
    )
    unconfirmed = Q(
        status=S.ANSWERED, answered_at__lte=now - dt.timedelta(days=AUTO_CLOSE_DAYS)
    ) & ~Exists(to_come)
    for pk in _pks(unconfirmed):
        result.closed += _end(pk, unconfirmed, now, S.CLOSED, EventKind.CLOSED) is not None
    return result


def _pks(condition: Q) -> list[int]:
    return list(Consultation.objects.filter(condition).values_list("pk", flat=True))
