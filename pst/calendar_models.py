"""The offices' working calendar: weekly opening hours, and the holidays and closures
(national, cuti bersama, an office's own) that the SLA clocks and the appointments read
through pst.workcalendar."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pst.fields import acting_user, optional_link, unique_nationally_and_per_office
from pst.models import Office


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """Service hours of one weekday in the office's local time. A weekday without a row is
    a closed day."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("office")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    # When the row was last saved: hours of today shortened to a time already past give the
    # visitors inside the same grace as a closure recorded during the day (queueing.day_close).
    # Empty for rows saved before it was kept.
    changed_at = models.DateTimeField(_("changed"), auto_now=True, null=True, editable=False)

    class Meta:
        ordering = ["office", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "weekday"],
                name="opening_hours_one_row_per_weekday",
                violation_error_message=_("This office already has opening hours for this day."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="opening_hours_close_after_open",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="opening_hours_valid_weekday",
                violation_error_message=_("Choose a day of the week."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "local", _("Local closure")


class HolidaySource(models.TextChoices):
    SYNC = "sync", _("Synchronised from the holidays package")
    MANUAL = "manual", _("Entered by an administrator")


# The days a holiday may have: the years `sync_holidays` brings, far around any day the
# portal computes with. 31 Dec 9999 broke closing the day (its next day does not exist) and
# the list's links by year (trial G, G2); a year-1 day is a typing slip, never a closure.
HOLIDAY_FIRST_DAY = dt.date(2000, 1, 1)
HOLIDAY_LAST_DAY = dt.date(2100, 12, 31)
HOLIDAY_DATE_MESSAGE = _("Enter a date in the years 2000 to 2100.")


class HolidayQuerySet(models.QuerySet["Holiday"]):
    def for_office(self, office: Office) -> HolidayQuerySet:
        """National rows plus the office's own (an office row overrides a national one)."""
        return self.filter(Q(office__isnull=True) | Q(office=office))


class Holiday(models.Model):
    """A day the office does not serve. Rows without an office apply to every office; a row
    of an office for the same date overrides the national one (for instance to open on a
    revoked cuti bersama). Rows are revoked, not deleted, so a later sync does not bring a
    revoked day back."""

    office = optional_link(
        Office,
        on_delete=models.CASCADE,
        related_name="holidays",
        verbose_name=_("office"),
        help_text=_("Empty for a national day that applies to every office."),
    )
    date = models.DateField(
        _("date"),
        validators=[
            MinValueValidator(HOLIDAY_FIRST_DAY, HOLIDAY_DATE_MESSAGE),
            MaxValueValidator(HOLIDAY_LAST_DAY, HOLIDAY_DATE_MESSAGE),
        ],
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    is_closed = models.BooleanField(
        _("office closed"),
        default=True,
        help_text=_("Untick to revoke the day: the office then works on it."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=HolidaySource.choices, default=HolidaySource.MANUAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = acting_user(_("changed by"))

    objects = HolidayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "office"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            *unique_nationally_and_per_office(
                "date",
                per_office=(
                    "holiday_office_once",
                    _("This office already has a day on this date."),
                ),
                national=(
                    "holiday_national_once",
                    _("A national day on this date already exists."),
                ),
            ),
            models.CheckConstraint(
                condition=Q(date__gte=HOLIDAY_FIRST_DAY, date__lte=HOLIDAY_LAST_DAY),
                name="holiday_date_in_range",
                violation_error_message=HOLIDAY_DATE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        # Admin's messages name the row by it ("Hari libur “27 November 2026 …” ditambahkan"):
        # the date as the active language writes it, never ISO (product trial E, F13).
        return f"{date_format(self.date, 'j F Y')} {self.name}"
