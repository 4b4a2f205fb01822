"""Reads of the queue, each a fixed number of queries whatever the number of tickets."""

from __future__ import annotations

import datetime as dt
import math
import operator
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce

from django.core.cache import caches
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import Office
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.desks import office_has_front_office
from queueing.models import (
    Desk,
    DeskKind,
    EventKind,
    Priority,
    Service,
    Stage,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from queueing.querysets import PRIORITY_RANK, priority_rank
from queueing.sla import call_wait, desk_free_since

# Turns of the last days stand in for today's until today has its own observations.
HISTORY_DAYS = 30
# The console lists this many waiting tickets (in call order) and counts the rest.
CONSOLE_ROWS = 50
# Priority visitors go first, but never more than this many in a row in a queue while
# regular visitors wait, so nobody starves.
MAX_PRIORITY_IN_A_ROW = 2


def office_today(office: Office, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(office.zoneinfo).date()


# Whether the office is open changes twice a day, but every display board asks at each poll:
# each worker remembers today's hours this long (an edit to them shows within a minute).
DAY_HOURS_REMEMBERED_SECONDS = 60


def office_day_hours(office: Office, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The office's opening and closing moments on `day`; None when it does not open (or has
    no opening hours at all)."""
    try:
        calendar = OfficeCalendar(office, day, day)
    except CalendarError:
        return None
    if not calendar.is_working_day(day):
        return None
    return calendar.opening(day), calendar.closing(day)


def office_is_open(office: Office, now: dt.datetime, *, remembered: bool = False) -> bool:
    """Whether the office takes visitors at `now`. `remembered`: from hours up to a minute
    old, with no query most of the time, for the live pages; rules (issuing) read them fresh."""
    day = office_today(office, now)
    if remembered:
        hours = caches["local"].get_or_set(
            f"office-day-hours:{office.pk}:{day.isoformat()}",
            lambda: office_day_hours(office, day) or (),  # () is remembered, None would not be
            DAY_HOURS_REMEMBERED_SECONDS,
        )
    else:
        hours = office_day_hours(office, day)
    return bool(hours) and hours[0] <= now < hours[1]


def office_version(office: Office) -> int:
    """The office's newest event id: every change to any queue appends an event, so the
    live pages' ETags change exactly when something happened."""
    return TicketEvent.objects.filter(office=office).aggregate(v=Max("id"))["v"] or 0


def services_with_waiting(office: Office, day: dt.date, *, offered: bool = False) -> list[Service]:
    """Active services with `.waiting`, the number of tickets waiting in them today. Two
    queries on today's rows only (the count does not join the office's whole history).
    `offered` (the kiosk, the phone page) adds `.available`: whether a number is given."""
    counts = dict(
        Ticket.objects.of_day(office, day)
        .waiting()
        .values_list("service")
        .annotate(n=Count("pk"))
        .order_by()
    )
    services = list(Service.objects.active().filter(office=office).order_by("sort_order", "prefix"))
    # Without a front office a ticket waits for the service's own desks: a service no
    # active desk takes is shown, not offered (its visitors would wait for nobody).
    served = None
    if offered and not office_has_front_office(office.pk):
        desks = Service.objects.with_service_desk().filter(office=office)
        served = set(desks.values_list("pk", flat=True))
    for service in services:
        service.waiting = counts.get(service.pk, 0)
        service.available = served is None or service.pk in served
    return services


# A queue with no turn today is estimated from its latest turns of earlier days, at most this
# many (recent enough to be representative, few enough to read quickly).
HISTORY_TURNS = 200


def typical_turn_seconds(ticket: Ticket, *, stage: str) -> float | None:
    """Median time a visitor spends at a desk in this ticket's queue at `stage` (where the
    desks that will call it work): today's turns, else the latest HISTORY_TURNS of the last
    HISTORY_DAYS days, else today's turns of any queue at the same stage (the front office
    takes about as long for every service)."""
    # A turn of 0 seconds (called and at once sent on or finished) is a click, not an
    # observed service: counted, it would make "about 0 minutes" with people ahead. A turn the
    # day's close ended has no length: nobody observed its end.
    turns = TicketEvent.objects.turn_ends().filter(office_id=ticket.office_id, turn_seconds__gt=0)
    lane = turns.filter(service_id=ticket.service_id, stage=stage)
    for rows in (
        lane.filter(service_date=ticket.service_date),
        lane.filter(
            service_date__range=(
                ticket.service_date - dt.timedelta(days=HISTORY_DAYS),
                ticket.service_date,
            )
        ).order_by("-pk")[:HISTORY_TURNS],
        turns.filter(service_date=ticket.service_date, stage=stage),
    ):
        values = list(rows.values_list("turn_seconds", flat=True))
        if values:
            return statistics.median(values)
    return None


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: int | None  # None: no turn observed yet, so no honest estimate; 0: under a minute
    # The front office will call the ticket: "ahead" counts everyone waiting there, whatever
    # their service, and the page says so (else it looks larger than the service's figure).
    at_front_office: bool = False

    @property
    def is_next(self) -> bool:
        return self.ahead == 0


@dataclass(frozen=True)
class SharedQueue:
    """The queue a waiting ticket shares with others, as the desks that will call it see it."""

    tickets: Q  # what those desks choose from; events share the fields, so it reads both
    desks: int
    at_front_office: bool


def _shared_queue(ticket: Ticket) -> SharedQueue:
    """The tickets the desks that can call `ticket` choose from (a front-office desk calls
    every new arrival in order, a desk serving K and R calls both), and how many desks those
    are. Two queries."""
    desks = list(
        Desk.objects.active().filter(office_id=ticket.office_id).prefetch_related("services")
    )
    has_front_office = any(desk.kind == DeskKind.FRONT_OFFICE for desk in desks)
    # The desks' own rule (Desk.queue_filter), not the ticket's stage: a ticket still at the
    # reception stage when the front office was taken out of use is called by the service
    # desks, among their other visitors (trial: it was told "you're next" behind them).
    takers = [
        desk for desk in desks if desk.takes(ticket, office_has_front_office=has_front_office)
    ]
    if not takers:  # nobody would call it (desks changed meanwhile): its own lane
        tickets = Q(stage=ticket.stage, service_id=ticket.service_id)
    else:
        tickets = reduce(
            operator.or_,
            (desk.queue_filter(office_has_front_office=has_front_office) for desk in takers),
        )
    return SharedQueue(
        tickets=tickets,
        desks=len(takers),
        at_front_office=has_front_office and ticket.stage == Stage.RECEPTION,
    )


def ticket_ahead(ticket: Ticket, queue: SharedQueue | None = None) -> int:
    """Visitors "call next" will take before this ticket in its queue: its position in
    call_order_kinds (priority visitors first, a regular one after every
    MAX_PRIORITY_IN_A_ROW priority calls in a row), the order the desks and the console use,
    so the ticket and the console never disagree (trial: K-001 was told 3 ahead, really 2).
    One query whatever the queue's length (given the SharedQueue)."""
    if queue is None:
        queue = _shared_queue(ticket)
    others = (
        Ticket.objects.of_day(ticket.office_id, ticket.service_date)
        .waiting()
        .filter(queue.tickets)
        .exclude(pk=ticket.pk)
        .annotate(priority_rank=PRIORITY_RANK)
    )
    regular = Q(priority=Priority.NONE)
    joined_earlier = Q(queued_at__lt=ticket.queued_at) | Q(
        queued_at=ticket.queued_at, pk__lt=ticket.pk
    )
    # Within a kind, in_call_order's order: the higher rank (an appointment) first, then who
    # joined first.
    rank = priority_rank(ticket.priority)
    before_of_its_kind = (Q(priority_rank__gt=rank) | Q(priority_rank=rank) & joined_earlier) & (
        regular if not ticket.priority else ~regular
    )
    # The streak is read in the same query (the page is polled by every waiting phone): the
    # latest calls' priorities as constant subqueries, one per place back from the last.
    latest = _latest_calls(office_id=ticket.office_id, day=ticket.service_date, queue=queue.tickets)
    counts = others.aggregate(
        before=Count("pk", filter=before_of_its_kind),
        # Not named after the field: an alias "priority" would shadow it in the filters.
        priority_waiting=Count("pk", filter=~regular),
        regular_waiting=Count("pk", filter=regular),
        **{
            f"call_{back}": Max(Subquery(latest[back : back + 1]))
            for back in range(MAX_PRIORITY_IN_A_ROW)
        },
    )
    is_priority = bool(ticket.priority)
    priority = counts["priority_waiting"] + (1 if is_priority else 0)
    regular_count = counts["regular_waiting"] + (0 if is_priority else 1)
    # Without another waiting visitor the aggregate has no row to read the calls from; the
    # order is then the ticket's alone, whatever the streak.
    streak = _streak(counts[f"call_{back}"] for back in range(MAX_PRIORITY_IN_A_ROW))
    return call_position(
        priority=is_priority,
        index=counts["before"],
        priority_waiting=priority,
        regular_waiting=regular_count,
        streak=streak,
    )


def ticket_estimate(ticket: Ticket) -> Estimate:
    if ticket.status != TicketStatus.WAITING:
        return Estimate(ahead=0, minutes=0)
    queue = _shared_queue(ticket)
    ahead = ticket_ahead(ticket, queue)
    # The turns of the desks that will call it: a reception ticket left when the front
    # office went out of use is served at a service desk, as long as a service turn.
    stage = Stage.RECEPTION if queue.at_front_office else Stage.SERVICE
    median = typical_turn_seconds(ticket, stage=stage)
    if median is None:
        return Estimate(ahead=ahead, minutes=None, at_front_office=queue.at_front_office)
    seconds = ahead * median / max(1, queue.desks)
    # 0 minutes: under a minute ("less than 1 minute"), never "about 0 minutes".
    return Estimate(
        ahead=ahead,
        minutes=math.ceil(seconds / 60) if seconds >= 60 else 0,
        at_front_office=queue.at_front_office,
    )


def ticket_closed_at_day_end(ticket: Ticket) -> bool:
    """Whether the day's close ended the visit while the visitor was at a desk: queue_close_day
    marks it done, with a CLOSED event instead of FINISHED, since nobody confirmed the end of
    the service. The reports count it "closed at the day's end", not served (queueing.glance),
    so the visitor's page and the rating say the same. A query only for a done ticket."""
    if ticket.status != TicketStatus.DONE:
        return False
    return TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CLOSED).exists()


def ticket_served_at(
    ticket: Ticket, *, closed_at_day_end: bool | None = None
) -> dt.datetime | None:
    """When the visit ended with the visitor served (what its rating rates, pst.rating_links);
    None for a ticket passed over, cancelled, still open or closed at the day's end (nobody
    finished it: ticket_closed_at_day_end, which a caller that read it already passes as
    `closed_at_day_end`), and for one whose consultation goes on online (rated with that
    answer: consultations.selectors.consultation_served_at)."""
    if ticket.status != TicketStatus.DONE or ticket.rated_after_answer:
        return None
    if closed_at_day_end is None:
        closed_at_day_end = ticket_closed_at_day_end(ticket)
    return None if closed_at_day_end else ticket.finished_at


def get_ticket_by_token(token: str) -> Ticket:
    ticket = Ticket.objects.select_related("office", "service", "desk").filter(token=token).first()
    if ticket is None:
        raise Http404(_("No such ticket."))
    return ticket


@dataclass
class Board:
    recent_calls: list[TicketEvent]  # newest first
    last_per_desk: list[TicketEvent]
    services: list[Service]

    @property
    def now_calling(self) -> TicketEvent | None:
        """The newest call while its visitor is still called to, or served at, that desk: a
        visitor marked not present, finished or closed for the day is no longer "now
        calling" (a late visitor read it and walked to an empty desk: trial E)."""
        for call in self.recent_calls:  # newest first
            ticket = call.ticket
            if ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING):
                # Its latest call is the one that counts (a recall, another desk after a
                # transfer); an older call of a visitor still served elsewhere is not "now".
                return call if ticket.desk_id == call.desk_id else None
        return None

    def announcements(self) -> list[tuple[TicketEvent, bool]]:
        """Every call the board may speak, oldest first, each with whether it is still
        current: the newest call of its desk, its visitor still called there. A board back
        after a gap (network, server restart) speaks only current ones: a call whose visitor
        was meanwhile served, sent on or marked not present would send people to the wrong
        desk (trial I). The desks' last calls are added, however old, so a call still current
        is never lost behind ten newer ones of other desks."""
        latest = {call.pk for call in self.last_per_desk}
        calls = {call.pk: call for call in (*self.recent_calls, *self.last_per_desk)}
        return [
            (
                call,
                call.pk in latest
                and call.ticket.status == TicketStatus.CALLED
                and call.ticket.desk_id == call.desk_id,
            )
            for _, call in sorted(calls.items())
        ]


def board_snapshot(office: Office, day: dt.date, *, recent: int = 10) -> Board:
    """What the waiting-room TV shows: the latest calls (each one is announced, however many
    came between two polls; after a gap only the current ones: Board.announcements), the
    latest call of each desk, and how many wait for each
    service. Three queries."""
    calls_today = TicketEvent.objects.of_day(office, day).calls(with_recalls=True)
    recent_calls = list(calls_today.select_related("ticket", "desk").order_by("-pk")[:recent])
    latest_per_desk = calls_today.filter(desk=OuterRef("desk")).order_by("-pk").values("pk")[:1]
    last_per_desk = list(
        calls_today.filter(pk=Subquery(latest_per_desk))
        .select_related("ticket", "desk")
        .order_by("desk__number")
    )
    return Board(
        recent_calls=recent_calls,
        last_per_desk=last_per_desk,
        services=services_with_waiting(office, day),
    )


@dataclass
class WaitingRow:
    ticket: Ticket
    clock_start: dt.datetime | None  # None: this desk is busy, its clock starts when it is free


@dataclass
class Console:
    desk: Desk
    current: Ticket | None
    waiting: list[WaitingRow]
    waiting_total: int
    transfer_services: list[Service]
    no_desk_services: list[Service]

    @property
    def waiting_not_shown(self) -> int:
        return self.waiting_total - len(self.waiting)

    @property
    def no_desk_names(self) -> str:
        """As the transfer list names services (K · Konsultasi Statistik)."""
        return ", ".join(f"{service.prefix} · {service.name}" for service in self.no_desk_services)


def priority_streak(desk: Desk, day: dt.date, *, has_front_office: bool) -> int:
    """How many of the latest calls today in the queue `desk` takes (by any desk taking it),
    counted back from the last, were priority visitors."""
    queue = desk.queue_filter(office_has_front_office=has_front_office)
    latest = _latest_calls(office_id=desk.office_id, day=day, queue=queue)
    return _streak(latest[:MAX_PRIORITY_IN_A_ROW])


def _latest_calls(*, office_id: int, day: dt.date, queue: Q) -> QuerySet:
    """The priorities of the visitors called today in `queue` (a Desk.queue_filter, or
    SharedQueue.tickets: events share the tickets' fields), the latest call first."""
    return (
        TicketEvent.objects.of_day(office_id, day)
        .calls()
        .filter(queue)
        .order_by("-pk")
        .values_list("ticket__priority", flat=True)
    )


def _streak(latest_priorities: Iterable[str | None]) -> int:
    # None: no call there (fewer calls today than MAX_PRIORITY_IN_A_ROW), which ends it too.
    streak = 0
    for priority in latest_priorities:
        if not priority:
            break
        streak += 1
    return streak


def regular_is_due(streak: int) -> bool:
    """After MAX_PRIORITY_IN_A_ROW priority calls in a row a waiting regular visitor goes
    next (ticket_call_next asks it of the database's order, call_order_kinds of the counts)."""
    return streak >= MAX_PRIORITY_IN_A_ROW


def call_order_kinds(*, priority: int, regular: int, streak: int) -> Iterator[bool]:
    """The call order of a queue where `priority` priority and `regular` regular visitors
    wait, each kind in in_call_order's order, `streak` priority calls just made: True for
    the next priority visitor, False for the next regular one. The one statement of the
    rule: the console's list (in_the_order_called) and each visitor's "people ahead"
    (ticket_ahead) both read it, so they cannot disagree."""
    while priority or regular:
        if regular and (not priority or regular_is_due(streak)):
            regular -= 1
            streak = 0
            yield False
        else:
            priority -= 1
            streak += 1
            yield True


def call_position(
    *, priority: bool, index: int, priority_waiting: int, regular_waiting: int, streak: int
) -> int:
    """How many are called before the visitor `index` places into their kind (`priority` or
    regular) in call_order_kinds: their "people ahead". Counts in, no rows: the status page
    needs no list of the queue however long it is."""
    seen = 0
    for position, is_priority in enumerate(
        call_order_kinds(priority=priority_waiting, regular=regular_waiting, streak=streak)
    ):
        if is_priority == priority:
            if seen == index:
                return position
            seen += 1
    raise ValueError("index is beyond the visitors of its kind")


def in_the_order_called(priority: list[Ticket], regular: list[Ticket], streak: int) -> list[Ticket]:
    """The waiting visitors in the order "call next" will take them (ticket_call_next):
    priority ones first, a regular one after every MAX_PRIORITY_IN_A_ROW priority calls
    in a row while regulars wait (call_order_kinds). The console lists them so (trial E: it
    showed every priority visitor first, and the officer was told one order and called in
    another)."""
    p, r = iter(priority), iter(regular)
    return [
        next(p) if is_priority else next(r)
        for is_priority in call_order_kinds(
            priority=len(priority), regular=len(regular), streak=streak
        )
    ]


def desk_console(desk: Desk, now: dt.datetime) -> Console:
    """The officer console of one desk: its ticket at the desk, the queue it takes with each
    ticket's SLA clock (the wait this desk would record calling it now: queueing.sla), and
    transfer targets."""
    office = desk.office
    day = office_today(office, now)
    has_front_office = desk.kind == DeskKind.FRONT_OFFICE or office_has_front_office(office.pk)
    current = (
        Ticket.objects.at_desk()
        .filter(desk=desk)
        .select_related("service", "guestbook_entry")
        .first()
    )
    queue = (
        Ticket.objects.of_day(office, day)
        .waiting()
        .for_desk(desk, office_has_front_office=has_front_office)
    )
    # The first CONSOLE_ROWS in the order they will be called; the rest is only counted.
    rows_of = queue.select_related("service").in_call_order()
    priority = list(rows_of.exclude(priority=Priority.NONE)[:CONSOLE_ROWS])
    regular = list(rows_of.filter(priority=Priority.NONE)[:CONSOLE_ROWS])
    if priority and regular:
        streak = priority_streak(desk, day, has_front_office=has_front_office)
    else:
        streak = 0  # one kind waits: the order is theirs, whatever the streak
    waiting = in_the_order_called(priority, regular, streak)[:CONSOLE_ROWS]
    shown = len(priority) + len(regular)
    waiting_total = (
        shown if len(priority) < CONSOLE_ROWS and len(regular) < CONSOLE_ROWS else queue.count()
    )
    # A busy desk cannot call now: its clocks start when its visitor leaves.
    free_since = desk_free_since(desk, now) if current is None and waiting else None
    rows = []
    for ticket in waiting:
        start = None
        if free_since is not None:
            start = call_wait(
                joined=ticket.queued_at,
                desk_free_since=free_since,
                called_at=now,
                limit_minutes=ticket.service.sla_minutes,
            ).clock_start
        rows.append(WaitingRow(ticket=ticket, clock_start=start))
    # Only the visitor at the desk can be transferred: a free desk's console (what polls
    # mostly render) does without the query.
    services = (
        list(Service.objects.active().annotate_has_service_desk().filter(office=office))
        if current is not None
        else []
    )
    return Console(
        desk=desk,
        current=current,
        waiting=rows,
        waiting_total=waiting_total,
        transfer_services=[service for service in services if service.has_service_desk],
        # Named under the list, so that a missing service is explained (review of trial E).
        no_desk_services=[service for service in services if not service.has_service_desk],
    )


def desks_for_officer(office: Office) -> list[Desk]:
    return list(
        Desk.objects.active().filter(office=office).prefetch_related("services").order_by("number")
    )


def office_next_opening(office: Office, now: dt.datetime) -> dt.datetime | None:
    """When the office next opens after `now` (None if it has no opening hours or is closed
    for the next two months)."""
    today = now.astimezone(office.zoneinfo).date()
    try:
        calendar = OfficeCalendar(office, today, today + dt.timedelta(days=60))
    except CalendarError:
        return None
    for offset in range(61):
        day = today + dt.timedelta(days=offset)
        if calendar.is_working_day(day) and calendar.opening(day) > now:
            return calendar.opening(day)
    return None
