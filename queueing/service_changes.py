"""A service's or a desk's change in the admin strands nobody, and a service's keeps the day's
numbers unique: the rules every path that changes a service or a desk runs (the admin's forms
call them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from queueing.errors import QueueError
from queueing.models import DailyCounter, Desk, DeskKind, Service, Ticket
from queueing.selectors import office_is_open


def service_change_check(
    service: Service, *, active: bool, prefix: str, now: dt.datetime | None = None
) -> None:
    """Run inside the admin's transaction (the service row stays locked until the change is
    saved). Refused: switching the service off while visitors hold its numbers today (waiting
    or at a desk: nobody could route or call them any more; product trial), and changing its
    letter while the day's numbering is still going on, for the service itself or for a
    letter the office already gave today (S-002 after R-001, or a second R-001)."""
    now = now or timezone.now()
    locked = (
        Service.objects.select_for_update(no_key=True).select_related("office").get(pk=service.pk)
    )
    office = locked.office
    today = now.astimezone(office.zoneinfo).date()
    if locked.is_active and not active:
        inside = Ticket.objects.open().filter(service=locked, service_date=today).count()
        if inside:
            raise QueueError(
                ngettext(
                    "%(count)d visitor holds a number of %(service)s today (waiting or at a "
                    "desk): the service stays active until they are served or the day is "
                    "closed.",
                    "%(count)d visitors hold a number of %(service)s today (waiting or at a "
                    "desk): the service stays active until they are served or the day is "
                    "closed.",
                    inside,
                )
                % {"count": inside, "service": locked.label},
                code="service_busy",
            )
    if prefix and prefix != locked.prefix and _numbering_goes_on(office, today, now):
        given = DailyCounter.objects.filter(
            service=locked, service_date=today, last_number__gt=0
        ).exists()
        taken = Ticket.objects.filter(
            office=office, service_date=today, code__startswith=f"{prefix}-"
        ).exists()
        if given or taken:
            letter = locked.prefix if given else prefix
            raise QueueError(
                _(
                    "Numbers with the letter %(letter)s were already given today: the letter "
                    "can be changed after today's queue is closed, or tomorrow."
                )
                % {"letter": letter},
                code="prefix_in_use",
            )


def _numbering_goes_on(office, today: dt.date, now: dt.datetime) -> bool:
    """Whether today's numbers may still grow: the kiosk is open, or visitors are still in
    today's queue (the day was not closed yet)."""
    if office_is_open(office, now):
        return True
    return Ticket.objects.open().filter(office=office, service_date=today).exists()


def desk_change_check(desk: Desk, *, active: bool, kind: str, services: Iterable[Service]) -> None:
    """A desk's change in the admin strands nobody (trial E): taken out of use or made a
    front office, it must hold no visitor (their ticket could be ended at no other desk, and
    the board would keep sending them there); and no service it stops taking may lose its
    last desk while visitors wait in it (nobody could call them). Run inside the admin's
    transaction: the desk row stays locked until the change is saved, so a "call next" at
    that desk waits for it and then finds it out of use (desk_guard_free)."""
    locked = Desk.objects.select_for_update(no_key=True).get(pk=desk.pk)
    keeps_serving = active and kind == locked.kind
    if not keeps_serving:
        held = Ticket.objects.at_desk().filter(desk=locked).first()
        if held is not None:
            raise QueueError(
                _(
                    "%(code)s is at %(desk)s now: finish, transfer or mark them as not present "
                    "at the desk first."
                )
                % {"code": held.code, "desk": locked.name},
                code="desk_busy",
            )
    if locked.kind == DeskKind.FRONT_OFFICE or not locked.is_active:
        return  # it took no service's queue
    kept = {service.pk for service in services} if active and kind == DeskKind.SERVICE else set()
    for service in locked.services.filter(is_active=True).exclude(pk__in=kept):
        others = (
            Desk.objects.active()
            .filter(services=service)
            .exclude(kind=DeskKind.FRONT_OFFICE)  # it takes arrivals, not a service's queue
            .exclude(pk=locked.pk)
        )
        waiting = Ticket.objects.waiting().filter(service=service)
        if not others.exists() and waiting.exists():
            raise QueueError(
                _(
                    "%(desk)s is the only desk of %(service)s and visitors wait in it: give "
                    "the service to another desk first."
                )
                % {"desk": locked.name, "service": service.label},
                code="last_desk",
            )
