"""The visitor served at the office is emailed the rating link (the service standard's step
6: "Pengguna layanan memberikan penilaian"), when the guestbook has their address: most
visitors leave with a printed ticket and never open its page on their phone. In the language
of the visit (the entry's, from the ticket: trial P, P5)."""

from __future__ import annotations

from django.conf import settings

from pst.emails import email_enqueue
from pst.languages import written_in
from pst.rating_links import rating_url
from queueing.guestbook.models import GuestbookEntry
from queueing.models import Ticket


def visit_rating_invite(ticket: Ticket) -> None:
    """Called inside the finishing transaction: the email is enqueued with it (the database
    task backend stores it there, so a finish that is rolled back sends nothing)."""
    entry = (
        GuestbookEntry.objects.filter(ticket=ticket, anonymised_at__isnull=True)
        .exclude(email="")
        .only("email", "language")
        .first()
    )
    if entry is None:
        return
    with written_in(entry.language):
        email_enqueue(
            to=entry.email,
            template="emails/rating_invitation",
            context={
                "office": ticket.office,
                "code": ticket.code,
                "link": rating_url("ticket", ticket.pk),
                "days": settings.SURVEY_DAYS,
            },
        )
