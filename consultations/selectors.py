"""Reads of consultations: who may see one, who holds one, the requester's list and the
conversation as each side sees it (the officers' inbox: consultations.inbox)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.guest_access import Guest, guest_may_read
from consultations.models import (
    Attachment,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    Message,
    MessageKind,
)
from pst.calendar_gaps import due_year_warning
from pst.guards import parse_id
from pst.models import Office, User
from pst.permissions import Action, roles_that_can, user_can

S = ConsultationStatus
OPEN_STATUSES = (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED)
# What an officer holds and a hand-over moves: the open ones and the answered ones, which
# the requester can still reopen (the holder's clock again) or write on.
HELD_STATUSES = (*OPEN_STATUSES, S.ANSWERED)
INBOX_PAGE_SIZE = 25


def is_consultation_staff(user: User, office: Office) -> bool:
    return user_can(user, Action.ANSWER_CONSULTATIONS, office)


def get_consultation_for_user(user: User | Guest, pk: int | str | None) -> Consultation:
    """The consultation `pk` if `user` asked it (their account, or the follow link of this
    very consultation when it has no account) or works on consultations in its office; 404
    for everyone else (nobody learns that it exists)."""
    pk = parse_id(pk)
    guest = isinstance(user, Guest)
    consultation = (
        Consultation.objects.select_related(
            "office", "subject_area", "officer", "requester", "ticket", "guestbook_entry"
        )
        .filter(pk=pk)
        .first()
        if pk is not None and (user.is_authenticated or guest)
        else None
    )
    if guest:
        allowed = consultation is not None and guest_may_read(user, consultation)
    else:
        allowed = consultation is not None and (
            (consultation.requester_id is not None and consultation.requester_id == user.pk)
            or is_consultation_staff(user, consultation.office)
        )
    if not allowed:
        raise Http404(_("No such consultation."))
    return consultation


def consultation_office_of_staff(user: User) -> Office | None:
    """The office whose consultations `user` works on, or None (not a consultation officer)."""
    office = getattr(user, "office", None)
    return office if office is not None and is_consultation_staff(user, office) else None


def consultation_for_link(pk: int) -> Consultation:
    """The consultation a genuine (signed) follow link names."""
    return Consultation.objects.select_related("office", "guestbook_entry").get(pk=pk)


def get_attachment_for_user(user: User, consultation: Consultation, pk: int | str) -> Attachment:
    """An attachment of `consultation` the user may download: a requester never gets one of
    an internal note."""
    pk = parse_id(pk)
    attachments = Attachment.objects.filter(pk=pk, message__consultation=consultation)
    if not is_consultation_staff(user, consultation.office):
        attachments = attachments.filter(message__kind=MessageKind.PUBLIC)
    attachment = attachments.first() if pk is not None else None
    if attachment is None:
        raise Http404(_("No such file."))
    return attachment


def requester_attachments(consultation: Consultation) -> list[Attachment]:
    """The files the requester sent (with their messages, and with the request an officer
    recorded for them), oldest first: not the office's, nor an internal note's."""
    return list(
        Attachment.objects.filter(
            message__consultation=consultation,
            message__from_staff=False,
            message__kind=MessageKind.PUBLIC,
        ).order_by("message__created_at", "message_id", "pk")
    )


def conversation(consultation: Consultation, *, staff: bool) -> list[Message]:
    """The messages in order with their attachments; internal notes only for staff."""
    messages = consultation.messages.select_related("author").prefetch_related("attachments")
    if not staff:
        messages = messages.filter(kind=MessageKind.PUBLIC)
    return list(messages)


def request_sent_at(consultation: Consultation, messages: list[Message]) -> dt.datetime:
    """When the requester sent the request. One an officer recorded on their behalf (it came
    by WhatsApp, email or phone) is dated by its first message's time of arrival; the
    consultation's own creation is only when it was typed in (product trial E, F15)."""
    first = messages[0] if messages else None
    if (
        first is not None
        and first.happened_at is not None
        and not first.from_staff
        and first.created_at == consultation.created_at
    ):
        return first.happened_at
    return consultation.created_at


def history(consultation: Consultation) -> list[ConsultationEvent]:
    return list(consultation.events.select_related("actor", "officer"))


@dataclass(frozen=True)
class Due:
    """How a due time looks on a list: green with time to spare, amber on its last working
    day, red when past."""

    at: dt.datetime
    state: str  # "ok", "today", "overdue"


def due_badge(consultation: Consultation, now: dt.datetime) -> Due | None:
    if consultation.due_at is None or consultation.status != S.ACCEPTED:
        return None
    tz = consultation.office.zoneinfo
    if consultation.due_at < now:  # answered at the due instant is in time
        state = "overdue"
    elif consultation.due_at.astimezone(tz).date() == now.astimezone(tz).date():
        state = "today"
    else:
        state = "ok"
    return Due(at=consultation.due_at, state=state)


def due_calendar_warning(consultation: Consultation) -> str:
    """What the officer who just started its answer clock is told when the count ran through
    a year whose holidays are not in the calendar yet (product trial O, O5), or ""."""
    if consultation.due_at is None or consultation.clock_started_at is None:
        return ""
    return due_year_warning(consultation.office, consultation.clock_started_at, consultation.due_at)


def held_by_someone_who_can_answer() -> Q:
    """The consultation's officer may still answer it: an active account of its office with
    a role that answers (or a superuser). One who lost the role or left holds nothing: their
    consultations wait as unassigned and any officer takes them (trial E)."""
    answers = Group.objects.filter(
        user=OuterRef("officer_id"), name__in=roles_that_can(Action.ANSWER_CONSULTATIONS)
    )
    return Q(officer__is_active=True) & (
        Q(officer__is_superuser=True) | (Q(officer__office=F("office")) & Exists(answers))
    )


def consultation_held(consultation: Consultation) -> bool:
    """Whether the consultation's officer may still answer it: one who lost the role or left
    the office holds nothing, and a colleague takes it over (trial E). The same question as
    `held_by_someone_who_can_answer`, for one row."""
    holder = consultation.officer
    return holder is not None and user_can(holder, Action.ANSWER_CONSULTATIONS, consultation.office)


def unheld() -> Q:
    """Nobody who may answer it holds it: no officer yet, or one who can no longer. The rule
    of `held_by_someone_who_can_answer`, written as NOT EXISTS over the officer's own row: as
    a filter on the LEFT JOIN with the accounts, PostgreSQL hashed every account (30,000 with
    the requesters: 20–29 ms for the navigation's inbox badge on every staff page, whatever
    waits; benchmarks/README.md, *Satisfaction survey*); this reads each open consultation's
    officer by its id (4 ms)."""
    answers = Group.objects.filter(
        user=OuterRef("pk"), name__in=roles_that_can(Action.ANSWER_CONSULTATIONS)
    )
    holder = User.objects.filter(pk=OuterRef("officer_id"), is_active=True).filter(
        Q(is_superuser=True) | (Q(office=OuterRef("office")) & Exists(answers))
    )
    return Q(officer__isnull=True) | ~Exists(holder)


def requester_consultations(user: User) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(requester=user)
        .select_related("office", "subject_area")
        .annotate(public_messages=Count("messages", filter=Q(messages__kind=MessageKind.PUBLIC)))
        .order_by("-created_at", "-pk")
    )


def consultations_left_by(officer: User) -> list[str]:
    """What an administrator is told after changing an account that can no longer answer:
    the open consultations it held now wait as unassigned (`unheld`)."""
    # Those it held that it can no longer answer: all of them when the role went or the
    # account was deactivated, the old office's when it moved to another.
    count = (
        Consultation.objects.filter(officer=officer, status__in=OPEN_STATUSES)
        .filter(unheld())
        .count()
    )
    if not count:
        return []
    return [
        ngettext(
            "%(name)s held %(count)d open consultation: it now waits as unassigned in the "
            "inbox for another officer.",
            "%(name)s held %(count)d open consultations: they now wait as unassigned in the "
            "inbox for another officer.",
            count,
        )
        % {"name": officer.full_name or officer.email, "count": count}
    ]


def whatsapp_continue_link(consultation: Consultation) -> str:
    """Click-to-chat to the office's WhatsApp with a text that carries the consultation's
    code, so the officer who reads it finds the record (the inbox searches KS-numbers).
    Empty when the office has no WhatsApp number."""
    base = consultation.office.whatsapp_link
    if not base:
        return ""
    text = _("Hello PST %(office)s, I would like to continue consultation %(reference)s.") % {
        "office": consultation.office.name,
        "reference": consultation.reference,
    }
    return f"{base}?{urlencode({'text': text})}"


def requester_phone(consultation: Consultation) -> str:
    """The requester's phone as stored (E.164): their account's, the one taken on their
    behalf, or their guestbook entry's; empty when none is known."""
    if consultation.requester is not None:
        return consultation.requester.phone
    if consultation.requester_phone:
        return consultation.requester_phone
    entry = consultation.guestbook_entry
    return entry.phone if entry is not None else ""


def rating_by_whatsapp_link(consultation: Consultation, rating_url: str) -> str:
    """Click-to-chat from the officer's WhatsApp to the requester's phone, the rating link in
    the text: for a requester no email reaches (taken by WhatsApp or phone), who would
    otherwise never be asked to rate (trial J, J6). Empty without a phone."""
    digits = requester_phone(consultation).lstrip("+")
    if not digits.isascii() or not digits.isdigit():
        return ""
    text = _(
        "Thank you for consulting PST %(office)s (%(reference)s). Please rate our service: "
        "nine short questions, your name is not asked. %(link)s"
    ) % {
        "office": consultation.office.name,
        "reference": consultation.reference,
        "link": rating_url,
    }
    return f"https://wa.me/{digits}?{urlencode({'text': text})}"


def consultation_served_at(consultation: Consultation) -> dt.datetime | None:
    """When the consultation was answered, for its rating (pst.rating_links); None while it
    is not (or reopened since, or cancelled). One held at a desk — walked in, or come to an
    appointment at the office — is rated with its visit's ticket, not twice: None (trial J,
    J2: an appointment's visit was rated as the ticket and as the consultation); but a
    walk-in that goes on online is rated here, with its answer (J8)."""
    if consultation.status not in (ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED):
        return None
    if consultation.ticket_id is not None and not consultation.ticket.rated_after_answer:
        return None
    if consultation.appointments.filter(ticket__isnull=False).exists():
        return None
    # Closed after a reopening that got no second answer: the first answer is what was
    # given, and what is rated (trial K3).
    return consultation.answered_at or consultation.first_answered_at
