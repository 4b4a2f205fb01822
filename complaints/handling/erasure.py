"""A complainant deletes their account (pst.erasure sends `account_erased`; complaints.apps
connects this): the complaints they filed signed in keep what happened and the office's
answer, and lose who filed them."""

from __future__ import annotations

from django.db import transaction

from complaints.handling.models import Complaint
from pst.models import User
from pst.personal_data import contact_fields_blank


@transaction.atomic
def complaints_erase_complainant(*, user: User) -> int:
    """Blank the contacts of `user`'s complaints and unlink them from the account; returns
    how many complaints.

    Only the contacts, unlike the retention purge, which blanks the description too: that
    purge runs on complaints closed long ago, whereas an account can be deleted while its
    complaint is still open, and the office must still answer it (a public service's duty,
    and counted in its reports) — it cannot without knowing what went wrong. The description
    says what happened, not who the person is; the answer is the office's. The complainant
    can still read the answer with the complaint's tracking code; the retention purge
    blanks the description once the complaint has been closed long enough."""
    filed = Complaint.objects.filter(complainant=user)
    count = filed.count()
    contact_fields_blank(filed)
    # With the contacts gone there is nobody left to pass an answer on to.
    filed.update(complainant=None, pass_on_since=None)
    return count
