"""The address where a served visitor or requester rates the service (DESIGN §6,
`/rate/<token>/`), made here so that the queue and the consultations can offer it without
importing the survey app (dependencies point one way: pst ← queueing ← consultations ←
complaints).

The token is a signed reference to what was served ("t12": ticket 12, "c7": consultation 7):
it cannot be guessed or altered, needs no row before anyone rates, and is the same in the
email and on the page. It is single-use because a ticket or a consultation has at most one
rating (a database constraint of the survey app), and it lapses `SURVEY_DAYS` after the
service, counted from the service, not from the link.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.core import signing
from django.urls import reverse

Kind = Literal["ticket", "consultation"]
_PREFIXES: dict[str, Kind] = {"t": "ticket", "c": "consultation"}
_SIGNER = signing.Signer(salt="pst.rating")
# Longer than any token this module makes (a 20-digit id and the signature): a longer path
# is not unsigned at all.
TOKEN_MAX_LENGTH = 64


def rating_token(kind: Kind, pk: int) -> str:
    prefix = next(p for p, k in _PREFIXES.items() if k == kind)
    return _SIGNER.sign(f"{prefix}{pk}")


def rating_path(kind: Kind, pk: int) -> str:
    return reverse("survey_rate", args=[rating_token(kind, pk)])


def rating_url(kind: Kind, pk: int) -> str:
    """The absolute address, for emails."""
    return settings.SITE_URL + rating_path(kind, pk)


def rating_closes_at(served_at: dt.datetime) -> dt.datetime:
    return served_at + dt.timedelta(days=settings.SURVEY_DAYS)


def rating_open(served_at: dt.datetime | None, now: dt.datetime) -> bool:
    """May what was served at `served_at` (None: not served) be rated at `now`?"""
    return served_at is not None and now <= rating_closes_at(served_at)


def rating_given(record: object) -> bool:
    """Has this ticket or consultation been rated? The survey app's rating is reached from
    it as `record.rating` (a one-to-one link named so there), read without importing the
    survey app."""
    return hasattr(record, "rating")


def rating_reference(token: str) -> tuple[Kind, int] | None:
    """What `token` rates, or None when it is not one of ours (altered, cut, made up)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        value = _SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    kind = _PREFIXES.get(value[:1])
    digits = value[1:]
    # ASCII digits only: str.isdigit() also accepts "²" and Arabic-Indic digits.
    if kind is None or not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return None
    return kind, int(digits)
