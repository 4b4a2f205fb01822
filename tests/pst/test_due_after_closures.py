"""pst.workcalendar.due_after_closures: a due date counted on an earlier calendar moves one
working day later, at the same clock time, for each day the office closed since that the
count used (product trial O, O5/O6) — never for a day it already counted closed, a weekend,
a day outside the count, a day opened again or other opening hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from pst.models import OpeningHours
from pst.workcalendar import KeptDueDate, OfficeCalendar, add_working_days, due_after_closures
from tests.factories import HolidayFactory

WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def close(*days, name="Tutup"):
    for day in days:
        HolidayFactory(date=day, name=name, kind="local")


def moved(office, start, due, counted=()):
    calendar = OfficeCalendar(office, start.date(), due.date() + dt.timedelta(days=60))
    return due_after_closures(calendar, start=start, due_at=due, counted=set(counted))


def test_a_count_knows_the_closed_days_from_its_start_to_its_due_day(office):
    close(dt.date(2026, 11, 24), dt.date(2026, 12, 1))
    due = add_working_days(office=office, start=at(11, 23, 10), days=3)
    assert due.due_at == at(11, 27, 10)
    assert due.closed == (dt.date(2026, 11, 24),)


@pytest.mark.parametrize(
    ("closed", "due"),
    [
        ([dt.date(2026, 11, 25)], at(11, 27, 10)),  # a day inside the count
        ([dt.date(2026, 11, 26)], at(11, 27, 10)),  # the due day itself
        ([dt.date(2026, 11, 23)], at(11, 27, 10)),  # the start's day, counted from 10.00
        ([dt.date(2026, 11, 25), dt.date(2026, 11, 26)], at(11, 30, 10)),  # two: over a weekend
    ],
)
def test_each_working_day_closed_inside_the_count_moves_the_due_date_one_working_day(
    office, closed, due
):
    close(*closed)
    move = moved(office, at(11, 23, 10), at(11, 26, 10))
    assert move.due_at == due
    assert [day.date for day in move.closed] == closed
    assert [day.reason for day in move.closed] == ["Tutup"] * len(closed)
    assert set(closed) <= set(move.counted)


@pytest.mark.parametrize(
    "closed",
    [
        dt.date(2026, 11, 28),  # a Saturday
        dt.date(2026, 11, 27),  # after the due day
        dt.date(2026, 11, 20),  # before the start
    ],
)
def test_a_day_the_count_did_not_use_moves_nothing(office, closed):
    close(closed)
    assert moved(office, at(11, 23, 10), at(11, 26, 10)) is None


def test_the_start_day_closed_after_its_closing_time_moves_nothing(office):
    # Accepted Fri 27 Nov 17.00 (closed): counted from Mon 07.30, due Thu 3 Dec 07.30.
    close(dt.date(2026, 11, 27))
    assert moved(office, at(11, 27, 17), at(12, 3, 7, 30)) is None


def test_the_first_day_counted_from_its_opening_and_the_due_day_at_opening_do_move_it(office):
    # Counted from Mon 30 Nov 07.30 (accepted Friday evening), due Thu 3 Dec 07.30.
    close(dt.date(2026, 11, 30))
    assert moved(office, at(11, 27, 17), at(12, 3, 7, 30)).due_at == at(12, 4, 7, 30)


def test_a_day_already_counted_closed_moves_nothing_again(office):
    close(dt.date(2026, 11, 25))
    first = moved(office, at(11, 23, 10), at(11, 26, 10))
    assert first.due_at == at(11, 27, 10)
    assert moved(office, at(11, 23, 10), first.due_at, first.counted) is None


def test_the_new_due_day_skips_days_already_closed_after_the_old_one(office):
    close(dt.date(2026, 11, 27), dt.date(2026, 11, 30))  # closed before: Fri and Mon
    close(dt.date(2026, 11, 25), name="Banjir")  # closed since
    move = moved(office, at(11, 23, 10), at(11, 26, 10), counted=[])
    # Only Wed is new to the count (Fri and Mon lie after the due day): one day later, the
    # next working day after Thu being Tue 1 Dec.
    assert move.due_at == at(12, 1, 10)
    assert [day.reason for day in move.closed] == ["Banjir"]
    assert {dt.date(2026, 11, 27), dt.date(2026, 11, 30)} <= set(move.counted)


def test_opening_hours_changed_alone_move_nothing(office):
    OpeningHours.objects.filter(office=office, weekday=0).update(opens_at=dt.time(11, 0))
    assert moved(office, at(11, 23, 10), at(11, 26, 10)) is None


def test_the_kept_due_date_says_which_changes_move_it_and_which_do_not():
    kept = KeptDueDate(
        office_tz_abbreviation="WITA",
        start=at(11, 23, 10),
        due_at=at(11, 27, 10),
        closures_move_it=True,
    )
    with translation.override("en"):
        assert kept.explanation() == (
            "Accepted Mon 23 Nov 2026 10.00 WITA; due Fri 27 Nov 2026 10.00 WITA, counted on "
            "the office calendar when it was set. A day the office closes later within the "
            "working days counted (a holiday, cuti bersama or closure) moves it one working "
            "day later; a day opened again or a change of opening hours does not move it."
        )
    # A complaint's due date does not move: its sentence says so, as before.
    complaint = KeptDueDate(
        office_tz_abbreviation="WITA", start=at(11, 23, 10), due_at=at(11, 27, 10)
    )
    with translation.override("id"):
        assert complaint.explanation().endswith("tidak menggesernya.")
