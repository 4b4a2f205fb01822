"""The walk-in tickets of generate_ratings.py: a busy office's visitors of the working days
as ticket, event and daily-counter rows, drawn per visitor (the times are not simulated desk
by desk: generate.py does that). Import after `benchenv.django_setup()`."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import random
import uuid

from bulk import next_id
from history_day import HALF_HOUR_WEIGHTS, OTHER_SERVICE, officer_email

from pst.models import Office
from queueing.issuing import format_code
from queueing.models import (
    DailyCounter,
    Desk,
    DeskKind,
    EventKind,
    Priority,
    Service,
    Stage,
    Ticket,
    TicketEvent,
    TicketOrigin,
    TicketStatus,
)

SERVICE_SHARE = {"K": 45, "P": 20, "J": 20, "R": 15}
# Visitors by month, relative: Lebaran (March–April 2026) and the year's end are quieter; July to
# October (theses, budget planning, the regional-statistics season) busier.
SEASON = {1: 0.85, 2: 0.95, 3: 0.85, 4: 0.8, 5: 1.0, 6: 0.95, 7: 1.1, 8: 1.15, 9: 1.3, 10: 1.2,
          11: 1.05, 12: 0.7}  # fmt: skip
WRONG_SERVICE = 0.08
NO_SHOW = 0.03
SLA_MINUTES = 10  # every service's waiting limit (the default; load_demo keeps it)


def minutes(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=round(value * 60))


def token(rng: random.Random) -> str:
    """What secrets.token_urlsafe(24) gives, from the seeded generator."""
    return base64.urlsafe_b64encode(rng.randbytes(24)).rstrip(b"=").decode()


# -- the walk-in tickets ---------------------------------------------------------------------


class Tickets:
    """The office's visitors of the working days, as ticket, event and daily-counter rows."""

    def __init__(self, office: Office, rng: random.Random) -> None:
        self.office, self.rng = office, rng
        self.services = {s.prefix: s for s in Service.objects.filter(office=office)}
        desks = list(Desk.objects.filter(office=office).prefetch_related("services"))
        self.front = next(d for d in desks if d.kind == DeskKind.FRONT_OFFICE)
        self.desks_of = {
            prefix: [d for d in desks if d.kind == DeskKind.SERVICE and service in d.services.all()]
            for prefix, service in self.services.items()
        }
        officers = {d.pk: officer_email(office, d.number) for d in desks}
        from pst.models import User

        self.officer = {pk: User.objects.get(email=email).pk for pk, email in officers.items()}
        self.ticket_pk = itertools.count(next_id(Ticket))
        self.event_pk = itertools.count(next_id(TicketEvent))
        self.tickets: list[dict] = []
        self.events: list[dict] = []
        self.counters: dict[tuple[int, dt.date], int] = {}

    def day(self, day: dt.date, visitors: int) -> None:
        rng, zone = self.rng, self.office.zoneinfo
        opening = dt.datetime.combine(day, dt.time(7, 30), tzinfo=zone)
        arrivals = sorted(
            opening
            + minutes(30 * rng.choices(range(len(HALF_HOUR_WEIGHTS)), HALF_HOUR_WEIGHTS)[0])
            + minutes(rng.uniform(0, 30))
            for _ in range(visitors)
        )
        prefixes = list(SERVICE_SHARE)
        for arrived in arrivals:
            prefix = rng.choices(prefixes, [SERVICE_SHARE[p] for p in prefixes])[0]
            self.visit(day, arrived, prefix)

    def visit(self, day: dt.date, arrived: dt.datetime, prefix: str) -> None:
        rng = self.rng
        issued_service = self.services[prefix]
        key = (issued_service.pk, day)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        pk = next(self.ticket_pk)
        ticket = {
            "id": pk,
            "office_id": self.office.pk,
            "issued_service_id": issued_service.pk,
            "service_id": issued_service.pk,
            "service_date": day,
            "number": number,
            "code": format_code(prefix, number),
            "token": token(rng),
            "client_request_id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "priority": Priority.ELDERLY if rng.random() < 0.04 else Priority.NONE,
            "stage": Stage.RECEPTION,
            "origin": TicketOrigin.PHONE if rng.random() < 0.15 else TicketOrigin.KIOSK,
            "issued_at": arrived,
            "queued_at": arrived,
        }
        self.event(ticket, EventKind.ISSUED, arrived)
        front = self.front
        called = arrived + minutes(rng.triangular(0.2, 12, 2))
        wait = round((called - arrived).total_seconds())
        sla = {"sla_started_at": arrived, "sla_wait_seconds": wait, "sla_met": wait <= 600}
        self.call(ticket, called, front, wait, **sla)
        if rng.random() < NO_SHOW:
            recalled = called + minutes(rng.uniform(0.8, 1.5))
            gone = recalled + minutes(rng.uniform(1, 2))
            self.event(ticket, EventKind.RECALLED, recalled, front)
            self.event(ticket, EventKind.NO_SHOW, gone, front, turn_seconds=0)
            ticket |= {"status": TicketStatus.NO_SHOW, "desk_id": front.pk, "recall_count": 1}
            ticket |= {"called_at": called, "finished_at": gone, **sla}
            ticket["officer_id"] = self.officer[front.pk]
            self.tickets.append(ticket)
            return
        started = called + minutes(rng.uniform(0.3, 1.5))
        routed = started + minutes(rng.triangular(0.7, 2.5, 1.0))
        target = prefix
        if rng.random() < WRONG_SERVICE:
            target = rng.choice(OTHER_SERVICE[prefix])
        to_service = self.services[target]
        self.event(ticket, EventKind.STARTED, started, front)
        turn = round((routed - started).total_seconds())
        self.event(
            ticket,
            EventKind.TRANSFERRED,
            routed,
            front,
            to_service_id=to_service.pk,
            turn_seconds=turn,
            served=True,  # the front office's routing (queueing.services.turn_served)
            without_guestbook=True,  # no guestbook entries in this data
        )
        ticket |= {"service_id": to_service.pk, "stage": Stage.SERVICE, "queued_at": routed}
        ticket["transfer_count"] = 1
        desk = rng.choice(self.desks_of[target])
        called = routed + minutes(rng.triangular(0.2, 20, 4))
        wait = round((called - routed).total_seconds())
        sla = {"sla_started_at": routed, "sla_wait_seconds": wait, "sla_met": wait <= 600}
        self.call(ticket, called, desk, wait, **sla)
        started = called + minutes(rng.uniform(0.3, 1.5))
        length = rng.triangular(5, 30, 10) if target == "K" else rng.triangular(3, 15, 6)
        finished = started + minutes(length)
        self.event(ticket, EventKind.STARTED, started, desk)
        turn = round((finished - started).total_seconds())
        self.event(ticket, EventKind.FINISHED, finished, desk, turn_seconds=turn, served=True)
        ticket |= {"status": TicketStatus.DONE, "desk_id": desk.pk, "called_at": called}
        ticket |= {"started_at": started, "finished_at": finished, **sla}
        ticket["officer_id"] = self.officer[desk.pk]
        self.tickets.append(ticket)

    def call(self, ticket: dict, at: dt.datetime, desk, wait: int, **sla) -> None:
        """A first call, with its wait and the limit it was judged by (as the services store
        them since migration queueing 0015)."""
        self.event(
            ticket, EventKind.CALLED, at, desk, total_wait_seconds=wait,
            sla_limit_minutes=SLA_MINUTES, **sla,
        )  # fmt: skip

    def event(self, ticket: dict, kind: str, at: dt.datetime, desk=None, **extra) -> None:
        self.events.append(
            {
                "id": next(self.event_pk),
                "ticket_id": ticket["id"],
                "office_id": ticket["office_id"],
                "service_id": ticket["service_id"],
                "stage": ticket["stage"],
                "service_date": ticket["service_date"],
                "kind": kind,
                "at": at,
                "desk_id": desk.pk if desk else None,
                "officer_id": self.officer[desk.pk] if desk else None,
                **extra,
            }
        )

    def counter_rows(self) -> list[dict]:
        # A list, not a generator: no query may run on the connection while COPY is open.
        first = next_id(DailyCounter)
        return [
            {"id": first + n, "service_id": service, "service_date": day, "last_number": last}
            for n, ((service, day), last) in enumerate(sorted(self.counters.items()))
        ]
