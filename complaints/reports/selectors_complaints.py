"""Reads of the supervisor's complaint report (/supervisor/complaints/): how many complaints a
month brought, how many were closed and whether by their due time, what was still open at the
month's end, and what is open now — the month beside the previous one, every count in SQL.

One rule for "late" everywhere (complaints.handling.models.past_due): a complaint is past due
once its due time has passed, not at the due instant itself. So a complaint closed exactly at
its due time was closed in time, as the supervisors' queue never marked it overdue then.

Nothing here reads who complained or what they wrote: codes, channels, categories, statuses
and times only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from complaints.handling.models import (
    CLOSED_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    past_due,
)
from complaints.reports.periods import Month
from complaints.reports.selectors_online import ChannelCount, report_moment
from complaints.reports.selectors_service_levels import Figure, channels_beside, figures_beside
from pst.models import Office
from queueing.glance import share_percent

SECONDS_A_DAY = 86400


@dataclass(frozen=True)
class MonthTerms:
    """Which complaints each figure of a month counts, as conditions on the office's rows."""

    as_of: dt.datetime  # the month's end, or now while it runs
    received: Q
    closed: Q  # resolved or rejected in the month
    closed_late: Q  # of those closed: after their due time
    open_at_end: Q  # received before `as_of`, not closed by then
    past_due_at_end: Q  # of those open: their due time had passed by `as_of`

    @property
    def counted(self) -> Q:
        """Every complaint the month's figures count (each condition a range of one column,
        OR-ed: the month's rows and the open ones are read, not the office's years)."""
        return self.received | self.closed | self.open_at_end


def month_terms(office: Office, month: Month, now: dt.datetime | None = None) -> MonthTerms:
    zone = office.zoneinfo
    start, end = month.start(zone), month.end(zone)
    as_of = report_moment(office, month, now)
    closed = Q(resolved_at__gte=start, resolved_at__lt=end, status__in=CLOSED_STATUSES)
    open_at_end = Q(received_at__lt=as_of) & (
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=as_of)
    )
    return MonthTerms(
        as_of=as_of,
        received=Q(received_at__gte=start, received_at__lt=end),
        closed=closed,
        # Closed at the very due instant is in time: past_due's rule (see the module's text).
        closed_late=closed & Q(resolved_at__gt=F("due_at")),
        open_at_end=open_at_end,
        past_due_at_end=open_at_end & past_due(as_of),
    )


@dataclass(frozen=True)
class ComplaintMonth:
    """One month's complaint figures."""

    as_of: dt.datetime
    received: list[ChannelCount]  # every channel, also at 0
    resolved: int  # closed in the month with an answer
    rejected: int  # closed in the month with a reason
    late: int  # of those closed: after their due time
    open_at_end: int
    past_due_at_end: int
    median_days: float | None  # of those closed: received → closed, in calendar days

    @property
    def received_total(self) -> int:
        return sum(row.count for row in self.received)

    @property
    def closed(self) -> int:
        return self.resolved + self.rejected

    @property
    def in_time(self) -> int:
        return self.closed - self.late

    @property
    def in_time_percent(self) -> float | None:
        return share_percent(self.in_time, self.closed)

    @property
    def is_empty(self) -> bool:
        return not (self.received_total or self.closed or self.open_at_end)


def _median_days(closed: QuerySet[Complaint], count: int) -> float | None:
    """The median time from receipt to closing of `closed` (`count` rows): the database
    orders them and hands back only the middle one or two."""
    if not count:
        return None
    took = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    middle = list(
        closed.annotate(took=took)
        .order_by("took", "pk")
        .values_list("took", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return sum(middle, dt.timedelta()).total_seconds() / len(middle) / SECONDS_A_DAY


def complaint_month(office: Office, month: Month, now: dt.datetime | None = None) -> ComplaintMonth:
    """Two queries (one when nothing was closed), however many complaints."""
    terms = month_terms(office, month, now)
    mine = Complaint.objects.of_office(office).order_by()
    sums = mine.filter(terms.counted).aggregate(
        **{
            f"channel_{value}": Count("pk", filter=terms.received & Q(channel=value))
            for value in ComplaintChannel.values
        },
        resolved=Count("pk", filter=terms.closed & Q(status=ComplaintStatus.RESOLVED)),
        rejected=Count("pk", filter=terms.closed & Q(status=ComplaintStatus.REJECTED)),
        late=Count("pk", filter=terms.closed_late),
        open_at_end=Count("pk", filter=terms.open_at_end),
        past_due_at_end=Count("pk", filter=terms.past_due_at_end),
    )
    return ComplaintMonth(
        as_of=terms.as_of,
        received=[
            ChannelCount(value, str(label), sums[f"channel_{value}"])
            for value, label in ComplaintChannel.choices
        ],
        resolved=sums["resolved"],
        rejected=sums["rejected"],
        late=sums["late"],
        open_at_end=sums["open_at_end"],
        past_due_at_end=sums["past_due_at_end"],
        median_days=_median_days(mine.filter(terms.closed), sums["resolved"] + sums["rejected"]),
    )


def category_figures(office: Office, month: Month) -> list[Figure]:
    """The complaints received per category in the month and the month before, one query.
    A category with none in either month is left out."""
    zone = office.zoneinfo
    previous = month.previous
    since = (previous or month).start(zone)
    this_month = Q(received_at__gte=month.start(zone))
    rows = (
        Complaint.objects.of_office(office)
        .filter(received_at__gte=since, received_at__lt=month.end(zone))
        .values("category_id", "category__name", "category__name_en")
        .annotate(current=Count("pk", filter=this_month), before=Count("pk", filter=~this_month))
        .order_by("category__sort_order", "category__name", "category_id")
    )
    return [
        Figure(
            f"category-{row['category_id']}",
            ComplaintCategory(name=row["category__name"], name_en=row["category__name_en"]).label,
            row["current"],
            row["before"] if previous else None,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ComplaintsNow:
    """What the supervisors' queue holds now, whatever month the page shows."""

    open: int
    overdue: int


def complaints_now(office: Office, now: dt.datetime | None = None) -> ComplaintsNow:
    counts = (
        Complaint.objects.of_office(office)
        .open()
        .order_by()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=past_due(now or timezone.now())))
    )
    return ComplaintsNow(**counts)


# (name, label, where the month's figures hold it, unit)
COMPLAINT_FIGURES = (
    ("received", gettext_lazy("Received"), "received_total", "count"),
    ("closed", gettext_lazy("Closed in the month"), "closed", "count"),
    ("resolved", gettext_lazy("Resolved"), "resolved", "count"),
    ("rejected", gettext_lazy("Rejected"), "rejected", "count"),
    ("in-time", gettext_lazy("Closed by the due time"), "in_time", "count"),
    ("late", gettext_lazy("Closed after the due time"), "late", "count"),
    ("in-time-percent", gettext_lazy("Closed in time"), "in_time_percent", "percent"),
    ("median-days", gettext_lazy("Median time to close"), "median_days", "days"),
    ("open", gettext_lazy("Still open at the end"), "open_at_end", "count"),
    ("past-due", gettext_lazy("Open and past due at the end"), "past_due_at_end", "count"),
)


@dataclass(frozen=True)
class ComplaintReport:
    month: Month
    current: ComplaintMonth
    previous: ComplaintMonth | None  # None before the first month a report shows
    categories: list[Figure]
    now: ComplaintsNow
    running: bool  # the month has not ended yet: its figures are not complete

    @property
    def figures(self) -> list[Figure]:
        return figures_beside("complaints", COMPLAINT_FIGURES, self.current, self.previous)

    @property
    def channel_figures(self) -> list[Figure]:
        """What each channel brought in the month."""
        return channels_beside(
            "complaints-channel", self.current.received, getattr(self.previous, "received", None)
        )


def complaint_report(
    office: Office, month: Month, now: dt.datetime | None = None
) -> ComplaintReport:
    now = now or timezone.now()
    previous = month.previous
    return ComplaintReport(
        month=month,
        current=complaint_month(office, month, now),
        previous=complaint_month(office, previous, now) if previous else None,
        categories=category_figures(office, month),
        now=complaints_now(office, now),
        running=now < month.end(office.zoneinfo),
    )


# -- the rows: the page's list of late ones, the export ---------------------------------------

_COLUMNS = (
    "code",
    "channel",
    "status",
    "received_at",
    "due_at",
    "resolved_at",
    "working_days",
    "category__name",
    "category__name_en",
)


def month_past_due(
    office: Office, month: Month, now: dt.datetime | None = None
) -> QuerySet[Complaint]:
    """The complaints the month counts as late: closed in it after their due time, or open
    and past due at its end; the earliest due first, with nothing that names the
    complainant."""
    terms = month_terms(office, month, now)
    return (
        Complaint.objects.of_office(office)
        .filter(terms.closed_late | terms.past_due_at_end)
        .select_related("category")
        .only(*_COLUMNS)
        .order_by("due_at", "pk")
    )


def month_complaints(
    office: Office, month: Month, now: dt.datetime | None = None
) -> QuerySet[Complaint]:
    """Every complaint the month's figures count (received or closed in it, or open at its
    end), by receipt, each with `in_time`: closed by its due time (True/False), or still open
    and already past due (False), else None (open, not due yet)."""
    now = now or timezone.now()
    terms = month_terms(office, month, now)
    closed = Q(status__in=CLOSED_STATUSES)
    in_time = Case(
        When(closed & Q(resolved_at__lte=F("due_at")), then=Value(True)),
        When(closed | past_due(now), then=Value(False)),
        default=Value(None),
        output_field=BooleanField(null=True),
    )
    return (
        Complaint.objects.of_office(office)
        .filter(terms.counted)
        .select_related("category")
        .only(*_COLUMNS)
        .annotate(in_time=in_time)
        .order_by("received_at", "pk")
    )
