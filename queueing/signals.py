"""Signing out leaves the desk: an officer who went home is not working at it any more."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from queueing.desks import desk_leave


@receiver(user_logged_out, dispatch_uid="queueing_leave_desk_on_logout")
def leave_desk_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        desk_leave(officer=user, signing_out=True)
