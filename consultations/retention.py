"""The end of the retention period for what consultations keep of people without an account
(the privacy notice promises it): pst's `purge_personal_data` sends `retention_ended`, this
answers it (consultations.apps). A walk-in visitor who has their guestbook entry erased
before then (`guestbook_entry_anonymised`) has the contacts of that visit blanked the same way."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.lifecycle.rules import REOPEN_DAYS
from consultations.models import Channel, Consultation, ConsultationStatus
from pst.models import Office
from pst.personal_data import purged_fields_blank
from queueing.guestbook.models import GuestbookEntry

# A visitor's contact written at the desk: the guestbook's kind of data, purged with it.
WALK_IN = Q(channel=Channel.WALK_IN)


@transaction.atomic
def consultation_contacts_purge(
    *, office: Office, before: dt.date, now: dt.datetime | None = None
) -> int:
    """Blank the contacts kept on `office`'s consultations of people without an account: a
    walk-in visitor's contact written at the desk with the guestbook of visits before
    `before` (it is the guestbook's kind of data); a remote requester's (taken on their
    behalf, or by email) when the consultation ended before `before` and can no longer be
    reopened, so a conversation still going on keeps its way back to them. Which fields: the
    personal-data declaration's purged ones. Returns how many consultations."""
    now = now or timezone.now()
    start = dt.datetime.combine(before, dt.time(0), tzinfo=office.zoneinfo)
    walk_in = WALK_IN & Q(created_at__lt=start)
    # Answered no later than it closed: closed before the reopening window, it stays closed.
    ended = min(start, now - dt.timedelta(days=REOPEN_DAYS))
    remote = (
        Q(
            requester__isnull=True,
            status__in=(ConsultationStatus.CLOSED, ConsultationStatus.CANCELLED),
            closed_at__lt=ended,
        )
        & ~WALK_IN
    )
    return purged_fields_blank(Consultation.objects.filter(office=office).filter(walk_in | remote))


@transaction.atomic
def consultation_contacts_of_visit_purge(*, entry: GuestbookEntry) -> int:
    """Blank the contacts written at the desk for the walk-in consultations of the visit of
    `entry`, whose visitor had the entry erased: the consultations the purge above blanks
    with the guestbook of old visits, for this one visit (recorded from the entry, or from
    its ticket), and the same fields. What was asked and answered stays. Returns how many
    consultations."""
    visit = Q(guestbook_entry=entry)
    if entry.ticket_id is not None:
        visit |= Q(ticket_id=entry.ticket_id)
    return purged_fields_blank(Consultation.objects.filter(WALK_IN & visit))
