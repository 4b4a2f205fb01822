"""Reads of the queue, each a fixed number of queries whatever the number of tickets."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import Office
from queueing.models import (
    AT_DESK_STATUSES,
    OPEN_STATUSES,
    Desk,
    DeskKind,
    EventKind,
    Service,
    Stage,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from queueing.services import PRIORITY_RANK, desk_queue_filter, office_has_front_office
from queueing.sla import call_wait, desk_free_since

# Turns of the last days stand in for today's until today has its own observations.
HISTORY_DAYS = 30
TURN_EVENTS = (EventKind.FINISHED, EventKind.TRANSFERRED, EventKind.NO_SHOW)
# The console lists this many waiting tickets (in call order) and counts the rest.
CONSOLE_ROWS = 50


def office_today(office: Office, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(office.zoneinfo).date()


def office_version(office: Office) -> int:
    """The office's newest event id: every change to any queue appends an event, so the
    live pages' ETags change exactly when something happened."""
    return TicketEvent.objects.filter(office=office).aggregate(v=Max("id"))["v"] or 0


def services_with_waiting(office: Office, day: dt.date) -> list[Service]:
    """Active services with `.waiting`, the number of tickets waiting in them today. Two
    queries on today's rows only (the count does not join the office's whole history)."""
    counts = dict(
        Ticket.objects.filter(office=office, service_date=day, status=TicketStatus.WAITING)
        .values_list("service")
        .annotate(n=Count("pk"))
        .order_by()
    )
    services = list(
        Service.objects.filter(office=office, is_active=True).order_by("sort_order", "prefix")
    )
    for service in services:
        service.waiting = counts.get(service.pk, 0)
    return services


# A queue with no turn today is estimated from its latest turns of earlier days, at most this
# many (recent enough to be representative, few enough to read quickly).
HISTORY_TURNS = 200


def typical_turn_seconds(ticket: Ticket) -> float | None:
    """Median time a visitor spends at a desk in this ticket's queue: today's turns, else the
    latest HISTORY_TURNS of the last HISTORY_DAYS days, else today's turns of any queue at the
    same stage (the front office takes about as long for every service)."""
    turns = TicketEvent.objects.filter(
        # A turn of 0 seconds (called and at once sent on or finished) is a click, not an
        # observed service: counted, it would make "about 0 minutes" with people ahead.
        office_id=ticket.office_id,
        kind__in=TURN_EVENTS,
        turn_seconds__gt=0,
    )
    lane = turns.filter(service_id=ticket.service_id, stage=ticket.stage)
    for rows in (
        lane.filter(service_date=ticket.service_date),
        lane.filter(
            service_date__range=(
                ticket.service_date - dt.timedelta(days=HISTORY_DAYS),
                ticket.service_date,
            )
        ).order_by("-pk")[:HISTORY_TURNS],
        turns.filter(service_date=ticket.service_date, stage=ticket.stage),
    ):
        values = list(rows.values_list("turn_seconds", flat=True))
        if values:
            return statistics.median(values)
    return None


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: int | None  # None: no turn observed yet, so no honest estimate; 0: under a minute

    @property
    def is_next(self) -> bool:
        return self.ahead == 0


def _competition(ticket: Ticket) -> tuple[Q, int]:
    """The waiting tickets the desks that can call `ticket` choose from (a front-office desk
    calls every new arrival in order, a desk serving K and R calls both), and how many
    desks those are."""
    desks = list(
        Desk.objects.filter(office_id=ticket.office_id, is_active=True).prefetch_related("services")
    )
    front = [desk for desk in desks if desk.kind == DeskKind.FRONT_OFFICE]
    if ticket.stage == Stage.RECEPTION and front:
        return Q(stage=Stage.RECEPTION), len(front)
    takers = [
        desk
        for desk in desks
        if desk.kind == DeskKind.SERVICE
        and any(service.pk == ticket.service_id for service in desk.services.all())
    ]
    services = {service.pk for desk in takers for service in desk.services.all()}
    return Q(stage=ticket.stage, service_id__in=services or {ticket.service_id}), len(takers)


def ticket_ahead(ticket: Ticket, queue: Q | None = None) -> int:
    """Visitors who will be called before this ticket by the desks that can call it: those
    who joined earlier and, for a regular ticket, priority visitors who joined later (they go
    first)."""
    if queue is None:
        queue, _desks = _competition(ticket)
    same_queue = Ticket.objects.filter(
        queue,
        office_id=ticket.office_id,
        service_date=ticket.service_date,
        status=TicketStatus.WAITING,
    ).exclude(pk=ticket.pk)
    earlier = Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, pk__lt=ticket.pk)
    if not ticket.priority:
        earlier |= ~Q(priority="")
    else:
        earlier &= ~Q(priority="")
    return same_queue.filter(earlier).count()


def ticket_estimate(ticket: Ticket) -> Estimate:
    if ticket.status != TicketStatus.WAITING:
        return Estimate(ahead=0, minutes=0)
    queue, desks = _competition(ticket)
    ahead = ticket_ahead(ticket, queue)
    median = typical_turn_seconds(ticket)
    if median is None:
        return Estimate(ahead=ahead, minutes=None)
    seconds = ahead * median / max(1, desks)
    # 0 minutes: under a minute ("less than 1 minute"), never "about 0 minutes".
    return Estimate(ahead=ahead, minutes=math.ceil(seconds / 60) if seconds >= 60 else 0)


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
        return self.recent_calls[0] if self.recent_calls else None


CALL_KINDS = (EventKind.CALLED, EventKind.RECALLED)


def board_snapshot(office: Office, day: dt.date, *, recent: int = 10) -> Board:
    """What the waiting-room TV shows: the latest calls (each one is announced, however many
    came between two polls), the latest call of each desk, and how many wait for each
    service. Three queries."""
    calls_today = TicketEvent.objects.filter(office=office, service_date=day, kind__in=CALL_KINDS)
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

    @property
    def waiting_not_shown(self) -> int:
        return self.waiting_total - len(self.waiting)


def desk_console(desk: Desk, now: dt.datetime) -> Console:
    """The officer console of one desk: its ticket at the desk, the queue it takes with each
    ticket's SLA clock (the wait this desk would record calling it now: queueing.sla), and
    transfer targets."""
    office = desk.office
    day = office_today(office, now)
    has_front_office = office_has_front_office(office.pk)
    current = (
        Ticket.objects.filter(desk=desk, status__in=AT_DESK_STATUSES)
        .select_related("service", "guestbook_entry")
        .first()
    )
    queue = Ticket.objects.filter(
        desk_queue_filter(desk, office_has_front_office=has_front_office),
        office=office,
        service_date=day,
        status=TicketStatus.WAITING,
    )
    # The first CONSOLE_ROWS in call order (priority ones first); the rest is only counted.
    waiting = list(
        queue.select_related("service")
        .annotate(priority_rank=PRIORITY_RANK)
        .order_by("-priority_rank", "queued_at", "pk")[:CONSOLE_ROWS]
    )
    waiting_total = len(waiting) if len(waiting) < CONSOLE_ROWS else queue.count()
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
    transfer_services = list(Service.objects.filter(office=office, is_active=True))
    return Console(
        desk=desk,
        current=current,
        waiting=rows,
        waiting_total=waiting_total,
        transfer_services=transfer_services,
    )


def desks_for_officer(office: Office) -> list[Desk]:
    return list(
        Desk.objects.filter(office=office, is_active=True)
        .prefetch_related("services")
        .order_by("number")
    )


@dataclass
class GlanceRow:
    """One queue's day. Every ticket that joined it is in exactly one of the outcome columns,
    so `taken` always equals `accounted` (a referral counts in the queue it left and again in
    the queue it joined)."""

    label: str
    taken: int = 0
    served: int = 0
    referred: int = 0
    waiting: int = 0
    at_desk: int = 0
    no_shows: int = 0
    cancelled: int = 0
    closed: int = 0
    waits: list[int] = field(default_factory=list)
    breaches: int = 0
    without_guestbook: int = 0  # sent on by the front office with no guestbook entry

    @property
    def accounted(self) -> int:
        return (
            self.served
            + self.referred
            + self.waiting
            + self.at_desk
            + self.no_shows
            + self.cancelled
            + self.closed
        )

    @property
    def calls(self) -> int:
        return len(self.waits)

    @property
    def median_wait(self) -> float | None:
        return statistics.median(self.waits) if self.waits else None

    @property
    def p90_wait(self) -> int | None:
        if not self.waits:
            return None
        ordered = sorted(self.waits)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]  # nearest rank

    @property
    def median_minutes(self) -> float | None:
        return None if self.median_wait is None else self.median_wait / 60

    @property
    def p90_minutes(self) -> float | None:
        return None if self.p90_wait is None else self.p90_wait / 60


@dataclass
class Glance:
    total: GlanceRow  # every ticket of the day once; referrals are internal moves
    front_office: GlanceRow  # the reception stage (guestbook check-in)
    by_service: list[GlanceRow]  # the service stage of each service
    by_desk: list[GlanceRow]
    has_front_office: bool

    @property
    def front_office_rows(self) -> list[GlanceRow]:
        return [self.front_office]


# The event that ends a turn in a queue, and the column it counts in.
_TURN_END_COLUMN = {
    EventKind.FINISHED: "served",
    EventKind.TRANSFERRED: "referred",
    EventKind.NO_SHOW: "no_shows",
    EventKind.CANCELLED: "cancelled",
    EventKind.CLOSED: "closed",
}


def _add(rows: list[GlanceRow], column: str, n: int = 1) -> None:
    for row in rows:
        setattr(row, column, getattr(row, column) + n)


def today_glance(office: Office, day: dt.date) -> Glance:
    """The day per queue: the front-office stage and each service's stage apart. A queue's
    `taken` is every ticket that joined it (issued into it, or sent on to it); each one is
    served, referred on, waiting, at a desk, not present, cancelled or closed at day's end."""
    services = list(Service.objects.filter(office=office).order_by("sort_order", "prefix"))
    desks = list(Desk.objects.filter(office=office).order_by("number"))
    by_service = {service.pk: GlanceRow(label=str(service)) for service in services}
    by_desk = {desk.pk: GlanceRow(label=desk.name) for desk in desks}
    front_office = GlanceRow(label=str(Stage.RECEPTION.label))
    total = GlanceRow(label="")

    def queue_row(stage: str, service_id: int) -> GlanceRow:
        return front_office if stage == Stage.RECEPTION else by_service[service_id]

    open_tickets = (
        Ticket.objects.of_day(office, day)
        .filter(status__in=OPEN_STATUSES)
        .values_list("stage", "service_id", "status")
        .annotate(n=Count("pk"))
    )
    for stage, service_id, status, n in open_tickets:
        column = "waiting" if status == TicketStatus.WAITING else "at_desk"
        _add([total, queue_row(stage, service_id)], column, n)
    events = TicketEvent.objects.filter(office=office, service_date=day).values_list(
        "kind", "stage", "service_id", "to_service_id", "desk_id", "sla_wait_seconds", "sla_met",
        "without_guestbook",
    )  # fmt: skip
    for kind, stage, service_id, to_service_id, desk_id, waited, met, unrecorded in events:
        row = queue_row(stage, service_id)
        desk = [by_desk[desk_id]] if desk_id is not None else []
        if kind == EventKind.ISSUED:
            _add([total, row], "taken")
        elif kind == EventKind.CALLED:
            for target in [total, row, *desk]:
                target.waits.append(waited)
                target.breaches += 0 if met else 1
        elif kind in _TURN_END_COLUMN:
            column = _TURN_END_COLUMN[kind]
            # A transfer moves the ticket within the day: it stays one ticket in the total.
            _add([row, *desk] if kind == EventKind.TRANSFERRED else [total, row, *desk], column)
            if kind == EventKind.TRANSFERRED:
                _add([by_service[to_service_id]], "taken")
                if unrecorded:
                    _add([total, row], "without_guestbook")
    return Glance(
        total=total,
        front_office=front_office,
        by_service=[by_service[service.pk] for service in services],
        by_desk=[by_desk[desk.pk] for desk in desks],
        has_front_office=front_office.taken > 0
        or any(desk.kind == DeskKind.FRONT_OFFICE for desk in desks),
    )


def office_next_opening(office: Office, now: dt.datetime) -> dt.datetime | None:
    """When the office next opens after `now` (None if it has no opening hours or is closed
    for the next two months)."""
    from pst.workcalendar import CalendarError, OfficeCalendar

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
