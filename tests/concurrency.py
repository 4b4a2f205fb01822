"""Real parallel transactions for the races that matter (queue numbers, calls, claims): each
worker is a thread with its own database connection, all released at once by a barrier.
Tests using it carry `@pytest.mark.postgres_only` and `django_db(transaction=True)`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def run_in_parallel(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[Exception]]:
    """Run `work(i)` for i in range(count) in threads released together; returns the results
    (by i) and the exceptions raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[Exception] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
