"""Reads of the supervisor's service-level report: how promptly the office served in a month,
at the desks (DESIGN §2, the wait of a call) and online (answered within the office's working
days after acceptance), with the month before to compare.

Walk-in figures add up what each call recorded when it was made (queueing.glance): a call
recorded before the rule changed keeps its stored wait, and one recorded before the total
wait was kept has none, left out of the total-wait figures and counted apart.

The online figures are read in complaints.reports.selectors_online."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from complaints.reports.periods import Month
from complaints.reports.selectors_online import ChannelCount, OnlineFigures, online_figures
from pst.models import Office
from queueing.glance import Glance, GlanceRow, queue_glance
from queueing.models import TicketEvent

# -- at the desks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WalkInFigures:
    glance: Glance

    @property
    def total(self) -> GlanceRow:
        return self.glance.total

    @property
    def referred(self) -> int:
        """Visitors a service desk sent on to another service (the front office's routing of
        new arrivals is not a referral)."""
        return sum(row.referred for row in self.glance.by_service)

    @property
    def is_empty(self) -> bool:
        return not (self.total.taken or self.total.calls)

    @property
    def queues(self) -> list[GlanceRow]:
        return self.glance.queue_rows

    @property
    def priorities(self) -> list[GlanceRow]:
        """The visitors of each priority group (Glance.priority_rows)."""
        return self.glance.priority_rows

    @property
    def desks(self) -> list[GlanceRow]:
        """The desks that called someone in the month."""
        return [row for row in self.glance.by_desk if row.calls]


def walk_in_figures(office: Office, month: Month) -> WalkInFigures:
    return WalkInFigures(queue_glance(office, first=month.first_day, last=month.last_day))


def month_calls(office: Office, month: Month) -> QuerySet[TicketEvent]:
    """Every first call of the month (each recorded its wait), in the order they were made,
    with the ticket's code and priority group (as staff last checked it, as the page counts
    it), the queue and the desk: nothing that names the visitor."""
    return (
        TicketEvent.objects.of_days(office, month.first_day, month.last_day)
        .calls()
        .select_related("ticket", "service", "desk")
        .only(
            "at",
            "sla_wait_seconds",
            "total_wait_seconds",
            "sla_met",
            "sla_limit_minutes",
            "ticket__code",
            "ticket__priority",
            "service__prefix",
            "service__name",
            "service__name_en",
            "service__sla_minutes",
            "desk__name",
        )
        .order_by("at", "pk")
    )


def month_breaches(office: Office, month: Month) -> QuerySet[TicketEvent]:
    """The calls whose wait was over their service's limit (as the day's figures count them:
    a call without a verdict is no proof of one met)."""
    return month_calls(office, month).exclude(sla_met=True)


# -- the page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One line of a month-beside-the-previous table. `unit`: count, percent, minutes or
    hours (the template writes each its way)."""

    name: str  # its data-testid: walk-in-served, online-late, …
    label: str
    value: float | None
    previous: float | None
    unit: str = "count"


# (name, label, where the figures hold it, unit)
WALK_IN_FIGURES = (
    ("issued", gettext_lazy("Tickets issued"), "total.taken", "count"),
    ("served", gettext_lazy("Served"), "total.served", "count"),
    ("no-shows", gettext_lazy("Did not come"), "total.no_shows", "count"),
    ("referred", gettext_lazy("Referred to another service"), "referred", "count"),
    ("cancelled", gettext_lazy("Cancelled"), "total.cancelled", "count"),
    ("closed", gettext_lazy("Closed at day's end"), "total.closed", "count"),
    ("calls", gettext_lazy("Calls (front office and service desks)"), "total.calls", "count"),
    ("within", gettext_lazy("Calls within the limit"), "total.within_limit", "count"),
    ("compliance", gettext_lazy("Within the limit"), "total.compliance_percent", "percent"),
    ("median", gettext_lazy("Median counted wait"), "total.median_minutes", "minutes"),
    ("p90", gettext_lazy("90th percentile counted wait"), "total.p90_minutes", "minutes"),
    ("median-total", gettext_lazy("Median whole wait"), "total.median_total_minutes", "minutes"),
)
ONLINE_FIGURES = (
    ("received", pgettext_lazy("arrived", "Received"), "received_total", "count"),
    ("dismissed", gettext_lazy("Closed without an answer"), "dismissed", "count"),
    # Not among the received: complaints that came in as consultations (trial P, P1).
    ("to-complaints", gettext_lazy("Recorded as complaints"), "to_complaints", "count"),
    ("accepted", gettext_lazy("Answer clocks started (accepted or reopened)"), "accepted", "count"),
    ("answered", gettext_lazy("Answered"), "answered", "count"),
    ("in-time", gettext_lazy("Answered in time"), "in_time", "count"),
    ("late", gettext_lazy("Answered late"), "late", "count"),
    ("in-time-percent", gettext_lazy("In time"), "in_time_percent", "percent"),
    ("median-hours", gettext_lazy("Median time to answer"), "median_answer_hours", "hours"),
    ("open", gettext_lazy("Still open at the end"), "open_at_end", "count"),
    ("past-due", gettext_lazy("Open and past due at the end"), "past_due_at_end", "count"),
)


def figures_beside(
    prefix: str, table: tuple, current: object, previous: object | None
) -> list[Figure]:
    """One Figure per line of `table` (name, label, attribute path, unit), read from the
    month's figures and the previous month's (None: no previous month to read)."""
    rows = []
    for name, label, path, unit in table:
        read = attrgetter(path)
        before = read(previous) if previous is not None else None
        rows.append(Figure(f"{prefix}-{name}", str(label), read(current), before, unit))
    return rows


def channels_beside(
    prefix: str, current: list[ChannelCount], previous: list[ChannelCount] | None
) -> list[Figure]:
    """What each channel brought in the month, beside the month before (None: no month
    before to read)."""
    before = {row.channel: row.count for row in previous or []}
    return [
        Figure(f"{prefix}-{row.channel}", row.label, row.count, before.get(row.channel))
        for row in current
    ]


@dataclass(frozen=True)
class ServiceLevelReport:
    month: Month
    walk_in: WalkInFigures
    online: OnlineFigures
    previous_walk_in: WalkInFigures | None
    previous_online: OnlineFigures | None
    running: bool  # the month has not ended yet: its figures are not complete

    @property
    def walk_in_figures(self) -> list[Figure]:
        return figures_beside("walk-in", WALK_IN_FIGURES, self.walk_in, self.previous_walk_in)

    @property
    def online_figures(self) -> list[Figure]:
        return figures_beside("online", ONLINE_FIGURES, self.online, self.previous_online)

    @property
    def channel_figures(self) -> list[Figure]:
        """What each channel brought in the month."""
        return channels_beside(
            "online-channel", self.online.received, getattr(self.previous_online, "received", None)
        )


def service_level_report(
    office: Office, month: Month, now: dt.datetime | None = None
) -> ServiceLevelReport:
    now = now or timezone.now()
    previous = month.previous
    return ServiceLevelReport(
        month=month,
        walk_in=walk_in_figures(office, month),
        online=online_figures(office, month, now),
        previous_walk_in=walk_in_figures(office, previous) if previous else None,
        previous_online=online_figures(office, previous, now) if previous else None,
        running=now < month.end(office.zoneinfo),
    )
