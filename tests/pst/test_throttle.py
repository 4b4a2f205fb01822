"""The one counter behind every flood guard (pst/throttle.py)."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from pst.models import FloodCount
from pst.throttle import count_given_back, counted_over
from tests.concurrency import run_in_parallel


def test_tries_over_the_limit_are_refused_and_a_given_back_try_frees_a_place(db):
    assert [counted_over("t:a", limit=2, window=60) for _ in range(3)] == [False, False, True]
    count_given_back("t:a")
    count_given_back("t:a")
    assert counted_over("t:a", limit=2, window=60) is False
    assert counted_over("t:b", limit=2, window=60) is False  # another key, its own count


def test_a_window_ends_and_the_next_starts_afresh_and_ended_ones_are_cleared(db):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False) as clock:
        assert [counted_over("t:w", limit=1, window=60) for _ in range(2)] == [False, True]
        counted_over("t:other", limit=1, window=30)
        clock.shift(61)
        assert counted_over("t:w", limit=1, window=60) is False
        assert FloodCount.objects.count() == 1  # both ended windows went


def test_giving_back_a_try_whose_window_ended_is_harmless(db):
    count_given_back("t:gone")
    assert not FloodCount.objects.exists()


def test_no_address_is_stored(db):
    counted_over("consultations:mail-in:budi@example.org", limit=5, window=60)
    assert "budi" not in FloodCount.objects.get().key


def test_a_count_inside_a_transaction_that_rolls_back_is_undone(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        counted_over("t:r", limit=1, window=60)
        raise RuntimeError
    assert counted_over("t:r", limit=1, window=60) is False


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_tries_sent_together_pass_exactly_up_to_the_limit():
    # Found by the review: on the database cache, eight tries sent together all passed a
    # limit of three (its increment is a read then a write).
    for key in ("t:burst", "t:burst-again"):  # the second opens its window in the race

        def try_once(_i, key=key):
            return counted_over(key, limit=3, window=60)

        results, errors = run_in_parallel(8, try_once)
        assert errors == []
        assert sorted(results) == [False] * 3 + [True] * 5
    assert sorted(FloodCount.objects.values_list("count", flat=True)) == [8, 8]
