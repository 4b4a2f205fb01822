"""Years the working calendar knows nothing of. The calendar reads "no holiday rows for a
year" as "no holidays that year": until `sync_holidays` (or an administrator) brings a year's
national holidays, every weekday of it counts as a working day, and a due date falls on New
Year's Day (product trial O, O5). Said before it bites: on acceptance (the officer), in the
admin's holiday list and by a system check (the administrator)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import Holiday, HolidayKind, Office

# From this month on, next year's national holidays are expected in the calendar: due dates
# of December reach into January, and appointments are offered weeks ahead.
NEXT_YEAR_FROM_MONTH = 10


def years_without_holidays(office: Office, years: Iterable[int]) -> list[int]:
    """Of `years`, those without any national holiday for `office` (the national rows or its
    own), in order."""
    wanted = sorted(set(years))
    rows = Holiday.objects.for_office(office).filter(
        kind=HolidayKind.NATIONAL, date__year__in=wanted
    )
    known = set(rows.dates("date", "year"))
    return [year for year in wanted if dt.date(year, 1, 1) not in known]


def offices_without_holidays(year: int) -> list[Office]:
    """The active offices whose calendar has no national holiday in `year`: all of them when
    no national row of that year exists (an office row of kind national counts for its own
    office only)."""
    rows = Holiday.objects.filter(kind=HolidayKind.NATIONAL, date__year=year)
    if rows.filter(office__isnull=True).exists():
        return []
    return list(
        Office.objects.active()
        .exclude(pk__in=rows.exclude(office__isnull=True).values("office"))
        .order_by("code")
    )


def years_to_check(today: dt.date | None = None) -> list[int]:
    """This year, and from October on next year too."""
    today = today or timezone.localdate()
    return [today.year, today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [today.year]


def calendar_gaps(today: dt.date | None = None) -> list[tuple[int, list[Office]]]:
    """The years to check (years_to_check) whose national holidays are missing for some
    active office, with those offices."""
    gaps = [(year, offices_without_holidays(year)) for year in years_to_check(today)]
    return [(year, offices) for year, offices in gaps if offices]


def calendar_gap_message(year: int, offices: Iterable[Office]) -> str:
    """What the administrator is told of a year without national holidays (in the active
    language)."""
    return _(
        "The office calendar has no national holidays of %(year)s (%(offices)s): due dates, "
        "appointments and review times in %(year)s count every weekday as a working day. Run "
        "manage.py sync_holidays --years %(year)s, or enter the holidays and cuti bersama of "
        "%(year)s here."
    ) % {"year": year, "offices": ", ".join(office.code for office in offices)}


def due_year_warning(office: Office, start: dt.datetime, due_at: dt.datetime) -> str:
    """What the officer who started an answer clock is told when the count ran through a year
    whose calendar is empty (its holidays not synchronised yet), or "" when none did."""
    tz = office.zoneinfo
    missing = years_without_holidays(
        office, range(start.astimezone(tz).year, due_at.astimezone(tz).year + 1)
    )
    if not missing:
        return ""
    return _(
        "The office calendar of %(year)s is empty (its holidays are not synchronised yet): "
        "this due date counts every weekday of %(year)s as a working day. Tell the "
        "administrator; once the holidays are in, a holiday within the answer time moves the "
        "due date later and the requester is emailed."
    ) % {"year": missing[0]}
