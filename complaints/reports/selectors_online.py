"""Reads of the supervisor's online figures (the service-level report's second half, and
the complaints report's channels): answer clocks, not consultations. An acceptance starts
one, a reopening another (once at the most); each answer counts in the month it was given,
against its own clock's due time (the first one's kept on the consultation when it is
reopened). A consultation an officer recorded as a complaint (it was one: trial P, P1) is no
consultation here: it counts among the complaints, by its channel; the month says how many
came in so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

from complaints.reports.periods import Month
from consultations.models import Channel, Consultation, ConsultationStatus, Dismissal
from pst.models import Office
from queueing.glance import median, p90, share_percent

S = ConsultationStatus
# Recorded as a complaint: a complaint that came in as a consultation, not a consultation.
A_COMPLAINT = Q(dismissal=Dismissal.COMPLAINT)


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
    to_complaints: int  # not among those received: came in then, recorded as complaints
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


@dataclass(frozen=True)
class AnswerTerms:
    """The answers a month counts, as conditions on a consultation with an answer clock: its
    latest answer or the first clock's (kept on reopening) given in the month, and of each,
    whether it came after that clock's due time. The page counts them (online_figures) and
    the export marks each row with them (month_consultations), so the two add up alike."""

    answered: Q
    first_answered: Q
    late: Q
    first_late: Q


def answer_terms(start: dt.datetime, end: dt.datetime) -> AnswerTerms:
    answered = _between("answered_at", start, end)
    first_answered = _between("first_answered_at", start, end)
    return AnswerTerms(
        answered=answered,
        first_answered=first_answered,
        late=answered & Q(answered_at__gt=F("due_at")),
        first_late=first_answered & Q(first_answered_at__gt=F("first_due_at")),
    )


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
    every = Consultation.objects.filter(office=office).order_by()
    mine = every.exclude(A_COMPLAINT)
    counts = {
        channel: Count("pk", filter=Q(channel=channel) & ~A_COMPLAINT) for channel in Channel.values
    } | {
        "dismissed": Count("pk", filter=~Q(dismissal="") & ~A_COMPLAINT),
        "to_complaints": Count("pk", filter=A_COMPLAINT),
    }
    received = (
        every.filter(_between("created_at", start, end)).exclude(status=S.DRAFT).aggregate(**counts)
    )
    # Only a consultation with an answer clock (online, or a walk-in continued online) has a
    # due time; one answered at the desk has none and is no part of the online SLA.
    terms = answer_terms(start, end)
    answered, first_answered = terms.answered, terms.first_answered
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
        late=Count("pk", filter=terms.late),
        first_late=Count("pk", filter=terms.first_late),
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
        to_complaints=received["to_complaints"],
        accepted=sums["accepted"] + sums["accepted_again"],
        answered=sums["answered"] + sums["first_answered"],
        in_time=sums["in_time"] + sums["first_in_time"],
        late=sums["late"] + sums["first_late"],
        reopened=sums["reopened"],
        open_at_end=sums["open_at_end"],
        past_due_at_end=sums["past_due_at_end"],
        answer_hours=[span.total_seconds() / 3600 for span in spans],
    )


def _one_if(condition: Q) -> Case:
    return Case(When(condition, then=1), default=0)


def month_consultations(
    office: Office, month: Month, now: dt.datetime | None = None
) -> QuerySet[Consultation]:
    """The consultations the month's online figures count, one row each: received, its
    clock started or restarted, or answered in the month, or open at its end (an earlier
    month's still waiting: the page counts it), by their number, with only what
    the export shows (no requester, question or answer). Those answered at the desk are in
    it too (they are received): the export says which ones the online SLA counts. Each row
    says what it adds to the page's answer and end-of-month figures (trial M3: the file's
    answer times, some given the next month, did not add up to the page): `answers_in_month`
    and `late_in_month` (0–2: a reopened one has two clocks), `open_at_end`,
    `past_due_at_end`."""
    zone = office.zoneinfo
    start, end = month.start(zone), month.end(zone)
    terms = answer_terms(start, end)
    open_at_end, past_due_at_end = _open_at(report_moment(office, month, now))
    clocked = Q(due_at__isnull=False)  # one answered at the desk is no part of the online SLA
    return (
        Consultation.objects.filter(office=office)
        .exclude(status=S.DRAFT)
        .exclude(A_COMPLAINT)
        .filter(
            _between("created_at", start, end)
            | _between("accepted_at", start, end)
            | _between("reopened_at", start, end)
            | _between("answered_at", start, end)
            | _between("first_answered_at", start, end)
            | clocked & open_at_end
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
        .annotate(
            answers_in_month=_one_if(clocked & terms.answered)
            + _one_if(clocked & terms.first_answered),
            late_in_month=_one_if(clocked & terms.late) + _one_if(clocked & terms.first_late),
            open_at_end=_one_if(clocked & open_at_end),
            past_due_at_end=_one_if(clocked & past_due_at_end),
        )
        .order_by("number", "pk")
    )
