"""Issuing queue numbers: the kiosk's and the visitor's phone's one action (re-exported by
queueing.services, where callers find every queue action). Numbers of a service and day are
gap-free: issuing locks the day's counter row, so two kiosks pressing at once wait for each
other instead of reading the same number."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.languages import language_kept
from pst.models import Office
from queueing.codes import format_code as format_code
from queueing.desks import office_has_front_office, service_has_desk
from queueing.errors import QueueError
from queueing.models import (
    DailyCounter,
    EventKind,
    Priority,
    Service,
    Stage,
    Ticket,
    TicketEvent,
    TicketOrigin,
)
from queueing.selectors import office_is_open, office_today


def ticket_issue(
    *,
    office: Office,
    service: Service,
    priority: str = Priority.NONE,
    client_request_id: uuid.UUID | None = None,
    origin: str = TicketOrigin.KIOSK,
    straight_to_service: bool = False,
    held: Ticket | None = None,
    language: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    """Give the next number of `service` today. A repeated `client_request_id` (a double tap,
    a resubmitted form) returns the ticket already issued for it instead of a second one.
    `straight_to_service`: the visitor is already known (an appointment's check-in), so the
    ticket skips the front office and waits at the service's desks. `held`: the number the
    visitor's phone already has; while it is open today in `service`'s queue, that is the
    number (marked `is_repeat`), not a second place in the same queue (trial L6: Back and
    tap again). Another service is a new number: the visitor may need the library too.
    `language`: the one the visitor took it in (the kiosk's or phone page's), kept for the
    visit's emails; anything not in settings.LANGUAGES is not kept (pst.languages)."""
    now = now or timezone.now()
    if client_request_id is not None:
        existing = _issued_for(client_request_id, office)
        if existing is not None:
            return existing
    again = _held_in_queue(held, office=office, service=service, now=now)
    if again is not None:
        return again
    if service.office_id != office.pk or not service.is_active or not office.is_active:
        raise QueueError(_("This service does not take visitors here."), code="inactive")
    if priority not in Priority.values:
        raise QueueError(_("Unknown priority."), code="priority")
    if origin not in TicketOrigin.values:
        raise QueueError(_("Unknown origin."), code="origin")
    if origin == TicketOrigin.PHONE and not office.allow_phone_tickets:
        raise QueueError(_("This office gives queue numbers only at its kiosk."), code="phone")
    if not office_is_open(office, now):
        raise QueueError(_("The office is closed now."), code="closed")
    waits_at_service_desk = straight_to_service or not office_has_front_office(office.pk)
    if waits_at_service_desk and not service_has_desk(service):
        raise QueueError(
            _("No desk takes %(service)s now: please ask at the counter.")
            % {"service": service.label},
            code="no_desk",
        )
    try:
        return _issue(
            office, service, priority, client_request_id, origin, now, straight_to_service,
            language_kept(language),
        )  # fmt: skip
    except IntegrityError:
        # Only the request id can collide (numbers are taken under the lock): the same form
        # was submitted twice at the same moment, and the other submission won.
        if client_request_id is None:
            raise
        return _issued_for(client_request_id, office)


def _held_in_queue(
    held: Ticket | None, *, office: Office, service: Service, now: dt.datetime
) -> Ticket | None:
    if held is None:
        return None
    today = office_today(office, now)
    again = Ticket.objects.of_day(office, today).open().filter(pk=held.pk, service=service).first()
    if again is not None:
        again.is_repeat = True
    return again


def _issued_for(client_request_id: uuid.UUID, office: Office) -> Ticket | None:
    """The ticket a request id already got; the id of another office's tap is refused, never
    answered with that office's ticket."""
    existing = Ticket.objects.filter(client_request_id=client_request_id).first()
    if existing is not None and existing.office_id != office.pk:
        raise QueueError(_("This screen is out of date. Please tap again."), code="request_id")
    return existing


@transaction.atomic
def _issue(
    office: Office,
    service: Service,
    priority: str,
    client_request_id: uuid.UUID | None,
    origin: str,
    now: dt.datetime,
    straight_to_service: bool = False,
    language: str = "",
) -> Ticket:
    today = now.astimezone(office.zoneinfo).date()
    counter, _created = DailyCounter.objects.select_for_update().get_or_create(
        service=service, service_date=today
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    has_front_office = not straight_to_service and office_has_front_office(office.pk)
    ticket = Ticket.objects.create(
        office=office,
        issued_service=service,
        service=service,
        service_date=today,
        number=counter.last_number,
        code=format_code(service.prefix, counter.last_number),
        token=secrets.token_urlsafe(24),
        client_request_id=client_request_id,
        priority=priority,
        origin=origin,
        language=language,
        stage=Stage.RECEPTION if has_front_office else Stage.SERVICE,
        issued_at=now,
        queued_at=now,
    )
    TicketEvent.objects.record(ticket, EventKind.ISSUED, now)
    return ticket
