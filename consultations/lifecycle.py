"""The online consultation's life, one service per transition (issue 10, DESIGN §2/§4):

    submitted ──ask──▶ needs clarification ──requester replies──▶ submitted
        │                     └── no reply in 14 days (sweep) ──▶ cancelled
        └──accept (clock starts, due in N working days)──▶ accepted ──answer──▶ answered
    answered ──requester confirms, or 7 days (sweep)──▶ closed
    answered/closed ──reopen, once, within 7 days of the answer (clock restarts)──▶ accepted
    submitted/needs clarification/accepted ──requester cancels──▶ cancelled

Each transition locks the row, checks the state it starts from (ConsultationError code
"state" otherwise, so a double click or a second officer gets a clear refusal), and appends a
ConsultationEvent. Emails to the other side leave through django-tasks
(consultations.notifications), after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.conversation import message_add
from consultations.errors import ConsultationError
from consultations.models import (
    Channel,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
    Message,
    MessageKind,
    SubjectArea,
    Topic,
)
from consultations.services import consultation_validate
from pst.models import Office, User
from pst.permissions import Action, user_can
from pst.workcalendar import CalendarError, DueDate, add_working_days

S = ConsultationStatus

# The requester may reopen an answered consultation once within this many days of the answer;
# an answered consultation nobody confirms closes itself after the same time.
REOPEN_DAYS = 7
AUTO_CLOSE_DAYS = 7
# A clarification the requester never gives cancels the request after this many days.
CLARIFICATION_DAYS = 14

# What a requester may submit in a row before being asked to wait (the flood guard).
SUBMISSIONS_PER_HOUR = getattr(settings, "CONSULTATION_SUBMISSIONS_PER_HOUR", 5)

ONLINE_FIELDS = (
    "subject_area",
    "topic",
    "question",
    "data_region",
    "data_period",
    "data_detail",
    "intended_use",
)


def _event(
    consultation: Consultation,
    kind: str,
    *,
    from_status: str,
    actor: User | None,
    at: dt.datetime,
) -> ConsultationEvent:
    return ConsultationEvent.objects.create(
        consultation=consultation,
        kind=kind,
        from_status=from_status,
        to_status=consultation.status,
        actor=actor,
        officer_id=consultation.officer_id,
        at=at,
    )


def _lock(consultation: Consultation) -> Consultation:
    # The row alone, no joins (a waiting transaction re-reads the row another one changed).
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _require(consultation: Consultation, allowed: Iterable[str]) -> None:
    if consultation.status not in allowed:
        raise ConsultationError(
            _("This consultation is %(status)s: that cannot be done now.")
            % {"status": consultation.get_status_display().lower()},
            code="state",
        )


def _require_staff(user: User, office: Office) -> None:
    if not user_can(user, Action.ANSWER_CONSULTATIONS, office):
        raise ConsultationError(
            _("Only consultation officers of this office can do this."), code="not_allowed"
        )


def _require_requester(user: User, consultation: Consultation) -> None:
    if consultation.requester_id is None or consultation.requester_id != user.pk:
        raise ConsultationError(_("Only the person who asked can do this."), code="not_requester")


def consultation_due(consultation: Consultation) -> DueDate | None:
    """The due date of an accepted consultation with its explanation (skipped days), from the
    moment its clock started; None while no clock runs."""
    if consultation.clock_started_at is None:
        return None
    try:
        return add_working_days(
            office=consultation.office,
            start=consultation.clock_started_at,
            days=consultation.office.online_sla_working_days,
        )
    except CalendarError:
        return None


def _start_clock(consultation: Consultation, now: dt.datetime) -> None:
    try:
        due = add_working_days(
            office=consultation.office, start=now, days=consultation.office.online_sla_working_days
        )
    except CalendarError as error:
        raise ConsultationError(
            _("The office calendar has no opening hours: an administrator must set them first."),
            code="calendar",
        ) from error
    consultation.clock_started_at = now
    consultation.due_at = due.due_at
    consultation.due_soon_notified_at = None
    consultation.overdue_notified_at = None
    consultation.sla_met = None


# -- the requester -----------------------------------------------------------------------------


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
    most SUBMISSIONS_PER_HOUR an hour; the same form sent twice opens one. The question is
    the conversation's first message, and carries the attachments."""
    now = now or timezone.now()
    if client_request_id is not None:
        existing = Consultation.objects.filter(client_request_id=client_request_id).first()
        if existing is not None:
            if existing.requester_id != requester.pk:
                raise ConsultationError(_("This form is out of date."), code="request_id")
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
    consultation = Consultation(
        office=office,
        channel=Channel.WEB,
        requester=requester,
        status=S.SUBMITTED,
        client_request_id=client_request_id,
        **{field: data[field] for field in ONLINE_FIELDS if field in data},
    )
    consultation_validate(consultation=consultation)
    # Counted only for requests that would be opened: a refused form costs nothing.
    key = f"consultations:submitted:{requester.pk}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > SUBMISSIONS_PER_HOUR:
        raise ConsultationError(
            _("You have opened several consultations in the last hour. Please wait before "
              "opening another, or add to one you already opened."),
            code="throttled",
        )  # fmt: skip
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError as error:  # the same form sent at the same moment
        raise ConsultationError(
            _("This consultation was already sent."), code="request_id"
        ) from error
    consultation.created_at = now
    Consultation.objects.filter(pk=consultation.pk).update(created_at=now)
    message_add(
        consultation=consultation, author=requester, body=consultation.question,
        kind=MessageKind.PUBLIC, files=files, now=now,
    )  # fmt: skip
    _event(consultation, EventKind.SUBMITTED, from_status="", actor=requester, at=now)
    notifications.consultation_submitted(consultation)
    return consultation


@transaction.atomic
def consultation_cancel(
    *, consultation: Consultation, requester: User, now: dt.datetime | None = None
) -> Consultation:
    """The requester withdraws the request before it is answered."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_requester(requester, consultation)
    _require(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED))
    before = consultation.status
    consultation.status = S.CANCELLED
    consultation.closed_at = now
    consultation.save(update_fields=["status", "closed_at"])
    _event(consultation, EventKind.CANCELLED, from_status=before, actor=requester, at=now)
    return consultation


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, requester: User, now: dt.datetime | None = None
) -> Consultation:
    """The requester confirms the answer: the consultation is closed."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_requester(requester, consultation)
    _require(consultation, (S.ANSWERED,))
    consultation.status = S.CLOSED
    consultation.closed_at = now
    consultation.save(update_fields=["status", "closed_at"])
    _event(consultation, EventKind.CLOSED, from_status=S.ANSWERED, actor=requester, at=now)
    return consultation


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
    *, consultation: Consultation, requester: User, reason: str, now: dt.datetime | None = None
) -> Consultation:
    """The answer did not settle it: once, within REOPEN_DAYS of the answer, the requester
    reopens the consultation with a message; the clock starts again from now."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_requester(requester, consultation)
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
        consultation=consultation, author=requester, body=reason, kind=MessageKind.PUBLIC, now=now
    )
    before = consultation.status
    consultation.status = S.ACCEPTED
    consultation.reopened_at = now
    consultation.answered_at = None
    consultation.closed_at = None
    _start_clock(consultation, now)
    consultation.save()
    _event(consultation, EventKind.REOPENED, from_status=before, actor=requester, at=now)
    notifications.consultation_reopened(consultation)
    return consultation


@transaction.atomic
def consultation_reply(
    *,
    consultation: Consultation,
    requester: User,
    body: str,
    files: Iterable = (),
    client_request_id=None,
    now: dt.datetime | None = None,
) -> Message:
    """The requester writes in the conversation. A reply to a clarification request returns
    the consultation to the officers' review."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_requester(requester, consultation)
    _require(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED))
    message = message_add(
        consultation=consultation,
        author=requester,
        body=body,
        kind=MessageKind.PUBLIC,
        files=files,
        client_request_id=client_request_id,
        now=now,
    )
    if message.is_repeat:
        return message
    if consultation.status == S.NEEDS_CLARIFICATION:
        consultation.status = S.SUBMITTED
        consultation.clarification_requested_at = None
        consultation.save(update_fields=["status", "clarification_requested_at"])
        _event(
            consultation, EventKind.CLARIFIED, from_status=S.NEEDS_CLARIFICATION,
            actor=requester, at=now,
        )  # fmt: skip
    notifications.message_to_staff(consultation, message)
    return message


# -- the office ----------------------------------------------------------------------------------


@transaction.atomic
def consultation_claim(
    *, consultation: Consultation, officer: User, now: dt.datetime | None = None
) -> Consultation:
    """An officer takes an unassigned consultation. Two officers claiming at once: the row
    lock makes one wait, and it finds the consultation taken (code "taken")."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(officer, consultation.office)
    _require(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED))
    if consultation.officer_id is not None:
        if consultation.officer_id == officer.pk:
            return consultation
        raise ConsultationError(
            _("Another officer has already taken this consultation."), code="taken"
        )
    consultation.officer = officer
    consultation.save(update_fields=["officer"])
    _event(consultation, EventKind.CLAIMED, from_status=consultation.status, actor=officer, at=now)
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
    consultation = _lock(consultation)
    if not user_can(by, Action.SUPERVISE, consultation.office):
        raise ConsultationError(
            _("Only a supervisor of this office can assign consultations."), code="not_allowed"
        )
    _require(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED))
    if officer.is_superuser or not user_can(
        officer, Action.ANSWER_CONSULTATIONS, consultation.office
    ):
        raise ConsultationError(
            _("Choose a consultation officer of this office."), code="officer", field="officer"
        )
    if consultation.officer_id == officer.pk:
        return consultation
    consultation.officer = officer
    consultation.due_soon_notified_at = None  # the new officer is reminded too
    consultation.save(update_fields=["officer", "due_soon_notified_at"])
    _event(consultation, EventKind.ASSIGNED, from_status=consultation.status, actor=by, at=now)
    notifications.consultation_assigned(consultation)
    return consultation


def _take_if_free(consultation: Consultation, officer: User) -> None:
    # Acting on an unassigned consultation takes it; acting on a colleague's is allowed (a
    # colleague stands in), and the assignment stays theirs.
    if consultation.officer_id is None:
        consultation.officer = officer


@transaction.atomic
def consultation_request_clarification(
    *,
    consultation: Consultation,
    officer: User,
    body: str,
    files: Iterable = (),
    now: dt.datetime | None = None,
) -> Consultation:
    """The request is not clear or not complete yet: the officer asks; no clock runs until
    the requester answers (or CLARIFICATION_DAYS pass and the sweep cancels it)."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(officer, consultation.office)
    _require(consultation, (S.SUBMITTED,))
    if consultation.requester_id is None:
        raise ConsultationError(
            _("This consultation has nobody to answer a question online."), code="no_requester"
        )
    message = message_add(
        consultation=consultation, author=officer, body=body, kind=MessageKind.PUBLIC,
        files=files, now=now,
    )  # fmt: skip
    _take_if_free(consultation, officer)
    consultation.status = S.NEEDS_CLARIFICATION
    consultation.clarification_requested_at = now
    consultation.save(update_fields=["status", "clarification_requested_at", "officer"])
    _event(
        consultation, EventKind.CLARIFICATION_REQUESTED, from_status=S.SUBMITTED,
        actor=officer, at=now,
    )  # fmt: skip
    notifications.message_to_requester(consultation, message, clarification=True)
    return consultation


@transaction.atomic
def consultation_accept(
    *, consultation: Consultation, officer: User, now: dt.datetime | None = None
) -> Consultation:
    """The request is clear and complete: the SLA clock starts now, due in the office's
    online working days (explained by consultation_due)."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(officer, consultation.office)
    _require(consultation, (S.SUBMITTED,))
    _take_if_free(consultation, officer)
    consultation.status = S.ACCEPTED
    consultation.accepted_at = consultation.accepted_at or now
    _start_clock(consultation, now)
    consultation.save()
    _event(consultation, EventKind.ACCEPTED, from_status=S.SUBMITTED, actor=officer, at=now)
    notifications.consultation_accepted(consultation)
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
    consultation = _lock(consultation)
    _require_staff(officer, consultation.office)
    _require(consultation, (S.ACCEPTED,))
    message = message_add(
        consultation=consultation, author=officer, body=body, kind=MessageKind.PUBLIC,
        files=files, client_request_id=client_request_id, now=now,
    )  # fmt: skip
    if message.is_repeat:
        return consultation
    _take_if_free(consultation, officer)
    consultation.status = S.ANSWERED
    consultation.answered_at = now
    consultation.sla_met = consultation.due_at is None or now <= consultation.due_at
    consultation.save()
    _event(consultation, EventKind.ANSWERED, from_status=S.ACCEPTED, actor=officer, at=now)
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
    now: dt.datetime | None = None,
) -> Message:
    """An officer writes without changing the status: an internal note (staff only), or a
    public message while the consultation is open."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(officer, consultation.office)
    if not internal:
        _require(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED))
    message = message_add(
        consultation=consultation,
        author=officer,
        body=body,
        kind=MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
        files=files,
        client_request_id=client_request_id,
        now=now,
    )
    if not internal and not message.is_repeat:
        notifications.message_to_requester(consultation, message)
    return message
