"""The one counter behind every flood guard (pst/throttle.py)."""

from __future__ import annotations

from django.core.cache import cache

from pst.throttle import count_given_back, counted_over


def test_tries_over_the_limit_are_refused_and_a_given_back_try_frees_a_place(shared_cache):
    assert [counted_over("t:a", limit=2, window=60) for _ in range(3)] == [False, False, True]
    count_given_back("t:a")
    count_given_back("t:a")
    assert counted_over("t:a", limit=2, window=60) is False
    assert counted_over("t:b", limit=2, window=60) is False  # another key, its own count


def test_a_window_that_ends_between_counting_steps_opens_the_next(shared_cache, monkeypatch):
    real_add = cache.add
    calls = []

    def add_after_the_window_ended(key, value, timeout=None):
        calls.append(value)
        # The first add finds the old window still there; it expires before the increment.
        return False if len(calls) == 1 else real_add(key, value, timeout=timeout)

    monkeypatch.setattr(cache, "add", add_after_the_window_ended)
    assert counted_over("t:c", limit=1, window=60) is False
    assert cache.get("t:c") == 1
    monkeypatch.undo()
    assert counted_over("t:c", limit=1, window=60) is True


def test_giving_back_a_try_whose_window_ended_is_harmless(shared_cache):
    count_given_back("t:gone")
    assert cache.get("t:gone") is None
