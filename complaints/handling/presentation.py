"""What the complaint pages show besides the stored fields: the due date's explanation,
and the queue's rows with contacts masked (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from complaints.errors import ComplaintError
from complaints.handling.filing import complaint_due
from complaints.handling.models import Complaint
from pst.personal_data import personal_value_shown
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
    email: str
    phone: str
    overdue: bool


def complaint_rows(complaints: Iterable[Complaint], *, now: dt.datetime) -> list[ComplaintRow]:
    """The queue's rows: contacts masked as in every list."""
    return [
        ComplaintRow(
            complaint=complaint,
            email=personal_value_shown(
                Complaint, "complainant_email", complaint.complainant_email, unmasked=False
            ),
            phone=personal_value_shown(
                Complaint, "complainant_phone", complaint.complainant_phone, unmasked=False
            ),
            overdue=complaint.is_open and complaint.due_at < now,
        )
        for complaint in complaints
    ]
