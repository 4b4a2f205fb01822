"""The end of the retention period for what consultations keep of people without an account
(the privacy notice promises it): pst's `purge_personal_data` sends `retention_ended`, this
answers it (consultations.apps)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.lifecycle.rules import REOPEN_DAYS
from consultations.models import Channel, Consultation, ConsultationStatus
from pst.models import Office
from pst.personal_data import purged_fields_blank


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
    walk_in = Q(channel=Channel.WALK_IN, created_at__lt=start)
    # Answered no later than it closed: closed before the reopening window, it stays closed.
    ended = min(start, now - dt.timedelta(days=REOPEN_DAYS))
    remote = Q(
        requester__isnull=True,
        status__in=(ConsultationStatus.CLOSED, ConsultationStatus.CANCELLED),
        closed_at__lt=ended,
    ) & ~Q(channel=Channel.WALK_IN)
    return purged_fields_blank(Consultation.objects.filter(office=office).filter(walk_in | remote))
