"""The officers' inbox: its filters and orders (the requests waiting for review first, by
default), how long each request has waited for review, the navigation's count of what waits
for an officer, and what each officer holds (a supervisor's hand-over)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.models import Consultation, ConsultationStatus
from consultations.references import reference_number
from consultations.selectors import (
    HELD_STATUSES,
    INBOX_PAGE_SIZE,
    OPEN_STATUSES,
    due_badge,
    held_by_someone_who_can_answer,
    unheld,
)
from pst.models import Office, User
from pst.permissions import Action, roles_that_can
from pst.workcalendar import (
    CalendarError,
    OfficeCalendar,
    working_days_elapsed,
    working_days_later,
)

S = ConsultationStatus


@dataclass(frozen=True)
class InboxFilter:
    # open, waiting (unassigned or mine: the navigation's count), unassigned, mine,
    # due_today, overdue, held (open or answered: what a hand-over moves), clarification, all
    show: str = "open"
    channel: str = ""
    subject_area: int | None = None
    text: str = ""
    sort: str = "due"  # due (waiting for review first, then by due time), newest, oldest
    held_by: int | None = None  # an officer's id: what they hold (a hand-over's check)


def waiting_for(user: User) -> Q:
    """What waits for `user`: the unassigned and their own (with the open statuses). One
    rule for the navigation's count and the list it opens (product trial N, N10: the badge
    said 96 and the list 119)."""
    return unheld() | Q(officer=user)


def review_since() -> Coalesce:
    """Since when a request waits for review: its requester's reply to a clarification, or
    its arrival."""
    return Coalesce("returned_to_review_at", "created_at")


@dataclass(frozen=True)
class ReviewWait:
    """How long a request has waited for an officer's review (accept, or ask to clarify),
    in the office's working days, and whether it is past CONSULTATION_REVIEW_WORKING_DAYS."""

    since: dt.datetime
    days: int | None  # None: not countable (a closure longer than the calendar reads)
    late: bool


def review_calendar(office: Office, first: dt.datetime, now: dt.datetime) -> OfficeCalendar:
    """The office's calendar from `first` until past any review limit counted from now (two
    queries, for every request of a page or a sweep)."""
    tz = office.zoneinfo
    weeks = 2 * settings.CONSULTATION_REVIEW_WORKING_DAYS + 20
    return OfficeCalendar(
        office,
        min(first, now).astimezone(tz).date(),
        now.astimezone(tz).date() + dt.timedelta(weeks=weeks),
        standard_week_without_hours=True,
    )


def review_wait(calendar: OfficeCalendar, since: dt.datetime, now: dt.datetime) -> ReviewWait:
    """The wait in working days; an office closed longer than the calendar counts through
    (CalendarError: the sweep skips such a request too) shows only since when it waits,
    never as late, rather than failing every officer's inbox."""
    try:
        limit = working_days_later(calendar, since, settings.CONSULTATION_REVIEW_WORKING_DAYS)
        days = working_days_elapsed(calendar, since, now)
    except CalendarError:
        return ReviewWait(since=since, days=None, late=False)
    return ReviewWait(since=since, days=days, late=now > limit)


def office_answerers(office: Office) -> QuerySet[User]:
    """The accounts that may hold the office's consultations: active, of the office, with a
    role that answers them (the rule of `consultation_held`; superusers belong to no
    office), by name."""
    return (
        User.objects.filter(
            office=office,
            is_active=True,
            is_superuser=False,
            groups__name__in=roles_that_can(Action.ANSWER_CONSULTATIONS),
        )
        .distinct()
        .order_by("full_name", "email")
    )


def held_counts(office: Office) -> dict[int, int]:
    """How many consultations of the office each officer holds (open or answered: what a
    hand-over moves), by officer id."""
    return dict(
        Consultation.objects.filter(office=office, status__in=HELD_STATUSES, officer__isnull=False)
        .order_by()
        .values("officer")
        .annotate(held=Count("pk"))
        .values_list("officer", "held")
    )


def _day_bounds(office: Office, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = now.astimezone(office.zoneinfo)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


def _inbox_rows(found: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return (
        # The requester is named on each row (product trial F: the officer opened each one).
        found.select_related("office", "subject_area", "officer", "requester", "guestbook_entry")
        .annotate(officer_can_answer=ExpressionWrapper(
            held_by_someone_who_can_answer(), output_field=BooleanField()
        ))
    )  # fmt: skip


# The accepted ones by due time; the others (waiting for the requester's clarification,
# and under "all" the ended ones) after them, oldest first.
_BY_DUE = (F("due_at").asc(nulls_last=True), "created_at", "pk")
_ORDERS = {"newest": ("-created_at", "-pk"), "oldest": ("created_at", "pk")}


class _ReviewFirst:
    """The "due" order paged as two lists, each read by an index: the requests waiting for
    review (few, oldest first), then the rest by due time (`consultation_open_order`, or
    `consultation_inbox_order` over every status: one ORDER BY CASE over both would sort
    all of an office's 140,000 consultations for each page of ?show=all; benchmarks/README.md,
    issue 10). Pages straddling the two read both."""

    def __init__(self, found: QuerySet[Consultation], waiting: int, total: int) -> None:
        self.waiting = waiting
        self.total = total
        self.review = _inbox_rows(found.filter(status=S.SUBMITTED)).order_by(
            review_since(), "created_at", "pk"
        )
        self.rest = _inbox_rows(found.exclude(status=S.SUBMITTED)).order_by(*_BY_DUE)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Consultation]:
        start, stop = window.start or 0, window.stop
        rows: list[Consultation] = []
        if start < self.waiting:
            rows += self.review[start : min(stop, self.waiting)]
        if stop > self.waiting and self.total > self.waiting:
            rows += self.rest[max(start - self.waiting, 0) : stop - self.waiting]
        return rows


def inbox_page(
    office: Office, user: User, criteria: InboxFilter, page_number: str | None, now: dt.datetime
) -> Page:
    """One page of the inbox, each row with its due badge, and the requests waiting for
    review with how long they have waited."""
    found = inbox_found(office, user, criteria, now)
    # Counted without the rows' joins: the officer's, kept in the COUNT, turned an index-only
    # count of the office's consultations into a scan of the table (12 to 70 ms over 140,000:
    # benchmarks/README.md, *Inbox again*).
    if criteria.sort in _ORDERS:
        paginator = Paginator(_inbox_rows(found), INBOX_PAGE_SIZE)
        paginator.count = found.count()
    else:
        counts = found.aggregate(
            total=Count("*"), waiting=Count("pk", filter=Q(status=S.SUBMITTED))
        )
        rows = _ReviewFirst(found, counts["waiting"], counts["total"])
        paginator = Paginator(rows, INBOX_PAGE_SIZE)
        paginator.count = counts["total"]
    page = paginator.get_page(page_number)
    waiting = [row for row in page if row.status == S.SUBMITTED]
    calendar = (
        review_calendar(office, min(row.review_since for row in waiting), now) if waiting else None
    )
    for consultation in page:
        consultation.due = due_badge(consultation, now)
        consultation.review = (
            review_wait(calendar, consultation.review_since, now)
            if calendar is not None and consultation.status == S.SUBMITTED
            else None
        )
    return page


def inbox_found(
    office: Office, user: User, criteria: InboxFilter, now: dt.datetime | None = None
) -> QuerySet[Consultation]:
    """The office's consultations its officers' inbox finds with `criteria`, in its order:
    by default the requests waiting for review first (the oldest wait first: product trial
    N, N1, they sank below every accepted one, to page 3), then by due time, then the
    oldest; or the newest, or the oldest, first."""
    now = now or timezone.now()
    rows = Consultation.objects.filter(office=office).annotate(review_since=review_since())
    reference = reference_number(criteria.text, office)
    if reference is not None:
        # A reference names one consultation: found whatever its status and the list's other
        # filters (product trial F: a closed one quoted on WhatsApp showed "0 consultations").
        return rows.filter(number=reference)
    show = criteria.show
    if show == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif show == "waiting":
        rows = rows.filter(waiting_for(user), status__in=OPEN_STATUSES)
    elif show == "unassigned":
        rows = rows.filter(unheld(), status__in=OPEN_STATUSES)
    elif show == "mine":
        rows = rows.filter(status__in=OPEN_STATUSES, officer=user)
    elif show == "due_today":
        start, end = _day_bounds(office, now)
        rows = rows.filter(status=S.ACCEPTED, due_at__gte=start, due_at__lt=end)
    elif show == "overdue":
        rows = rows.filter(status=S.ACCEPTED, due_at__lt=now)
    elif show == "held":
        rows = rows.filter(status__in=HELD_STATUSES)
    elif show == "clarification":
        rows = rows.filter(status=S.NEEDS_CLARIFICATION)
    if criteria.channel:
        rows = rows.filter(channel=criteria.channel)
    if criteria.subject_area:
        rows = rows.filter(subject_area_id=criteria.subject_area)
    if criteria.held_by:
        rows = rows.filter(officer_id=criteria.held_by)
    text = criteria.text.strip()
    if text:
        office_code, _dash, number = text.upper().removeprefix("KS-").rpartition("-")
        if office_code and office_code != office.code.upper():
            number = ""  # another office's reference (KS-6501-…) is not this office's number
        # The requester by name: their account, the name an officer recorded for a caller or
        # writer without one, or the walk-in visitor's guestbook entry.
        match = (
            Q(question__icontains=text)
            | Q(requester__full_name__icontains=text)
            | Q(requester_name__icontains=text)
            | Q(guestbook_entry__name__icontains=text)
        )
        if number.isascii() and number.isdigit() and len(number) <= 9:
            match |= Q(number=int(number))
        rows = rows.filter(match)
    if criteria.sort in _ORDERS:
        return rows.order_by(*_ORDERS[criteria.sort])
    # What inbox_page reads as two lists (_ReviewFirst), as one.
    waiting_first = Case(When(status=S.SUBMITTED, then=Value(0)), default=Value(1))
    since = Case(When(status=S.SUBMITTED, then=review_since()))
    return rows.alias(waiting_first=waiting_first, waiting_since=since).order_by(
        "waiting_first", F("waiting_since").asc(nulls_last=True), *_BY_DUE
    )


def waiting_count(office: Office, user: User) -> int:
    """What waits for an officer: unassigned open consultations and their own open ones
    (the inbox's ?show=waiting lists them)."""
    return Consultation.objects.filter(
        waiting_for(user), office=office, status__in=OPEN_STATUSES
    ).count()
