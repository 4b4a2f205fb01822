"""Queue actions. Each is one transaction with a state guard: a ticket is never called by two
desks, never finished twice, and every change appends a TicketEvent (nothing is deleted).

Each call records its SLA wait by the rule of DESIGN §2 (queueing.sla: from the later of the
ticket joining its queue and the calling desk becoming free); desk_take / desk_leave
(queueing.desks) record when officers take and leave desks, which that rule reads before a
desk's first turn.

This module is where callers find every queue action: issuing a number (queueing.issuing),
closing the day (queueing.day_close) and checking a visitor's priority (queueing.priorities)
live in modules of their own and are imported here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import User
from queueing.call_order import priority_streak, regular_is_due
from queueing.choices import AT_DESK_STATUSES
from queueing.day_close import queue_close_day as queue_close_day
from queueing.desks import (
    desk_guard,
    desk_guard_free,
    office_has_front_office,
    service_has_desk,
    ticket_lock,
    ticket_lock_at_officer_desk,
)
from queueing.errors import QueueError
from queueing.issuing import ticket_issue as ticket_issue
from queueing.models import (
    Desk,
    EventKind,
    GuestbookEntry,
    Service,
    Stage,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from queueing.priorities import ticket_priority_change as ticket_priority_change
from queueing.rating_invitation import visit_rating_invite
from queueing.sla import call_wait, desk_free_since

# QueueError codes the console answers with a next step instead of only a message.
GUESTBOOK_MISSING = "guestbook_missing"
CONSULTATION_RECORD_NEEDED = "consultation_record_needed"
RECALL_TOO_SOON = "recall_too_soon"


@transaction.atomic
def ticket_call_next(*, desk: Desk, officer: User, now: dt.datetime | None = None) -> Ticket:
    """Call the next visitor for `desk`: priority visitors first, except after
    MAX_PRIORITY_IN_A_ROW priority calls in a row in this queue (by any desk) while a regular
    visitor waits."""
    now = now or timezone.now()
    desk_guard(desk, officer)
    desk_guard_free(desk)
    today = now.astimezone(desk.office.zoneinfo).date()
    has_front_office = office_has_front_office(desk.office_id)
    streak = priority_streak(desk, today, has_front_office=has_front_office)
    ordered = (
        Ticket.objects.of_day(desk.office_id, today)
        .waiting()
        .for_desk(desk, office_has_front_office=has_front_office)
        .in_call_order(prefer_regular=regular_is_due(streak))
    )
    # SKIP LOCKED: a desk calling at the same moment takes the next ticket instead of waiting
    # for (and then colliding with) ours. SQLite ignores it; its writes are serialised anyway.
    ticket = ordered.select_for_update(skip_locked=True, of=("self",)).first()
    if ticket is None:
        raise QueueError(_("Nobody is waiting for this desk."), code="empty")
    return _call(ticket, desk, officer, now)


@transaction.atomic
def ticket_call(
    *, ticket: Ticket, desk: Desk, officer: User, now: dt.datetime | None = None
) -> Ticket:
    """Call one chosen waiting ticket to `desk`."""
    now = now or timezone.now()
    desk_guard(desk, officer)
    desk_guard_free(desk)
    ticket = ticket_lock(ticket)
    if ticket.office_id != desk.office_id:
        raise QueueError(_("This ticket belongs to another office."), code="other_office")
    if ticket.status != TicketStatus.WAITING:
        raise QueueError(
            _("%(code)s is not waiting any more.") % {"code": ticket.code}, code="state"
        )
    in_queue = (
        Ticket.objects.for_desk(
            desk, office_has_front_office=office_has_front_office(desk.office_id)
        )
        .filter(pk=ticket.pk)
        .exists()
    )
    if not in_queue:
        raise QueueError(
            _("%(code)s waits for another desk.") % {"code": ticket.code}, code="not_this_desk"
        )
    return _call(ticket, desk, officer, now)


def _call(ticket: Ticket, desk: Desk, officer: User, now: dt.datetime) -> Ticket:
    # The desk is locked and free (desk_guard_free): nothing moves its free moment meanwhile.
    wait = call_wait(
        joined=ticket.queued_at,
        desk_free_since=desk_free_since(desk, now),
        called_at=now,
        limit_minutes=ticket.service.sla_minutes,
    )
    # The conditional update is the last guard: it changes nothing unless the row is still
    # waiting, whatever the database's locking did.
    changed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.WAITING).update(
        status=TicketStatus.CALLED,
        called_at=now,
        started_at=None,
        desk=desk,
        officer=officer,
        recall_count=0,
        sla_started_at=wait.clock_start,
        sla_wait_seconds=wait.sla_wait_seconds,
        sla_met=wait.met,
    )
    if changed != 1:
        raise QueueError(_("%(code)s was just called by another desk.") % {"code": ticket.code})
    ticket.refresh_from_db()
    TicketEvent.objects.record(
        ticket,
        EventKind.CALLED,
        now,
        desk=desk,
        officer=officer,
        sla_started_at=wait.clock_start,
        sla_wait_seconds=wait.sla_wait_seconds,
        sla_met=wait.met,
        sla_limit_minutes=ticket.service.sla_minutes,
        total_wait_seconds=wait.total_wait_seconds,
    )
    return ticket


def turn_served(ticket: Ticket, kind: str) -> bool:
    """Whether the turn of `ticket` that an event of `kind` ends now served the visitor
    (TicketEvent.served): finished, or sent on while being served. The front office's service
    is the routing itself (the guestbook is written while the visitor is called, nobody
    presses "start" there): a visitor who did not come is marked not present, never routed."""
    if kind == EventKind.FINISHED:
        return True
    if kind == EventKind.TRANSFERRED:
        return ticket.status == TicketStatus.SERVING or ticket.stage == Stage.RECEPTION
    return False


def _turn_seconds(ticket: Ticket, now: dt.datetime) -> int | None:
    """How long the ticket's turn at the desk took, ending now. (The end itself is the event
    the caller appends: the desk is free from then on, queueing.sla reads it.)"""
    if ticket.called_at is None:
        return None
    return max(0, int((now - ticket.called_at).total_seconds()))


@transaction.atomic
def ticket_recall(
    *, ticket: Ticket, desk: Desk, officer: User, now: dt.datetime | None = None
) -> Ticket:
    """Announce a called ticket again. The SLA wait stays that of the first call. Refused
    (code RECALL_TOO_SOON, nothing recorded) within RECALL_MIN_SECONDS of the ticket's last
    call or recall: the board is still saying it (trial N, N7: four presses in two seconds
    queued four identical calls, 20 s of speech, other desks' calls waiting behind)."""
    now = now or timezone.now()
    ticket = ticket_lock_at_officer_desk(ticket, desk, officer, (TicketStatus.CALLED,))
    # Read under the ticket's lock: presses sent together see each other's event.
    last_call = (
        TicketEvent.objects.filter(ticket=ticket)
        .calls(with_recalls=True)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    min_seconds = settings.RECALL_MIN_SECONDS
    if last_call is not None and (now - last_call).total_seconds() < min_seconds:
        raise QueueError(
            _("%(code)s was called less than %(seconds)s seconds ago: call again after that.")
            % {"code": ticket.code, "seconds": min_seconds},
            code=RECALL_TOO_SOON,
        )
    ticket.recall_count += 1
    ticket.save(update_fields=["recall_count"])
    TicketEvent.objects.record(ticket, EventKind.RECALLED, now, desk=desk, officer=officer)
    return ticket


@transaction.atomic
def ticket_start(
    *, ticket: Ticket, desk: Desk, officer: User, now: dt.datetime | None = None
) -> Ticket:
    """The visitor has come to the desk."""
    now = now or timezone.now()
    ticket = ticket_lock_at_officer_desk(ticket, desk, officer, (TicketStatus.CALLED,))
    ticket.status = TicketStatus.SERVING
    ticket.started_at = now
    ticket.officer = officer
    ticket.save(update_fields=["status", "started_at", "officer"])
    TicketEvent.objects.record(ticket, EventKind.STARTED, now, desk=desk, officer=officer)
    return ticket


@transaction.atomic
def ticket_transfer(
    *,
    ticket: Ticket,
    desk: Desk,
    officer: User,
    to_service: Service,
    without_guestbook: bool = False,
    now: dt.datetime | None = None,
) -> Ticket:
    """Send the visitor to `to_service`'s queue. The ticket keeps its code and joins the end
    of that queue; its SLA clock there starts afresh (a new turn in a new lane).

    The front office routes a visitor once their guestbook entry is written; routing one
    without it needs `without_guestbook=True` (the officer confirmed) and is recorded on the
    event, so that reports can count the visits missing from the guestbook."""
    now = now or timezone.now()
    ticket = ticket_lock_at_officer_desk(ticket, desk, officer, AT_DESK_STATUSES)
    if to_service.office_id != ticket.office_id or not to_service.is_active:
        raise QueueError(_("Choose an active service of this office."), code="service")
    if not service_has_desk(to_service):
        # Nobody would call them: they would wait until the day's close (trial E).
        raise QueueError(
            _("No desk takes %(service)s now: an administrator gives it to a desk first.")
            % {"service": to_service.label},
            code="no_desk",
        )
    if ticket.stage == Stage.SERVICE and to_service.pk == ticket.service_id:
        raise QueueError(
            _("%(code)s is already in that queue.") % {"code": ticket.code}, code="same_service"
        )
    missing_guestbook = (
        ticket.stage == Stage.RECEPTION
        and not GuestbookEntry.objects.filter(ticket=ticket).exists()
    )
    if missing_guestbook and not without_guestbook:
        raise QueueError(
            _("%(code)s has no guestbook entry yet. Fill it in, or confirm sending on without it.")
            % {"code": ticket.code},
            code=GUESTBOOK_MISSING,
        )
    turn = _turn_seconds(ticket, now)
    TicketEvent.objects.record(
        ticket,
        EventKind.TRANSFERRED,
        now,
        desk=desk,
        officer=officer,
        to_service=to_service,
        turn_seconds=turn,
        served=turn_served(ticket, EventKind.TRANSFERRED),
        without_guestbook=missing_guestbook,
    )
    ticket.service = to_service
    ticket.stage = Stage.SERVICE
    ticket.status = TicketStatus.WAITING
    ticket.queued_at = now
    ticket.desk = None
    ticket.called_at = None
    ticket.started_at = None
    ticket.recall_count = 0
    ticket.transfer_count += 1
    ticket.sla_started_at = None
    ticket.sla_wait_seconds = None
    ticket.sla_met = None
    ticket.save()
    return ticket


@transaction.atomic
def ticket_no_show(
    *, ticket: Ticket, desk: Desk, officer: User, now: dt.datetime | None = None
) -> Ticket:
    """The visitor did not come after being called and called again at least once."""
    now = now or timezone.now()
    ticket = ticket_lock_at_officer_desk(ticket, desk, officer, (TicketStatus.CALLED,))
    if ticket.recall_count < 1:
        raise QueueError(
            _("Call %(code)s again at least once before marking them as not present.")
            % {"code": ticket.code},
            code="recall_first",
        )
    return _last_turn(ticket, TicketStatus.NO_SHOW, EventKind.NO_SHOW, now, desk, officer)


def needs_consultation_record(ticket: Ticket) -> bool:
    """A visitor served at the desk of a service that records consultations (Konsultasi
    Statistik) leaves only through that record: the SLA and satisfaction reports count it."""
    return ticket.stage == Stage.SERVICE and ticket.service.records_consultations


@transaction.atomic
def ticket_finish(
    *,
    ticket: Ticket,
    desk: Desk,
    officer: User,
    consultation_recorded: bool = False,
    rated_after_answer: bool = False,
    now: dt.datetime | None = None,
) -> Ticket:
    """The visitor has been served. The consultation service finishes its tickets with
    `consultation_recorded=True` once the record is saved; nobody else can finish them. With
    `rated_after_answer` (a consultation going on online) the visit is rated with that answer:
    no rating link now."""
    now = now or timezone.now()
    ticket = ticket_lock_at_officer_desk(ticket, desk, officer, (TicketStatus.SERVING,))
    if needs_consultation_record(ticket) and not consultation_recorded:
        raise QueueError(
            _("%(code)s is finished by saving the consultation record.") % {"code": ticket.code},
            code=CONSULTATION_RECORD_NEEDED,
        )
    if rated_after_answer:
        ticket.rated_after_answer = True
        ticket.save(update_fields=["rated_after_answer"])
    ticket = _last_turn(ticket, TicketStatus.DONE, EventKind.FINISHED, now, desk, officer)
    if not rated_after_answer:
        visit_rating_invite(ticket)
    return ticket


def _last_turn(
    ticket: Ticket, status: str, kind: str, now: dt.datetime, desk: Desk, officer: User
) -> Ticket:
    """End the ticket's last turn: it leaves the queue for good."""
    turn = _turn_seconds(ticket, now)
    served = turn_served(ticket, kind)
    ticket.status = status
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])
    TicketEvent.objects.record(
        ticket, kind, now, desk=desk, officer=officer, turn_seconds=turn, served=served
    )
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """The visitor gives up their place (from the ticket's status page)."""
    now = now or timezone.now()
    ticket = ticket_lock(ticket)
    if ticket.status != TicketStatus.WAITING:
        raise QueueError(_("Only a waiting ticket can be cancelled."), code="state")
    ticket.status = TicketStatus.CANCELLED
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])
    TicketEvent.objects.record(ticket, EventKind.CANCELLED, now)
    return ticket
