"""The files attached to an appointment's emails (the calendar invitation, its withdrawal,
the check-in QR) are named in the email's language, the requester's (pst.languages): an
English email carried "undangan.ics" and "janji-temu-….png" before."""

from __future__ import annotations

import pytest
from django.core import mail

from consultations import lifecycle
from tests.consultations.appointments.conftest import at, confirmed


def attached(email) -> list[str]:
    return sorted(name for name, _content, _type in email.attachments)


@pytest.mark.parametrize(
    ("language", "invitation", "picture"),
    [
        ("id", "undangan.ics", "janji-temu-{code}.png"),
        ("en", "invitation.ics", "appointment-{code}.png"),
    ],
)
def test_the_invitation_and_the_check_in_code_are_named_in_the_requesters_language(
    asked, consultation_officer, visitor, language, invitation, picture
):
    visitor.language = language
    visitor.save(update_fields=["language"])

    visit = confirmed(asked, consultation_officer, visitor, at(24, 10))

    email = mail.outbox[-1]
    assert email.to == [visitor.email]
    assert attached(email) == sorted([invitation, picture.format(code=visit.code)])


@pytest.mark.parametrize(
    ("language", "withdrawal"), [("id", "pembatalan.ics"), ("en", "cancellation.ics")]
)
def test_the_withdrawn_invitation_is_named_in_the_requesters_language(
    asked, consultation_officer, visitor, language, withdrawal
):
    visitor.language = language
    visitor.save(update_fields=["language"])
    confirmed(asked, consultation_officer, visitor, at(24, 10))
    mail.outbox.clear()

    lifecycle.consultation_cancel(consultation=asked, requester=visitor)

    to_requester = next(m for m in mail.outbox if m.to == [visitor.email])
    assert attached(to_requester) == [withdrawal]
