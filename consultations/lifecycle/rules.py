"""What every transition of the lifecycle shares: its time limits, the state and role
guards, the event it appends, and the SLA clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from consultations.appointments.booking import office_lock
from consultations.appointments.ending import appointments_lock_to_end
from consultations.errors import ConsultationError
from consultations.guest_access import Guest
from consultations.models import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
)
from pst.models import Office, User
from pst.permissions import Action, user_can
from pst.workcalendar import CalendarError, DueDate, KeptDueDate, add_working_days

S = ConsultationStatus

# The requester may reopen an answered consultation once within this many days of the answer;
# an answered consultation nobody confirms closes itself after the same time.
REOPEN_DAYS = 7
AUTO_CLOSE_DAYS = 7
# A clarification the requester never gives cancels the request after this many days.
CLARIFICATION_DAYS = 14
# Going back to a sent form and sending it again gives it a new request id (the page is never
# cached, and the browser refills what was typed): the same request, every field alike and
# no file, to the same office this soon after is that form again, not a new consultation. A
# field changed or a file added makes it a new one (nothing sent is dropped); the files of the
# first stay on it (a browser never refills a file input, so Back always comes without them).
SAME_REQUEST_MINUTES = 30


def consultation_just_sent(*, office: Office, now: dt.datetime, alike: dict) -> Consultation | None:
    """The consultation of `office` opened in the last SAME_REQUEST_MINUTES with every field
    of `alike` the same and still going on, marked `is_repeat`: the same form sent again
    (the caller asks only for a form that comes without a file).

    Read under the office row's lock, the one a new consultation's number is taken under
    (numbering): the same form sent twice at once (two tabs, a retry, trial K4) waits for
    the first to be saved and finds it, instead of both reading "none" and opening two."""
    office_lock(office)
    existing = (
        Consultation.objects.filter(
            office=office,
            created_at__gte=now - dt.timedelta(minutes=SAME_REQUEST_MINUTES),
            **alike,
        )
        .exclude(status__in=(S.CANCELLED, S.CLOSED))
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        # One sent with a file is the same request too (trial L6: Back after sending a
        # question with a file, and sending again, opened a second consultation).
        existing.is_repeat = True
    return existing


ONLINE_FIELDS = (
    "subject_area",
    "topic",
    "question",
    "data_region",
    "data_period",
    "data_detail",
    "intended_use",
)


# Reset whenever a consultation's holder changes (claim, assignment, hand-over): the
# reminders stamped once per wait went to the one before, and the new holder (or, back in
# the inbox, the office's officers) is reminded too. The supervisors' escalation and the
# overdue report are the office's, told once whoever holds it.
HOLDER_RESET = {"due_soon_notified_at": None, "review_late_notified_at": None}


def event_of(
    consultation: Consultation,
    kind: str,
    *,
    actor: User | None,
    at: dt.datetime,
    from_status: str | None = None,
    note: str = "",
) -> ConsultationEvent:
    """The history row of a change just made, not saved yet (a hand-over saves many at
    once); `from_status` defaults to the current status (a change of officer, not of
    status)."""
    return ConsultationEvent(
        consultation=consultation,
        kind=kind,
        from_status=consultation.status if from_status is None else from_status,
        to_status=consultation.status,
        actor=actor,
        officer_id=consultation.officer_id,
        at=at,
        note=note,
    )


def event_record(consultation: Consultation, kind: str, **details: object) -> ConsultationEvent:
    """Appends the history row of a change just made (`event_of`, with its `details`)."""
    event = event_of(consultation, kind, **details)
    event.save()
    return event


def consultation_lock(consultation: Consultation) -> Consultation:
    # The row alone, no joins (a waiting transaction re-reads the row another one changed).
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def consultation_lock_to_end(consultation: Consultation, now: dt.datetime) -> Consultation:
    """The lock of a step that ends a consultation and with it its appointments still to
    come (appointments.ending): the office's row and those appointments first, as every
    path that locks appointments takes them, so that none waits on the other in a circle."""
    appointments_lock_to_end(office=consultation.office, consultation_id=consultation.pk, now=now)
    return consultation_lock(consultation)


def require_status(consultation: Consultation, allowed: Iterable[str]) -> None:
    if consultation.status not in allowed:
        raise ConsultationError(
            _("This consultation is %(status)s: that cannot be done now.")
            % {"status": consultation.get_status_display().lower()},
            code="state",
        )


def require_staff(user: User, office: Office) -> None:
    if not user_can(user, Action.ANSWER_CONSULTATIONS, office):
        raise ConsultationError(
            _("Only consultation officers of this office can do this."), code="not_allowed"
        )


def require_requester(user: User | Guest, consultation: Consultation) -> None:
    """The person who asked: their account, or (without one) the holder of the follow link
    of this very consultation."""
    if isinstance(user, Guest):
        allowed = consultation.requester_id is None and user.consultation_id == consultation.pk
    else:
        allowed = consultation.requester_id is not None and consultation.requester_id == user.pk
    if not allowed:
        raise ConsultationError(_("Only the person who asked can do this."), code="not_requester")


def author_of(actor: User | Guest) -> User | None:
    """Who a message or an event names: the account, or nobody for a follow link's holder
    (the consultation's requester name says who)."""
    return None if isinstance(actor, Guest) else actor


def consultation_due(consultation: Consultation) -> DueDate | KeptDueDate | None:
    """The due date of an accepted consultation with its explanation (skipped days), from the
    moment its clock started; None while no clock runs. The due date set when the clock
    started is the one the requester was told, moved later only by a day the office closed
    since within its count (lifecycle.due_moves, and the requester is emailed): when today's
    calendar counts to another one (a day opened again, other hours or time zone), the due
    date stands and the explanation says so, never a second date (product trial E, F3)."""
    if consultation.clock_started_at is None:
        return None
    office = consultation.office
    try:
        due = add_working_days(
            office=office,
            start=consultation.clock_started_at,
            days=office.online_sla_working_days,
        )
    except CalendarError:
        due = None
    if consultation.due_at is None or (due is not None and due.due_at == consultation.due_at):
        return due
    return KeptDueDate(
        office_tz_abbreviation=office.time_zone_abbreviation,
        start=consultation.clock_started_at.astimezone(office.zoneinfo),
        due_at=consultation.due_at.astimezone(office.zoneinfo),
        closures_move_it=True,
    )


def clock_start(consultation: Consultation, now: dt.datetime) -> dict:
    """The fields that start the SLA clock now (acceptance, reopening, a walk-in's online
    follow-up): due in the office's online working days, with the closed days that count
    knew, reminders and the in-time verdict reset."""
    try:
        due = add_working_days(
            office=consultation.office, start=now, days=consultation.office.online_sla_working_days
        )
    except CalendarError as error:
        raise ConsultationError(
            _("The office calendar has no opening hours: an administrator must set them first."),
            code="calendar",
        ) from error
    return {
        "clock_started_at": now,
        "due_at": due.due_at,
        "closed_days_counted": [day.isoformat() for day in due.closed],
        "due_soon_notified_at": None,
        "overdue_notified_at": None,
        "sla_met": None,
    }


def transition(
    consultation: Consultation,
    to_status: str,
    kind: str,
    *,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    **changes: object,
) -> None:
    """Moves the (locked) consultation to `to_status` with `changes`, saves exactly those
    fields and appends the history row (with the actor's `note`, if any)."""
    before = consultation.status
    consultation.status = to_status
    for name, value in changes.items():
        setattr(consultation, name, value)
    consultation.save(update_fields=["status", *changes])
    event_record(consultation, kind, actor=actor, at=at, from_status=before, note=note)


# -- the requester -----------------------------------------------------------------------------
