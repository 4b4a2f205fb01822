"""A complainant deletes their account (pst.erasure sends `account_erased`; complaints.apps
connects this): the complaints they filed signed in keep what happened and the office's
answer, and lose who filed them — their contacts, and their name, email and phone where
those were written in the texts, as in their ratings' comments (trial S5)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from complaints.handling.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintEvidence,
)
from complaints.surveys.models import SurveyResponse
from pst.models import User
from pst.personal_data import PersonRedaction, contact_fields_blank, personal_texts_redact


@transaction.atomic
def complaints_erase_complainant(*, user: User, now: dt.datetime) -> int:
    """Blank the contacts of `user`'s complaints and unlink them from the account; returns
    how many complaints.

    Only the contacts, unlike the retention purge, which blanks the description too: that
    purge runs on complaints closed long ago, whereas an account can be deleted while its
    complaint is still open, and the office must still answer it (a public service's duty,
    and counted in its reports) — it cannot without knowing what went wrong. The description
    says what happened, not who the person is; the answer is the office's. The complainant
    can still read the answer with the complaint's tracking code; the retention purge
    blanks the description once the complaint has been closed long enough.

    With the contacts gone there is nobody to pass an answer on to: what waited no longer
    does, and nothing waits again (`complainant_erased_at`, passing_on.answer_reach) — like
    an anonymous complainant, they read it by the code. Each complaint's history says so, for
    its handlers (trial S, S2: it waited for a passing on that could not happen)."""
    filed = Complaint.objects.select_for_update().filter(complainant=user).order_by("pk")
    ComplaintEvent.objects.bulk_create(
        ComplaintEvent(
            complaint=complaint,
            kind=ComplaintEventKind.COMPLAINANT_ERASED,
            from_status=complaint.status,
            to_status=complaint.status,
            is_public=False,
            actor=user,
            at=now,
        )
        for complaint in filed
    )
    count = filed.count()
    contact_fields_blank(filed)
    filed.update(complainant=None, pass_on_since=None, complainant_erased_at=now)
    return count


@transaction.atomic
def complaints_texts_redact(*, user: User, redaction: PersonRedaction) -> int:
    """Take `user`'s name, email and phone (`redaction`, with the names and contacts typed
    on their complaints) out of what was written on the complaints they filed signed in —
    the description, the office's answer and responses, the files' names — and out of the
    comments of their consultations' ratings; how many rows changed. Before the
    consultations and complaints are unlinked from the account."""
    filed = Complaint.objects.filter(complainant=user)
    ratings = SurveyResponse.objects.filter(consultation__requester=user)
    history = [
        model.objects.filter(complaint__in=filed) for model in (ComplaintEvent, ComplaintEvidence)
    ]
    return personal_texts_redact(redaction.adding_contacts_of(filed), filed, *history, ratings)
