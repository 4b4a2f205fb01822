"""The officer's desk and the ticket at it: one public module that the console, the guestbook
and the walk-in consultation record all go through, so who may act at which desk is decided
in one place.

- Reading: `get_desk_office_for_user`, `get_desk_for_user`, `get_session_desk` (the desk the
  officer chose on the console, kept in their session), `get_serving_ticket_for_user`;
  `desk_shown_check` (a console page acts only at the desk it shows: another tab of the same
  session may have changed it).
- Writing: `desk_take` / `desk_leave` (the SLA rule reads when desks are taken) and the guards
  every queue action runs first (`desk_guard`, `desk_guard_free`, `ticket_lock_at_desk`,
  `ticket_lock_at_officer_desk`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.guards import parse_id
from pst.models import Office, User
from pst.permissions import Action, office_where_user_can, user_can
from queueing.choices import AT_DESK_STATUSES, OPEN_STATUSES, TicketStatus
from queueing.desk_sessions import desk_session_end
from queueing.errors import QueueError
from queueing.models import Desk, DeskSession, Service, Ticket

if TYPE_CHECKING:
    from django.http import HttpRequest

# The officer's chosen desk lives in their session (one browser, one desk).
DESK_SESSION_KEY = "queueing_desk_id"


# -- reading -----------------------------------------------------------------------------------


def get_desk_office_for_user(user: User) -> Office:
    """The office whose desks the signed-in officer may operate (403 for anyone else)."""
    office = office_where_user_can(user, Action.OPERATE_DESK)
    if office is None:
        raise PermissionDenied(_("Only officers of this office can use the console."))
    return office


def get_desk_for_user(user: User, pk: int | str | None, *, held_check: bool = False) -> Desk:
    """The active desk `pk` if `user` may operate it (403 / 404 otherwise). `held_check`
    adds `.held_ended`, read in the same query: whether the user's session at the desk
    ended (the day's close, or taken on an earlier day) with none of theirs there today."""
    office = get_desk_office_for_user(user)
    pk = parse_id(pk)
    desks = Desk.objects.active().select_related("office").filter(pk=pk, office=office)
    if held_check:
        own = DeskSession.objects.filter(desk=OuterRef("pk"), officer=user)
        desks = desks.annotate(
            held_ended=Exists(own) & ~Exists(own.staffed(office, timezone.now()))
        )
    desk = desks.first() if pk is not None else None
    if desk is None:
        raise Http404(_("No such desk."))
    return desk


def get_session_desk(request: HttpRequest) -> Desk | None:
    """The desk the signed-in officer works at, None before they chose one (or when it was
    deactivated or they lost the right meanwhile: the session forgets it). Also None when
    their session at that desk ended, at the day's close or on an earlier day (the browser
    stayed open overnight): the console asks them to take the desk again, which records
    today's session; `request.desk_session_ended` names that desk for this request. A desk
    the officer never recorded taking (a console of before desk sessions) stays theirs."""
    pk = request.session.get(DESK_SESSION_KEY)
    if pk is None:
        return None
    try:
        desk = get_desk_for_user(request.user, pk, held_check=True)
    except (Http404, PermissionDenied):
        request.session.pop(DESK_SESSION_KEY, None)
        return None
    if desk.held_ended:
        request.session.pop(DESK_SESSION_KEY, None)
        request.desk_session_ended = desk
        return None
    return desk


def desk_session_ended(request: HttpRequest) -> Desk | None:
    """The desk whose session get_session_desk found ended in this request (see there)."""
    return getattr(request, "desk_session_ended", None)


DESK_CHANGED = "desk_changed"


def desk_shown_check(
    desk: Desk | None, shown: str | None, *, acting: bool = True, ended: Desk | None = None
) -> None:
    """A console page names the desk it shows in every request it makes (its forms' `desk`
    field, its poll's `?desk=`; "" on the desk choice, which shows none): the officer may
    have changed or left their desk in another tab or window of the same session since the
    page was drawn. Refused (code DESK_CHANGED) when `desk`, the officer's desk now, is not
    that one: an action would otherwise call a visitor to a desk the page does not show
    (product trial: "K-002 called to Meja 3" under a "Meja 2" heading, and the board sent the
    visitor to an empty desk). The console then shows the officer's desk again. A request
    that names no desk (None: a script, a page drawn before this check) acts at the
    officer's desk as before. `ended`: the desk whose session ended at the day's close
    (desk_session_ended), which the message names instead of another tab."""
    if shown is None:
        return
    if desk is None:
        if shown == "":
            return
        message = (
            desk_session_ended_message(ended)
            if ended is not None
            else _("You no longer work at a desk (changed in another tab or window).")
        )
    elif parse_id(shown) == desk.pk:
        return
    else:
        message = _("You now work at %(desk)s (changed in another tab or window).") % {
            "desk": desk.name
        }
    if acting:
        message = " ".join((message, _("Nothing was done: check the console again.")))
    raise QueueError(message, code=DESK_CHANGED)


def desk_session_ended_message(desk: Desk) -> str:
    return _("Your time at %(desk)s ended with the office's day: take the desk again to go on.") % {
        "desk": desk.name
    }


def session_desk_remember(request: HttpRequest, desk: Desk | None) -> None:
    if desk is None:
        request.session.pop(DESK_SESSION_KEY, None)
    else:
        request.session[DESK_SESSION_KEY] = desk.pk


def get_serving_ticket_for_user(
    request: HttpRequest, ticket_id: int | str | None
) -> tuple[Ticket, Desk] | None:
    """The ticket being served at the signed-in officer's desk, with the desk; None when
    `ticket_id` is not that ticket."""
    if office_where_user_can(request.user, Action.OPERATE_DESK) is None:
        return None
    desk = get_session_desk(request)
    ticket = ticket_at_desk(desk, parse_id(ticket_id), statuses=(TicketStatus.SERVING,))
    return (ticket, desk) if ticket is not None else None


def ticket_served_at_another_desk(
    request: HttpRequest,
    pk: int | str | None,
    *,
    statuses: tuple[str, ...] = (TicketStatus.SERVING,),
) -> Ticket | None:
    """Ticket `pk` if the signed-in officer is serving it (or has it in another of
    `statuses`) at a desk their session does not hold (none after signing in again, in a
    new browser)."""
    pk = parse_id(pk)
    if pk is None:
        return None
    ticket = (
        Ticket.objects.select_related("desk", "service")
        .filter(pk=pk, officer=request.user, status__in=statuses)
        .first()
    )
    if ticket is None or ticket.desk_id == getattr(get_session_desk(request), "pk", None):
        return None
    return ticket


def ticket_at_desk(
    desk: Desk | None, pk: int | None, *, statuses: tuple[str, ...] = OPEN_STATUSES
) -> Ticket | None:
    """Ticket `pk` if it is at `desk` now in one of `statuses`: the one lookup behind "the
    ticket at my desk" for the console's forms, the guestbook and the consultation record."""
    if desk is None or pk is None:
        return None
    return (
        Ticket.objects.select_related("service", "office")
        .filter(pk=pk, office_id=desk.office_id, desk=desk, status__in=statuses)
        .first()
    )


def _refuse_leaving_a_visitor(held: DeskSession, officer: User) -> None:
    # The officer finishes, transfers or marks the visitor they called not come before moving
    # on (found by the product trial: the visitor stayed "at the desk now" at a desk nobody
    # worked at). A colleague's visitor at a shared desk is the colleague's.
    ticket = (
        Ticket.objects.select_related("desk")
        .filter(
            desk_id=held.desk_id,
            officer=officer,
            status__in=(TicketStatus.CALLED, TicketStatus.SERVING),
        )
        .first()
    )
    if ticket is not None:
        raise QueueError(
            _("%(code)s is still at %(desk)s: finish it, transfer it or mark it not come first.")
            % {"code": ticket.code, "desk": ticket.desk.name},
            code="visitor_at_desk",
        )


def service_has_desk(service: Service) -> bool:
    """Whether an active service desk takes `service`'s queue: someone would call a visitor
    waiting in it (trial E: visitors waited for a service whose only desk was switched off)."""
    return Service.objects.with_service_desk().filter(pk=service.pk).exists()


def office_has_front_office(office_id: int) -> bool:
    """Whether new arrivals start at the front office (the office has an active front-office
    desk) or go straight to the service desks."""
    return Desk.objects.active().front_office().filter(office_id=office_id).exists()


def visitors_left_by(officer: User) -> list[str]:
    """What an administrator is told after changing an account that can no longer work at a
    desk (deactivated, the role removed): the visitors at the desk it holds, who only an
    officer at that desk can finish (trial E: nobody knew, and the ticket stayed there)."""
    # The desks it holds in an office where it may no longer work (its own, or the one it
    # was moved away from).
    held = [
        session.desk_id
        for session in DeskSession.objects.open()
        .filter(officer=officer)
        .select_related("desk__office")
        if not user_can(officer, Action.OPERATE_DESK, session.desk.office)
    ]
    name = officer.full_name or officer.email
    return [
        _(
            "%(name)s had %(code)s at %(desk)s: another officer takes %(desk)s on the console "
            "to finish or transfer them."
        )
        % {"name": name, "code": ticket.code, "desk": ticket.desk.name}
        for ticket in Ticket.objects.at_desk().filter(desk__in=held).select_related("desk")
    ]


@transaction.atomic
def desks_left_by(officer: User, *, now: dt.datetime | None = None) -> list[DeskSession]:
    """An account changed so that it may no longer work at the desk it holds (moved to
    another office, the desk roles removed, deactivated) leaves that desk now: its session
    there ends (product trial: moved while a visitor was at their old desk, the officer was
    then refused every desk of the new office). The visitor stays at the desk for a
    colleague to take over (visitors_left_by tells the administrator). Returns the sessions
    it ended."""
    now = now or timezone.now()
    left = [
        session
        for session in DeskSession.objects.open_locked().filter(officer=officer)
        if not user_can(officer, Action.OPERATE_DESK, session.desk.office)
    ]
    for session in left:
        desk_session_end(session, now)
    return left


# -- guards every queue action runs (inside the action's transaction) --------------------------


def desk_guard(desk: Desk, officer: User) -> None:
    if not desk.is_active:
        raise QueueError(_("This desk is not in use."), code="desk_inactive")
    if officer.office_id != desk.office_id and not officer.is_superuser:
        raise QueueError(_("This desk belongs to another office."), code="other_office")


def desk_guard_free(desk: Desk) -> None:
    # Lock the desk first: two "call" requests of one desk at the same moment queue here
    # instead of both finding the desk free. NO KEY: events referencing the desk (close_day)
    # only take a KEY SHARE lock and are not blocked by it.
    in_use = (
        Desk.objects.select_for_update(no_key=True)
        .filter(pk=desk.pk)
        .values_list("is_active", flat=True)
        .first()
    )
    if not in_use:  # taken out of use while this request waited for the lock
        raise QueueError(_("This desk is not in use."), code="desk_inactive")
    busy = Ticket.objects.at_desk().filter(desk=desk).first()
    if busy is not None:
        raise QueueError(
            _("Finish, transfer or mark %(code)s as not present first.") % {"code": busy.code},
            code="desk_busy",
        )


def ticket_lock(ticket: Ticket) -> Ticket:
    # Lock the ticket row alone, without joins: a request waiting for the lock re-checks its
    # query against the row another transaction just changed, and a join on the old service
    # (a transfer changed it) would make the ticket vanish (DoesNotExist, a 500). The service
    # is read after the lock, from the row as it is now.
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def ticket_lock_at_desk(ticket: Ticket, desk: Desk, allowed: tuple[str, ...]) -> Ticket:
    """Locks `ticket` and checks it is at `desk` in one of the `allowed` statuses."""
    ticket = ticket_lock(ticket)
    if ticket.desk_id != desk.pk or ticket.status not in AT_DESK_STATUSES:
        raise QueueError(
            _("%(code)s is not at this desk.") % {"code": ticket.code}, code="not_here"
        )
    if ticket.status not in allowed:
        raise QueueError(
            _("%(code)s is %(status)s: that cannot be done now.")
            % {"code": ticket.code, "status": ticket.get_status_display().lower()},
            code="state",
        )
    return ticket


def ticket_lock_at_officer_desk(
    ticket: Ticket, desk: Desk, officer: User, allowed: tuple[str, ...]
) -> Ticket:
    """What an action on the ticket at the officer's desk checks first: the desk may be
    operated by `officer` (desk_guard), and the ticket, locked, is there in an `allowed`
    status (ticket_lock_at_desk)."""
    desk_guard(desk, officer)
    return ticket_lock_at_desk(ticket, desk, allowed)


# -- taking and leaving a desk -----------------------------------------------------------------


@transaction.atomic
def desk_take(*, desk: Desk, officer: User, now: dt.datetime | None = None) -> DeskSession:
    """`officer` starts working at `desk` (the console's desk choice). An officer works at one
    desk at a time: a desk they held before is left now. Choosing the desk they already hold
    today changes nothing (its SLA clock does not restart); held since an earlier day (the
    browser closed in the evening), it is ended at that day's end and taken anew now."""
    now = now or timezone.now()
    desk_guard(desk, officer)
    # Two choices of one officer at once (two tabs) queue here instead of both opening one.
    User.objects.select_for_update().filter(pk=officer.pk).first()
    held = DeskSession.objects.open_locked().filter(officer=officer).first()
    staffed = DeskSession.objects.staffed(desk.office, now)
    if held is not None and held.desk_id == desk.pk:
        if staffed.filter(pk=held.pk).exists():
            return held
    elif held is not None and held.desk.office_id == desk.office_id:
        # A desk of another office (they were moved here) is not theirs to finish at: a
        # colleague there takes over its visitor.
        _refuse_leaving_a_visitor(held, officer)
    if held is not None:
        desk_session_end(held, now)
    return DeskSession.objects.create(desk=desk, officer=officer, started_at=now)


@transaction.atomic
def desk_leave(
    *, officer: User, signing_out: bool = False, now: dt.datetime | None = None
) -> DeskSession | None:
    """`officer` stops working at their desk (leaving it on the console, signing out).
    Returns the session it ended, None when they held no desk. Leaving on the console is
    refused while a visitor is called to or served at the desk; signing out cannot be (the
    visitor stays at the desk and the day's close ends the ticket)."""
    now = now or timezone.now()
    held = DeskSession.objects.open_locked().filter(officer=officer).first()
    if held is not None and not signing_out:
        _refuse_leaving_a_visitor(held, officer)
    if held is not None:
        desk_session_end(held, now)
    return held
