"""Reads of the queue, each a fixed number of queries whatever the number of tickets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import Office, User
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.call_order import in_the_order_called, priority_streak
from queueing.codes import ticket_code_read
from queueing.desks import office_has_front_office
from queueing.errors import QueueError
from queueing.models import (
    Desk,
    DeskKind,
    DeskSession,
    EventKind,
    Priority,
    Service,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from queueing.sla import call_wait, desk_free_since

# The console lists this many waiting tickets (in call order) and counts the rest.
CONSOLE_ROWS = 50


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


def ticket_page_version(office: Office, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """office_version and the latest taking or leaving of a desk today, in one query: the
    waiting estimate divides by the desks officers hold (DeskSession.objects.staffed), so an
    open ticket page draws it again when a desk is taken or left, not only at the next
    call. (Each taking or leaving records the moment it happens, the newest of the day.)"""
    moments = (
        DeskSession.objects.taken_on_day_of(office, now)
        .annotate(moment=Coalesce("ended_at", "started_at"))
        .order_by("-moment")
        .values("moment")[:1]
    )
    # A constant subquery inside the aggregate: the office has events (the ticket's own).
    row = TicketEvent.objects.filter(office=office).aggregate(
        v=Max("id"), staffing=Max(Subquery(moments))
    )
    return row["v"] or 0, row["staffing"]


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


def open_ticket_by_code(office: Office, typed: str) -> Ticket:
    """Today's open ticket of `office` whose code `typed` names (the slip in the visitor's
    hand: K-007, k7); a QueueError when there is none."""
    code = ticket_code_read(typed)
    ticket = (
        Ticket.objects.of_day(office, office_today(office)).open().filter(code=code).first()
        if code is not None
        else None
    )
    if ticket is None:
        raise QueueError(
            _("No open ticket %(code)s today: check the number on the slip.")
            % {"code": code or typed.strip()[:20]},
            code="no_ticket",
            field="code",
        )
    return ticket


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
        return ", ".join(f"{service.prefix} · {service.label}" for service in self.no_desk_services)


def desk_console(desk: Desk, now: dt.datetime) -> Console:
    """The officer console of one desk: its ticket at the desk, the queue it takes with each
    ticket's SLA clock (the wait this desk would record calling it now: queueing.sla), and
    transfer targets."""
    office = desk.office
    day = office_today(office, now)
    has_front_office = desk.kind == DeskKind.FRONT_OFFICE or office_has_front_office(office.pk)
    # Whether staff checked its priority already (queueing.priorities: every change is a
    # check, so the priority it has now is the one checked), read with the row.
    checked = TicketEvent.objects.filter(ticket=OuterRef("pk"), kind=EventKind.PRIORITY_CHECKED)
    current = (
        Ticket.objects.at_desk()
        .filter(desk=desk)
        .select_related("service", "guestbook_entry")
        .annotate(priority_checked=Exists(checked))
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


@dataclass(frozen=True)
class DeskChoice:
    """What the desk choice shows an officer without a desk in this browser (signed in
    again, another PC): the visitor they left called or served at a desk, offered first, and
    who holds each desk now (trial N, N8: the chooser said neither, and a colleague's desk
    was refused only once chosen)."""

    desks: list[Desk]  # each with .holders (the names of the officers at it) and .is_mine
    own_ticket: Ticket | None  # the officer's visitor still at a desk of this office


def desk_choice(office: Office, officer: User) -> DeskChoice:
    """Four queries whatever the number of desks and officers."""
    at_desks = DeskSession.objects.staffed(office, timezone.now()).select_related("officer")
    desks = list(
        Desk.objects.active()
        .filter(office=office)
        .prefetch_related(
            "services", Prefetch("sessions", queryset=at_desks, to_attr="open_sessions")
        )
        .order_by("number")
    )
    for desk in desks:
        desk.is_mine = any(s.officer_id == officer.pk for s in desk.open_sessions)
        desk.holders = [
            s.officer.full_name or s.officer.email
            for s in desk.open_sessions
            if s.officer_id != officer.pk
        ]
    own_ticket = (
        Ticket.objects.at_desk()
        .filter(office=office, officer=officer, desk__isnull=False)
        .select_related("desk")
        .order_by("called_at", "pk")
        .first()
    )
    return DeskChoice(desks=desks, own_ticket=own_ticket)


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
