"""What the complaint pages show besides the stored fields: the due date's explanation,
the queue's rows with contacts masked (DESIGN §7), and how an answer reaches the complainant
(the box of an answer to pass on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling.filing import complaint_due
from complaints.handling.forms import PassedOnForm
from complaints.handling.models import Complaint, ComplaintChannel, ComplaintEvent, PassOnVia
from complaints.handling.passing_on import (
    BY_HAND,
    answer_reach,
    answers_to_pass_on,
    not_reached_reason,
)
from pst.languages import written_in
from pst.personal_data import personal_value_shown
from pst.phones import format_phone, phone_may_have_whatsapp
from pst.workcalendar import KeptDueDate


def due_explained(complaint: Complaint) -> str:
    """Why the complaint is due when it is ("Accepted Fri …; skipped Sat, Sun …; due …"),
    counted with its category's days of then. When today's calendar would count to another
    moment (a closure added since), the date set on receipt stands and the sentence says so."""
    office = complaint.office
    try:
        due = complaint_due(office=office, start=complaint.received_at, days=complaint.working_days)
    except ComplaintError:
        due = None
    if due is not None and due.due_at == complaint.due_at:
        return due.explanation()
    return KeptDueDate(
        office_tz_abbreviation=office.time_zone_abbreviation,
        start=complaint.received_at.astimezone(office.zoneinfo),
        due_at=complaint.due_at.astimezone(office.zoneinfo),
    ).explanation()


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    contacts: list[str]  # masked
    overdue: bool


CONTACTS = ("complainant_email", "complainant_phone", "complainant_reply_to")


def contacts_masked(complaint: Complaint) -> list[str]:
    """The complainant's contacts given, masked as in every list."""
    return [
        personal_value_shown(Complaint, name, value, unmasked=False)
        for name in CONTACTS
        if (value := getattr(complaint, name))
    ]


def complaint_rows(complaints: Iterable[Complaint], *, now: dt.datetime) -> list[ComplaintRow]:
    """The queue's rows: contacts masked as in every list."""
    return [
        ComplaintRow(
            complaint=complaint,
            contacts=contacts_masked(complaint),
            overdue=complaint.is_open and complaint.due_at < now,
        )
        for complaint in complaints
    ]


# -- how the answer reaches the complainant ----------------------------------------------------

# The way a complaint came in is the way its answer goes back, when the complainant left a
# contact for it; otherwise their phone.
SUGGESTED_VIA = {
    ComplaintChannel.PHONE: PassOnVia.PHONE,
    ComplaintChannel.WHATSAPP: PassOnVia.WHATSAPP,
    ComplaintChannel.SOCIAL: PassOnVia.SOCIAL,
    ComplaintChannel.LAPOR: PassOnVia.LAPOR,
    ComplaintChannel.LETTER: PassOnVia.LETTER,
    ComplaintChannel.IN_PERSON: PassOnVia.IN_PERSON,
}


@dataclass(frozen=True)
class ReplyRoute:
    """One contact to pass the answer on through: what it is, the value, and links that open
    it (a call; a WhatsApp chat with the answer typed in)."""

    label: str
    value: str
    call: str = ""
    whatsapp: str = ""


@dataclass(frozen=True)
class PassOnBox:
    reach: str  # passing_on.BY_EMAIL, BY_CODE, BY_NOBODY, BY_ERASED or BY_HAND
    waiting: bool
    answers: list[ComplaintEvent]  # given since it was last passed on
    routes: list[ReplyRoute]
    form: PassedOnForm | None
    form_prefix: str
    reason: str = ""  # why no answer is emailed or passed on (passing_on.not_reached_reason)


def _whatsapp_text(complaint: Complaint, answers: list[ComplaintEvent]) -> str:
    # The complainant reads it: in their language, as their emails (review).
    with written_in(complaint.language):
        heading = _("About your complaint %(code)s to %(office)s:") % {
            "code": complaint.display_code,
            "office": complaint.office.name,
        }
    return "\n\n".join([heading, *(event.body for event in answers)])


def reply_routes(complaint: Complaint, answers: list[ComplaintEvent]) -> list[ReplyRoute]:
    routes = []
    if complaint.complainant_phone:
        digits = complaint.complainant_phone.lstrip("+")
        whatsapp = ""
        if phone_may_have_whatsapp(complaint.complainant_phone):
            text = urlencode({"text": _whatsapp_text(complaint, answers)}) if answers else ""
            whatsapp = f"https://wa.me/{digits}" + (f"?{text}" if text else "")
        routes.append(
            ReplyRoute(
                label=str(_("Phone / WhatsApp")),
                value=format_phone(complaint.complainant_phone),
                call=f"tel:{complaint.complainant_phone}",
                whatsapp=whatsapp,
            )
        )
    if complaint.complainant_reply_to:
        label = (
            _("LAPOR! report number")
            if complaint.channel == ComplaintChannel.LAPOR
            else _("Social media account")
        )
        routes.append(ReplyRoute(label=str(label), value=complaint.complainant_reply_to))
    return routes


def pass_on_box(complaint: Complaint, events: list[ComplaintEvent]) -> PassOnBox:
    """What the complaint page and the officers' list show of how the office's words reach
    the complainant; `events`: its history in order (at least its answers and passings on).
    The form to record that they were passed on is there while some wait."""
    reach = answer_reach(complaint)
    waiting = complaint.pass_on_since is not None
    answers = answers_to_pass_on(events) if reach == BY_HAND else []
    prefix = f"pass-{complaint.pk}"
    form = None
    if waiting and answers:
        suggested = SUGGESTED_VIA.get(complaint.channel, PassOnVia.PHONE)
        if suggested in (PassOnVia.LETTER, PassOnVia.IN_PERSON) and complaint.complainant_phone:
            suggested = PassOnVia.PHONE
        form = PassedOnForm(
            prefix=prefix, initial={"via": suggested, "answer_seen": answers[-1].pk}
        )
    return PassOnBox(
        reach=reach,
        waiting=waiting,
        answers=answers,
        routes=reply_routes(complaint, answers) if reach == BY_HAND else [],
        form=form,
        form_prefix=prefix,
        reason=not_reached_reason(complaint),
    )
