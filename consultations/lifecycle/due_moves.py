"""Due dates moved later when the office closes a day they counted as a working day (product
trial O, O5 and O6). The service standard gives an online request 3 *working* days: a
holiday, cuti bersama or local closure recorded after a due date was set — in the admin, by
the holiday sync (the year was not synced yet), or any other way (the SLA sweep catches it) —
moves the due date of each open (accepted, not answered) consultation whose count used that
day one working day later per day, at the same clock time. Each consultation keeps the closed
days its due date already counts with (`closed_days_counted`), so a closure submitted twice,
two syncs at once or the sweep after the admin move it once; a day opened again or a change
of opening hours never moves it (the requester keeps the date they were told). The
consultation's history says so, the requester is emailed the new due date once per move
(however many days one sync closed), and the administrator is told which moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from consultations.lifecycle.rules import consultation_due, event_record
from consultations.models import Consultation, ConsultationStatus, EventKind
from consultations.notices import DUE_MOVED
from consultations.notifications import consultation_email_send
from consultations.requester_contact import requester_addresses, requester_language
from pst.formatting import office_moment
from pst.languages import written_in
from pst.models import Office
from pst.workcalendar import CalendarError, MovedDue, OfficeCalendar, due_after_closures

S = ConsultationStatus
# The references an administrator's message lists; the rest are counted.
LISTED_REFERENCES = 20


def consultations_due_move(
    *,
    office: Office | None,
    days: Collection[dt.date] = (),
    now: dt.datetime | None = None,
) -> list[Consultation]:
    """Move later the due dates of the open consultations of `office` (None: every office, a
    national day) whose count used a day the office closed since; `days`, the days just
    closed, only narrows which consultations are read (none: all, the sweep). Each in its own
    short transaction under its row lock; returns those moved, with their new due date."""
    now = now or timezone.now()
    if office is not None:
        offices = [office]
    else:
        open_ = Consultation.objects.filter(status=S.ACCEPTED, due_at__isnull=False)
        offices = list(Office.objects.filter(pk__in=open_.values("office")).order_by("pk"))
    return [moved for place in offices for moved in _moves_in(place, days, now)]


def _moves_in(office: Office, days: Collection[dt.date], now: dt.datetime) -> list[Consultation]:
    tz = office.zoneinfo
    open_ = Consultation.objects.filter(
        office=office, status=S.ACCEPTED, clock_started_at__isnull=False, due_at__isnull=False
    )
    if days:
        # Counting from before the last day closed, due on or after the first.
        open_ = open_.filter(
            clock_started_at__lte=dt.datetime.combine(max(days), dt.time.max, tzinfo=tz),
            due_at__gte=dt.datetime.combine(min(days), dt.time.min, tzinfo=tz),
        )
    # Read without a lock: only the consultations to move are locked (and read again).
    rows = list(open_.values_list("pk", "clock_started_at", "due_at", "closed_days_counted"))
    if not rows:
        return []
    first = min(start for _pk, start, _due, _counted in rows).astimezone(tz).date()
    last = max(due for _pk, _start, due, _counted in rows).astimezone(tz).date()
    # Room for the due dates to move into (OfficeCalendar.around's margin).
    margin = dt.timedelta(days=office.online_sla_working_days * 7 + 60)
    try:
        calendar = OfficeCalendar(office, first, last + margin)
    except CalendarError:
        return []  # no opening hours: nothing counts working days here
    to_move = [
        pk for pk, start, due, counted in rows if _moved(calendar, start, due, counted) is not None
    ]
    return [moved for pk in to_move if (moved := _move(pk, calendar, now)) is not None]


def _moved(
    calendar: OfficeCalendar, start: dt.datetime, due: dt.datetime, counted: list[str]
) -> MovedDue | None:
    try:
        return due_after_closures(
            calendar,
            start=start,
            due_at=due,
            counted={dt.date.fromisoformat(day) for day in counted},
        )
    except CalendarError:
        return None  # closed longer than the calendar reads: bad data, left as it is


@transaction.atomic
def _move(pk: int, calendar: OfficeCalendar, now: dt.datetime) -> Consultation | None:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office", "requester")
        .filter(pk=pk, status=S.ACCEPTED)
        .first()
    )
    if consultation is None:
        return None  # answered or cancelled meanwhile
    move = _moved(
        calendar,
        consultation.clock_started_at,
        consultation.due_at,
        consultation.closed_days_counted,
    )
    if move is None:
        return None  # moved meanwhile (the same closure sent twice, the sweep)
    before = consultation.due_at
    consultation.due_at = move.due_at
    consultation.closed_days_counted = [day.isoformat() for day in move.counted]
    fields = ["due_at", "closed_days_counted"]
    if move.due_at > now:
        # Not overdue any more: the verdict waits for the answer, and the reminders and the
        # overdue report are for the new due time.
        consultation.due_soon_notified_at = None
        consultation.overdue_notified_at = None
        consultation.sla_met = None
        fields += ["due_soon_notified_at", "overdue_notified_at", "sla_met"]
    consultation.save(update_fields=fields)
    with translation.override(settings.LANGUAGE_CODE):  # the history: the office's
        closed = _closed_days(move)
        note = gettext("Closed since: %(days)s. Due %(before)s, now %(after)s.") % {
            "days": closed,
            "before": office_moment(before, consultation.office),
            "after": office_moment(move.due_at, consultation.office),
        }
        event_record(consultation, EventKind.DUE_MOVED, actor=None, at=now, note=note)
        due = consultation_due(consultation)
        language = requester_language(consultation)
        with written_in(language):  # what is worded here, in the requester's language (P5)
            explained = due.explanation() if due is not None else ""
            details = gettext("Closed: %(days)s.\nNew due date: %(due)s.") % {
                "days": _closed_days(move),
                "due": office_moment(move.due_at, consultation.office),
            }
        consultation_email_send(
            requester_addresses(consultation),
            consultation,
            headline=DUE_MOVED.headline,
            intro=DUE_MOVED.intro,
            due=explained,
            details=details,
            guest=consultation.requester_id is None,
            language=language,
        )
    return consultation


def _closed_days(move: MovedDue) -> str:
    return ", ".join(
        f"{formats.date_format(day.date, 'D j M Y')} ({day.reason})"
        if day.reason
        else formats.date_format(day.date, "D j M Y")
        for day in move.closed
    )


def due_moves_told(moved: Sequence[Consultation]) -> list[str]:
    """What the administrator who closed the day (or the operator of the sync) is told: how
    many consultations are due later, which (references, new due dates)."""
    if not moved:
        return []
    listed = ", ".join(
        gettext("%(reference)s (now due %(due)s)")
        % {
            "reference": consultation.reference,
            "due": office_moment(consultation.due_at, consultation.office),
        }
        for consultation in moved[:LISTED_REFERENCES]
    )
    if len(moved) > LISTED_REFERENCES:
        listed += " " + gettext("and %(count)d more") % {"count": len(moved) - LISTED_REFERENCES}
    return [
        ngettext(
            "%(count)d open consultation counted a day now closed as a working day: its due "
            "date moved later by the working days closed: %(consultations)s. Its requester is "
            "emailed the new due date (if an address is known).",
            "%(count)d open consultations counted a day now closed as a working day: their due "
            "dates moved later by the working days closed: %(consultations)s. Their requesters "
            "are emailed the new due date (if an address is known).",
            len(moved),
        )
        % {"count": len(moved), "consultations": listed}
    ]
