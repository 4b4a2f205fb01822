"""The requester's side of the lifecycle: open, reply, confirm, cancel, reopen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.appointments.ending import appointments_end_with
from consultations.conversation import message_add, text_length_check
from consultations.errors import ConsultationError
from consultations.guest_access import Guest
from consultations.lifecycle.rules import (
    ONLINE_FIELDS,
    REOPEN_DAYS,
    S,
    author_of,
    clock_start,
    consultation_just_sent,
    consultation_lock,
    consultation_lock_to_end,
    event_record,
    require_requester,
    require_status,
    transition,
)
from consultations.models import (
    Channel,
    Consultation,
    ConsultationEvent,
    EventKind,
    Message,
    MessageKind,
    SubjectArea,
    Topic,
)
from consultations.numbering import consultation_number_take
from consultations.services import consultation_validate
from pst.models import Office, User
from pst.service_checks import personal_text_refuse
from pst.throttle import counted_over


@transaction.atomic
def consultation_submit(
    *,
    requester: User,
    office: Office,
    data: dict,
    files: Iterable = (),
    client_request_id=None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Open an online consultation. Only a signed-in user with a verified email address, at
    most settings.CONSULTATION_SUBMISSIONS_PER_HOUR an hour; the same form sent twice opens
    one (the one opened comes back with `is_repeat` set). The question is the conversation's
    first message, and carries the attachments."""
    now = now or timezone.now()
    existing = _submitted_before(requester, client_request_id)
    if existing is None and not files:
        existing = _same_request_just_sent(requester, office, data, now)
    if existing is not None:
        return existing
    if not requester.is_active or not requester.is_email_verified:
        raise ConsultationError(
            _("Verify your email address first: open the link we sent you, or ask for a new "
              "one on your profile page."),
            code="unverified",
        )  # fmt: skip
    if not office.is_active:
        raise ConsultationError(_("This office does not take consultations."), code="office")
    subject_area = data.get("subject_area")
    if not isinstance(subject_area, SubjectArea) or not subject_area.is_active:
        raise ConsultationError(
            _("Choose a subject area."), code="subject_area", field="subject_area"
        )
    if data.get("topic") not in Topic.values:
        raise ConsultationError(_("Choose a topic."), code="topic", field="topic")
    if not str(data.get("question") or "").strip():
        raise ConsultationError(_("Write your question."), code="question", field="question")
    for field in ("question", "intended_use"):
        text_length_check(str(data.get(field) or ""), field=field)
    consultation = Consultation(
        office=office,
        channel=Channel.WEB,
        requester=requester,
        status=S.SUBMITTED,
        client_request_id=client_request_id,
        **{field: data[field] for field in ONLINE_FIELDS if field in data},
    )
    try:
        consultation_validate(consultation=consultation)
    except ConsultationError:
        # The same form sent at the same moment, saved meanwhile: the model's uniqueness
        # check sees it. The sender gets the consultation, not "client request id exists".
        existing = _submitted_before(requester, client_request_id)
        if existing is not None:
            return existing
        raise
    try:
        with transaction.atomic():  # the number goes back with a repeat's rollback
            consultation.number = consultation_number_take(office)
            consultation.save()
    except IntegrityError as error:  # the same form sent at the same moment
        existing = _submitted_before(requester, client_request_id)
        if existing is not None:
            return existing
        raise ConsultationError(
            _("This consultation was already sent."), code="request_id"
        ) from error
    # Counted only for requests that are opened: a refused form or a repeat costs nothing
    # (the refusal below undoes the save).
    if counted_over(
        f"consultations:submitted:{requester.pk}",
        limit=settings.CONSULTATION_SUBMISSIONS_PER_HOUR,
        window=3600,
    ):
        raise ConsultationError(
            _("You have opened several consultations in the last hour. Please wait before "
              "opening another, or add to one you already opened."),
            code="throttled",
        )  # fmt: skip
    consultation.created_at = now
    Consultation.objects.filter(pk=consultation.pk).update(created_at=now)
    message_add(
        consultation=consultation, author=requester, body=consultation.question,
        kind=MessageKind.PUBLIC, files=files, now=now,
    )  # fmt: skip
    event_record(consultation, EventKind.SUBMITTED, from_status="", actor=requester, at=now)
    notifications.consultation_submitted(consultation)
    return consultation


def _submitted_before(requester: User, client_request_id) -> Consultation | None:
    """The consultation this form already opened (a double click, a reload), if any, marked
    `is_repeat`."""
    if client_request_id is None:
        return None
    existing = Consultation.objects.filter(client_request_id=client_request_id).first()
    if existing is not None and existing.requester_id != requester.pk:
        raise ConsultationError(_("This form is out of date."), code="request_id")
    if existing is not None:
        existing.is_repeat = True
    return existing


def _same_request_just_sent(
    requester: User, office: Office, data: dict, now: dt.datetime
) -> Consultation | None:
    if not isinstance(data.get("subject_area"), SubjectArea):
        return None  # refused below
    alike = {field: data.get(field) or "" for field in ONLINE_FIELDS}
    alike["subject_area"] = data["subject_area"]
    return consultation_just_sent(
        office=office, now=now, alike={"requester": requester, "channel": Channel.WEB, **alike}
    )


def requester_ends(
    consultation: Consultation,
    requester: User | Guest,
    *,
    to_status: str,
    kind: str,
    now: dt.datetime | None,
    note: str = "",
    appointment_reason: str = "",
    tell_requester: bool = True,
) -> Consultation:
    """The requester ends the consultation (cancels or closes it, `note` saying why). The
    same click twice (or the sweep closing it first) is done once, without a refusal: it
    comes back with `is_repeat` set, and nobody is told twice. The officer of an appointment
    ended with it is told `appointment_reason`, else the note; the requester is told of it
    unless not `tell_requester` (their account is being deleted)."""
    now = now or timezone.now()
    consultation = consultation_lock_to_end(consultation, now)
    require_requester(requester, consultation)
    if consultation.status == to_status:
        consultation.is_repeat = True
        return consultation
    if to_status == S.CANCELLED and consultation.reopened_at is not None:
        raise ConsultationError(
            _("This consultation was answered: close it if you need nothing more."),
            code="answered",
        )
    allowed = consultation_may_close if to_status == S.CLOSED else consultation_may_cancel
    if not allowed(consultation):
        require_status(consultation, ())  # says which status it is in
    transition(
        consultation, to_status, kind, actor=author_of(requester), at=now, note=note,
        closed_at=now,
    )  # fmt: skip
    consultation.appointments_ended = appointments_end_with(
        consultation, now=now, reason=appointment_reason or note, tell_requester=tell_requester
    )
    return consultation


# Where the requester may still withdraw: a request not answered yet. A reopened one was
# answered: it is closed instead, its first answer standing (trial K3: cancelled, it read as
# never answered and its rating link died).
CANCELLABLE = (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED)


def consultation_may_cancel(consultation: Consultation) -> bool:
    return consultation.status in CANCELLABLE and consultation.reopened_at is None


def consultation_may_close(consultation: Consultation) -> bool:
    """Answered; or reopened and not answered again, when the requester needs no more."""
    return consultation.status == S.ANSWERED or (
        consultation.status in CANCELLABLE and consultation.reopened_at is not None
    )


# Why the requester cancels: a sentence or two for the officer, not a letter.
CANCEL_REASON_MAX_LENGTH = 500


def cancel_reason_validate(reason: str) -> str:
    """The requester's optional reason, by the rules of everything they write (no control
    character but line breaks, no identity number)."""
    reason = (reason or "").strip()
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ConsultationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": CANCEL_REASON_MAX_LENGTH},
            code="too_long",
            field="note",
        )
    personal_text_refuse(ConsultationEvent, {"note": reason}, error=ConsultationError)
    return reason


@transaction.atomic
def consultation_cancel(
    *,
    consultation: Consultation,
    requester: User | Guest,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """The requester withdraws the request before it is answered, saying why if they wish:
    the reason stands in the history for the office, and whoever would have answered (its
    officer, or the office's officers before anyone took it) is emailed with it (trial N,
    N12: after days of work the officer learnt it only from the status)."""
    reason = cancel_reason_validate(reason)
    cancelled = requester_ends(
        consultation, requester, to_status=S.CANCELLED, kind=EventKind.CANCELLED, now=now,
        note=reason,
    )  # fmt: skip
    # An appointment ended with it already told its officer, with the reason: one email.
    if not cancelled.is_repeat and not cancelled.appointments_ended:
        notifications.consultation_withdrawn(cancelled, reason=reason)
    return cancelled


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, requester: User | Guest, now: dt.datetime | None = None
) -> Consultation:
    """The requester confirms the answer, or needs no more after reopening it: the
    consultation is closed, its first answer standing (reports keep it, the rating rates
    it)."""
    return requester_ends(
        consultation, requester, to_status=S.CLOSED, kind=EventKind.CLOSED, now=now
    )


def consultation_may_reopen(consultation: Consultation, now: dt.datetime) -> bool:
    return (
        consultation.status in (S.ANSWERED, S.CLOSED)
        and consultation.channel != Channel.WALK_IN
        and consultation.reopened_at is None
        and consultation.answered_at is not None
        and now <= consultation.answered_at + dt.timedelta(days=REOPEN_DAYS)
    )


@transaction.atomic
def consultation_reopen(
    *,
    consultation: Consultation,
    requester: User | Guest,
    reason: str,
    now: dt.datetime | None = None,
) -> Consultation:
    """The answer did not settle it: once, within REOPEN_DAYS of the answer, the requester
    reopens the consultation with a message; the clock starts again from now."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_requester(requester, consultation)
    if consultation.reopened_at is not None:
        raise ConsultationError(
            _("A consultation can be reopened once. Open a new consultation instead."),
            code="reopened_once",
        )
    if not consultation_may_reopen(consultation, now):
        raise ConsultationError(
            _("A consultation can be reopened only within %(days)d days of its answer.")
            % {"days": REOPEN_DAYS},
            code="state",
        )
    message_add(
        consultation=consultation,
        author=author_of(requester),
        body=reason,
        kind=MessageKind.PUBLIC,
        now=now,
    )
    transition(
        consultation, S.ACCEPTED, EventKind.REOPENED, actor=author_of(requester), at=now,
        reopened_at=now, answered_at=None, closed_at=None,
        # An answer given with no clock running (at an appointment before any acceptance)
        # was no answer of the online service: nothing to keep of it for the reports.
        first_due_at=consultation.due_at,
        first_answered_at=consultation.answered_at if consultation.due_at else None,
        **clock_start(consultation, now),
    )  # fmt: skip
    notifications.consultation_reopened(consultation)
    return consultation


@transaction.atomic
def consultation_reply(
    *,
    consultation: Consultation,
    requester: User | Guest,
    body: str,
    files: Iterable = (),
    client_request_id=None,
    channel: str = Channel.WEB,
    email_message_id: str | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """The requester writes in the conversation (on the portal, or by replying to one of its
    emails: `channel`, `email_message_id`). A reply to a clarification request returns the
    consultation to the officers' review."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_requester(requester, consultation)
    require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED))
    message = message_add(
        consultation=consultation,
        author=author_of(requester),
        body=body,
        kind=MessageKind.PUBLIC,
        files=files,
        client_request_id=client_request_id,
        channel=channel,
        email_message_id=email_message_id,
        now=now,
    )
    if message.is_repeat:
        return message
    if consultation.status == S.NEEDS_CLARIFICATION:
        transition(
            consultation, S.SUBMITTED, EventKind.CLARIFIED, actor=author_of(requester), at=now,
            clarification_requested_at=None, returned_to_review_at=now,
            review_late_notified_at=None, review_escalated_at=None,
        )  # fmt: skip
    notifications.message_to_staff(consultation, message)
    return message


# -- the office ----------------------------------------------------------------------------------
