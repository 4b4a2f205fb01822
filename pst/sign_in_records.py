"""The sign-in records django-axes keeps (trial S4): each sign-in and sign-out of an account
(`AccessLog`), the failed tries it counts for the lockout (`AccessAttempt`) and, when
enabled, each failure (`AccessFailureLog`) — with the email address typed, the client's IP
address, its browser and the times. They are personal data kept for security, not for the
service's statistics: the lockout needs them for AXES_COOLOFF_TIME only, and looking back at
who signed in from where needs a few weeks at most. So they are kept SIGN_IN_RECORD_DAYS
(`sign_in_records_prune`, run by purge_personal_data; the privacy notice states it) and go
with the account when its owner deletes it (`sign_in_records_erase`, pst.erasure)."""

from __future__ import annotations

import datetime as dt

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone


@transaction.atomic
def sign_in_records_erase(*, email: str) -> int:
    """Delete every sign-in record of the account signed in with `email`; how many. Axes
    names the account by the address (a sign-in by the account's own, a failed try by the
    one typed, in lower case: pst.auth.axes_username), so the match ignores case."""
    username = email.strip()
    count = axes_reset(username=username.lower())
    for model in (AccessLog, AccessFailureLog):
        deleted, _by_model = model.objects.filter(username__iexact=username).delete()
        count += deleted
    return count


@transaction.atomic
def sign_in_records_prune(*, days: int | None = None) -> int:
    """Delete the sign-in records older than `days` (SIGN_IN_RECORD_DAYS); how many. The
    logs through django-axes' own reset (the handler the settings name; it reads the clock
    itself); the failed tries it counts, which it clears only for an account tried again,
    by their age."""
    days = settings.SIGN_IN_RECORD_DAYS if days is None else days
    count = AxesProxyHandler.reset_logs(age_days=days)
    count += AxesProxyHandler.reset_failure_logs(age_days=days)
    deleted, _by_model = AccessAttempt.objects.filter(
        attempt_time__lte=timezone.now() - dt.timedelta(days=days)
    ).delete()
    return count + deleted
