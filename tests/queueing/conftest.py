"""A Monday morning in Tarakan (WITA) under time-machine, and a quick way to take tickets."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from queueing import services as queue

WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA)


@pytest.fixture
def clock():
    """Frozen at Monday 23 November 2026 09:00 WITA; `clock.shift(seconds)` moves it."""
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def issue(office, services, desks, clock):
    def make(prefix: str = "K", priority: str = ""):
        return queue.ticket_issue(office=office, service=services[prefix], priority=priority)

    return make
