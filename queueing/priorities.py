"""Priority service checked by staff (product trial P, P7). A visitor claims priority (elderly,
disability, pregnant: the law requires priority service for them) at the kiosk or on their
phone, before anyone saw them; the front office, where the card is seen, confirms the claim,
removes a false one or gives priority to a visitor who took a regular number (an elderly
visitor whose companion pressed the button). Each is a TicketEvent (PRIORITY_CHECKED) naming
the officer, the time, the priority before and after. The call order reads the ticket's
priority, so it follows the new one at once; the calls already made keep the priority they
were made with (TicketEvent.priority, the streak of queueing.call_order).

Who: an officer at a front-office desk, for any open ticket of the office waiting for a call
(in whatever queue) or at their desk; an officer at a service desk, for the ticket at their
desk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import User
from queueing.choices import AT_DESK_STATUSES, ELDERLY_AGE, STAFF_PRIORITIES
from queueing.desks import desk_guard, ticket_lock
from queueing.errors import QueueError
from queueing.models import Desk, DeskKind, EventKind, Priority, Ticket, TicketEvent, TicketStatus


@dataclass(frozen=True)
class PriorityCheck:
    """What ticket_priority_change did: `recorded` is False when nothing was left to record
    (the same form sent twice, a regular ticket "confirmed" regular)."""

    ticket: Ticket
    before: str
    after: str
    recorded: bool

    @property
    def message(self) -> str:
        """What the officer is told."""
        code = self.ticket.code
        after = Priority(self.after).label
        if not self.recorded:
            if self.after:
                return _("%(code)s already has priority: %(priority)s.") % {
                    "code": code,
                    "priority": after,
                }
            return _("%(code)s is already a regular visitor.") % {"code": code}
        if self.before == self.after:
            return _("Priority of %(code)s confirmed: %(priority)s.") % {
                "code": code,
                "priority": after,
            }
        if not self.after:
            return _("%(code)s is now a regular visitor (priority %(priority)s removed).") % {
                "code": code,
                "priority": Priority(self.before).label,
            }
        return _("%(code)s now has priority: %(priority)s.") % {"code": code, "priority": after}


@transaction.atomic
def ticket_priority_change(
    *,
    ticket: Ticket,
    desk: Desk,
    officer: User,
    priority: str,
    now: dt.datetime | None = None,
) -> PriorityCheck:
    """Set `ticket`'s priority to `priority` (regular or a group of STAFF_PRIORITIES) after
    `officer` at `desk` checked it; the same priority confirms the claim. Recorded once:
    confirming a claim already checked, or asking again for what was just set (a double
    submission), records nothing."""
    now = now or timezone.now()
    desk_guard(desk, officer)
    if priority not in STAFF_PRIORITIES:
        raise QueueError(
            _("Choose regular or one of the priority groups."), code="priority", field="priority"
        )
    ticket = ticket_lock(ticket)
    if ticket.office_id != desk.office_id:
        raise QueueError(_("This ticket belongs to another office."), code="other_office")
    _may_check(ticket, desk)
    before = ticket.priority
    if priority == before and (not before or _checked_already(ticket)):
        return PriorityCheck(ticket=ticket, before=before, after=priority, recorded=False)
    if priority != before:
        ticket.priority = priority
        ticket.save(update_fields=["priority"])
    TicketEvent.objects.record(
        ticket,
        EventKind.PRIORITY_CHECKED,
        now,
        desk=desk,
        officer=officer,
        priority_before=before,
    )
    return PriorityCheck(ticket=ticket, before=before, after=priority, recorded=True)


def _may_check(ticket: Ticket, desk: Desk) -> None:
    """Refused: a ticket no longer open, one at another desk (its officer checks it), one
    waiting while the officer works at a service desk (the front office checks arrivals),
    and an appointment's ticket (its priority is the check-in's, not a claim)."""
    if not ticket.is_open:
        raise QueueError(
            _("%(code)s is %(status)s: its priority can no longer be changed.")
            % {"code": ticket.code, "status": ticket.get_status_display().lower()},
            code="state",
        )
    at_this_desk = ticket.desk_id == desk.pk and ticket.status in AT_DESK_STATUSES
    if not at_this_desk and ticket.status != TicketStatus.WAITING:
        raise QueueError(
            _("%(code)s is at another desk: the officer there checks its priority.")
            % {"code": ticket.code},
            code="not_here",
        )
    if not at_this_desk and desk.kind != DeskKind.FRONT_OFFICE:
        raise QueueError(
            _("%(code)s is not at this desk: the front office checks the priority of waiting "
              "visitors.") % {"code": ticket.code},
            code="not_here",
        )  # fmt: skip
    if ticket.priority == Priority.APPOINTMENT:
        raise QueueError(
            _("%(code)s was given for an appointment: its place in the queue stays.")
            % {"code": ticket.code},
            code="appointment",
        )


def _checked_already(ticket: Ticket) -> bool:
    """Whether staff last set the ticket's priority to what it is now (a claim confirmed, or
    the change just made): confirming it again adds nothing."""
    last = (
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.PRIORITY_CHECKED)
        .order_by("-at", "-pk")
        .values_list("priority", flat=True)
        .first()
    )
    return last == ticket.priority


def elderly_claim_doubtful(priority: str, birth_year: int | None, *, today: dt.date) -> bool:
    """Whether an "elderly" claim meets a birth year that makes the visitor younger than
    ELDERLY_AGE this year (the guestbook warns; it does not refuse: the card decides)."""
    if priority != Priority.ELDERLY or birth_year is None:
        return False
    return today.year - birth_year < ELDERLY_AGE
