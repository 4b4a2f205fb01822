"""How times and durations are written on every screen, in one place: clock times as 07.30
(the Indonesian way, also on the home page), durations as 2:21 (as the console's clocks)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

# Indonesian writes clock times with a dot (PUEBI): 09.26, on every page and in every language.
CLOCK_FORMAT = "H.i"


def clock_time(value: dt.datetime | dt.time) -> str:
    """07.30: hours and minutes in the active time zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, CLOCK_FORMAT)


def office_moment(value: dt.datetime, office) -> str:
    """A moment as the office says it, whatever the reader's zone: "Jumat 27 November 2026
    10.00 WITA"."""
    local = value.astimezone(office.zoneinfo)
    return f"{date_format(local, f'l j F Y {CLOCK_FORMAT}')} {office.time_zone_abbreviation}"


def moment_short(value: dt.datetime, zone: dt.tzinfo, abbreviation: str) -> str:
    """A moment in a table's column, with its zone: "27 Nov 2026 10.00 WITA"."""
    return f"{date_format(value.astimezone(zone), f'j M Y {CLOCK_FORMAT}')} {abbreviation}"


def minutes_seconds(seconds: float | int | None) -> str:
    """141 → "2:21"; an hour and more → "1:02:21"."""
    total = max(0, int(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def opening_sentence(opening: dt.datetime, *, now: dt.datetime, tz_abbreviation: str) -> str:
    """When a closed office opens again, said the way a person would: "today at 07.30" on
    the same day, "tomorrow" for the next, the full date otherwise. `opening` and `now` are
    compared as dates of the active (the office's) time zone. An office opens once a day, so
    an opening later today means it has not opened yet today: it opens, not "again"."""
    day = timezone.localtime(opening).date()
    today = timezone.localtime(now).date()
    values = {"time": clock_time(opening), "tz": tz_abbreviation}
    if day == today:
        return _("We open today at %(time)s %(tz)s.") % values
    if day == today + dt.timedelta(days=1):
        return _("We open again tomorrow at %(time)s %(tz)s.") % values
    values["day"] = date_format(timezone.localtime(opening), "l, j F Y")
    return _("We open again on %(day)s at %(time)s %(tz)s.") % values
