"""The SLA sweep (`manage.py sla_sweep`, from cron every 15 minutes).

It reminds the assigned officer when a consultation is due within one working day, tells the
office's supervisors when one is overdue (and marks the breach), cancels requests whose
clarification never came, and closes answers nobody confirmed. Each step changes a row only
under a condition that its own change makes false (a notified-at stamp, a status), inside
the row's lock: running it twice, or two sweeps at once, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from consultations import notifications
from consultations.lifecycle import AUTO_CLOSE_DAYS, CLARIFICATION_DAYS
from consultations.models import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
)
from pst.models import Office
from pst.workcalendar import CalendarError, add_working_days

S = ConsultationStatus


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0
    cancelled: int = 0
    closed: int = 0


def _one_working_day_from(office: Office, now: dt.datetime) -> dt.datetime | None:
    try:
        return add_working_days(office=office, start=now, days=1).due_at
    except CalendarError:
        return None


@transaction.atomic
def _remind_due_soon(pk: int, now: dt.datetime, horizon: dt.datetime) -> bool:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office", "officer")
        .filter(
            pk=pk,
            status=S.ACCEPTED,
            officer__isnull=False,
            due_soon_notified_at__isnull=True,
            due_at__gt=now,
            due_at__lte=horizon,
        )
        .first()
    )
    if consultation is None:
        return False
    consultation.due_soon_notified_at = now
    consultation.save(update_fields=["due_soon_notified_at"])
    notifications.due_soon(consultation)
    return True


@transaction.atomic
def _report_overdue(pk: int, now: dt.datetime) -> bool:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office")
        .filter(pk=pk, status=S.ACCEPTED, overdue_notified_at__isnull=True, due_at__lte=now)
        .first()
    )
    if consultation is None:
        return False
    consultation.overdue_notified_at = now
    consultation.sla_met = False
    consultation.save(update_fields=["overdue_notified_at", "sla_met"])
    notifications.overdue(consultation)
    return True


@transaction.atomic
def _expire_clarification(pk: int, now: dt.datetime) -> bool:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office", "requester")
        .filter(
            pk=pk,
            status=S.NEEDS_CLARIFICATION,
            clarification_requested_at__lte=now - dt.timedelta(days=CLARIFICATION_DAYS),
        )
        .first()
    )
    if consultation is None:
        return False
    consultation.status = S.CANCELLED
    consultation.closed_at = now
    consultation.save(update_fields=["status", "closed_at"])
    ConsultationEvent.objects.create(
        consultation=consultation,
        kind=EventKind.CANCELLED,
        from_status=S.NEEDS_CLARIFICATION,
        to_status=S.CANCELLED,
        officer_id=consultation.officer_id,
        at=now,
    )
    notifications.clarification_expired(consultation)
    return True


@transaction.atomic
def _auto_close(pk: int, now: dt.datetime) -> bool:
    consultation = (
        Consultation.objects.select_for_update()
        .filter(
            pk=pk,
            status=S.ANSWERED,
            answered_at__lte=now - dt.timedelta(days=AUTO_CLOSE_DAYS),
        )
        .first()
    )
    if consultation is None:
        return False
    consultation.status = S.CLOSED
    consultation.closed_at = now
    consultation.save(update_fields=["status", "closed_at"])
    ConsultationEvent.objects.create(
        consultation=consultation,
        kind=EventKind.CLOSED,
        from_status=S.ANSWERED,
        to_status=S.CLOSED,
        officer_id=consultation.officer_id,
        at=now,
    )
    return True


def consultation_sla_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """One pass over every office; each consultation in its own short transaction."""
    now = now or timezone.now()
    result = SweepResult()
    for office in Office.objects.active():
        horizon = _one_working_day_from(office, now)
        accepted = Consultation.objects.filter(office=office, status=S.ACCEPTED)
        if horizon is not None:
            for pk in accepted.filter(
                due_soon_notified_at__isnull=True, officer__isnull=False, due_at__gt=now,
                due_at__lte=horizon,
            ).values_list("pk", flat=True):  # fmt: skip
                result.due_soon += _remind_due_soon(pk, now, horizon)
        for pk in accepted.filter(overdue_notified_at__isnull=True, due_at__lte=now).values_list(
            "pk", flat=True
        ):
            result.overdue += _report_overdue(pk, now)
    waited = now - dt.timedelta(days=CLARIFICATION_DAYS)
    for pk in Consultation.objects.filter(
        status=S.NEEDS_CLARIFICATION, clarification_requested_at__lte=waited
    ).values_list("pk", flat=True):
        result.cancelled += _expire_clarification(pk, now)
    answered_before = now - dt.timedelta(days=AUTO_CLOSE_DAYS)
    for pk in Consultation.objects.filter(
        status=S.ANSWERED, answered_at__lte=answered_before
    ).values_list("pk", flat=True):
        result.closed += _auto_close(pk, now)
    return result
