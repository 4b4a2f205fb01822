"""The month a report covers, as the office's calendar has it: a rating given at 23.30 WITA on
the last day of a month belongs to that month, whatever UTC says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pst.calendar_models import HOLIDAY_FIRST_DAY, HOLIDAY_LAST_DAY

# The months a report may show: the working calendar's years. A typing slip such as 0000-01
# is refused rather than queried (year 0 and 10000 are no date at all).
FIRST_YEAR = HOLIDAY_FIRST_DAY.year
LAST_YEAR = HOLIDAY_LAST_DAY.year


@dataclass(frozen=True)
class Month:
    first_day: dt.date  # always the 1st

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.replace(day=1))

    @property
    def key(self) -> str:
        """2026-11, as the address writes it (?month=)."""
        return f"{self.first_day:%Y-%m}"

    @property
    def last_day(self) -> dt.date:
        return self.following_first_day - dt.timedelta(days=1)

    @property
    def following_first_day(self) -> dt.date:
        year, month = self.first_day.year, self.first_day.month
        return dt.date(year + month // 12, month % 12 + 1, 1)

    def start(self, zone: ZoneInfo) -> dt.datetime:
        """Midnight of the 1st in `zone`: the first moment of the month."""
        return dt.datetime.combine(self.first_day, dt.time(0), tzinfo=zone)

    def end(self, zone: ZoneInfo) -> dt.datetime:
        """Midnight of the next month's 1st in `zone` (not included)."""
        return dt.datetime.combine(self.following_first_day, dt.time(0), tzinfo=zone)

    @property
    def previous(self) -> Month | None:
        if self.first_day.year == FIRST_YEAR and self.first_day.month == 1:
            return None
        return Month.of(self.first_day - dt.timedelta(days=1))

    @property
    def next(self) -> Month | None:
        following = self.following_first_day
        return None if following.year > LAST_YEAR else Month(following)
