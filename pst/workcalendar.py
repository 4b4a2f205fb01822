"""The office working calendar that every SLA is computed with.

A working day is a weekday with opening hours that is not a closed holiday (the office's
own row for a date overrides the national one). `add_working_days` implements DESIGN.md §2:
the clock starts at the given moment, or at the next opening if the office is closed then;
the due moment is the same local clock time N working days later (DESIGN.md §2), even when
that day closes earlier (Friday closes later than Monday–Thursday).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from pst.formatting import CLOCK_FORMAT
from pst.models import Holiday, Office, OpeningHours

# No real calendar closes an office for longer than this; a longer run means bad data.
_MAX_CLOSED_RUN_DAYS = 120
# The civil service's week, the whole day: what a due date is counted on where an office
# whose administrator has not set its hours yet must still receive something (a complaint
# refused for the office's own omission would be lost; attack-cmp 13).
STANDARD_WEEK: dict[int, tuple[dt.time, dt.time]] = dict.fromkeys(
    range(5), (dt.time.min, dt.time.max)
)


class CalendarError(Exception):
    """The office calendar cannot produce a due date (no opening hours, endless closure)."""


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    reason: str  # the holiday's name, or empty for a weekly closed day


@dataclass(frozen=True)
class DueDate:
    office_tz_abbreviation: str
    start: dt.datetime  # as given, in the office's zone
    counted_from: dt.datetime  # the start, or the next opening when the office was closed
    due_at: dt.datetime  # in the office's zone
    skipped: tuple[SkippedDay, ...] = field(default_factory=tuple)
    standard_week: bool = False  # counted on STANDARD_WEEK: the office has no hours set
    # The office's closed days from the start's day to the due day, as this count knew them:
    # a day closed later is one it did not count (due_after_closures).
    closed: tuple[dt.date, ...] = field(default_factory=tuple)

    def explanation(self) -> str:
        """One sentence in the active language, e.g. "Accepted Fri 20 Mar 2026 14:10 WITA;
        skipped Sat 21 Mar, Sun 22 Mar, Mon 23 Mar (Cuti Bersama …); due Thu 26 Mar 2026
        14:10 WITA." """
        tz = self.office_tz_abbreviation
        parts = [_("Accepted %(moment)s %(tz)s") % {"moment": _moment(self.start), "tz": tz}]
        if self.counted_from != self.start:
            parts.append(
                _("the office was closed, so counted from %(moment)s")
                % {"moment": _moment(self.counted_from)}
            )
        if self.skipped:
            days = ", ".join(
                f"{_day(s.date)} ({s.reason})" if s.reason else _day(s.date) for s in self.skipped
            )
            parts.append(_("skipped %(days)s") % {"days": days})
        parts.append(_("due %(moment)s %(tz)s") % {"moment": _moment(self.due_at), "tz": tz})
        if self.standard_week:
            parts.append(_("the office's opening hours are not set, so Monday to Friday count"))
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class KeptDueDate:
    """A due date set earlier that today's calendar would count to another moment. The set
    one stands, as the requester was told it; its explanation says so instead of listing days
    that no longer lead to it. `closures_move_it`: the due date moves later when the office
    closes a day it counted (a consultation's: due_after_closures), and the sentence says
    which changes move it and which do not; without it (a complaint's) none moves it."""

    office_tz_abbreviation: str
    start: dt.datetime  # in the office's zone
    due_at: dt.datetime  # the one set, in the office's zone
    closures_move_it: bool = False

    def explanation(self) -> str:
        values = {
            "moment": _moment(self.start),
            "due": _moment(self.due_at),
            "tz": self.office_tz_abbreviation,
        }
        if self.closures_move_it:
            return (
                _(
                    "Accepted %(moment)s %(tz)s; due %(due)s %(tz)s, counted on the office "
                    "calendar when it was set. A day the office closes later within the "
                    "working days counted (a holiday, cuti bersama or closure) moves it one "
                    "working day later; a day opened again or a change of opening hours does "
                    "not move it."
                )
                % values
            )
        return (
            _(
                "Accepted %(moment)s %(tz)s; due %(due)s %(tz)s, set on that day with the office "
                "calendar of then: a closure, holiday or change of opening hours made later does "
                "not move it."
            )
            % values
        )


@dataclass(frozen=True)
class MovedDue:
    """A due date moved later by the working days the office closed since it was set."""

    due_at: dt.datetime  # in the office's zone
    closed: tuple[SkippedDay, ...]  # the working days closed since, that moved it
    counted: tuple[dt.date, ...]  # every closed day from the start's day to the new due day


def _moment(value: dt.datetime) -> str:
    # Clock times as everywhere else (pst.formatting.clock_time): 14.10. The value is already
    # in the office's zone; clock_time would move it to the active one.
    return formats.date_format(value, f"D j M Y {CLOCK_FORMAT}")


def _day(value: dt.date) -> str:
    return formats.date_format(value, "D j M")


class OfficeCalendar:
    """An office's hours and closed days over a date window, read with two queries."""

    def __init__(
        self,
        office: Office,
        first: dt.date,
        last: dt.date,
        *,
        standard_week_without_hours: bool = False,
    ) -> None:
        self.office = office
        self.tz = office.zoneinfo
        self.first = first
        self.last = last
        self.hours: dict[int, tuple[dt.time, dt.time]] = {
            row.weekday: (row.opens_at, row.closes_at)
            for row in OpeningHours.objects.filter(office=office)
        }
        self.standard_week = not self.hours and standard_week_without_hours
        if self.standard_week:
            self.hours = dict(STANDARD_WEEK)
        if not self.hours:
            raise CalendarError(f"Office {office.code} has no opening hours.")
        national: dict[dt.date, Holiday] = {}
        local: dict[dt.date, Holiday] = {}
        for row in Holiday.objects.for_office(office).filter(date__range=(first, last)):
            (national if row.office_id is None else local)[row.date] = row
        self.closed: dict[dt.date, Holiday] = {
            day: row for day, row in (national | local).items() if row.is_closed
        }

    @classmethod
    def around(
        cls, office: Office, start: dt.date, working_days: int, **options: bool
    ) -> OfficeCalendar:
        return cls(office, start, start + dt.timedelta(days=working_days * 7 + 60), **options)

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.hours and day not in self.closed

    def closed_between(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        return tuple(sorted(day for day in self.closed if first <= day <= last))

    def closed_reason(self, day: dt.date) -> str:
        holiday = self.closed.get(day)
        return holiday.name if holiday else ""

    def opening(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours[day.weekday()][0], tzinfo=self.tz)

    def closing(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours[day.weekday()][1], tzinfo=self.tz)

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.tz)
        day = local.date()
        return self.is_working_day(day) and self.opening(day) <= local < self.closing(day)

    def is_open_throughout(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Open from `start` until `end` on the same day (an appointment's slot)."""
        local = start.astimezone(self.tz)
        day = local.date()
        return (
            self.is_working_day(day)
            and self.opening(day) <= local
            and end.astimezone(self.tz) <= self.closing(day)
        )


def add_working_days(
    *,
    office: Office,
    start: dt.datetime,
    days: int,
    standard_week_without_hours: bool = False,
) -> DueDate:
    """The moment `days` working days after `start` in `office`'s calendar, explained. An
    office without opening hours is a CalendarError, unless `standard_week_without_hours`
    counts Monday to Friday for it (STANDARD_WEEK)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local_start = start.astimezone(office.zoneinfo)
    calendar = OfficeCalendar.around(
        office, local_start.date(), days, standard_week_without_hours=standard_week_without_hours
    )
    return _add(calendar, local_start, days)


def _next_working_day(calendar: OfficeCalendar, day: dt.date, skipped: list[SkippedDay]) -> dt.date:
    for _step in range(_MAX_CLOSED_RUN_DAYS):
        day += dt.timedelta(days=1)
        if not calendar.covers(day):
            raise CalendarError("The calendar window is too short for this request.")
        if calendar.is_working_day(day):
            return day
        skipped.append(SkippedDay(day, calendar.closed_reason(day)))
    raise CalendarError(f"No working day within {_MAX_CLOSED_RUN_DAYS} days of {day}.")


def _counted_from(calendar: OfficeCalendar, local_start: dt.datetime) -> dt.datetime:
    """Where the counting starts: `local_start` while the office is open, else its next
    opening."""
    day = local_start.date()
    if calendar.is_open_at(local_start):
        return local_start
    if calendar.is_working_day(day) and local_start < calendar.opening(day):
        return calendar.opening(day)
    return calendar.opening(_next_working_day(calendar, day, []))


def _add(calendar: OfficeCalendar, local_start: dt.datetime, days: int) -> DueDate:
    # The closed days until the counting starts are said by "counted from …"; listed as
    # skipped they read as if they had been counted (trial E, F14).
    counted_from = _counted_from(calendar, local_start)
    skipped: list[SkippedDay] = []
    due_day = counted_from.date()
    for _count in range(days):
        due_day = _next_working_day(calendar, due_day, skipped)
    due_at = dt.datetime.combine(
        due_day, counted_from.timetz().replace(tzinfo=None), tzinfo=calendar.tz
    )
    return DueDate(
        office_tz_abbreviation=calendar.office.time_zone_abbreviation,
        start=local_start,
        counted_from=counted_from,
        due_at=due_at,
        skipped=tuple(skipped),
        standard_week=calendar.standard_week,
        closed=calendar.closed_between(local_start.date(), due_day),
    )


def working_days_later(calendar: OfficeCalendar, start: dt.datetime, days: int) -> dt.datetime:
    """`add_working_days`'s due moment on a calendar already read: for many starts at once
    (a page of the inbox, the sweep's requests waiting for review) with its two queries."""
    return _add(calendar, start.astimezone(calendar.tz), days).due_at


def working_days_elapsed(calendar: OfficeCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """The whole working days from `start` to `end` as `add_working_days` counts them: n
    once the n-th working day's moment has come, not yet the (n+1)-th."""
    counted_from = _counted_from(calendar, start.astimezone(calendar.tz))
    clock = counted_from.timetz().replace(tzinfo=None)
    day, days = counted_from.date(), 0
    while True:
        day = _next_working_day(calendar, day, [])
        if dt.datetime.combine(day, clock, tzinfo=calendar.tz) > end:
            return days
        days += 1


def due_after_closures(
    calendar: OfficeCalendar,
    *,
    start: dt.datetime,
    due_at: dt.datetime,
    counted: Collection[dt.date],
) -> MovedDue | None:
    """A due date counted from `start` on an earlier calendar, moved later by the working
    days the office closed since (DESIGN §2: N *working* days): one working day later, at the
    same clock time, for each day closed now and not in `counted` (the closed days known when
    it was set or last moved) that the count used as a working day — a weekday with opening
    hours from `start`'s day (if the clock started before its closing time) to the due day
    itself. None when there is none: a day opened again, or other opening hours, never move a
    due date (earlier or later)."""
    local_start, due = start.astimezone(calendar.tz), due_at.astimezone(calendar.tz)
    first, last = local_start.date(), due.date()

    def counted_as_working(day: dt.date) -> bool:
        if day.weekday() not in calendar.hours or day in counted:
            return False
        # The start's day counted only when the clock started before its closing time.
        return day != first or local_start < calendar.closing(day)

    lost = [day for day in calendar.closed_between(first, last) if counted_as_working(day)]
    if not lost:
        return None
    day = last
    for _count in lost:
        day = _next_working_day(calendar, day, [])
    return MovedDue(
        due_at=dt.datetime.combine(day, due.timetz().replace(tzinfo=None), tzinfo=calendar.tz),
        closed=tuple(SkippedDay(lost_day, calendar.closed_reason(lost_day)) for lost_day in lost),
        counted=tuple(sorted(set(counted) | set(calendar.closed_between(first, day)))),
    )
