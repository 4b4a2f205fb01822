"""What complaints keep linked to an account, for its "My data" page and copy (pst.my_data,
answering pst.signals.personal_data_held): the complaints filed while signed in, and the
ratings given to the account's consultations (a rating names nobody, but through its
consultation it is the account's; a visit's rating, of a ticket, is linked to no account)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.handling.models import Complaint
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from pst.models import User
from pst.my_data import DataSection, label, labels, office_moment_short


def complaints_section(user: User, *, full: bool) -> DataSection:
    complaints = list(
        Complaint.objects.filter(complainant=user)
        .select_related("office", "category")
        .order_by("-received_at", "-pk")
    )
    texts = ("complainant_name", "complainant_email", "complainant_phone", "description", "answer")
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
        details=[{label(Complaint, n): getattr(c, n) for n in texts} for c in complaints]
        if full
        else [],
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
