"""Priority visitors (elderly, disabled, pregnant) first, never more than two in a row at a
desk while a regular visitor waits."""

import pytest

from queueing import services as queue


@pytest.fixture
def fo(front_office):
    return front_office


def call_and_finish(desk, officer):
    ticket = queue.ticket_call_next(desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)
    return ticket.code


def test_regular_visitors_are_called_in_order(issue, desks, fo, clock):
    for _ in range(3):
        issue("K")
        clock.shift(10)
    assert [call_and_finish(desks[1], fo) for _ in range(3)] == ["K-001", "K-002", "K-003"]


def test_a_priority_visitor_goes_before_earlier_regular_ones(issue, desks, fo, clock):
    issue("K")
    clock.shift(10)
    issue("K", priority="elderly")
    assert call_and_finish(desks[1], fo) == "K-002"
    assert call_and_finish(desks[1], fo) == "K-001"


def test_never_more_than_two_priority_calls_in_a_row_while_regulars_wait(issue, desks, fo, clock):
    issue("K")  # K-001 regular
    clock.shift(10)
    for kind in ("elderly", "pregnant", "disabled", "elderly"):  # K-002..K-005
        issue("K", priority=kind)
        clock.shift(10)
    issue("K")  # K-006 regular
    calls = [call_and_finish(desks[1], fo) for _ in range(6)]
    assert calls == ["K-002", "K-003", "K-001", "K-004", "K-005", "K-006"]


def test_priority_visitors_keep_going_first_when_no_regular_waits(issue, desks, fo, clock):
    for kind in ("elderly", "pregnant", "disabled"):
        issue("K", priority=kind)
        clock.shift(10)
    assert [call_and_finish(desks[1], fo) for _ in range(3)] == ["K-001", "K-002", "K-003"]


def test_priority_visitors_are_called_in_order_among_themselves(issue, desks, fo, clock):
    issue("K", priority="pregnant")
    clock.shift(10)
    issue("K", priority="disabled")
    assert call_and_finish(desks[1], fo) == "K-001"


def test_the_streak_counts_the_calls_of_every_desk_taking_the_queue(issue, desks, fo, clock):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    other = DeskFactory(office=desks[1].office, number=7, name="FO 2", kind=DeskKind.FRONT_OFFICE)
    issue("K")
    clock.shift(10)
    for kind in ("elderly", "pregnant", "disabled"):
        issue("K", priority=kind)
        clock.shift(10)
    assert call_and_finish(desks[1], fo) == "K-002"
    assert call_and_finish(other, fo) == "K-003"
    # Two priority calls in a row in the front-office queue, by two desks: the regular
    # visitor goes next, wherever.
    assert call_and_finish(desks[1], fo) == "K-001"
    assert call_and_finish(other, fo) == "K-004"


def test_the_console_lists_the_queue_in_the_order_call_next_takes_it(
    issue, desks, fo, clock, client
):
    from django.urls import reverse

    from queueing.desks import DESK_SESSION_KEY

    issue("R")  # R-001 regular
    for priority in ("elderly", "pregnant", "disabled"):
        clock.shift(10)
        issue("R", priority=priority)
    clock.shift(10)
    issue("R")  # R-005 regular
    client.force_login(fo)
    session = client.session
    session[DESK_SESSION_KEY] = desks[1].pk
    session.save()
    page = client.get(reverse("desk")).content.decode()
    listed = ["R-001", "R-002", "R-003", "R-004", "R-005"]
    listed.sort(key=lambda code: page.index(f'data-testid="queue-row-{code}"'))
    called = [call_and_finish(desks[1], fo) for _ in range(5)]
    assert called == ["R-002", "R-003", "R-001", "R-004", "R-005"]
    assert listed == called
