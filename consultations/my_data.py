"""What consultations keep linked to an account, for its "My data" page and copy (pst.my_data,
answering pst.signals.personal_data_held): the consultations it asked, their appointments,
and the guestbook visits those consultations were recorded from (the guestbook itself knows
no account: a visit is the account's only through its consultation).

An office's internal notes are not the requester's to read (Message.is_internal): they are
left out, as from every page and email the requester sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from consultations.appointments.models import Appointment
from consultations.models import Attachment, Consultation, Message, MessageKind
from pst.models import User
from pst.my_data import DataSection, label, labels, office_moment_short
from pst.personal_data import personal_fields
from queueing.guestbook.models import GuestbookEntry


def _message(message: Message, consultation: Consultation) -> dict[str, Any]:
    return {
        _("From"): _("the office") if message.from_staff else _("you"),
        _("Sent"): office_moment_short(message.created_at, consultation.office),
        _("Message"): message.body,
        _("Attached files"): [attachment.name for attachment in message.attachments.all()],
    }


def _consultation_details(consultation: Consultation) -> dict[str, Any]:
    texts = ("question", "data_region", "data_period", "data_detail", "intended_use", "answer")
    return {
        **{label(Consultation, name): getattr(consultation, name) for name in texts},
        _("Messages"): [_message(m, consultation) for m in consultation.public_thread],
    }


def consultations_section(user: User, *, full: bool) -> DataSection:
    rows = Consultation.objects.filter(requester=user).select_related("office")
    if full:
        public = Message.objects.filter(kind=MessageKind.PUBLIC).prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
        )
        rows = rows.prefetch_related(Prefetch("messages", public, to_attr="public_thread"))
    consultations = list(rows.order_by("-created_at", "-pk"))
    return DataSection(
        order=10,
        key="consultations",
        title=_("Consultations"),
        columns=[
            _("Reference"),
            *labels(
                Consultation,
                "office",
                "channel",
                "status",
                "created_at",
                "answered_at",
                "closed_at",
            ),
        ],
        rows=[
            [
                c.reference,
                c.office.name,
                c.get_channel_display(),
                c.get_status_display(),
                office_moment_short(c.created_at, c.office),
                office_moment_short(c.answered_at, c.office),
                office_moment_short(c.closed_at, c.office),
            ]
            for c in consultations
        ],
        details=[_consultation_details(c) for c in consultations] if full else [],
    )


def appointments_section(user: User) -> DataSection:
    appointments = (
        Appointment.objects.filter(consultation__requester=user)
        .select_related("consultation__office", "office")
        .order_by("-created_at", "-pk")
    )
    return DataSection(
        order=20,
        key="appointments",
        title=_("Appointments"),
        columns=labels(Appointment, "consultation", "kind", "status", "starts_at"),
        rows=[
            [
                a.consultation.reference,
                a.get_kind_display(),
                a.get_status_display(),
                office_moment_short(a.starts_at, a.office),
            ]
            for a in appointments
        ],
    )


def _visit_value(entry: GuestbookEntry, name: str) -> str:
    display = getattr(entry, f"get_{name}_display", None)
    value = display() if display else getattr(entry, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def guestbook_section(user: User, *, full: bool) -> DataSection:
    entries = list(
        GuestbookEntry.objects.filter(consultations__requester=user)
        .select_related("office")
        .distinct()
        .order_by("-visit_date", "-pk")
    )
    # The copy holds every personal field the guestbook declares, as the front office wrote it
    # (blank once the retention purge anonymised the visit) — only for a visit that gave the
    # account's own address. The address for follow-up is typed at the desk: a visitor may give
    # a relative's or a colleague's, whose owner must not read the visitor's card digits, birth
    # year or disability (review R1). Such a visit is listed without them.
    kept = list(personal_fields(GuestbookEntry))
    own_address = user.email.casefold()

    def details(entry: GuestbookEntry) -> dict:
        if (entry.email or "").casefold() != own_address:
            return {}
        return {label(GuestbookEntry, name): _visit_value(entry, name) for name in kept}

    return DataSection(
        order=30,
        key="guestbook",
        title=_("Visits in the guestbook"),
        columns=labels(GuestbookEntry, "office", "visit_date", "purpose"),
        rows=[[e.office.name, e.visit_date.isoformat(), e.get_purpose_display()] for e in entries],
        details=[details(e) for e in entries] if full else [],
    )


def account_consultation_data(user: User, *, full: bool) -> list[DataSection]:
    return [
        consultations_section(user, full=full),
        appointments_section(user),
        guestbook_section(user, full=full),
    ]
