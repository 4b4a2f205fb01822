"""The questions the queue's code asks of its tables, named once: `Ticket.objects.waiting()`,
`.for_desk(desk, …)`, `.of_day(office, day)`, `.of_days(office, first, last)`,
`.in_call_order()`, `TicketEvent.objects.calls()`, `.turn_ends()`, `.served_turns()`,
`Desk.objects.active().front_office()`, `DeskSession.objects.staffed(office, now)`, …"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When

from queueing.choices import (
    AT_DESK_STATUSES,
    CALL_KINDS,
    OPEN_STATUSES,
    TURN_END_KINDS,
    DeskKind,
    EventKind,
    Priority,
    TicketStatus,
)

if TYPE_CHECKING:
    from pst.models import Office, User
    from queueing.models import Desk, Ticket, TicketEvent


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)

    def with_service_desk(self) -> ServiceQuerySet:
        """Services an active service desk takes: a visitor sent to one is called by someone
        (the front office receives arrivals, it does not take a service's queue)."""
        return self.annotate_has_service_desk().filter(has_service_desk=True)

    def annotate_has_service_desk(self) -> ServiceQuerySet:
        """Each service with `.has_service_desk` (what with_service_desk() keeps)."""
        desk_model = self.model._meta.get_field("desks").related_model
        desks = desk_model.objects.filter(is_active=True, services=OuterRef("pk")).exclude(
            kind=DeskKind.FRONT_OFFICE
        )
        return self.annotate(has_service_desk=Exists(desks))


class DeskQuerySet(models.QuerySet["Desk"]):
    def active(self) -> DeskQuerySet:
        return self.filter(is_active=True)

    def front_office(self) -> DeskQuerySet:
        return self.filter(kind=DeskKind.FRONT_OFFICE)


def office_day_start(office: Office, now: dt.datetime) -> dt.datetime:
    """The office's local midnight that began the day of `now`: a desk taken before it
    staffs nothing today (DeskSessionQuerySet.staffed)."""
    day = now.astimezone(office.zoneinfo).date()
    return dt.datetime.combine(day, dt.time.min, tzinfo=office.zoneinfo)


class DeskSessionQuerySet(models.QuerySet["DeskSession"]):
    def open(self) -> DeskSessionQuerySet:
        """Not left: the officer's record of holding a desk, whatever its day, which leaving
        a desk ends. Whether it staffs the desk now is staffed()'s question."""
        return self.filter(ended_at__isnull=True)

    def open_locked(self) -> DeskSessionQuerySet:
        """Open sessions locked to be ended, with their desk's office (which day they were
        taken on is read in its time zone)."""
        return self.select_for_update(of=("self",)).select_related("desk__office").open()

    def taken_on_day_of(self, office: Office, now: dt.datetime) -> DeskSessionQuerySet:
        """The sessions at `office`'s desks taken on the office's day of `now`, up to `now`."""
        return self.filter(
            desk__office=office, started_at__gte=office_day_start(office, now), started_at__lte=now
        )

    def staffed(self, office: Office, now: dt.datetime) -> DeskSessionQuerySet:
        """The sessions by which officers hold `office`'s desks at `now`: the one rule of
        "a desk is staffed", read by the waiting estimate, the console's desk choice and the
        SLA's "taken" (DESIGN §2). Open and taken today: a session taken on an earlier day and
        never left (the browser closed in the evening, the day's close not run yet) staffs
        nothing today, else the estimate divides by desks nobody works at and the SLA counts
        a desk's first turn from yesterday's taking."""
        return self.open().taken_on_day_of(office, now)


# 0 for a regular ticket, 1 for a priority one, 2 for an appointment (it was given a time):
# the call order sorts on it.
_RANKS = {Priority.NONE: 0, Priority.APPOINTMENT: 2}
_PRIORITY_RANK_DEFAULT = 1
PRIORITY_RANK = Case(
    *(When(priority=priority, then=Value(rank)) for priority, rank in _RANKS.items()),
    default=Value(_PRIORITY_RANK_DEFAULT),
)


def priority_rank(priority: str) -> int:
    """PRIORITY_RANK of a ticket in hand (where it stands among the kinds of visitors)."""
    return _RANKS.get(priority, _PRIORITY_RANK_DEFAULT)


class OfficeDaysQuerySet(models.QuerySet):
    """Tickets and their events share `office` and `service_date` (the office-local date the
    ticket was taken): a day, or a month of days, reads the same way for both."""

    def of_day(self, office: Office | int, day: dt.date) -> OfficeDaysQuerySet:
        return self.filter(office=office, service_date=day)

    def of_days(self, office: Office | int, first: dt.date, last: dt.date) -> OfficeDaysQuerySet:
        """`first` to `last`, both included: a report's month in the office's calendar."""
        return self.filter(office=office, service_date__range=(first, last))


class TicketQuerySet(OfficeDaysQuerySet):
    def waiting(self) -> TicketQuerySet:
        return self.filter(status=TicketStatus.WAITING)

    def open(self) -> TicketQuerySet:
        """Not finished yet: waiting, or called or served at a desk."""
        return self.filter(status__in=OPEN_STATUSES)

    def at_desk(self) -> TicketQuerySet:
        return self.filter(status__in=AT_DESK_STATUSES)

    def for_desk(self, desk: Desk, *, office_has_front_office: bool) -> TicketQuerySet:
        """The tickets of the queue `desk` takes (Desk.queue_filter)."""
        return self.filter(desk.queue_filter(office_has_front_office=office_has_front_office))

    def with_closed_at_day_end(self) -> TicketQuerySet:
        """Each ticket with `.closed_at_day_end`: whether the day's close ended it (a CLOSED
        event), read with the row, for a caller of queueing.selectors.ticket_served_at that
        loads the ticket anyway (the rating page: no statement more)."""
        events = self.model._meta.get_field("events").related_model
        closed = events.objects.filter(ticket=OuterRef("pk"), kind=EventKind.CLOSED)
        return self.annotate(closed_at_day_end=Exists(closed))

    def in_call_order(self, *, prefer_regular: bool = False) -> TicketQuerySet:
        """The order desks call in: priority visitors first (regular ones first when
        `prefer_regular`, after a streak of priority calls), then by the time they joined."""
        ordered = self.annotate(priority_rank=PRIORITY_RANK)
        if prefer_regular:
            # Regular ones first, the priority ones after them in their usual order: sorting
            # on the rank upwards put an elderly visitor before an appointment, an order
            # neither the console nor the visitor's "people ahead" showed.
            return ordered.annotate(
                is_priority=Case(When(priority=Priority.NONE, then=Value(0)), default=Value(1))
            ).order_by("is_priority", "-priority_rank", "queued_at", "pk")
        return ordered.order_by("-priority_rank", "queued_at", "pk")


class TicketEventQuerySet(OfficeDaysQuerySet):
    def calls(self, *, with_recalls: bool = False) -> TicketEventQuerySet:
        """First calls of a ticket to a desk (each records its wait); `with_recalls` adds the
        calls again, as the board announces them."""
        if with_recalls:
            return self.filter(kind__in=CALL_KINDS)
        return self.filter(kind=EventKind.CALLED)

    def turn_ends(self) -> TicketEventQuerySet:
        """Every end of a turn at a desk: the desk is free from then on (queueing.sla)."""
        return self.filter(kind__in=TURN_END_KINDS)

    def served_turns(self) -> TicketEventQuerySet:
        """The ends of turns in which the visitor was served (TicketEvent.served): how long a
        visit takes. Not a no-show, a visitor sent on before being served, or a turn the
        day's close ended (trial N, N3: a no-show after 95 s and a transfer after 151 s made
        "about 2 minutes per visitor" where a consultation takes 15 to 30)."""
        return self.turn_ends().filter(served=True)

    def for_desk(self, desk: Desk, *, office_has_front_office: bool) -> TicketEventQuerySet:
        """The events of the queue `desk` takes (Desk.queue_filter)."""
        return self.filter(desk.queue_filter(office_has_front_office=office_has_front_office))

    def record(
        self,
        ticket: Ticket,
        kind: str,
        at: dt.datetime,
        *,
        desk: Desk | None = None,
        officer: User | None = None,
        **extra,
    ) -> TicketEvent:
        """Append an event to `ticket`'s history, in the queue the ticket is in now, with the
        priority it has now."""
        return self.create(
            ticket=ticket,
            office_id=ticket.office_id,
            service_id=ticket.service_id,
            stage=ticket.stage,
            service_date=ticket.service_date,
            priority=ticket.priority,
            kind=kind,
            at=at,
            desk=desk,
            officer=officer,
            **extra,
        )
