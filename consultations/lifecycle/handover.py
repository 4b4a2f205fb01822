"""A supervisor hands every open consultation of one officer to another, or back to the
inbox, in one step: for leave or sickness (trial N, N2: the office's choices were forty
reassignments one page at a time, or deactivating the officer, which also signs them out).

An officer whose account is deactivated, or who lost the role or the office, already holds
nothing (selectors.unheld): their consultations wait as unassigned and nothing is needed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.appointments.models import Appointment
from consultations.appointments.selectors import upcoming_appointments
from consultations.errors import ConsultationError
from consultations.lifecycle.rules import HOLDER_RESET, event_of
from consultations.models import Consultation, ConsultationEvent, EventKind
from consultations.selectors import HELD_STATUSES
from pst.models import Office, User
from pst.permissions import Action, user_can

# What a supervisor's assignment may move (lifecycle.office.consultation_assign), and the
# answered ones: a requester may reopen one (the 3-day clock again, for its holder) or write
# on it, and only its holder would hear of it. Only their holder changes, not their status.
HANDED_OVER = HELD_STATUSES


def _require_answerer(user: User, office: Office, *, field: str) -> None:
    """The rule of a single assignment's officer: an account of this office that may answer
    consultations (not a superuser, who belongs to no office)."""
    if not user.is_active:
        raise ConsultationError(
            _("%(name)s's account is deactivated: the consultations they held already wait "
              "as unassigned in the inbox.") % {"name": user.full_name or user.email},
            code="inactive",
            field=field,
        )  # fmt: skip
    if user.is_superuser or not user_can(user, Action.ANSWER_CONSULTATIONS, office):
        raise ConsultationError(
            _("Choose a consultation officer of this office."), code="officer", field=field
        )


@transaction.atomic
def consultations_hand_over(
    *,
    office: Office,
    holder: User,
    to: User | None,
    by: User,
    now: dt.datetime | None = None,
) -> list[Consultation]:
    """Every open consultation `holder` holds in `office` goes to `to` (None: back to the
    inbox, unassigned), each with its history row as a single assignment has; `to` (or,
    for the inbox, the office's other officers) is emailed once with the list. Returns the
    consultations handed over, in number order: none when the holder holds nothing now
    (the same hand-over sent twice, or from two tabs, is done once)."""
    now = now or timezone.now()
    if not user_can(by, Action.SUPERVISE, office):
        raise ConsultationError(
            _("Only a supervisor of this office can assign consultations."), code="not_allowed"
        )
    if to is not None and to.pk == holder.pk:
        raise ConsultationError(
            _("Choose another officer than the one who holds them."), code="same", field="to"
        )
    _require_answerer(holder, office, field="holder")
    if to is not None:
        _require_answerer(to, office, field="to")
    # Locked in one order, as every path that locks several takes them: an officer
    # answering one of them meanwhile either finishes first (it is no longer open, and the
    # lock's re-reading of the row leaves it out) or waits and finds it handed over.
    handed = list(
        Consultation.objects.select_for_update()
        .filter(office=office, officer=holder, status__in=HANDED_OVER)
        .order_by("pk")
    )
    if not handed:
        return []
    # The new holder (or the office's officers) is reminded of a due time and a late review
    # too.
    Consultation.objects.filter(pk__in=[c.pk for c in handed]).update(officer=to, **HOLDER_RESET)
    kind = EventKind.ASSIGNED if to is not None else EventKind.UNASSIGNED
    for consultation in handed:
        consultation.office = office
        consultation.officer = to
        for name, value in HOLDER_RESET.items():
            setattr(consultation, name, value)
    ConsultationEvent.objects.bulk_create(
        [event_of(consultation, kind, actor=by, at=now) for consultation in handed]
    )
    appointments = upcoming_appointments(handed, now)
    if to is not None:
        # Who meets the requester (today's list names them). Back to the inbox, the mail
        # about them goes to the office's officers (appointments.notices: nobody holds it).
        Appointment.objects.filter(pk__in=[a.pk for a in appointments]).update(officer=to)
    notifications.consultations_handed_over(
        handed, office=office, holder=holder, to=to, appointments=appointments
    )
    return handed
