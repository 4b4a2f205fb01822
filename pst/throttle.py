"""Counting tries in a time window, for every flood guard of the portal (kiosk taps, codes
typed in the lobby, registrations, password resets, consultations opened, mail in).

The count lives in Django's cache, which every worker shares (the database cache or Redis,
README), and each try is counted in one atomic step: tries sent together cannot all read the
same count and pass. A window starts with its first try and ends `window` seconds later."""

from __future__ import annotations

import contextlib

from django.core.cache import cache


def counted_over(key: str, *, limit: int, window: int) -> bool:
    """Count one try under `key`; True when it is over `limit` tries in the window."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key) > limit
    except ValueError:
        # The window ended between the two steps: this try opens the next one.
        cache.add(key, 1, timeout=window)
        return limit < 1


def count_given_back(key: str) -> None:
    """Undo one try of `key` (a try that turned out right must not count against others)."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(key)
