import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from pst.calendar_services import holidays_sync
from pst.models import Holiday, HolidayKind, HolidaySource, OpeningHours
from pst.workcalendar import CalendarError, add_working_days
from tests.factories import HolidayFactory, OfficeFactory

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


def at(year, month, day, hour, minute, tz=WITA):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def synced_2026(db):
    holidays_sync(first_year=2026, last_year=2026)


def test_friday_afternoon_start_skips_the_weekend(office):
    # Fri 6 Nov 2026 14:10 + 3 working days: Mon, Tue, Wed -> due Wed 14:10.
    due = add_working_days(office=office, start=at(2026, 11, 6, 14, 10), days=3)
    assert due.due_at == at(2026, 11, 11, 14, 10)
    assert [s.date for s in due.skipped] == [dt.date(2026, 11, 7), dt.date(2026, 11, 8)]
    assert due.counted_from == due.start


def test_design_example_friday_with_monday_holiday_is_due_thursday(office):
    HolidayFactory(date=dt.date(2026, 11, 9), name="Libur Contoh")
    due = add_working_days(office=office, start=at(2026, 11, 6, 14, 10), days=3)
    assert due.due_at == at(2026, 11, 12, 14, 10)
    with translation.override("en"):
        assert due.explanation() == (
            "Accepted Fri 6 Nov 2026 14.10 WITA; skipped Sat 7 Nov, Sun 8 Nov, "
            "Mon 9 Nov (Libur Contoh); due Thu 12 Nov 2026 14.10 WITA."
        )


def test_explanation_is_indonesian_by_default(office):
    HolidayFactory(date=dt.date(2026, 11, 9), name="Libur Contoh")
    due = add_working_days(office=office, start=at(2026, 11, 6, 14, 10), days=3)
    with translation.override("id"):
        text = due.explanation()
    assert text.startswith("Diterima Jum 6 Nov 2026 14.10 WITA")
    assert "Sen 9 Nov (Libur Contoh)" in text
    assert text.endswith("tenggat Kam 12 Nov 2026 14.10 WITA.")


def test_start_after_closing_counts_from_next_opening(office):
    # Tue 17:30 is after closing: the clock starts Wed 07:30.
    due = add_working_days(office=office, start=at(2026, 11, 10, 17, 30), days=3)
    assert due.counted_from == at(2026, 11, 11, 7, 30)
    assert due.due_at == at(2026, 11, 16, 7, 30)  # Thu, Fri, (weekend), Mon
    with translation.override("en"):
        assert "the office was closed, so counted from Wed 11 Nov 2026 07.30" in (due.explanation())


def test_start_before_opening_counts_from_opening_the_same_day(office):
    due = add_working_days(office=office, start=at(2026, 11, 10, 6, 0), days=1)
    assert due.counted_from == at(2026, 11, 10, 7, 30)
    assert due.due_at == at(2026, 11, 11, 7, 30)


def test_start_on_friday_evening_counts_from_monday(office):
    due = add_working_days(office=office, start=at(2026, 11, 6, 16, 45), days=3)
    assert due.counted_from == at(2026, 11, 9, 7, 30)
    assert due.due_at == at(2026, 11, 12, 7, 30)


def test_start_on_a_holiday_counts_from_next_working_day(office, synced_2026):
    # Christmas Fri 25 Dec 2026; Thu 24 Dec is cuti bersama.
    due = add_working_days(office=office, start=at(2026, 12, 25, 10, 0), days=3)
    assert due.counted_from == at(2026, 12, 28, 7, 30)
    assert due.due_at == at(2026, 12, 31, 7, 30)
    assert due.skipped == ()  # Christmas and the weekend come before the counting starts


def test_closed_days_before_the_counting_starts_are_not_listed_as_skipped(office):
    # Product trial E, F14: accepted Friday after closing, counted from Monday; only the
    # Tuesday closure falls inside the count.
    HolidayFactory(date=dt.date(2026, 12, 1), name="HUT Kota Tarakan", kind=HolidayKind.LOCAL)
    due = add_working_days(office=office, start=at(2026, 11, 27, 17, 0), days=3)
    assert due.counted_from == at(2026, 11, 30, 7, 30)
    assert [s.date for s in due.skipped] == [dt.date(2026, 12, 1)]
    with translation.override("en"):
        assert due.explanation() == (
            "Accepted Fri 27 Nov 2026 17.00 WITA; the office was closed, so counted from "
            "Mon 30 Nov 2026 07.30; skipped Tue 1 Dec (HUT Kota Tarakan); "
            "due Fri 4 Dec 2026 07.30 WITA."
        )


def test_idul_fitri_2026_cuti_bersama_week_is_skipped(office, synced_2026):
    # 18-24 March 2026: cuti bersama Nyepi, Nyepi, cuti bersama, Idul Fitri (Sat, Sun),
    # cuti bersama, cuti bersama. Tue 17 March 14:00 + 3 -> Wed 25, Thu 26, Fri 27.
    due = add_working_days(office=office, start=at(2026, 3, 17, 14, 0), days=3)
    assert due.due_at == at(2026, 3, 27, 14, 0)
    assert [s.date.day for s in due.skipped] == [18, 19, 20, 21, 22, 23, 24]
    reasons = {s.date.day: s.reason for s in due.skipped}
    assert reasons[20] == "Cuti Bersama Hari Raya Idul Fitri"
    assert reasons[21] == "Hari Raya Idul Fitri"
    assert reasons[19] == "Hari Suci Nyepi"


@pytest.mark.parametrize(
    ("time_zone", "tz", "abbreviation"),
    [("Asia/Jakarta", WIB, "WIB"), ("Asia/Makassar", WITA, "WITA"), ("Asia/Jayapura", WIT, "WIT")],
)
def test_each_office_counts_in_its_own_time_zone(db, time_zone, tz, abbreviation):
    office = OfficeFactory(time_zone=time_zone)
    # 08:00 UTC on Friday 6 Nov is 15:00 WIB, 16:00 WITA, 17:00 WIT: open in Jakarta and
    # Makassar (Friday closes 16:30), already closed in Jayapura.
    start = dt.datetime(2026, 11, 6, 8, 0, tzinfo=dt.UTC)
    due = add_working_days(office=office, start=start, days=1)
    assert due.office_tz_abbreviation == abbreviation
    if time_zone == "Asia/Jayapura":
        assert due.counted_from == dt.datetime(2026, 11, 9, 7, 30, tzinfo=tz)
        assert due.due_at == dt.datetime(2026, 11, 10, 7, 30, tzinfo=tz)
    else:
        local = start.astimezone(tz)
        assert due.counted_from == local
        # Monday closes at 16:00: a 16:00 WITA start is due at 16:00, 15:00 WIB at 15:00.
        assert due.due_at == dt.datetime(2026, 11, 9, local.hour, 0, tzinfo=tz)
    assert abbreviation in due.explanation()


def test_due_time_keeps_the_clock_time_even_after_that_days_closing(office):
    # Friday 16:15 is open (Friday closes 16:30); Monday closes 16:00 — DESIGN §2 says the
    # same clock time all the same, so the deadline is never earlier than promised.
    due = add_working_days(office=office, start=at(2026, 11, 6, 16, 15), days=1)
    assert due.due_at == at(2026, 11, 9, 16, 15)


def test_a_local_closure_added_in_admin_is_skipped(office):
    Holiday.objects.create(
        office=office,
        date=dt.date(2026, 11, 10),
        name="Hari jadi Kota Tarakan",
        kind=HolidayKind.LOCAL,
        source=HolidaySource.MANUAL,
    )
    due = add_working_days(office=office, start=at(2026, 11, 9, 9, 0), days=1)
    assert due.due_at == at(2026, 11, 11, 9, 0)


def test_a_local_closure_of_another_office_does_not_count(office, other_office):
    Holiday.objects.create(
        office=other_office, date=dt.date(2026, 11, 10), name="Lokal", kind=HolidayKind.LOCAL
    )
    due = add_working_days(office=office, start=at(2026, 11, 9, 9, 0), days=1)
    assert due.due_at == at(2026, 11, 10, 9, 0)


def test_a_revoked_national_day_is_a_working_day_again(office, synced_2026):
    cuti = Holiday.objects.get(office__isnull=True, date=dt.date(2026, 12, 24))
    cuti.is_closed = False
    cuti.source = HolidaySource.MANUAL
    cuti.save()
    due = add_working_days(office=office, start=at(2026, 12, 23, 9, 0), days=1)
    assert due.due_at == at(2026, 12, 24, 9, 0)


def test_an_office_row_overrides_the_national_day(office, synced_2026):
    Holiday.objects.create(
        office=office,
        date=dt.date(2026, 12, 24),
        name="Buka",
        kind=HolidayKind.LOCAL,
        is_closed=False,
    )
    due = add_working_days(office=office, start=at(2026, 12, 23, 9, 0), days=1)
    assert due.due_at == at(2026, 12, 24, 9, 0)


def test_a_weekday_without_opening_hours_is_closed(office):
    OpeningHours.objects.filter(office=office, weekday=2).delete()  # no Wednesday service
    due = add_working_days(office=office, start=at(2026, 11, 10, 9, 0), days=1)
    assert due.due_at == at(2026, 11, 12, 9, 0)


def test_an_office_without_any_hours_cannot_compute(office):
    OpeningHours.objects.filter(office=office).delete()
    with pytest.raises(CalendarError):
        add_working_days(office=office, start=at(2026, 11, 10, 9, 0), days=1)


def test_naive_start_is_refused(office):
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(office=office, start=dt.datetime(2026, 11, 10, 9, 0), days=1)


def test_zero_days_returns_the_counting_start(office):
    due = add_working_days(office=office, start=at(2026, 11, 7, 9, 0), days=0)  # Saturday
    assert due.due_at == at(2026, 11, 9, 7, 30)


def test_calendar_reads_a_constant_number_of_queries(
    office, synced_2026, django_assert_num_queries
):
    with django_assert_num_queries(2):
        add_working_days(office=office, start=at(2026, 3, 17, 14, 0), days=10)
