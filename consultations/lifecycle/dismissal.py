"""An officer closes a request without an answer (cancelled, with why): mail that is not a
consultation (spam, advertising, a message to the wrong address: email opens a consultation
for whatever reaches the office's mailbox), a repeat of another consultation of the same
requester (a reply that lost its reply address opens a new one: trial H, H9), or a request
its requester withdrew by phone, WhatsApp or email. Only before it is accepted: once the
answer time runs, the officer answers (an accepted request is not made to disappear from the
SLA). The reports keep these apart from the answered ones.

A request that is a complaint (mailed to the office's address, which the service standard
names for complaints) is closed by recording it as one: complaints.handling.from_consultation
files the complaint and calls consultation_close_as_complaint in the same transaction. Its
requester hears from the complaint (the acknowledgement with the tracking code); the reports
count it as a complaint, not as a consultation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.appointments.ending import appointments_end_with
from consultations.errors import ConsultationError
from consultations.guest_access import guest_address
from consultations.lifecycle.rules import (
    S,
    consultation_lock_to_end,
    require_staff,
    require_status,
    transition,
)
from consultations.models import Consultation, Dismissal, EventKind
from consultations.references import reference_number
from pst.models import User

REFERENCE_MAX_LENGTH = 40


@transaction.atomic
def consultation_dismiss(
    *,
    consultation: Consultation,
    officer: User,
    reason: str,
    repeat_of: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """Close the request without an answer for `reason` (a Dismissal); for a repeat,
    `repeat_of` is the reference of the consultation that goes on (KS-6571-000042). The same
    form sent twice closes it once."""
    now = now or timezone.now()
    if reason not in Dismissal.values or reason == Dismissal.COMPLAINT:
        raise ConsultationError(_("Choose why it is closed."), code="reason", field="reason")
    consultation = consultation_lock_to_end(consultation, now)
    require_staff(officer, consultation.office)
    original = _original(consultation, repeat_of) if reason == Dismissal.DUPLICATE else None
    if (consultation.status, consultation.dismissal) == (S.CANCELLED, reason) and (
        original is None or original.pk == consultation.duplicate_of_id
    ):
        return consultation  # this very closing, sent again
    require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION))
    transition(
        consultation, S.CANCELLED, EventKind.DISMISSED, actor=officer, at=now, closed_at=now,
        dismissal=reason, duplicate_of=original,
    )  # fmt: skip
    appointments_end_with(consultation, now=now)
    notifications.consultation_dismissed(consultation)
    return consultation


# What may still become a complaint: a request not answered yet (one being answered too: an
# officer who accepted it before reading it as a complaint is not made to answer it).
BEFORE_ANSWER = (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED)


def consultation_close_as_complaint(
    *, consultation: Consultation, officer: User, now: dt.datetime
) -> Consultation:
    """Close the request as recorded as a complaint (cancelled, why: Dismissal.COMPLAINT),
    its appointments still to come with it. Inside the transaction of the step that files
    the complaint (complaints.handling.from_consultation), which emails the requester: no
    email of the consultation's own."""
    consultation = consultation_lock_to_end(consultation, now)
    require_staff(officer, consultation.office)
    require_status(consultation, BEFORE_ANSWER)
    transition(
        consultation, S.CANCELLED, EventKind.RECORDED_AS_COMPLAINT, actor=officer, at=now,
        closed_at=now, dismissal=Dismissal.COMPLAINT,
    )  # fmt: skip
    consultation.appointments_ended = appointments_end_with(consultation, now=now)
    return consultation


def _original(consultation: Consultation, reference: str) -> Consultation:
    def refused(message: str, code: str) -> ConsultationError:
        return ConsultationError(message, code=code, field="repeat_of")

    number = (
        reference_number(reference, consultation.office)
        if len(reference) <= REFERENCE_MAX_LENGTH
        else None
    )
    if number is None:
        raise refused(
            _("Give the reference of this office's consultation it repeats (KS-%(code)s-…).")
            % {"code": consultation.office.code},
            "repeat_of",
        )
    original = (
        Consultation.objects.select_related("office", "requester", "guestbook_entry")
        .filter(office=consultation.office, number=number)
        .first()
    )
    if original is None:
        raise refused(_("This office has no consultation with that reference."), "repeat_of")
    if original.pk == consultation.pk:
        raise refused(_("A consultation cannot repeat itself."), "repeat_of")
    if original.status not in (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED):
        # Its requester would be told to write where nobody reads (review, R7).
        raise refused(
            _("That consultation has ended: this one goes on in its place."),
            "repeat_of_ended",
        )
    if not _same_requester(consultation, original):
        raise refused(
            _("That consultation is another requester's: a repeat is the same requester's."),
            "repeat_of_other",
        )
    return original


def _contacts(consultation: Consultation) -> set[str]:
    if consultation.requester_id is not None:
        return {f"user:{consultation.requester_id}", consultation.requester.email.lower()}
    entry = consultation.guestbook_entry
    phone = consultation.requester_phone or (entry.phone if entry is not None else "")
    return {guest_address(consultation).lower(), f"tel:{phone}"} - {"", "tel:"}


def _same_requester(one: Consultation, other: Consultation) -> bool:
    """One account, or one email address or phone number (an email to the office from the
    address of an account's consultation, a WhatsApp request of someone who came in)."""
    return bool(_contacts(one) & _contacts(other))
