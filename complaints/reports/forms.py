"""The reports' forms (GET): a month, with a channel (the ratings) or with who and what (the
access log's review)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.reports.periods import FIRST_YEAR, LAST_YEAR, Month
from pst.forms import IdChoiceField, SafeForm
from pst.models import AccessKind, Office, User
from pst.personal_data import personal_data_readers

# ASCII digits only: str.isdigit() and int() also take "٢٠٢٦" or "２０２６".
MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
MONTH_REFUSED = _("Write the month as year and month, e.g. 2026-11.")


class ChannelFilter(models.TextChoices):
    """How the report splits the channels: at the office, or any of the online ones (web,
    WhatsApp, email, phone)."""

    WALK_IN = "walk_in", _("Walk-in")
    ONLINE = "online", _("Online")


class MonthForm(SafeForm):
    """A month (GET), the office's current one when none is asked. A refused value is said
    under its field and stays in it; a refused month shows no figures (another month's would
    pass for the one asked)."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        """`today`: the office's date, whose month is the default."""
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["month"].widget.attrs["min"] = f"{FIRST_YEAR}-01"
        self.fields["month"].widget.attrs["max"] = f"{LAST_YEAR}-12"

    @classmethod
    def for_office(cls, data, *, office: Office, today: dt.date) -> MonthForm:
        """The form of a report of `office` bound to `data`, `today` the office's date."""
        return cls(data, today=today)

    def clean_month(self) -> Month:
        value = self.cleaned_data["month"]
        if not value:
            return Month.of(self.today)
        match = MONTH_PATTERN.fullmatch(value)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(MONTH_REFUSED, code="invalid")
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a month in the years %(first)d to %(last)d."),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return Month(dt.date(year, int(match[2]), 1))

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # drawn in red; the message is under it
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def month_chosen(self) -> Month | None:
        """The month to show (the office's current one when none is asked); None when the
        one asked was refused. The form is always bound, to the query string."""
        self.is_valid()
        return None if self.has_error("month") else self.cleaned_data["month"]


class PeriodForm(MonthForm):
    """A month and a channel. A refused channel counts as every channel, as the guestbook's
    filter leaves out what it refuses."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *ChannelFilter.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def channel_chosen(self) -> str:
        """A ChannelFilter value, or "" for every channel (also for a refused one)."""
        self.is_valid()
        return "" if self.has_error("channel") else self.cleaned_data.get("channel", "")


class ReaderChoiceField(IdChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class AccessLogForm(MonthForm):
    """The access log's review: a month, a staff member among those the office's log names,
    a kind. Any refused value is said under its field and the review shows no rows: rows of
    everyone would pass for the one staff member asked."""

    reader = ReaderChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Every kind")), *AccessKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = personal_data_readers(office)

    @classmethod
    def for_office(cls, data, *, office: Office, today: dt.date) -> AccessLogForm:
        return cls(data, today=today, office=office)

    def review_refused(self) -> bool:
        """Whether any value asked was refused (the month, the staff member, the kind)."""
        return not self.is_valid()
