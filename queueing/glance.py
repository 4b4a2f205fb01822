"""Today at a glance (the supervisor's and officers' figures of the day): each queue's tickets
by outcome, and each call's SLA wait and total wait as the call recorded them; the same for
the visitors of each priority group, and what staff did with the claims. Reads only, four
queries. The supervisor's month (complaints.reports) adds up the same way over the days of a
month (`queue_glance`)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from django.db.models import Count

from pst.models import Office
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


@dataclass
class GlanceRow:
    """One queue's day. Every ticket that joined it is in exactly one of the outcome columns,
    so `taken` always equals their sum (a referral counts in the queue it left and again in
    the queue it joined)."""

    label: str
    limit_minutes: int | None = None  # a service's waiting limit; None for the other rows
    limits: set[int] = field(default_factory=set)  # the limits its calls were judged by
    taken: int = 0
    served: int = 0
    referred: int = 0
    waiting: int = 0
    at_desk: int = 0
    no_shows: int = 0
    cancelled: int = 0
    closed: int = 0
    waits: list[int] = field(default_factory=list)
    # Joined the queue → called, whatever the desks did (DESIGN §2: it shows staffing, the
    # SLA wait promptness; trial I, I4: "0,0 menit" while people waited 1½ minutes). Calls
    # recorded before it was kept have none.
    total_waits: list[int] = field(default_factory=list)
    breaches: int = 0
    without_guestbook: int = 0  # sent on by the front office with no guestbook entry

    @property
    def calls(self) -> int:
        return len(self.waits)

    @property
    def within_limit(self) -> int:
        return self.calls - self.breaches

    @property
    def limits_shown(self) -> tuple[int, int] | None:
        """The lowest and highest limit the calls were judged by (a service's limit may
        change within a month); a service's limit today where it had no call."""
        if self.limits:
            return min(self.limits), max(self.limits)
        return (self.limit_minutes, self.limit_minutes) if self.limit_minutes else None

    @property
    def compliance_percent(self) -> float | None:
        """The share of calls within the limit, 0–100; None without calls."""
        return share_percent(self.within_limit, self.calls)

    @property
    def calls_without_total_wait(self) -> int:
        """Calls recorded before the total wait was kept: left out of its figures."""
        return self.calls - len(self.total_waits)

    @property
    def median_wait(self) -> float | None:
        return median(self.waits)

    @property
    def p90_wait(self) -> int | None:
        return p90(self.waits)

    @property
    def median_minutes(self) -> float | None:
        return _minutes(self.median_wait)

    @property
    def p90_minutes(self) -> float | None:
        return _minutes(self.p90_wait)

    @property
    def median_total_minutes(self) -> float | None:
        return _minutes(median(self.total_waits))

    @property
    def p90_total_minutes(self) -> float | None:
        return _minutes(p90(self.total_waits))


def share_percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, kept off 100 while a part is missing and off 0 while
    there is one: shown to one decimal, 1,999 of 2,000 would read "100,0 %" with a breach.
    None of nothing (no share to show, as `median` and `p90` of no values)."""
    if not whole:
        return None
    share = 100 * part / whole
    if part < whole:
        share = min(share, 99.9)
    if part > 0:
        share = max(share, 0.1)
    return share


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None for none."""
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """The 90th percentile by nearest rank: a value that was observed, which 90 % of the
    values do not exceed."""
    if not values:
        return None
    return sorted(values)[math.ceil(0.9 * len(values)) - 1]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


@dataclass
class PriorityChecks:
    """What staff did with priority claims (queueing.priorities): each check once."""

    confirmed: int = 0  # a claim kept as it was
    removed: int = 0  # a claim taken away: a regular visitor now
    given: int = 0  # a regular number given priority
    changed: int = 0  # one group for another

    def add(self, before: str, after: str) -> None:
        if before == after:
            self.confirmed += 1
        elif not after:
            self.removed += 1
        elif not before:
            self.given += 1
        else:
            self.changed += 1

    @property
    def total(self) -> int:
        return self.confirmed + self.removed + self.given + self.changed


# The groups the law gives priority service, always shown (a month without one says 0), then
# the appointments (shown when there were some) and the regular visitors to compare with.
_PRIORITY_ROWS = (
    Priority.ELDERLY,
    Priority.DISABLED,
    Priority.PREGNANT,
    Priority.APPOINTMENT,
    Priority.NONE,
)


@dataclass
class Glance:
    total: GlanceRow  # every ticket of the day once; referrals are internal moves
    front_office: GlanceRow  # the reception stage (guestbook check-in)
    by_service: list[GlanceRow]  # the service stage of each service
    by_desk: list[GlanceRow]
    has_front_office: bool
    # Every ticket once (as `total`), by its priority as staff last checked it (or as
    # claimed, unchecked), in _PRIORITY_ROWS' order; rows add up to `total`.
    by_priority: dict[str, GlanceRow] = field(default_factory=dict)
    priority_checks: PriorityChecks = field(default_factory=PriorityChecks)

    @property
    def priority_rows(self) -> list[GlanceRow]:
        """The rows a page shows: the law's groups, appointments if any, regular ones."""
        return [
            row
            for priority, row in self.by_priority.items()
            if priority != Priority.APPOINTMENT or row.taken or row.calls
        ]

    @property
    def front_office_rows(self) -> list[GlanceRow]:
        return [self.front_office]

    @property
    def queue_rows(self) -> list[GlanceRow]:
        """Every queue: the front office's (where there is one), then each service's."""
        return [self.front_office, *self.by_service] if self.has_front_office else self.by_service


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
    return queue_glance(office, first=day, last=day)


def queue_glance(office: Office, *, first: dt.date, last: dt.date) -> Glance:
    """`today_glance` over the office-local days `first` to `last` (a month), four queries
    whatever the number of tickets. A ticket counts in the days it was taken on."""
    services = list(Service.objects.filter(office=office).order_by("sort_order", "prefix"))
    desks = list(Desk.objects.filter(office=office).order_by("number"))
    by_service = {
        service.pk: GlanceRow(label=str(service), limit_minutes=service.sla_minutes)
        for service in services
    }
    by_desk = {desk.pk: GlanceRow(label=desk.name) for desk in desks}
    front_office = GlanceRow(label=str(Stage.RECEPTION.label))
    total = GlanceRow(label="")
    by_priority = {priority: GlanceRow(label=str(priority.label)) for priority in _PRIORITY_ROWS}
    checks = PriorityChecks()

    def queue_row(stage: str, service_id: int) -> GlanceRow:
        return front_office if stage == Stage.RECEPTION else by_service[service_id]

    open_tickets = (
        Ticket.objects.of_days(office, first, last)
        .open()
        .values_list("stage", "service_id", "status", "priority")
        .annotate(n=Count("pk"))
    )
    for stage, service_id, status, priority, n in open_tickets:
        column = "waiting" if status == TicketStatus.WAITING else "at_desk"
        _add([total, by_priority[priority], queue_row(stage, service_id)], column, n)
    # No ORDER BY: the sums do not depend on it, and a month has thousands of events. Each
    # event with its ticket's priority now (the visitor's group, as checked), and the one
    # it set and replaced when it is a check.
    events = TicketEvent.objects.of_days(office, first, last).order_by().values_list(
        "kind", "stage", "service_id", "to_service_id", "desk_id", "sla_wait_seconds", "sla_met",
        "total_wait_seconds", "without_guestbook", "sla_limit_minutes", "ticket__priority",
        "priority", "priority_before",
    )  # fmt: skip
    for (
        kind, stage, service_id, to_service_id, desk_id, waited, met, whole, unrecorded, limit,
        group, after, before,
    ) in events:  # fmt: skip
        row = queue_row(stage, service_id)
        visitor = by_priority[group]
        desk = [by_desk[desk_id]] if desk_id is not None else []
        if kind == EventKind.ISSUED:
            _add([total, visitor, row], "taken")
        elif kind == EventKind.PRIORITY_CHECKED:
            checks.add(before, after)
        elif kind == EventKind.CALLED:
            for target in [total, visitor, row, *desk]:
                target.waits.append(waited)
                target.breaches += 0 if met else 1
                if whole is not None:
                    target.total_waits.append(whole)
                if limit is not None:
                    target.limits.add(limit)
        elif kind in _TURN_END_COLUMN:
            column = _TURN_END_COLUMN[kind]
            # A transfer moves the ticket within the day: it stays one ticket in the total.
            ended = [row, *desk] if kind == EventKind.TRANSFERRED else [total, visitor, row, *desk]
            _add(ended, column)
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
        by_priority=by_priority,
        priority_checks=checks,
    )
