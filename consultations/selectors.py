"""Reads of consultations: who may see one, the officers' inbox, the requester's list and
the conversation as each side sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
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
from consultations.references import reference_number
from pst.guards import parse_id
from pst.models import Office, User
from pst.permissions import Action, roles_that_can, user_can
from pst.workcalendar import OfficeCalendar, working_days_elapsed, working_days_later

S = ConsultationStatus
OPEN_STATUSES = (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED)
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


@dataclass(frozen=True)
class InboxFilter:
    # open, waiting (unassigned or mine: the navigation's count), unassigned, mine,
    # due_today, overdue, clarification, all
    show: str = "open"
    channel: str = ""
    subject_area: int | None = None
    text: str = ""
    sort: str = "due"  # due (waiting for review first, then by due time), newest, oldest
    held_by: int | None = None  # an officer's id: what they hold (a hand-over's check)


def waiting_for(user: User) -> Q:
    """What waits for `user`: the unassigned and their own (with the open statuses). One
    rule for the navigation's count and the list it opens (product trial N, N10: the badge
    said 96 and the list 119)."""
    return unheld() | Q(officer=user)


def review_since() -> Coalesce:
    """Since when a request waits for review: its requester's reply to a clarification, or
    its arrival."""
    return Coalesce("returned_to_review_at", "created_at")


@dataclass(frozen=True)
class ReviewWait:
    """How long a request has waited for an officer's review (accept, or ask to clarify),
    in the office's working days, and whether it is past CONSULTATION_REVIEW_WORKING_DAYS."""

    since: dt.datetime
    days: int
    late: bool


def review_calendar(office: Office, first: dt.datetime, now: dt.datetime) -> OfficeCalendar:
    """The office's calendar from `first` until past any review limit counted from now (two
    queries, for every request of a page or a sweep)."""
    tz = office.zoneinfo
    weeks = 2 * settings.CONSULTATION_REVIEW_WORKING_DAYS + 20
    return OfficeCalendar(
        office,
        min(first, now).astimezone(tz).date(),
        now.astimezone(tz).date() + dt.timedelta(weeks=weeks),
        standard_week_without_hours=True,
    )


def review_wait(calendar: OfficeCalendar, since: dt.datetime, now: dt.datetime) -> ReviewWait:
    limit = working_days_later(calendar, since, settings.CONSULTATION_REVIEW_WORKING_DAYS)
    return ReviewWait(
        since=since, days=working_days_elapsed(calendar, since, now), late=now > limit
    )


def office_answerers(office: Office) -> QuerySet[User]:
    """The accounts that may hold the office's consultations: active, of the office, with a
    role that answers them (the rule of `consultation_held`; superusers belong to no
    office), by name."""
    return (
        User.objects.filter(
            office=office,
            is_active=True,
            is_superuser=False,
            groups__name__in=roles_that_can(Action.ANSWER_CONSULTATIONS),
        )
        .distinct()
        .order_by("full_name", "email")
    )


def open_held_counts(office: Office) -> dict[int, int]:
    """How many open consultations of the office each officer holds, by officer id."""
    return dict(
        Consultation.objects.filter(office=office, status__in=OPEN_STATUSES, officer__isnull=False)
        .order_by()
        .values("officer")
        .annotate(held=Count("pk"))
        .values_list("officer", "held")
    )


def _day_bounds(office: Office, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = now.astimezone(office.zoneinfo)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


def _inbox_rows(found: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return (
        # The requester is named on each row (product trial F: the officer opened each one).
        found.select_related("office", "subject_area", "officer", "requester", "guestbook_entry")
        .annotate(officer_can_answer=ExpressionWrapper(
            held_by_someone_who_can_answer(), output_field=BooleanField()
        ))
    )  # fmt: skip


# The accepted ones by due time; the others (waiting for the requester's clarification,
# and under "all" the ended ones) after them, oldest first.
_BY_DUE = (F("due_at").asc(nulls_last=True), "created_at", "pk")
_ORDERS = {"newest": ("-created_at", "-pk"), "oldest": ("created_at", "pk")}


class _ReviewFirst:
    """The "due" order paged as two lists, each read by an index: the requests waiting for
    review (few, oldest first), then the rest by due time (`consultation_open_order`, or
    `consultation_inbox_order` over every status: one ORDER BY CASE over both would sort
    all of an office's 140,000 consultations for each page of ?show=all; benchmarks/README.md,
    issue 10). Pages straddling the two read both."""

    def __init__(self, found: QuerySet[Consultation], waiting: int, total: int) -> None:
        self.waiting = waiting
        self.total = total
        self.review = _inbox_rows(found.filter(status=S.SUBMITTED)).order_by(
            review_since(), "created_at", "pk"
        )
        self.rest = _inbox_rows(found.exclude(status=S.SUBMITTED)).order_by(*_BY_DUE)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Consultation]:
        start, stop = window.start or 0, window.stop
        rows: list[Consultation] = []
        if start < self.waiting:
            rows += self.review[start : min(stop, self.waiting)]
        if stop > self.waiting and self.total > self.waiting:
            rows += self.rest[max(start - self.waiting, 0) : stop - self.waiting]
        return rows


def inbox_page(
    office: Office, user: User, criteria: InboxFilter, page_number: str | None, now: dt.datetime
) -> Page:
    """One page of the inbox, each row with its due badge, and the requests waiting for
    review with how long they have waited."""
    found = inbox_found(office, user, criteria, now)
    # Counted without the rows' joins: the officer's, kept in the COUNT, turned an index-only
    # count of the office's consultations into a scan of the table (12 to 70 ms over 140,000:
    # benchmarks/README.md, *Inbox again*).
    if criteria.sort in _ORDERS:
        paginator = Paginator(_inbox_rows(found), INBOX_PAGE_SIZE)
        paginator.count = found.count()
    else:
        counts = found.aggregate(
            total=Count("*"), waiting=Count("pk", filter=Q(status=S.SUBMITTED))
        )
        rows = _ReviewFirst(found, counts["waiting"], counts["total"])
        paginator = Paginator(rows, INBOX_PAGE_SIZE)
        paginator.count = counts["total"]
    page = paginator.get_page(page_number)
    waiting = [row for row in page if row.status == S.SUBMITTED]
    calendar = (
        review_calendar(office, min(row.review_since for row in waiting), now) if waiting else None
    )
    for consultation in page:
        consultation.due = due_badge(consultation, now)
        consultation.review = (
            review_wait(calendar, consultation.review_since, now)
            if calendar is not None and consultation.status == S.SUBMITTED
            else None
        )
    return page


def inbox_found(
    office: Office, user: User, criteria: InboxFilter, now: dt.datetime | None = None
) -> QuerySet[Consultation]:
    """The office's consultations its officers' inbox finds with `criteria`, in its order:
    by default the requests waiting for review first (the oldest wait first: product trial
    N, N1, they sank below every accepted one, to page 3), then by due time, then the
    oldest; or the newest, or the oldest, first."""
    now = now or timezone.now()
    rows = Consultation.objects.filter(office=office).annotate(review_since=review_since())
    reference = reference_number(criteria.text, office)
    if reference is not None:
        # A reference names one consultation: found whatever its status and the list's other
        # filters (product trial F: a closed one quoted on WhatsApp showed "0 consultations").
        return rows.filter(number=reference)
    show = criteria.show
    if show == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif show == "waiting":
        rows = rows.filter(waiting_for(user), status__in=OPEN_STATUSES)
    elif show == "unassigned":
        rows = rows.filter(unheld(), status__in=OPEN_STATUSES)
    elif show == "mine":
        rows = rows.filter(status__in=OPEN_STATUSES, officer=user)
    elif show == "due_today":
        start, end = _day_bounds(office, now)
        rows = rows.filter(status=S.ACCEPTED, due_at__gte=start, due_at__lt=end)
    elif show == "overdue":
        rows = rows.filter(status=S.ACCEPTED, due_at__lt=now)
    elif show == "clarification":
        rows = rows.filter(status=S.NEEDS_CLARIFICATION)
    if criteria.channel:
        rows = rows.filter(channel=criteria.channel)
    if criteria.subject_area:
        rows = rows.filter(subject_area_id=criteria.subject_area)
    if criteria.held_by:
        rows = rows.filter(officer_id=criteria.held_by)
    text = criteria.text.strip()
    if text:
        office_code, _dash, number = text.upper().removeprefix("KS-").rpartition("-")
        if office_code and office_code != office.code.upper():
            number = ""  # another office's reference (KS-6501-…) is not this office's number
        # The requester by name: their account, the name an officer recorded for a caller or
        # writer without one, or the walk-in visitor's guestbook entry.
        match = (
            Q(question__icontains=text)
            | Q(requester__full_name__icontains=text)
            | Q(requester_name__icontains=text)
            | Q(guestbook_entry__name__icontains=text)
        )
        if number.isascii() and number.isdigit() and len(number) <= 9:
            match |= Q(number=int(number))
        rows = rows.filter(match)
    if criteria.sort in _ORDERS:
        return rows.order_by(*_ORDERS[criteria.sort])
    # What inbox_page reads as two lists (_ReviewFirst), as one.
    waiting_first = Case(When(status=S.SUBMITTED, then=Value(0)), default=Value(1))
    since = Case(When(status=S.SUBMITTED, then=review_since()))
    return rows.alias(waiting_first=waiting_first, waiting_since=since).order_by(
        "waiting_first", F("waiting_since").asc(nulls_last=True), *_BY_DUE
    )


def requester_consultations(user: User) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(requester=user)
        .select_related("office", "subject_area")
        .annotate(public_messages=Count("messages", filter=Q(messages__kind=MessageKind.PUBLIC)))
        .order_by("-created_at", "-pk")
    )


def waiting_count(office: Office, user: User) -> int:
    """What waits for an officer: unassigned open consultations and their own open ones
    (the inbox's ?show=waiting lists them)."""
    return Consultation.objects.filter(
        waiting_for(user), office=office, status__in=OPEN_STATUSES
    ).count()


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
