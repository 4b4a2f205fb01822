"""Consultations that reach the office outside the portal (service standard step 9: WhatsApp,
email, phone): an officer opens one on behalf of the person who wrote or called, or an email
with no consultation behind it opens one by itself. The person needs no account: they follow
it by the signed link of every email (consultations.guest_access), and an account they
register later with the same address takes it over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.conversation import message_add, text_length_check
from consultations.errors import ConsultationError
from consultations.guest_access import guest_address
from consultations.lifecycle.rules import (
    S,
    consultation_just_sent,
    consultation_lock,
    event_record,
    require_staff,
    require_status,
)
from consultations.models import (
    Channel,
    Consultation,
    EventKind,
    Message,
    MessageKind,
    SubjectArea,
)
from consultations.numbering import consultation_number_take
from consultations.services import consultation_validate, phone_clean, verified_account
from pst.models import Office, User, email_normalize
from pst.service_checks import recent_moment_refuse

REMOTE_CHANNELS = (Channel.WHATSAPP, Channel.EMAIL, Channel.PHONE)


def _opened_before(client_request_id) -> Consultation | None:
    if client_request_id is None:
        return None
    return Consultation.objects.filter(client_request_id=client_request_id).first()


# How far back an officer may date a contact or an exchange they record late. Without a bound
# a typo such as year 0001 was stored (as 1 BC once the zone's local mean time applied) and
# every page showing the message failed to read it back.
EXCHANGE_MAX_AGE = dt.timedelta(days=366)


def _exchange_time_check(at: dt.datetime, now: dt.datetime, *, field: str, future: str) -> None:
    recent_moment_refuse(
        at, now=now, max_age=EXCHANGE_MAX_AGE, field=field, future=future,
        too_old=_("The time is more than a year ago: check the date."), error=ConsultationError,
    )  # fmt: skip


@transaction.atomic
def consultation_open_remote(
    *,
    office: Office,
    channel: str,
    question: str,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    subject_area: SubjectArea | None = None,
    topic: str = "",
    officer: User | None = None,
    contacted_at: dt.datetime | None = None,
    files: Iterable = (),
    client_request_id=None,
    email_message_id: str | None = None,
    to_account: bool = True,
    refusals: Sequence[Promise | str] = (),
    now: dt.datetime | None = None,
) -> Consultation:
    """Open a consultation that came by WhatsApp, email or phone. `officer` opens it on the
    person's behalf (then it is theirs to answer); without one, only an email may open it
    (it waits in the inbox). The question is the first message of the conversation, on the
    channel it came by, at `contacted_at`. A verified account with the address gets it,
    unless `to_account` is False (a mail whose sender nothing vouched for). `refusals`: the
    files of the email that were not taken, named in the email telling them it is open."""
    now = now or timezone.now()
    existing = _opened_before(client_request_id)
    if existing is not None:
        if existing.office_id != office.pk:
            raise ConsultationError(_("This consultation was already sent."), code="request_id")
        return existing
    if channel not in REMOTE_CHANNELS:
        raise ConsultationError(_("Choose how the request came."), code="channel", field="channel")
    if officer is not None:
        require_staff(officer, office)
    elif channel != Channel.EMAIL:
        raise ConsultationError(
            _("Only an officer can record a request that came by WhatsApp or phone."),
            code="not_allowed",
        )
    if not office.is_active:
        raise ConsultationError(_("This office does not take consultations."), code="office")
    if contacted_at is not None:
        _exchange_time_check(
            contacted_at, now, field="contacted_at",
            future=_("The time of the contact cannot be in the future."),
        )  # fmt: skip
    requester_name = " ".join(requester_name.split())
    requester_email = email_normalize(requester_email)
    requester_phone = phone_clean(requester_phone, field="requester_phone")
    if not requester_email and not requester_phone:
        raise ConsultationError(
            _("Give an email address or a phone number, so the answer can reach them."),
            code="contact",
            field="requester_email",
        )
    if officer is not None and not requester_name:
        raise ConsultationError(
            _("Write the requester's name."), code="name", field="requester_name"
        )
    if not question.strip():
        raise ConsultationError(_("Write the question."), code="question", field="question")
    text_length_check(question, field="question")
    account = verified_account(requester_email) if to_account else None
    if officer is not None and not files:
        # The officer's form sent again after Back (trial G, G5): the web form's rule.
        again = consultation_just_sent(
            office=office, now=now,
            alike={
                "channel": channel, "officer": officer, "requester": account,
                "requester_name": "" if account else requester_name,
                "requester_email": "" if account else requester_email,
                "requester_phone": "" if account else requester_phone,
                "subject_area": subject_area, "topic": topic, "question": question,
                # The time it came is a field of the form too (review R4).
                "messages__happened_at": contacted_at,
            },
        )  # fmt: skip
        if again is not None:
            return again
    consultation = Consultation(
        office=office,
        channel=channel,
        requester=account,
        # An account says who they are; without one the consultation keeps it.
        requester_name="" if account else requester_name,
        requester_email="" if account else requester_email,
        requester_phone="" if account else requester_phone,
        subject_area=subject_area,
        topic=topic,
        question=question,
        status=S.SUBMITTED,
        officer=officer,
        client_request_id=client_request_id,
    )
    consultation_validate(consultation=consultation)
    try:
        with transaction.atomic():  # the number goes back with a repeat's rollback
            consultation.number = consultation_number_take(office)
            consultation.save()
    except IntegrityError as error:  # the same form sent at the same moment
        existing = _opened_before(client_request_id)
        if existing is not None and existing.office_id == office.pk:
            return existing
        raise ConsultationError(
            _("This consultation was already sent."), code="request_id"
        ) from error
    consultation.created_at = now
    Consultation.objects.filter(pk=consultation.pk).update(created_at=now)
    message_add(
        consultation=consultation, author=account, body=question, kind=MessageKind.PUBLIC,
        files=files, channel=channel, happened_at=contacted_at,
        email_message_id=email_message_id, now=now,
    )  # fmt: skip
    event_record(consultation, EventKind.SUBMITTED, from_status="", actor=officer, at=now)
    notifications.consultation_opened_remote(
        consultation, by_officer=officer is not None, refusals=refusals
    )
    return consultation


@transaction.atomic
def consultations_attach_to_account(*, user: User) -> int:
    """An account whose address is now verified takes over the consultations opened for that
    address without an account. Returns how many."""
    if not user.is_active or not user.is_email_verified or not user.email:
        return 0
    # A walk-in visitor sent online is written to at their guestbook address: theirs too.
    of_address = Q(requester_email__iexact=user.email) | Q(
        requester_email="", guestbook_entry__email__iexact=user.email
    )
    return Consultation.objects.filter(of_address, requester__isnull=True).update(
        requester=user, requester_name="", requester_email="", requester_phone=""
    )


EXCHANGE_CHANNELS = (Channel.WHATSAPP, Channel.PHONE)


@transaction.atomic
def consultation_exchange_log(
    *,
    consultation: Consultation,
    officer: User,
    channel: str,
    happened_at: dt.datetime,
    body: str,
    client_request_id=None,
    now: dt.datetime | None = None,
) -> Message:
    """An officer's summary of a WhatsApp message or a phone call about the consultation, as
    a message of the conversation on that channel, at the time of the exchange. Nobody is
    emailed: the requester was in the exchange."""
    now = now or timezone.now()
    consultation = consultation_lock(consultation)
    require_staff(officer, consultation.office)
    require_status(consultation, (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED))
    if channel not in EXCHANGE_CHANNELS:
        raise ConsultationError(_("Choose WhatsApp or phone."), code="channel", field="channel")
    _exchange_time_check(
        happened_at, now, field="happened_at",
        future=_("The time of the exchange cannot be in the future."),
    )  # fmt: skip
    # Not before the day of the request (when it came, for one recorded later on someone's
    # behalf): the conversation would read backwards (product trial F: one logged months
    # before was shown first). The same day stays open: a call may precede its recording.
    first = consultation.messages.order_by("created_at", "pk").first()
    began = min(filter(None, (consultation.created_at, first and first.happened_at)))
    tz = consultation.office.zoneinfo
    day_began = dt.datetime.combine(began.astimezone(tz).date(), dt.time(0), tzinfo=tz)
    if happened_at < day_began:
        raise ConsultationError(
            _("The exchange cannot be before the day of the request (%(day)s): check the "
              "date.") % {"day": date_format(day_began, "j F Y")},
            code="happened_at",
            field="happened_at",
        )  # fmt: skip
    return message_add(
        consultation=consultation, author=officer, body=body, kind=MessageKind.PUBLIC,
        channel=channel, happened_at=happened_at, client_request_id=client_request_id, now=now,
    )  # fmt: skip


# One new link per consultation in this many seconds: the button cannot flood a mailbox.
FOLLOW_LINK_RESEND_SECONDS = 300


def consultation_follow_link_send(*, consultation: Consultation) -> bool:
    """Email a fresh follow link to the requester without an account, at the address the
    consultation has (never one typed in). False when one was sent moments ago."""
    if consultation.requester_id is not None or not guest_address(consultation):
        return False
    if not cache.add(
        f"consultations:follow-link:{consultation.pk}", 1, timeout=FOLLOW_LINK_RESEND_SECONDS
    ):
        return False
    notifications.follow_link_sent(consultation)
    return True
