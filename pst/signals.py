"""Signals pst sends for the apps built on it (pst imports none of them)."""

from django.dispatch import Signal

# A user's email address was just verified (inside the verification's transaction);
# `user` is the account. Consultations opened for that address without an account join it.
email_verified = Signal()
