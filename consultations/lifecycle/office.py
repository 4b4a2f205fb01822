"""The office's side of the lifecycle: take, assign, ask, accept, answer, write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.conversation import message_add, message_sent_before
from consultations.errors import ConsultationError
from consultations.lifecycle.rules import (
    HOLDER_RESET,
    S,
    clock_start,
    consultation_due,
    consultation_lock,
    event_record,
    require_staff,
    require_status,
    transition,
)
from consultations.models import (
    Channel,
    Consultation,
    EventKind,
    Message,
    MessageKind,
    SubjectArea,
    Topic,
)
from consultations.selectors import consultation_held
from pst.models import User
from pst.permissions import Action, user_can


@transaction.atomic
def consultation_claim(
    *, consultation: Consultation, officer: User, now: dt.datetime | None = None
) -> Consultation:
    """An officer takes an unassigned consultation. Two officers claiming at once: the row
    lock makes one wait, and it finds the consultation taken (code "taken")."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED))
    if consultation_held(consultation):
        if consultation.officer_id == officer.pk:
            return consultation
        raise ConsultationError(
            _("Another officer has already taken this consultation."), code="taken"
        )
    _holder_set(consultation, officer)
    event_record(
        consultation, EventKind.CLAIMED, from_status=consultation.status, actor=officer, at=now
    )
    return consultation


@transaction.atomic
def consultation_assign(
    *,
    consultation: Consultation,
    officer: User,
    by: User,
    now: dt.datetime | None = None,
) -> Consultation:
    """A supervisor gives the consultation to an officer of the office (or to another)."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    if not user_can(by, Action.SUPERVISE, consultation.office):
        raise ConsultationError(
            _("Only a supervisor of this office can assign consultations."), code="not_allowed"
        )
    require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED))
    if officer.is_superuser or not user_can(
        officer, Action.ANSWER_CONSULTATIONS, consultation.office
    ):
        raise ConsultationError(
            _("Choose a consultation officer of this office."), code="officer", field="officer"
        )
    if consultation.officer_id == officer.pk:
        return consultation
    _holder_set(consultation, officer)
    event_record(
        consultation, EventKind.ASSIGNED, from_status=consultation.status, actor=by, at=now
    )
    notifications.consultation_assigned(consultation)
    return consultation


def _holder_set(consultation: Consultation, officer: User) -> None:
    consultation.officer = officer
    for name, value in HOLDER_RESET.items():  # the new officer is reminded too
        setattr(consultation, name, value)
    consultation.save(update_fields=["officer", *HOLDER_RESET])


def _officer_after(consultation: Consultation, officer: User) -> User:
    # Acting on an unassigned consultation takes it; acting on a colleague's is allowed (a
    # colleague stands in), and the assignment stays theirs.
    return consultation.officer if consultation_held(consultation) else officer


@transaction.atomic
def consultation_request_clarification(
    *,
    consultation: Consultation,
    officer: User,
    body: str,
    files: Iterable = (),
    client_request_id=None,
    now: dt.datetime | None = None,
) -> Consultation:
    """The request is not clear or not complete yet: the officer asks; no clock runs until
    the requester answers (or CLARIFICATION_DAYS pass and the sweep cancels it)."""
    now = now or timezone.now()
    consultation, message = _office_message(
        consultation, officer, allowed=(S.SUBMITTED,), body=body, files=files,
        client_request_id=client_request_id, now=now,
    )  # fmt: skip
    if message is None:
        return consultation
    if not notifications.requester_addresses(consultation):
        raise ConsultationError(
            _("This consultation has nobody to answer a question online."), code="no_requester"
        )
    transition(
        consultation, S.NEEDS_CLARIFICATION, EventKind.CLARIFICATION_REQUESTED,
        actor=officer, at=now, clarification_requested_at=now,
        officer=_officer_after(consultation, officer),
    )  # fmt: skip
    notifications.message_to_requester(consultation, message, clarification=True)
    return consultation


def _office_message(
    consultation: Consultation,
    officer: User,
    *,
    allowed: tuple[str, ...],
    body: str,
    files: Iterable,
    client_request_id,
    now: dt.datetime,
) -> tuple[Consultation, Message | None]:
    """Locks the consultation and adds the officer's public message that changes its status;
    no message (None) when this very form was already sent: the first did it all."""
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    if message_sent_before(consultation, client_request_id) is not None:
        return consultation, None
    require_status(consultation, allowed)
    message = message_add(
        consultation=consultation, author=officer, body=body, kind=MessageKind.PUBLIC,
        files=files, client_request_id=client_request_id, now=now,
    )  # fmt: skip
    return consultation, message


@transaction.atomic
def consultation_accept(
    *,
    consultation: Consultation,
    officer: User,
    subject_area: SubjectArea | None = None,
    topic: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """The request is clear and complete: the SLA clock starts now, due in the office's
    online working days (explained by consultation_due). A request that came by email gets
    its subject area and topic here (the officer may also correct them)."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, (S.SUBMITTED,))
    subject = {}
    if subject_area is not None:
        if not subject_area.is_active:
            raise ConsultationError(
                _("Choose a subject area."), code="subject_area", field="subject_area"
            )
        subject["subject_area"] = subject_area
    if topic:
        if topic not in Topic.values:
            raise ConsultationError(_("Choose a topic."), code="topic", field="topic")
        subject["topic"] = topic
    if ("subject_area" not in subject and consultation.subject_area_id is None) or not (
        subject.get("topic") or consultation.topic
    ):
        raise ConsultationError(
            _("Choose the subject area and the topic before accepting."),
            code="subject_area",
            field="subject_area",
        )
    transition(
        consultation, S.ACCEPTED, EventKind.ACCEPTED, actor=officer, at=now,
        accepted_at=consultation.accepted_at or now,
        officer=_officer_after(consultation, officer), **subject,
        **clock_start(consultation, now),
    )  # fmt: skip
    notifications.consultation_accepted(consultation, due=consultation_due(consultation))
    return consultation


@transaction.atomic
def consultation_answer(
    *,
    consultation: Consultation,
    officer: User,
    body: str,
    files: Iterable = (),
    client_request_id=None,
    now: dt.datetime | None = None,
) -> Consultation:
    """The officer gives the information: a public message, and the consultation is
    answered (in time or not, by its due date)."""
    now = now or timezone.now()
    consultation, message = _office_message(
        consultation, officer, allowed=(S.ACCEPTED,), body=body, files=files,
        client_request_id=client_request_id, now=now,
    )  # fmt: skip
    if message is None:
        return consultation
    transition(
        consultation, S.ANSWERED, EventKind.ANSWERED, actor=officer, at=now, answered_at=now,
        sla_met=consultation.due_at is None or now <= consultation.due_at,
        officer=_officer_after(consultation, officer),
    )  # fmt: skip
    notifications.message_to_requester(consultation, message, answered=True)
    return consultation


@transaction.atomic
def consultation_write(
    *,
    consultation: Consultation,
    officer: User,
    body: str,
    internal: bool,
    files: Iterable = (),
    client_request_id=None,
    channel: str = Channel.WEB,
    email_message_id: str | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """An officer writes without changing the status: an internal note (staff only), or a
    public message while the consultation is open. `channel`, `email_message_id`: it came
    as an email (an officer's reply to a notification is kept as an internal note)."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    if not internal:
        require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED))
    message = message_add(
        consultation=consultation,
        author=officer,
        body=body,
        kind=MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
        files=files,
        client_request_id=client_request_id,
        channel=channel,
        email_message_id=email_message_id,
        now=now,
    )
    if not internal and not message.is_repeat:
        notifications.message_to_requester(consultation, message)
    return message
