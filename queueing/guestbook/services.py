"""Guestbook actions: write a visit (and send the visitor on), correct a saved entry,
anonymise old entries (a visitor's own request to erase theirs: guestbook.erasure). Each is
one transaction; a refusal is a GuestbookError.

The guestbook moves tickets only through the queue's own services (ticket_transfer, the desk
guards): a QueueError they raise reaches the guestbook's callers as a GuestbookError with the
same message, code and field, so views catch one error.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pst.errors import DomainError
from pst.models import Office, User
from pst.permissions import Action
from pst.personal_data import fields_purged
from pst.revisions import author_may_correct, record_correct
from pst.service_checks import full_clean_refuse, personal_text_refuse
from queueing.choices import AT_DESK_STATUSES
from queueing.desks import ticket_lock_at_desk
from queueing.errors import QueueError
from queueing.guestbook import selectors
from queueing.guestbook.models import (
    GUESTBOOK_CORRECTABLE_FIELDS,
    GUESTBOOK_FIELDS,
    GuestbookEntry,
    GuestbookRevision,
    id_last4_read,
)
from queueing.models import Desk, Service, Ticket
from queueing.services import ticket_priority_change, ticket_transfer


class GuestbookError(DomainError):
    """A guestbook action that cannot be done."""

    @classmethod
    def from_queue(cls, error: QueueError) -> GuestbookError:
        return cls(error.message, code=error.code, field=error.field)


# Said by the service and by the correction page to whoever may not correct.
CORRECTION_NOT_ALLOWED = gettext_lazy(
    "Only the officer who wrote this entry, on the same day, or a supervisor can correct it."
)


@transaction.atomic
def guestbook_record(
    *,
    office: Office,
    officer: User,
    data: dict,
    ticket: Ticket | None = None,
    desk: Desk | None = None,
    route_to: Service | None = None,
    priority: str | None = None,
    client_request_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> GuestbookEntry:
    """Write a visit in the guestbook; with a ticket at the officer's desk and `route_to`,
    send the visitor on to that service's queue in the same transaction. `priority`: the
    ticket's priority as the officer checked it (queueing.priorities), set before the
    visitor joins the next queue; None leaves it unchecked.

    A repeated `client_request_id` (a double click, a reload, two parallel submissions of one
    form) returns the entry already written for it, with `is_repeat` set, instead of a second
    one; the id of a form someone else (another officer or office) submitted is refused."""
    now = now or timezone.now()
    data = _data_read(data)
    if officer.office_id != office.pk and not officer.is_superuser:
        raise GuestbookError(
            _("You can only write in your own office's guestbook."), code="other_office"
        )
    if client_request_id is not None:
        existing = _entry_of_request(client_request_id, office=office, officer=officer)
        if existing is not None:
            return existing
    if ticket is None:
        earlier = _visit_recorded_before(office=office, data=data, route_to=route_to, now=now)
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            return _entry_write(
                office=office, officer=officer, data=data, ticket=ticket, desk=desk,
                route_to=route_to, priority=priority, client_request_id=client_request_id,
                now=now,
            )  # fmt: skip
    except (IntegrityError, GuestbookError):
        # The same form submitted at the same moment: the other submission won the unique
        # index (or took the ticket on first). Its entry is the answer to this one too.
        if client_request_id is not None:
            existing = _entry_of_request(client_request_id, office=office, officer=officer)
            if existing is not None:
                return existing
        raise


# The same visit written again this soon, by another form, is the entry already written: a
# second tab, or Back after saving and saving again (the browser refills the form without the
# email and card digits, which the officer types again: trial Q6). As long as a
# consultation's or a complaint's repeat window (SAME_REQUEST_MINUTES, SAME_COMPLAINT_MINUTES);
# the same person coming back later in the day is another visit.
SAME_VISIT_MINUTES = 30


def _visit_recorded_before(
    *, office: Office, data: dict, route_to: Service | None, now: dt.datetime
) -> GuestbookEntry | None:
    """The entry without a ticket already written for this same visit
    (selectors.guestbook_visit_recorded), marked `is_repeat` and `is_same_visit`. Read under
    the office row's lock, held to the end of the transaction: two tabs saving the same
    visit at the same moment write it once, the second finds the first's entry. NO KEY, as
    consultations' office_lock takes it: tickets issued meanwhile do not wait."""
    Office.objects.select_for_update(no_key=True).filter(pk=office.pk).first()
    visit = GuestbookEntry(
        office=office,
        service=route_to,
        **{field: data[field] for field in GUESTBOOK_FIELDS if field in data},
    )
    since = now - dt.timedelta(minutes=SAME_VISIT_MINUTES)
    earlier = selectors.guestbook_visit_recorded(visit, since=since)
    if earlier is not None:
        earlier.is_repeat = earlier.is_same_visit = True
    return earlier


def _entry_of_request(
    client_request_id: uuid.UUID, *, office: Office, officer: User
) -> GuestbookEntry | None:
    """The entry a form's request id already wrote (marked `is_repeat`), if any."""
    entry = GuestbookEntry.objects.filter(client_request_id=client_request_id).first()
    if entry is None:
        return None
    if entry.office_id != office.pk or entry.created_by_id != officer.pk:
        raise GuestbookError(
            _("This form was already submitted by someone else. Open a new guestbook form."),
            code="request_id",
        )
    entry.is_repeat = True
    return entry


def _entry_write(
    *,
    office: Office,
    officer: User,
    data: dict,
    ticket: Ticket | None,
    desk: Desk | None,
    route_to: Service | None,
    priority: str | None,
    client_request_id: uuid.UUID | None,
    now: dt.datetime,
) -> GuestbookEntry:
    if route_to is not None and (route_to.office_id != office.pk or not route_to.is_active):
        raise GuestbookError(_("Choose an active service of this office."), code="service")
    if ticket is not None:
        if desk is None or ticket.office_id != office.pk:
            raise GuestbookError(_("This ticket belongs to another office."), code="other_office")
        try:
            ticket = ticket_lock_at_desk(ticket, desk, AT_DESK_STATUSES)
        except QueueError as error:
            raise GuestbookError.from_queue(error) from error
        if GuestbookEntry.objects.filter(ticket=ticket).exists():
            raise GuestbookError(
                _("The guestbook of %(code)s is already filled.") % {"code": ticket.code},
                code="already_filled",
            )
    entry = GuestbookEntry(
        office=office,
        visit_date=now.astimezone(office.zoneinfo).date(),
        ticket=ticket,
        service=route_to or (ticket.service if ticket else None),
        created_by=officer,
        client_request_id=client_request_id,
        # The visitor's language, as their ticket says (the kiosk's or phone page's); one
        # written without a ticket is in the office's (trial P, P5).
        language=ticket.language if ticket else "",
        **{field: data[field] for field in GUESTBOOK_FIELDS if field in data},
    )
    guestbook_validate(entry=entry)
    entry.save()
    try:
        if ticket is not None and priority is not None:
            ticket_priority_change(
                ticket=ticket, desk=desk, officer=officer, priority=priority, now=now
            )
        if ticket is not None and route_to is not None:
            ticket_transfer(ticket=ticket, desk=desk, officer=officer, to_service=route_to, now=now)
    except QueueError as error:
        raise GuestbookError.from_queue(error) from error
    return entry


def _data_read(data: dict) -> dict:
    """`data` as every path reads it: the card digits typed on any keyboard as ASCII
    (models.id_last4_read), before they are compared, kept in the history or validated."""
    if isinstance(data.get("id_last4"), str):
        return data | {"id_last4": id_last4_read(data["id_last4"])}
    return data


def guestbook_validate(*, entry: GuestbookEntry) -> None:
    """The rules every guestbook entry obeys, new or corrected, whatever the path (form,
    console, admin, import): no control characters or identity numbers in its free text
    (the email address whole), and the model's own validation. Raises GuestbookError naming
    the field."""
    personal_text_refuse(GuestbookEntry, vars(entry), error=GuestbookError)
    full_clean_refuse(entry, error=GuestbookError)


def guestbook_may_correct(*, entry: GuestbookEntry, user: User, now: dt.datetime) -> bool:
    """The officer who wrote an entry corrects it on the day it was written (office time);
    a supervisor of the office at any time. An anonymised entry is not corrected."""
    return not entry.is_anonymised and author_may_correct(
        user,
        office=entry.office,
        author_id=entry.created_by_id,
        recorded_at=entry.created_at,
        action=Action.FILL_GUESTBOOK,
        now=now,
    )


@transaction.atomic
def guestbook_correct(
    *,
    entry: GuestbookEntry,
    officer: User,
    data: dict,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> list[GuestbookRevision]:
    """Correct the person or visit fields of a saved entry; each changed field keeps its old
    value in the entry's history. Submitting the same correction again changes nothing.

    `version` is the entry's version as the form was loaded (pst.revisions.record_correct:
    someone else's correction meanwhile refuses this one, code "changed_meanwhile")."""
    now = now or timezone.now()
    return record_correct(
        entry,
        history=GuestbookRevision,
        fields=GUESTBOOK_CORRECTABLE_FIELDS,
        data=_data_read(data),
        by=officer,
        at=now,
        version=version,
        may_correct=lambda locked: guestbook_may_correct(entry=locked, user=officer, now=now),
        validate=lambda locked: guestbook_validate(entry=locked),
        error=GuestbookError,
        not_allowed=CORRECTION_NOT_ALLOWED,
        changed_meanwhile=_(
            "Someone else changed this entry while you were correcting it. Here is the "
            "current version: check it and make your correction again."
        ),
    )


@transaction.atomic
def guestbook_purge(*, office: Office, before: dt.date, now: dt.datetime | None = None) -> int:
    """Anonymise guestbook entries of visits before `before` (guestbook_entries_anonymise).
    Returns how many."""
    now = now or timezone.now()
    visits = GuestbookEntry.objects.filter(office=office, visit_date__lt=before)
    return guestbook_entries_anonymise(visits, now=now)


def guestbook_entries_anonymise(entries: QuerySet[GuestbookEntry], *, now: dt.datetime) -> int:
    """Anonymise those of `entries` still identified: the fields pst.personal_data declares
    purged (name, card digits, contacts, free text) are blanked, in the entry and in its
    correction history; the categories (sex, birth year, education, occupation, institution
    category, purpose, disability, service, date) stay so that counts do not change. The
    retention purge and a visitor's own request (guestbook.erasure) both come here, so both
    blank the same. Returns how many; the caller holds the transaction."""
    blanked = fields_purged(GuestbookEntry)
    identified = entries.identified()
    # The history of a correction holds the same personal data as the entry did.
    GuestbookRevision.objects.filter(entry__in=identified, field__in=blanked).update(
        old_value="", new_value=""
    )
    # One UPDATE: the card digits may be empty only once the entry is marked anonymised (the
    # database's check constraint).
    return identified.update(**dict.fromkeys(blanked, ""), anonymised_at=now)
