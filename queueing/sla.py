"""The walk-in SLA of DESIGN §2, in one place: the call service records it, the console's live
clock shows it, the reports read what the calls recorded.

The wait of a call of ticket T by desk D = call time − the later of (a) T joined this queue
(issue or transfer) and (b) the moment D became free: the end of D's previous turn that day,
or, before its first turn, the later of the office's opening and the moment an officer took D.
With one desk this is the standard's "called at most 10 minutes after the previous visitor
finished"; with several, a visitor is not charged for a time when every desk that could call
them was busy, and a desk that sat free while they waited always is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from pst.models import OpeningHours
from queueing.models import Desk, DeskSession, TicketEvent


@dataclass(frozen=True)
class CallWait:
    clock_start: dt.datetime  # the later of joined and desk free
    sla_wait_seconds: int  # clock_start → call
    total_wait_seconds: int  # joined → call
    met: bool  # the SLA wait is within the service's limit


def call_wait(
    *, joined: dt.datetime, desk_free_since: dt.datetime, called_at: dt.datetime, limit_minutes: int
) -> CallWait:
    """The wait a call at `called_at` records for a ticket that joined its queue at `joined`,
    called by a desk free since `desk_free_since` (desk_free_since())."""
    clock_start = max(joined, desk_free_since)
    waited = _seconds(called_at - clock_start)
    return CallWait(
        clock_start=clock_start,
        sla_wait_seconds=waited,
        total_wait_seconds=_seconds(called_at - joined),
        met=waited <= limit_minutes * 60,
    )


def _seconds(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds()))


def desk_free_since(desk: Desk, now: dt.datetime) -> dt.datetime:
    """When `desk` became free for its next call, supposing nobody is at it now: the end of its
    latest turn today or, before its first turn, the later of the office's opening and the
    moment officers took the desk (the start of their uninterrupted stretch there). Without a
    recorded taking (a console opened before desks were recorded) the desk counts as free from
    the opening: a free desk is never assumed busy."""
    office = desk.office
    day = now.astimezone(office.zoneinfo).date()
    turn_ends = (
        TicketEvent.objects.of_day(office.pk, day)
        .turn_ends()
        .filter(desk=OuterRef("pk"), at__lte=now)
    )
    opening_hours = OpeningHours.objects.filter(office_id=office.pk, weekday=day.weekday())
    # One query for both: the console asks this on every poll.
    last_turn_end, opens_at = (
        Desk.objects.filter(pk=desk.pk)
        .annotate(
            last_turn_end=Subquery(turn_ends.order_by("-at").values("at")[:1]),
            opens_at=Subquery(opening_hours.values("opens_at")[:1]),
        )
        .values_list("last_turn_end", "opens_at")
        .get()
    )
    if last_turn_end is not None:
        return last_turn_end
    start_of_day = dt.datetime.combine(day, dt.time.min, tzinfo=office.zoneinfo)
    opening = dt.datetime.combine(day, opens_at, tzinfo=office.zoneinfo) if opens_at else None
    taken = desk_taken_since(desk, now)
    return max(moment for moment in (start_of_day, opening, taken) if moment is not None)


def desk_taken_since(desk: Desk, now: dt.datetime) -> dt.datetime | None:
    """The start of the uninterrupted stretch, up to `now`, during which some officer held
    `desk` (one officer handing over to another does not break it); None when nobody holds it
    now. Only sessions taken today count (DeskSession.objects.staffed's day): a session of
    yesterday never left would otherwise start today's stretch, and a desk taken at 09:30
    would count as free since the opening."""
    sessions = DeskSession.objects.taken_on_day_of(desk.office, now).filter(desk=desk)
    stretch_start: dt.datetime | None = None
    stretch_end: dt.datetime | None = None
    for started, ended in sessions.order_by("started_at", "pk").values_list(
        "started_at", "ended_at"
    ):
        ended = now if ended is None or ended > now else ended
        if stretch_end is None or started > stretch_end:
            stretch_start, stretch_end = started, ended
        else:
            stretch_end = max(stretch_end, ended)
    if stretch_end is None or stretch_end < now:
        return None
    return stretch_start
