"""Consultation actions. The walk-in record ends the visitor's turn at the desk in the same
transaction: answered → the ticket is finished; referred → the ticket joins the chosen
service's queue; follow-up online or by appointment → the ticket is finished and the
consultation stays open for the officer to continue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import notifications
from consultations.appointments.booking import appointment_book_at_desk
from consultations.errors import ConsultationError
from consultations.models import (
    CONSULTATION_CORRECTABLE_FIELDS,
    Channel,
    Consultation,
    ConsultationEvent,
    ConsultationRevision,
    ConsultationStatus,
    EventKind,
    Outcome,
    Topic,
)
from consultations.numbering import consultation_number_take
from pst.links import web_links_clean
from pst.models import User, email_normalize
from pst.permissions import Action
from pst.phones import normalize_phone
from pst.revisions import author_may_correct, record_correct
from pst.service_checks import full_clean_refuse, personal_text_refuse
from pst.workcalendar import add_working_days
from queueing import services as queue
from queueing.desks import ticket_lock_at_desk
from queueing.models import Desk, GuestbookEntry, Service, Ticket, TicketStatus

CONSULTATION_FIELDS = ("subject_area", "topic", "question", "answer", "links")
NAME_MAX_LENGTH = Consultation._meta.get_field("requester_name").max_length


# Said by the service and by the correction page to whoever may not correct.
CORRECTION_NOT_ALLOWED = gettext_lazy(
    "Only the officer who recorded this consultation, on the same day, or a supervisor can "
    "correct it."
)


@contextmanager
def queue_refusals() -> Iterator[None]:
    """The queue's refusal of a ticket move (a QueueError) reaches the consultation's callers
    as a ConsultationError with the same message and code, so that their views catch one
    error."""
    try:
        yield
    except queue.QueueError as error:
        raise ConsultationError(error.message, code=error.code) from error


def consultation_links_clean(text: str) -> str:
    try:
        return web_links_clean(text)
    except ValidationError as error:
        raise ConsultationError(error.messages[0], code="links", field="links") from None


def consultation_validate(*, consultation: Consultation) -> None:
    """The rules every consultation obeys whatever its channel (desk, web, WhatsApp, email):
    no control characters or identity numbers in the question, the answer and the links, web
    addresses only in the links, and the model's own validation. Raises ConsultationError
    naming the field."""
    personal_text_refuse(Consultation, vars(consultation), error=ConsultationError)
    consultation.links = consultation_links_clean(consultation.links)
    subject_known_later = consultation.channel == Channel.EMAIL and consultation.status in (
        ConsultationStatus.SUBMITTED,
        ConsultationStatus.NEEDS_CLARIFICATION,
        ConsultationStatus.CANCELLED,
    )
    if not subject_known_later:
        # Every other consultation is counted by its subject and topic in the reports.
        if consultation.subject_area_id is None:
            raise ConsultationError(
                _("Choose a subject area."), code="subject_area", field="subject_area"
            )
        if consultation.topic not in Topic.values:
            raise ConsultationError(_("Choose a topic."), code="topic", field="topic")
    if consultation.channel == Channel.WALK_IN and not consultation.answer.strip():
        raise ConsultationError(_("Write the information given."), code="answer", field="answer")
    full_clean_refuse(consultation, error=ConsultationError)


def verified_account(email: str) -> User | None:
    """The active account of `email` if that address is verified (only a verified address
    proves the account is the person's): the walk-in visitor's and the remote requester's
    consultation is then theirs to follow in "my consultations"."""
    if not email:
        return None
    return User.objects.filter(
        email__iexact=email_normalize(email), is_active=True, email_verified_at__isnull=False
    ).first()


def phone_clean(raw: str, *, field: str) -> str:
    """A requester's or visitor's phone as stored (+62…), "" for none; ConsultationError
    (code "phone") on `field` when it is not a dialable number."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except ValidationError as error:
        raise ConsultationError(error.messages[0], code="phone", field=field) from None


def walk_in_name_clean(name: str) -> str:
    """The name of a walk-in visitor without a guestbook entry, for the follow-up (trial I,
    I18: "(tanpa nama)" in the inbox, no greeting in the email): the rules of every
    requester's name, refused under the form's field."""
    name = name.strip()
    try:
        personal_text_refuse(Consultation, {"requester_name": name}, error=ConsultationError)
    except ConsultationError as error:
        raise ConsultationError(error.message, code=error.code, field="contact_name") from error
    if len(name) > NAME_MAX_LENGTH:
        raise ConsultationError(
            _("Write the name in at most %(n)d characters.") % {"n": NAME_MAX_LENGTH},
            code="name_length",
            field="contact_name",
        )
    return name


def walk_in_contact_clean(email: str, phone: str) -> tuple[str, str]:
    """The address and number a walk-in visitor gave for the follow-up, checked as every
    other path checks them (the form is not the only caller)."""
    email = email_normalize(email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ConsultationError(
                _("Enter a valid email address."), code="email", field="contact_email"
            ) from None
    return email, phone_clean(phone, field="contact_phone")


@transaction.atomic
def consultation_record_walk_in(
    *,
    ticket: Ticket,
    desk: Desk,
    officer: User,
    data: dict,
    outcome: str,
    referred_to: Service | None = None,
    appointment_at: dt.datetime | None = None,
    contact_email: str = "",
    contact_phone: str = "",
    contact_name: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """Save what was asked and given at the desk and end the visit there. `contact_email` and
    `contact_phone` are how the visitor is reached for a follow-up when their guestbook entry
    does not say it (or they gave another): kept on the consultation only then, so the
    guestbook's retention still purges the entry's own contact. `contact_name`: who they
    are, for a visitor without a guestbook entry (the entry says it otherwise)."""
    now = now or timezone.now()
    with queue_refusals():
        ticket = ticket_lock_at_desk(ticket, desk, (TicketStatus.SERVING,))
    if not ticket.service.records_consultations:
        raise ConsultationError(_("This service does not record consultations."), code="service")
    if Consultation.objects.filter(ticket=ticket).exists():
        raise ConsultationError(
            _("The consultation of %(code)s is already recorded.") % {"code": ticket.code},
            code="already_recorded",
        )
    if outcome not in Outcome.values:
        raise ConsultationError(_("Choose an outcome."), code="outcome")
    if outcome == Outcome.REFERRED and referred_to is None:
        raise ConsultationError(
            _("Choose the service the visitor is referred to."), code="referral"
        )
    if outcome == Outcome.APPOINTMENT and appointment_at is None:
        raise ConsultationError(
            _("Give the appointment a time in the future."),
            code="appointment",
            field="appointment_at",
        )

    stays_open = outcome in (Outcome.ONLINE_FOLLOW_UP, Outcome.APPOINTMENT)
    entry = GuestbookEntry.objects.filter(ticket=ticket).first()
    email, phone = walk_in_contact_clean(contact_email, contact_phone) if stays_open else ("", "")
    name = walk_in_name_clean(contact_name) if stays_open and entry is None else ""
    entry_email = entry.email.strip().lower() if entry is not None else ""
    entry_phone = entry.phone if entry is not None else ""
    if outcome == Outcome.ONLINE_FOLLOW_UP and not (email or phone or entry_email or entry_phone):
        # Found by the product trial: answered later, "emailed" to nobody.
        raise ConsultationError(
            _("An online follow-up needs a way to reach the visitor: write their email address "
              "or phone number, or choose another outcome."),
            code="unreachable",
            field="contact_email",
        )  # fmt: skip
    # A visitor with a verified account of that address follows it in "my consultations"
    # like an online one; the account then says who they are.
    account = verified_account(email or entry_email)
    consultation = Consultation(
        office_id=ticket.office_id,
        channel=Channel.WALK_IN,
        ticket=ticket,
        guestbook_entry=entry,
        requester=account,
        requester_name=name if account is None else "",
        requester_email=email if account is None and email != entry_email else "",
        requester_phone=phone if account is None and phone != entry_phone else "",
        officer=officer,
        outcome=outcome,
        referred_to=referred_to if outcome == Outcome.REFERRED else None,
        appointment_at=appointment_at if outcome == Outcome.APPOINTMENT else None,
        # A walk-in request is clear the moment it is heard at the desk: accepted now.
        accepted_at=now,
        status=ConsultationStatus.ACCEPTED if stays_open else ConsultationStatus.CLOSED,
        answered_at=None if stays_open else now,
        closed_at=None if stays_open else now,
        **{field: data[field] for field in CONSULTATION_FIELDS if field in data},
    )
    due = None
    if outcome == Outcome.ONLINE_FOLLOW_UP:
        # It enters the online lifecycle as accepted: the answer clock runs from now.
        consultation.clock_started_at = now
        due = add_working_days(
            office=ticket.office, start=now, days=ticket.office.online_sla_working_days
        )
        consultation.due_at = due.due_at
        consultation.closed_days_counted = [day.isoformat() for day in due.closed]
    consultation_validate(consultation=consultation)
    consultation.number = consultation_number_take(ticket.office)
    consultation.save()
    ConsultationEvent.objects.create(
        consultation=consultation,
        kind=EventKind.RECORDED,
        from_status="",
        to_status=consultation.status,
        actor=officer,
        officer=officer,
        at=now,
    )
    if outcome == Outcome.APPOINTMENT:
        # A visit agreed at the desk: the same rules and code as a time accepted online.
        appointment_book_at_desk(
            consultation=consultation, officer=officer, starts_at=appointment_at, now=now
        )

    with queue_refusals():
        if outcome == Outcome.REFERRED:
            queue.ticket_transfer(
                ticket=ticket, desk=desk, officer=officer, to_service=referred_to, now=now
            )
        else:
            queue.ticket_finish(
                ticket=ticket, desk=desk, officer=officer, consultation_recorded=True,
                rated_after_answer=outcome == Outcome.ONLINE_FOLLOW_UP, now=now,
            )  # fmt: skip
    if outcome == Outcome.ONLINE_FOLLOW_UP:
        notifications.walk_in_follow_up(consultation, due=due)
    return consultation


def consultation_may_correct(*, consultation: Consultation, user: User, now: dt.datetime) -> bool:
    """The officer who recorded a consultation corrects it on the day it was recorded (office
    time); a supervisor of the office at any time."""
    return author_may_correct(
        user,
        office=consultation.office,
        author_id=consultation.officer_id,
        recorded_at=consultation.created_at,
        action=Action.ANSWER_CONSULTATIONS,
        now=now,
    )


@transaction.atomic
def consultation_correct(
    *,
    consultation: Consultation,
    officer: User,
    data: dict,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> list[ConsultationRevision]:
    """Correct what was asked and given; each changed field keeps its old value in the
    consultation's history. Submitting the same correction again changes nothing.

    `version` is the record's version as the form was loaded (pst.revisions.record_correct:
    someone else's correction meanwhile refuses this one, code "changed_meanwhile")."""
    now = now or timezone.now()
    return record_correct(
        consultation,
        history=ConsultationRevision,
        fields=CONSULTATION_CORRECTABLE_FIELDS,
        data=data,
        by=officer,
        at=now,
        version=version,
        may_correct=lambda locked: consultation_may_correct(
            consultation=locked, user=officer, now=now
        ),
        validate=lambda locked: consultation_validate(consultation=locked),
        error=ConsultationError,
        not_allowed=CORRECTION_NOT_ALLOWED,
        changed_meanwhile=_(
            "Someone else changed this record while you were correcting it. Here is the "
            "current version: check it and make your correction again."
        ),
    )
