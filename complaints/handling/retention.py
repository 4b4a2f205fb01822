"""The end of the retention period for a complaint's personal data: pst's
`purge_personal_data` sends `retention_ended`, this blanks the complainant's contact and
text (and what they wrote about it later) of the office's complaints closed before that
day (complaints.apps), deletes the
files they sent (the evidence), and unlinks
them from the complainant's account and from what they named (a ticket, a consultation:
either leads back to the person), the consultation they came in as, or the rating whose
comment they came from (it leads to the visit it rated). The tracking code, category,
channel, dates, status and the office's answer stay for the reports. A complaint still open
keeps them however old it is: the office must still be able to answer the person (trial
attack-cmp, 10). A rating's own purge (surveys.retention) blanks its comment and leaves the
complaint and its link alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from complaints.handling.evidence import evidence_delete
from complaints.handling.models import (
    CLOSED_STATUSES,
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
)
from pst.models import Office
from pst.personal_data import purged_fields_blank


@transaction.atomic
def complaint_contacts_purge(*, office: Office, before: dt.date) -> int:
    """Returns how many complaints were blanked."""
    start = dt.datetime.combine(before, dt.time(0), tzinfo=office.zoneinfo)
    ended = Complaint.objects.of_office(office).filter(
        status__in=CLOSED_STATUSES, resolved_at__lt=start
    )
    evidence_delete(ended)
    # What the complainant wrote after filing is their account as much as the description.
    ComplaintEvent.objects.filter(
        complaint__in=ended, kind=ComplaintEventKind.FROM_COMPLAINANT
    ).exclude(body="").update(body="")
    ended.update(
        complainant=None,
        related_ticket=None,
        related_consultation=None,
        source_consultation=None,
        related_reference="",
        rating=None,
        # With the contact gone there is nobody left to pass an answer on to.
        pass_on_since=None,
    )
    return purged_fields_blank(ended)
