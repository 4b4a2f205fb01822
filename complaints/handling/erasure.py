"""A complainant deletes their account (pst.erasure sends `account_erased`; complaints.apps
connects this): the complaints they filed signed in keep what happened and the office's
answer, and lose who filed them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from complaints.handling.models import Complaint, ComplaintEvent, ComplaintEventKind
from pst.models import User
from pst.personal_data import contact_fields_blank


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
