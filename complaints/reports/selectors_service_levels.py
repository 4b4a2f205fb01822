"""Reads of the supervisor's service-level report: how promptly the office served in a month,
at the desks (DESIGN §2, the wait of a call) and online (answered within the office's working
days after acceptance), with the month before to compare.

Walk-in figures add up what each call recorded when it was made (queueing.glance): a call
recorded before the rule changed keeps its stored wait, and one recorded before the total
wait was kept has none, left out of the total-wait figures and counted apart.

Online figures count answer clocks: an acceptance starts one, a reopening another (once at
the most); each answer counts in the month it was given, against its own clock's due time
(the first one's kept on the consultation when it is reopened)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from complaints.reports.periods import Month
from consultations.models import Channel, Consultation, ConsultationStatus
from pst.models import Office
from queueing.glance import Glance, GlanceRow, median, p90, queue_glance, share_percent
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
    def desks(self) -> list[GlanceRow]:
        """The desks that called someone in the month."""
        return [row for row in self.glance.by_desk if row.calls]


def walk_in_figures(office: Office, month: Month) -> WalkInFigures:
    return WalkInFigures(queue_glance(office, first=month.first_day, last=month.last_day))


def month_calls(office: Office, month: Month) -> QuerySet[TicketEvent]:
    """Every first call of the month (each recorded its wait), in the order they were made,
    with the ticket's code, the queue and the desk: nothing that names the visitor."""
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
            "service__prefix",
            "service__name",
            "service__sla_minutes",
            "desk__name",
        )
        .order_by("at", "pk")
    )


def month_breaches(office: Office, month: Month) -> QuerySet[TicketEvent]:
    """The calls whose wait was over their service's limit (as the day's figures count them:
    a call without a verdict is no proof of one met)."""
    return month_calls(office, month).exclude(sla_met=True)


# -- online -------------------------------------------------------------------------------------

S = ConsultationStatus


@dataclass(frozen=True)
class ChannelCount:
    channel: str
    label: str
    count: int


@dataclass(frozen=True)
class OnlineFigures:
    as_of: dt.datetime  # the month's end, or now for the running month
    received: list[ChannelCount]  # every channel, also at 0
    dismissed: int  # of those received: closed without an answer (spam, repeats, withdrawn)
    accepted: int  # answer clocks started in the month: acceptances and reopenings
    answered: int  # answers given in the month, each against the clock it ended
    in_time: int
    late: int
    reopened: int  # of those answered: answered again after the requester reopened them
    open_at_end: int  # a clock running at `as_of`: neither answered nor ended by then
    past_due_at_end: int  # of those open: their due time had passed by `as_of`
    answer_hours: list[float]  # of each answer: hours from its clock's start

    @property
    def received_total(self) -> int:
        return sum(row.count for row in self.received)

    @property
    def without_verdict(self) -> int:
        """Answers whose due time is not known: the first answer of a consultation reopened
        before the due time of a first answer was kept (migration consultations 0017)."""
        return self.answered - self.in_time - self.late

    @property
    def in_time_percent(self) -> float | None:
        return share_percent(self.in_time, self.in_time + self.late)

    @property
    def median_answer_hours(self) -> float | None:
        return median(self.answer_hours)

    @property
    def p90_answer_hours(self) -> float | None:
        return p90(self.answer_hours)

    @property
    def is_empty(self) -> bool:
        return not (self.received_total or self.accepted or self.answered or self.open_at_end)


def _between(field: str, start: dt.datetime, end: dt.datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _not_before(field: str, moment: dt.datetime) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": moment})


def _open_at(moment: dt.datetime) -> tuple[Q, Q]:
    """Whose clock was running at `moment`: the latest clock (started, neither answered nor
    ended by then), or the first clock of a consultation reopened later (accepted before
    `moment`, first answered after it). And of those, whose due time had passed."""
    # answered_at's two cases apart, so that each part reads a range of an index
    latest = (
        Q(clock_started_at__lt=moment)
        & (Q(answered_at__isnull=True) | Q(answered_at__gte=moment))
        & _not_before("closed_at", moment)
    )
    first = Q(accepted_at__lt=moment, first_answered_at__gte=moment)
    past_due = (latest & Q(due_at__lt=moment)) | (first & Q(first_due_at__lt=moment))
    return latest | first, past_due


def report_moment(office: Office, month: Month, now: dt.datetime | None = None) -> dt.datetime:
    """Until when the month is counted: its end, or now while it runs."""
    return min(month.end(office.zoneinfo), now or timezone.now())


def online_figures(office: Office, month: Month, now: dt.datetime | None = None) -> OnlineFigures:
    """Four queries, however many consultations. A consultation has two answer clocks at the
    most (it is reopened once at the most): the first one's answer is kept on reopening
    (`first_answered_at`, `first_due_at`), so the month that saw it keeps counting it."""
    zone = office.zoneinfo
    start, end = month.start(zone), month.end(zone)
    as_of = report_moment(office, month, now)
    mine = Consultation.objects.filter(office=office).order_by()
    counts = {channel: Count("pk", filter=Q(channel=channel)) for channel in Channel.values} | {
        "dismissed": Count("pk", filter=~Q(dismissal=""))
    }
    received = (
        mine.filter(_between("created_at", start, end)).exclude(status=S.DRAFT).aggregate(**counts)
    )
    # Only a consultation with an answer clock (online, or a walk-in continued online) has a
    # due time; one answered at the desk has none and is no part of the online SLA.
    answered = _between("answered_at", start, end)
    first_answered = _between("first_answered_at", start, end)
    open_at_end, past_due_at_end = _open_at(as_of)
    # An acceptance starts a clock, save the one an answer at an appointment recorded before
    # any acceptance (a consultation reopened without a first answer to keep had none).
    started = _between("accepted_at", start, end) & ~Q(
        reopened_at__isnull=False, first_answered_at__isnull=True
    )
    restarted = _between("reopened_at", start, end)
    clocked = mine.filter(due_at__isnull=False)
    # Each condition is a range of one index (consultations' report indexes), OR-ed into one
    # bitmap: the month's rows are read, not the office's years.
    sums = clocked.filter(started | restarted | answered | first_answered).aggregate(
        accepted=Count("pk", filter=started),
        accepted_again=Count("pk", filter=restarted),
        answered=Count("pk", filter=answered),
        first_answered=Count("pk", filter=first_answered),
        in_time=Count("pk", filter=answered & Q(answered_at__lte=F("due_at"))),
        first_in_time=Count(
            "pk", filter=first_answered & Q(first_answered_at__lte=F("first_due_at"))
        ),
        late=Count("pk", filter=answered & Q(answered_at__gt=F("due_at"))),
        first_late=Count("pk", filter=first_answered & Q(first_answered_at__gt=F("first_due_at"))),
        reopened=Count("pk", filter=answered & Q(reopened_at__isnull=False)),
    ) | clocked.filter(open_at_end).aggregate(
        open_at_end=Count("pk"), past_due_at_end=Count("pk", filter=past_due_at_end)
    )
    # The database subtracts: one duration a row instead of four timestamps to read (a busy
    # month's thousands of answers spent most of the page's time turning them into Python).
    took = {
        "latest": Case(When(answered, then=F("answered_at") - F("clock_started_at"))),
        "first": Case(When(first_answered, then=F("first_answered_at") - F("accepted_at"))),
    }
    spans = [
        span
        for pair in clocked.filter(answered | first_answered)
        .annotate(
            **{name: ExpressionWrapper(value, DurationField()) for name, value in took.items()}
        )
        .values_list("latest", "first")
        for span in pair
        if span is not None
    ]
    return OnlineFigures(
        as_of=as_of,
        received=[
            ChannelCount(value, str(label), received[value]) for value, label in Channel.choices
        ],
        dismissed=received["dismissed"],
        accepted=sums["accepted"] + sums["accepted_again"],
        answered=sums["answered"] + sums["first_answered"],
        in_time=sums["in_time"] + sums["first_in_time"],
        late=sums["late"] + sums["first_late"],
        reopened=sums["reopened"],
        open_at_end=sums["open_at_end"],
        past_due_at_end=sums["past_due_at_end"],
        answer_hours=[span.total_seconds() / 3600 for span in spans],
    )


def month_consultations(office: Office, month: Month) -> QuerySet[Consultation]:
    """The consultations the month's online figures count, one row each: received, its
    clock started or restarted, or answered in the month, by their number, with only what
    the export shows (no requester, question or answer). Those answered at the desk are in
    it too (they are received): the export says which ones the online SLA counts."""
    zone = office.zoneinfo
    start, end = month.start(zone), month.end(zone)
    return (
        Consultation.objects.filter(office=office)
        .exclude(status=S.DRAFT)
        .filter(
            _between("created_at", start, end)
            | _between("accepted_at", start, end)
            | _between("reopened_at", start, end)
            | _between("answered_at", start, end)
            | _between("first_answered_at", start, end)
        )
        .select_related("office", "subject_area")
        .only(
            "number",
            "channel",
            "created_at",
            "accepted_at",
            "clock_started_at",
            "due_at",
            "answered_at",
            "reopened_at",
            "first_due_at",
            "first_answered_at",
            "office__code",
            "subject_area__name",
            "subject_area__name_en",
        )
        .order_by("number", "pk")
    )


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
