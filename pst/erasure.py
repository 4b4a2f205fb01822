"""A person deletes their own account (UU 27/2022 Art. 8–9: erasure, and the withdrawal of
consent; trial Q, Q2), from "My data", confirmed with their password.

What the portal holds about them is anonymised, not deleted: the offices' records (a
consultation answered, a complaint still to answer) stay for the service's statistics and
history, without who asked. pst knows the account; the apps built on it answer its signals
(pst imports none of them): first `account_texts_redact`, each taking the person's name,
email and phone out of the texts its records keep (pst.personal_data.redaction: a question
signed with the name, an officer's "Yth. Ibu …"; trial S5); then `account_erased`, each
ending what it still has open for the person through its own services, so the office learns
of it as of any other ending, and blanking what its records keep of them. Then the account
itself: its personal fields (as declared in pst.personal_data) blank, its address a
placeholder that receives nothing, no password, inactive, signed out everywhere; its sign-in
records (pst.sign_in_records) deleted. The row stays: the history's "who did it" points at
it.

Staff accounts are refused: they are the office's, and their history (answers, calls, the
personal-data log) is handled by the office's administrator.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.emails import notification_enqueue
from pst.models import User
from pst.permissions import user_roles
from pst.personal_data import PersonRedaction, person_redaction, personal_fields
from pst.services import PortalError, user_sessions_end
from pst.sign_in_records import sign_in_records_erase
from pst.signals import account_erased, account_texts_redact

# `.invalid` is reserved (RFC 2606): nothing is ever delivered there, and nobody can register
# it. The account's number keeps it unique, as the email field must be.
ERASED_DOMAIN = "erased.invalid"


def erased_address(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def account_is_staff(user: User) -> bool:
    """An account the office manages: a role or an office, admin access, a superuser."""
    return bool(user.is_superuser or user.is_staff or user.office_id or user_roles(user))


def user_account_erase(*, user: User, password: str, now: dt.datetime | None = None) -> User:
    """Delete `user`'s account, `password` being their current one. The same request sent
    twice, or twice at once, erases once and emails once: the second finds it done (under
    the row's lock) and does nothing. Returns the account as it now is."""
    now = now or timezone.now()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.erased_at is not None:
            return account
        if not account.check_password(password):
            raise PortalError(_("The password is wrong."), code="password", field="password")
        if account_is_staff(account):
            raise PortalError(
                _(
                    "A staff account cannot be deleted here: your office's administrator "
                    "handles staff accounts."
                ),
                code="staff",
            )
        # To the address it still has, in the person's language, queued in this transaction:
        # an erasure refused later leaves no email behind.
        notification_enqueue(
            [account.email],
            template="emails/account_erased",
            context=lambda: {"name": account.full_name, "site": settings.SITE_URL},
            language=account.language,
        )
        # First, while the records are still the account's: what was written keeps no name.
        account_texts_redact.send(User, user=account, redaction=_redaction_of(account))
        account_erased.send(User, user=account, now=now)
        # Axes names the account by its address, which is about to go (trial S4).
        sign_in_records_erase(email=account.email)
        _account_anonymise(account, now)
    return account


def _redaction_of(account: User) -> PersonRedaction:
    return person_redaction(
        names=[account.full_name],
        emails=[account.email, account.pending_email],
        phones=[account.phone],
    )


def _account_anonymise(account: User, now: dt.datetime) -> None:
    # Every declared personal field: a field declared later is blanked without a change here.
    blanked = [name for name in personal_fields(User) if name != "email"]
    for name in blanked:
        setattr(account, name, "")
    account.email = erased_address(account)
    account.pending_email_at = None
    account.set_unusable_password()
    account.is_active = False
    account.erased_at = now
    account.save(
        update_fields=[
            *blanked, "email", "pending_email_at", "password", "is_active", "erased_at",
        ]
    )  # fmt: skip
    # The unusable password already fails every session's hash; raised anyway, so what
    # "signed out everywhere" means is said in one place.
    user_sessions_end(user=account)
