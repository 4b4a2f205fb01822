"""Counting tries in a time window, for every flood guard of the portal (kiosk taps, codes
typed in the lobby, registrations, password resets, consultations opened, mail in).

The count lives in one database row per key (`FloodCount`), which every worker shares, and
each try is counted by one UPDATE: tries sent together queue on the row and each reads its own
count, so no two can pass as one (tested with parallel transactions on PostgreSQL). A window
starts with its first try and ends `window` seconds later. Inside a caller's transaction the
count is undone with it (a refused or repeated request costs nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pst.models import FloodCount


def _stored_key(key: str) -> str:
    # Keys carry client addresses and email addresses (mail in): the table keeps their hash.
    return hashlib.sha256(key.encode()).hexdigest()


def counted_over(key: str, *, limit: int, window: int) -> bool:
    """Count one try under `key`; True when it is over `limit` tries in the window."""
    key = _stored_key(key)
    for _attempt in range(3):
        now = timezone.now()
        with transaction.atomic():
            if FloodCount.objects.filter(key=key, window_ends_at__gt=now).update(
                count=F("count") + 1
            ):
                # The row stays locked by the update until this try is counted and read.
                count = FloodCount.objects.values_list("count", flat=True).get(key=key)
                return count > limit
        try:
            with transaction.atomic():
                # A new window; ended windows (of any key) go at the same time.
                FloodCount.objects.filter(window_ends_at__lte=now).delete()
                FloodCount.objects.create(
                    key=key, count=1, window_ends_at=now + dt.timedelta(seconds=window)
                )
            return limit < 1
        except IntegrityError:
            continue  # opened by a try sent at the same moment: count in it
    return True  # three collisions in a row: refused rather than uncounted


def count_given_back(key: str) -> None:
    """Undo one try of `key` (a try that turned out right must not count against others)."""
    FloodCount.objects.filter(
        key=_stored_key(key), window_ends_at__gt=timezone.now(), count__gt=0
    ).update(count=F("count") - 1)
