"""The order the desks call waiting visitors in, and what it means for one of them: how many
are called before them and about how long that takes (the ticket's status page). One statement
of the rule (call_order_kinds), read by "call next" (queueing.services), the console's list
(queueing.selectors.desk_console) and each visitor's "people ahead", so they cannot disagree.
Each read is a fixed number of queries whatever the queue's length."""

from __future__ import annotations

import datetime as dt
import math
import operator
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from queueing.models import (
    Desk,
    DeskKind,
    DeskSession,
    Priority,
    Stage,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from queueing.querysets import PRIORITY_RANK, priority_rank

# Priority visitors go first, but never more than this many in a row in a queue while
# regular visitors wait, so nobody starves.
MAX_PRIORITY_IN_A_ROW = 2

# Turns of the last days stand in for today's until today has its own observations.
HISTORY_DAYS = 30

# A queue with no turn today is estimated from its latest turns of earlier days, at most this
# many (recent enough to be representative, few enough to read quickly).
HISTORY_TURNS = 200


def typical_turn_seconds(ticket: Ticket, *, stage: str) -> float | None:
    """Median time a served visitor spends at a desk in this ticket's queue at `stage` (where
    the desks that will call it work): today's turns, else the latest HISTORY_TURNS of the
    last HISTORY_DAYS days, else today's turns of any queue at the same stage (the front
    office takes about as long for every service). Only turns that served the visitor
    (served_turns): a no-show or a visitor sent on unserved is over in a minute or two, and
    counted would promise minutes where a consultation takes a quarter of an hour."""
    # A turn of 0 seconds (called and at once sent on or finished) is a click, not an
    # observed service: counted, it would make "about 0 minutes" with people ahead.
    turns = TicketEvent.objects.served_turns().filter(
        office_id=ticket.office_id, turn_seconds__gt=0
    )
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
    # False: no officer is at any desk that calls the ticket now, so nobody can say when it
    # will be called (minutes is None then).
    staffed: bool = True
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
    desks: int  # of those desks, the ones an officer holds now (DeskSession): the capacity
    at_front_office: bool


def _shared_queue(ticket: Ticket) -> SharedQueue:
    """The tickets the desks that can call `ticket` choose from (a front-office desk calls
    every new arrival in order, a desk serving K and R calls both), and how many desks those
    are staffed. Two queries."""
    # Capacity is the desks officers hold now, not those configured: a spare desk or a
    # colleague's desk while on leave calls nobody (trial N, N3: they shortened the estimate).
    staffed = DeskSession.objects.staffed(ticket.office, timezone.now()).filter(desk=OuterRef("pk"))
    desks = list(
        Desk.objects.active()
        .filter(office_id=ticket.office_id)
        .annotate(staffed=Exists(staffed))
        .prefetch_related("services")
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
        desks=sum(1 for desk in takers if desk.staffed),
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
    if not queue.desks:
        # Nobody at a desk that calls it: any figure would be made up.
        return Estimate(
            ahead=ahead, minutes=None, staffed=False, at_front_office=queue.at_front_office
        )
    median = typical_turn_seconds(ticket, stage=stage)
    if median is None:
        return Estimate(ahead=ahead, minutes=None, at_front_office=queue.at_front_office)
    seconds = ahead * median / queue.desks
    # 0 minutes: under a minute ("less than 1 minute"), never "about 0 minutes".
    return Estimate(
        ahead=ahead,
        minutes=math.ceil(seconds / 60) if seconds >= 60 else 0,
        at_front_office=queue.at_front_office,
    )


def priority_streak(desk: Desk, day: dt.date, *, has_front_office: bool) -> int:
    """How many of the latest calls today in the queue `desk` takes (by any desk taking it),
    counted back from the last, were priority visitors."""
    queue = desk.queue_filter(office_has_front_office=has_front_office)
    latest = _latest_calls(office_id=desk.office_id, day=day, queue=queue)
    return _streak(latest[:MAX_PRIORITY_IN_A_ROW])


def _latest_calls(*, office_id: int, day: dt.date, queue: Q) -> QuerySet:
    """The priorities of the visitors called today in `queue` (a Desk.queue_filter, or
    SharedQueue.tickets: events share the tickets' fields), the latest call first: each as
    the call was made (TicketEvent.priority). A claim removed by staff after its call
    (queueing.priorities) leaves that call a priority one: the visitor went first."""
    return (
        TicketEvent.objects.of_day(office_id, day)
        .calls()
        .filter(queue)
        .order_by("-pk")
        .values_list("priority", flat=True)
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
