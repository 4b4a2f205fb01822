"""What complaints keep linked to an account, for its "My data" page and copy (pst.my_data,
answering pst.signals.personal_data_held): the complaints filed while signed in (with what
the person emailed about them later and the files they sent), and the ratings given to the
account's consultations (a rating names nobody, but through its consultation it is the
account's; a visit's rating, of a ticket, is linked to no account)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from complaints.handling.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintEvidence,
)
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from pst.models import User
from pst.my_data import DataSection, label, labels, office_moment_short

TEXTS = ("complainant_name", "complainant_email", "complainant_phone", "description", "answer")


def _complaint_details(complaint: Complaint) -> dict[str, Any]:
    """What the complainant gave: the form's texts, what they emailed about it later (their
    own words: the office's notes and responses are the office's) and the files they sent
    (trial R, R5: the copy left both out, though the consultations' lists every message)."""
    return {
        **{label(Complaint, name): getattr(complaint, name) for name in TEXTS},
        _("Messages"): [
            {_("Sent"): office_moment_short(event.at, complaint.office), _("Message"): event.body}
            for event in complaint.own_messages
        ],
        _("Attached files"): [evidence.name for evidence in complaint.evidence.all()],
    }


def complaints_section(user: User, *, full: bool) -> DataSection:
    rows = Complaint.objects.filter(complainant=user).select_related("office", "category")
    if full:
        own = ComplaintEvent.objects.filter(kind=ComplaintEventKind.FROM_COMPLAINANT)
        rows = rows.prefetch_related(
            Prefetch("events", own.order_by("at", "pk"), to_attr="own_messages"),
            Prefetch("evidence", ComplaintEvidence.objects.order_by("pk")),
        )
    complaints = list(rows.order_by("-received_at", "-pk"))
    return DataSection(
        order=40,
        key="complaints",
        title=_("Complaints"),
        columns=labels(
            Complaint, "code", "office", "category", "status", "received_at", "resolved_at"
        ),
        rows=[
            [
                c.display_code,
                c.office.name,
                str(c.category),
                c.get_status_display(),
                office_moment_short(c.received_at, c.office),
                office_moment_short(c.resolved_at, c.office),
            ]
            for c in complaints
        ],
        details=[_complaint_details(c) for c in complaints] if full else [],
    )


def ratings_section(user: User, *, full: bool) -> DataSection:
    ratings = list(
        SurveyResponse.objects.filter(consultation__requester=user)
        .select_related("office", "consultation__office")
        .order_by("-submitted_at", "-pk")
    )
    categories = ("sex", "education", "occupation")
    return DataSection(
        order=50,
        key="ratings",
        title=_("Ratings you gave"),
        columns=labels(SurveyResponse, "consultation", "submitted_at", "comment"),
        rows=[
            [
                r.consultation.reference,
                office_moment_short(r.submitted_at, r.office),
                r.comment,
            ]
            for r in ratings
        ],
        details=[
            {label(SurveyResponse, n): getattr(r, f"get_{n}_display")() for n in categories}
            | {label(SurveyResponse, n): getattr(r, n) for n in ELEMENT_FIELDS}
            for r in ratings
        ]
        if full
        else [],
    )


def account_complaint_data(user: User, *, full: bool) -> list[DataSection]:
    return [complaints_section(user, full=full), ratings_section(user, full=full)]
