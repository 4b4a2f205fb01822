"""Answers that no email carries. A complainant who gave an email address is emailed every
response, the answer and the reason (complaints.handling.notifications); an anonymous one
reads them on the tracking page with their code. Everyone else — a named complainant who
gave only a phone number, a social media account or a LAPOR! report number — hears the
office's words only when someone passes them on through the channel the complaint came by.

So a response, an answer or a reason given to such a complainant leaves the complaint
"to pass on" (`Complaint.pass_on_since`) until an officer records that it was passed on:
who, when and how, in the complaint's history (`complaint_passed_on`). A text given after
that (another response, the final answer) makes it "to pass on" again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.errors import ComplaintError
from complaints.handling import notifications
from complaints.handling.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    PassOnVia,
)
from complaints.handling.selectors import ANSWER_EVENT_KINDS, may_record_complaints
from pst.models import User
from pst.service_checks import personal_text_refuse

K = ComplaintEventKind
ANSWER_KINDS = ANSWER_EVENT_KINDS
PASS_ON_NOTE_MAX_LENGTH = 500

# How an answer reaches the complainant (answer_reach).
BY_EMAIL = "email"
BY_CODE = "code"  # anonymous: the tracking page, with the code they were given
BY_HAND = "pass_on"  # somebody of the office passes it on
# Taken from a rating's comment: the rater was given no tracking code and left no contact.
BY_NOBODY = "nobody"
# The complainant deleted their account, and its contacts with it (complaints.handling.
# erasure): like an anonymous one, they read it on the tracking page with their code.
BY_ERASED = "erased"
ANONYMOUS_READS_BY_CODE = gettext_lazy(
    "The complainant is anonymous: there is nobody to pass the answer on to. They read it on "
    "the tracking page with their code."
)
RATER_NOT_REACHED = gettext_lazy(
    "This complaint comes from a rating's comment: the person who rated was given no tracking "
    "code and left no contact, so no answer reaches them. It is kept for the office's record."
)
NOT_REACHED = {BY_CODE: ANONYMOUS_READS_BY_CODE, BY_NOBODY: RATER_NOT_REACHED}


def answer_reach(complaint: Complaint) -> str:
    if complaint.is_anonymous:
        # A complaint from a rating is anonymous by rule (complaint_from_rating_anonymous_
        # survey); nobody holds its code (review: the pages said they read it with it).
        return BY_NOBODY if complaint.rating_id is not None else BY_CODE
    if complaint.complainant_erased_at is not None:
        return BY_ERASED
    return BY_EMAIL if complaint.complainant_email else BY_HAND


def not_reached_reason(complaint: Complaint) -> str:
    """Why no answer of `complaint` is emailed or passed on, in a sentence for its staff; ""
    when one is."""
    reach = answer_reach(complaint)
    if reach == BY_ERASED:
        day = complaint.complainant_erased_at.astimezone(complaint.office.zoneinfo)
        return _(
            "The complainant deleted their account on %(day)s, and their contacts with it: "
            "there is nobody to pass the answer on to. They read it on the tracking page "
            "with their code."
        ) % {"day": date_format(day, "j F Y")}
    return str(NOT_REACHED[reach]) if reach in NOT_REACHED else ""


def pass_on_mark(complaint: Complaint, *, user: User, at: dt.datetime) -> None:
    """After `user` gave a response, the answer or the reason at `at` (inside that step's
    transaction, the row locked): a complainant no email reaches now waits for it to be
    passed on. The officer who recorded the complaint hears of it when the wait begins —
    they took it from the complainant, and may be the one to call back."""
    if answer_reach(complaint) != BY_HAND or complaint.pass_on_since is not None:
        return
    complaint.pass_on_since = at
    complaint.save(update_fields=["pass_on_since"])
    received = complaint.events.filter(kind=K.RECEIVED).select_related("actor").first()
    recorder = received.actor if received is not None else None
    if (
        recorder is not None
        and recorder != user
        and recorder.is_active
        and may_record_complaints(recorder, complaint.office)
    ):
        notifications.complaint_to_pass_on(complaint, recipient=recorder.email)


def answers_to_pass_on(events: list[ComplaintEvent]) -> list[ComplaintEvent]:
    """Of a complaint's history in order (at least its answers and its passings on), the
    responses, answer or reason given since it was last passed on."""
    waiting: list[ComplaintEvent] = []
    for event in events:
        if event.kind == K.PASSED_ON:
            waiting = []
        elif event.kind in ANSWER_KINDS and event.is_public:
            waiting.append(event)
    return waiting


def _locked(complaint: Complaint, user: User) -> Complaint:
    locked = Complaint.objects.select_for_update().select_related("office").get(pk=complaint.pk)
    if not may_record_complaints(user, locked.office):
        raise ComplaintError(
            _("Only the office's staff who serve visitors pass its answers on."),
            code="not_allowed",
        )
    return locked


def _nothing_waits(complaint: Complaint, latest: ComplaintEvent | None) -> ComplaintError | None:
    """Why nothing is to be passed on, or None when it was just passed on (a second click,
    two officers at once: the first one's record stands)."""
    reach = answer_reach(complaint)
    reason = not_reached_reason(complaint)
    if reason:
        return ComplaintError(reason, code="erased" if reach == BY_ERASED else "anonymous")
    if reach == BY_EMAIL:
        return ComplaintError(
            _("The complainant was emailed: there is nothing to pass on."), code="emailed"
        )
    if latest is None:
        return ComplaintError(
            _("No response or answer has been given yet: there is nothing to pass on."),
            code="nothing",
        )
    return None


@transaction.atomic
def complaint_passed_on(
    *,
    complaint: Complaint,
    user: User,
    via: str,
    answer_seen: int | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """`user` passed the waiting responses or answer on to the complainant `via` a channel
    (PassOnVia), with an optional `note` for the office: written to the history, and the
    complaint no longer waits. `answer_seen`: the latest text the page showed them (its
    event's id). A text given since (the supervisor changed their mind) is refused: that one
    was not passed on. Recorded twice (a double click, two officers at once): the first
    record stands and the complaint comes back with `is_repeat` set."""
    now = now or timezone.now()
    complaint = _locked(complaint, user)
    answers = complaint.events.filter(kind__in=ANSWER_KINDS, is_public=True)
    latest = answers.order_by("-pk").first()
    if complaint.pass_on_since is None:
        refused = _nothing_waits(complaint, latest)
        if refused is not None:
            raise refused
        if complaint.events.filter(kind=K.PASSED_ON, pk__gt=latest.pk).exists():
            complaint.is_repeat = True
            return complaint
    if latest is None or latest.pk != answer_seen:
        raise ComplaintError(
            _("A new response or answer was given since the page was opened: read it, pass "
              "it on, then record it."),
            code="changed",
        )  # fmt: skip
    if via not in PassOnVia.values:
        raise ComplaintError(_("Choose how it was passed on."), code="via", field="via")
    text = str(note or "").strip()
    if len(text) > PASS_ON_NOTE_MAX_LENGTH:
        raise ComplaintError(
            _("Write at most %(count)d characters.") % {"count": PASS_ON_NOTE_MAX_LENGTH},
            code="max_length",
            field="body",
        )
    personal_text_refuse(ComplaintEvent, {"body": text}, error=ComplaintError)
    ComplaintEvent.objects.create(
        complaint=complaint, kind=K.PASSED_ON, from_status=complaint.status,
        to_status=complaint.status, body=text, via=via, is_public=False, actor=user, at=now,
    )  # fmt: skip
    complaint.pass_on_since = None
    complaint.save(update_fields=["pass_on_since"])
    return complaint
