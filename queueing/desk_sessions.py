"""Ending desk sessions: by the officer (leaving the desk, another desk, signing out; see
queueing.desks) or, for a session left open, by the day's close (the `close_day` command).

A desk session never carries over a day: an officer who just closes the browser in the evening
leaves their session open, and it must not count as staffed the next morning
(`DeskSession.objects.staffed` ignores it at once; the close records its end for the reports).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pst.models import Office, OpeningHours
from queueing.day_close import queue_day_is_over
from queueing.models import DeskSession, TicketEvent
from queueing.querysets import office_day_start


def _closes_at(office: Office, day: dt.date) -> dt.datetime | None:
    closes_at = (
        OpeningHours.objects.filter(office=office, weekday=day.weekday())
        .values_list("closes_at", flat=True)
        .first()
    )
    return dt.datetime.combine(day, closes_at, tzinfo=office.zoneinfo) if closes_at else None


def session_day_end(session: DeskSession, now: dt.datetime) -> dt.datetime:
    """When a session nobody ended is recorded as ended: the later of the office's closing
    time on the day it was taken and the officer's last action at that desk that day (never
    before it was taken, nor after `now`).

    The closing time, because the office's day ended then and nobody recorded leaving; not
    the last action alone, which would cut an officer sitting at an idle desk out of the
    afternoon. The last action when later, because officers serve the visitors still inside
    after closing time (QUEUE_CLOSE_GRACE_MINUTES): the session must cover the calls made at
    the desk, or the reports would show turns served at a desk nobody held."""
    office = session.desk.office
    day_start = office_day_start(office, session.started_at)
    next_day = day_start.date() + dt.timedelta(days=1)
    day_end = dt.datetime.combine(next_day, dt.time.min, tzinfo=office.zoneinfo)
    # Actions by the officer, at this desk, that day (the day's close records its own CLOSED
    # events with no officer: they are not the officer's presence).
    last_action = TicketEvent.objects.filter(
        desk_id=session.desk_id,
        officer_id=session.officer_id,
        at__gte=session.started_at,
        at__lt=day_end,
    ).aggregate(last=Max("at"))["last"]
    moments = (session.started_at, _closes_at(office, day_start.date()), last_action)
    return min(now, max(moment for moment in moments if moment is not None))


def desk_session_end(session: DeskSession, now: dt.datetime) -> None:
    """End `session` (locked by the caller, `desk__office` loaded): now, or, for a session
    taken on an earlier day (left open overnight), at its day's end (session_day_end): a
    session never spans a night, whenever the officer comes back to leave it."""
    if session.started_at < office_day_start(session.desk.office, now):
        session.ended_at = session_day_end(session, now)
    else:
        session.ended_at = now
    session.save(update_fields=["ended_at"])


def desk_sessions_close_day(*, office: Office, now: dt.datetime | None = None) -> int:
    """End the sessions at `office`'s desks left open at the end of their day: every one
    taken on an earlier day, and today's once today's queue is over (queue_day_is_over, the
    moment the day's close ends the tickets) — on a day without opening hours a session is
    left to the next run after its day, not cut while someone works. Each ends at its day's
    end (session_day_end). Safe to run often and twice at once: each session is ended under
    its row lock, once. Returns how many it ended."""
    now = now or timezone.now()
    left_open = DeskSession.objects.open().filter(desk__office=office)
    today_start = office_day_start(office, now)
    if not (queue_day_is_over(office, now) and _closes_at(office, today_start.date())):
        left_open = left_open.filter(started_at__lt=today_start)
    return sum(_end_left_open(pk, now) for pk in left_open.values_list("pk", flat=True))


@transaction.atomic
def _end_left_open(pk: int, now: dt.datetime) -> int:
    # Re-read under the lock: a parallel run (or the officer leaving) may have ended it, and
    # its end is then kept.
    session = DeskSession.objects.open_locked().filter(pk=pk).first()
    if session is None:
        return 0
    session.ended_at = session_day_end(session, now)
    session.save(update_fields=["ended_at"])
    return 1
