"""Complaint actions: filing one (complaints.handling.filing) and each step of its handling by
the office's supervisors. Every rule lives here, so the form, the staff pages and the admin
obey the same; each action is one transaction that locks the complaint's row, so two
supervisors (or a double click) never do a step twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.errors import ComplaintError
from complaints.handling import notifications
from complaints.handling.filing import (
    complaint_due,
    complaint_file,
    complaint_from_rating,
    complaint_record,
    related_resolve,
)
from complaints.handling.models import (
    ANSWER_MAX_LENGTH,
    OPEN_STATUSES,
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
)
from complaints.handling.passing_on import complaint_passed_on, pass_on_mark
from pst.models import User
from pst.permissions import Action, user_can
from pst.service_checks import personal_text_refuse

__all__ = [
    "ACTIONS",
    "EMAILED_ACTIONS",
    "TEXT_ACTIONS",
    "actions_allowed",
    "complaint_act",
    "complaint_due",
    "complaint_file",
    "complaint_from_rating",
    "complaint_note",
    "complaint_passed_on",
    "complaint_record",
    "complaint_reject",
    "complaint_resolve",
    "complaint_respond",
    "complaint_start",
    "complaint_verify",
    "related_resolve",
]

S = ComplaintStatus
K = ComplaintEventKind
# The same text by the same supervisor this soon after is the same form sent again.
REPEAT_MINUTES = 10


# -- handling: the office's supervisors ---------------------------------------------------------

# Each step, the statuses it is taken from, and what the supervisor is told once it is done.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "verify": (S.RECEIVED,),
    "start": (S.VERIFIED,),
    "respond": OPEN_STATUSES,
    "note": tuple(S.values),
    "resolve": (S.VERIFIED, S.IN_PROGRESS),
    "reject": OPEN_STATUSES,
}
ACTIONS: dict[str, Promise] = {
    "verify": gettext_lazy("The complaint is verified."),
    "start": gettext_lazy("The follow-up has started."),
    "respond": gettext_lazy("The response is on the complainant's tracking page."),
    "note": gettext_lazy("The note is saved (for the office only)."),
    "resolve": gettext_lazy("The complaint is resolved."),
    "reject": gettext_lazy("The complaint is rejected."),
}
# The steps that take a text: the response, the note, the answer, the reason.
TEXT_ACTIONS = ("respond", "note", "resolve", "reject")
# The steps the complainant is emailed about when they gave an address, and that wait to be
# passed on to them otherwise (complaints.handling.passing_on).
EMAILED_ACTIONS = ("respond", "resolve", "reject")


def actions_allowed(complaint: Complaint) -> list[str]:
    """The steps its status allows now, in the page's order."""
    return [action for action in ACTIONS if complaint.status in ALLOWED_FROM[action]]


def _locked_for(complaint: Complaint, user: User) -> Complaint:
    # The row alone: a second supervisor waits here and reads what the first one did.
    locked = Complaint.objects.select_for_update().select_related("office").get(pk=complaint.pk)
    if not user_can(user, Action.SUPERVISE, locked.office):
        raise ComplaintError(
            _("Only the supervisors of this office handle its complaints."), code="not_allowed"
        )
    return locked


def _require_status(complaint: Complaint, action: str) -> None:
    if complaint.status not in ALLOWED_FROM[action]:
        raise ComplaintError(
            _("This complaint is %(status)s: that cannot be done now.")
            % {"status": complaint.get_status_display().lower()},
            code="state",
        )


def _text(value: object, *, field: str, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ComplaintError(missing, code="required", field=field)
    if len(text) > ANSWER_MAX_LENGTH:
        raise ComplaintError(
            _("Write at most %(count)d characters.") % {"count": ANSWER_MAX_LENGTH},
            code="max_length",
            field=field,
        )
    personal_text_refuse(ComplaintEvent, {"body": text}, error=ComplaintError)
    # The event's declaration names its text `body`; the form's field is another.
    return text


def _event(
    complaint: Complaint,
    kind: str,
    *,
    actor: User,
    at: dt.datetime,
    from_status: str,
    body: str = "",
    is_public: bool = True,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, from_status=from_status, to_status=complaint.status,
        body=body, is_public=is_public, actor=actor, at=at,
    )  # fmt: skip


def _transition(
    complaint: Complaint, to_status: str, kind: str, *, actor: User, at: dt.datetime,
    body: str = "", **changes: object,
) -> None:  # fmt: skip
    before = complaint.status
    complaint.status = to_status
    complaint.handled_by = actor
    for name, value in changes.items():
        setattr(complaint, name, value)
    complaint.save(update_fields=["status", "handled_by", *changes])
    _event(complaint, kind, actor=actor, at=at, from_status=before, body=body)


def _repeated(complaint: Complaint, kind: str, *, actor: User, body: str, now: dt.datetime) -> bool:
    return complaint.events.filter(
        kind=kind, actor=actor, body=body, at__gte=now - dt.timedelta(minutes=REPEAT_MINUTES)
    ).exists()


def _step(complaint: Complaint, user: User, action: str, to_status: str, kind: str,
          now: dt.datetime | None) -> Complaint:  # fmt: skip
    now = now or timezone.now()
    complaint = _locked_for(complaint, user)
    _require_status(complaint, action)
    _transition(complaint, to_status, kind, actor=user, at=now)
    return complaint


@transaction.atomic
def complaint_verify(
    *, complaint: Complaint, user: User, now: dt.datetime | None = None
) -> Complaint:
    """The complaint is the office's to handle (about its service, understandable)."""
    return _step(complaint, user, "verify", S.VERIFIED, K.VERIFIED, now)


@transaction.atomic
def complaint_start(
    *, complaint: Complaint, user: User, now: dt.datetime | None = None
) -> Complaint:
    """The follow-up (*tindak lanjut*) of a verified complaint begins."""
    return _step(complaint, user, "start", S.IN_PROGRESS, K.STARTED, now)


@transaction.atomic
def complaint_respond(
    *, complaint: Complaint, user: User, body: str, now: dt.datetime | None = None
) -> Complaint:
    """A public response while the complaint is open: on the tracking page, and emailed to
    the complainant when they gave an address. The same text by the same supervisor within
    REPEAT_MINUTES is the form sent again (a double click, a reload, two tabs): it is neither
    stored nor emailed again, and the complaint comes back with `is_repeat` set. The row lock
    makes a parallel second submission wait for the first and find its response."""
    now = now or timezone.now()
    complaint = _locked_for(complaint, user)
    _require_status(complaint, "respond")
    text = _text(body, field="body", missing=_("Write the response."))
    if _repeated(complaint, K.RESPONDED, actor=user, body=text, now=now):
        complaint.is_repeat = True
        return complaint
    _event(complaint, K.RESPONDED, actor=user, at=now, from_status=complaint.status, body=text)
    notifications.complaint_responded(complaint, text)
    pass_on_mark(complaint, user=user, at=now)
    return complaint


@transaction.atomic
def complaint_note(
    *, complaint: Complaint, user: User, body: str, now: dt.datetime | None = None
) -> Complaint:
    """An internal note: for the office's supervisors only, never shown to the complainant."""
    now = now or timezone.now()
    complaint = _locked_for(complaint, user)
    text = _text(body, field="body", missing=_("Write the note."))
    if not _repeated(complaint, K.NOTED, actor=user, body=text, now=now):
        _event(
            complaint, K.NOTED, actor=user, at=now, from_status=complaint.status, body=text,
            is_public=False,
        )  # fmt: skip
    return complaint


def _close(
    complaint: Complaint, user: User, *, action: str, to_status: str, kind: str,
    text: object, missing: str, now: dt.datetime | None,
) -> Complaint:  # fmt: skip
    now = now or timezone.now()
    complaint = _locked_for(complaint, user)
    _require_status(complaint, action)
    answer = _text(text, field="body", missing=missing)
    _transition(
        complaint, to_status, kind, actor=user, at=now, body=answer, answer=answer,
        resolved_at=now,
    )  # fmt: skip
    notifications.complaint_closed(complaint)
    pass_on_mark(complaint, user=user, at=now)
    return complaint


@transaction.atomic
def complaint_resolve(
    *, complaint: Complaint, user: User, answer: str, now: dt.datetime | None = None
) -> Complaint:
    """Settled: the answer (what was done) is what the complainant reads."""
    return _close(
        complaint, user, action="resolve", to_status=S.RESOLVED, kind=K.RESOLVED, text=answer,
        missing=_("Write the answer the complainant will read."), now=now,
    )  # fmt: skip


@transaction.atomic
def complaint_reject(
    *, complaint: Complaint, user: User, reason: str, now: dt.datetime | None = None
) -> Complaint:
    """Not a complaint the office can handle (not its service, not understandable): the
    reason is what the complainant reads."""
    return _close(
        complaint, user, action="reject", to_status=S.REJECTED, kind=K.REJECTED, text=reason,
        missing=_("Write the reason the complainant will read."), now=now,
    )  # fmt: skip


def complaint_act(action: str, *, complaint: Complaint, user: User, text: str = "") -> Complaint:
    """The step `action` (a key of ACTIONS) as the complaint page sends it."""
    if action == "verify":
        return complaint_verify(complaint=complaint, user=user)
    if action == "start":
        return complaint_start(complaint=complaint, user=user)
    if action == "respond":
        return complaint_respond(complaint=complaint, user=user, body=text)
    if action == "note":
        return complaint_note(complaint=complaint, user=user, body=text)
    if action == "resolve":
        return complaint_resolve(complaint=complaint, user=user, answer=text)
    if action == "reject":
        return complaint_reject(complaint=complaint, user=user, reason=text)
    raise ComplaintError(_("No such action."), code="action")
