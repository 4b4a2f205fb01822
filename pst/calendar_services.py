"""Domain actions of the offices' working calendar: default opening hours, and the national
holidays and cuti bersama synchronised from the `holidays` package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays as holidays_lib
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pst.models import (
    HOLIDAY_FIRST_DAY,
    HOLIDAY_LAST_DAY,
    Holiday,
    HolidayKind,
    HolidaySource,
    Office,
    OpeningHours,
)
from pst.services import PortalError
from pst.signals import holidays_synced

DEFAULT_OPENING_HOURS: dict[int, tuple[dt.time, dt.time]] = {
    0: (dt.time(7, 30), dt.time(16, 0)),
    1: (dt.time(7, 30), dt.time(16, 0)),
    2: (dt.time(7, 30), dt.time(16, 0)),
    3: (dt.time(7, 30), dt.time(16, 0)),
    4: (dt.time(7, 30), dt.time(16, 30)),
}


def office_opening_hours_ensure(*, office: Office) -> int:
    """Give an office without any opening hours the BPS default week; returns rows created."""
    with transaction.atomic():
        if OpeningHours.objects.filter(office=office).exists():
            return 0
        OpeningHours.objects.bulk_create(
            OpeningHours(office=office, weekday=day, opens_at=opens, closes_at=closes)
            for day, (opens, closes) in DEFAULT_OPENING_HOURS.items()
        )
        return len(DEFAULT_OPENING_HOURS)


@dataclass(frozen=True)
class HolidayYear:
    """What the `holidays` package listed for one year."""

    year: int
    national: int
    cuti_bersama: int
    estimated: tuple[tuple[dt.date, str], ...]  # the package's guesses ("… (perkiraan)")


@dataclass
class HolidaySyncResult:
    created: int = 0
    updated: int = 0
    kept_manual: int = 0
    withdrawn: int = 0
    years: list[HolidayYear] = field(default_factory=list)
    # What the apps did with the days the sync closed (due dates moved later), for the
    # operator: the holidays_synced signal's replies.
    messages: list[str] = field(default_factory=list)


def holidays_sync(*, first_year: int, last_year: int) -> HolidaySyncResult:
    """Bring national holidays and cuti bersama of the given years from the `holidays`
    package. Rows an administrator changed (source manual) are left as they are; synced
    days the package no longer lists are marked open, never deleted."""
    if first_year > last_year:
        raise PortalError(str(_("The first year comes after the last year.")), code="years")
    # A holiday's date lies in these years (the model's constraint): refused here in words.
    if first_year < HOLIDAY_FIRST_DAY.year or last_year > HOLIDAY_LAST_DAY.year:
        raise PortalError(str(_("Choose years from 2000 to 2100.")), code="years")
    years = range(first_year, last_year + 1)
    wanted: dict[dt.date, tuple[str, str]] = {}
    listed: dict[str, dict[dt.date, str]] = {}
    for category, kind in (
        (holidays_lib.PUBLIC, HolidayKind.NATIONAL),
        (holidays_lib.GOVERNMENT, HolidayKind.CUTI_BERSAMA),
    ):
        calendar = holidays_lib.country_holidays(
            "ID", years=years, categories=(category,), language="id"
        )
        listed[kind] = dict(calendar.items())
        # How the package names a date it only estimates: "%s (perkiraan)".
        estimated_mark = (getattr(calendar, "estimated_label", None) or "%s (perkiraan)") % ""
        for day, name in calendar.items():
            # A national holiday wins over a cuti bersama on the same day.
            if day not in wanted or kind == HolidayKind.NATIONAL:
                wanted[day] = (name, kind)

    result = HolidaySyncResult(
        years=[_year_found(year, listed, estimated_mark.strip()) for year in years]
    )
    closed: list[dt.date] = []
    with transaction.atomic():
        existing = {
            row.date: row
            # order_by(): the model's ordering joins the nullable office, and PostgreSQL
            # refuses FOR UPDATE on the nullable side of an outer join.
            for row in Holiday.objects.select_for_update()
            .filter(office__isnull=True, date__year__gte=first_year, date__year__lte=last_year)
            .order_by("date")
        }
        new_rows = []
        for day, (name, kind) in sorted(wanted.items()):
            row = existing.get(day)
            if row is None:
                new_rows.append(Holiday(date=day, name=name, kind=kind, source=HolidaySource.SYNC))
            elif row.source == HolidaySource.MANUAL:
                result.kept_manual += 1
            elif (row.name, row.kind, row.is_closed) != (name, kind, True):
                if not row.is_closed:
                    closed.append(day)
                row.name, row.kind, row.is_closed = name, kind, True
                row.save(update_fields=["name", "kind", "is_closed", "changed_at"])
                result.updated += 1
        # A sync running in parallel may have inserted the same days: theirs stand.
        Holiday.objects.bulk_create(new_rows, ignore_conflicts=True)
        result.created = len(new_rows)
        closed += [row.date for row in new_rows]
        for day, row in existing.items():
            if day not in wanted and row.source == HolidaySource.SYNC and row.is_closed:
                row.is_closed = False
                row.save(update_fields=["is_closed", "changed_at"])
                result.withdrawn += 1
    if closed:
        # What the apps counted with these days open (open consultations' due dates), acted
        # on once for them all: pst imports none of them.
        replies = holidays_synced.send(sender=Holiday, dates=sorted(closed))
        result.messages = [message for _receiver, said in replies for message in said or ()]
    return result


def _year_found(year: int, listed: dict[str, dict[dt.date, str]], mark: str) -> HolidayYear:
    of_year = {
        kind: {day: name for day, name in days.items() if day.year == year}
        for kind, days in listed.items()
    }
    return HolidayYear(
        year=year,
        national=len(of_year[HolidayKind.NATIONAL]),
        cuti_bersama=len(of_year[HolidayKind.CUTI_BERSAMA]),
        estimated=tuple(
            sorted(
                (day, name)
                for days in of_year.values()
                for day, name in days.items()
                if mark in name
            )
        ),
    )
