"""What happens in pst when Django signals something (connected in PstConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from pst.permissions import user_roles


def staff_session_limit(sender, request, user, **kwargs) -> None:
    """A staff member's session ends STAFF_SESSION_HOURS after signing in, whatever they do
    meanwhile: office PCs are shared, and a console left signed in shows other people's data
    to whoever sits down (product trial I, I12). A fixed moment, not an idle timeout: every
    console poll would otherwise keep it alive. Registered users keep SESSION_COOKIE_AGE."""
    if request is None or not (user.is_staff or user.is_superuser or user_roles(user)):
        return
    request.session.set_expiry(timezone.now() + dt.timedelta(hours=settings.STAFF_SESSION_HOURS))
