"""The walk-in SLA clock of DESIGN §2: from max(joined the queue, previous visitor of the same
queue finished) until called; a breach is more than the service's limit (10 minutes)."""

import pytest

from queueing import services as queue
from queueing.models import EventKind, TicketEvent


@pytest.fixture
def fo(front_office):
    return front_office


def call_next(desk, officer):
    return queue.ticket_call_next(desk=desk, officer=officer)


def serve_and_finish(ticket, desk, officer):
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    return queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


def test_first_ticket_of_the_day_waits_from_issue_to_call(issue, desks, fo, clock):
    issue("K")
    clock.shift(4 * 60)
    ticket = call_next(desks[1], fo)
    assert ticket.sla_wait_seconds == 240
    assert ticket.sla_met is True
    assert ticket.sla_started_at == ticket.issued_at


def test_clock_starts_when_the_previous_visitor_finished(issue, desks, fo, clock):
    issue("K")
    issue("K")
    first = call_next(desks[1], fo)
    clock.shift(5 * 60)
    finished = serve_and_finish(first, desks[1], fo)
    clock.shift(3 * 60)
    second = call_next(desks[1], fo)
    assert second.sla_started_at == finished.finished_at
    assert second.sla_wait_seconds == 180


def test_clock_starts_at_issue_when_the_previous_visitor_finished_earlier(issue, desks, fo, clock):
    issue("K")
    first = call_next(desks[1], fo)
    serve_and_finish(first, desks[1], fo)
    clock.shift(20 * 60)
    later = issue("K")
    clock.shift(2 * 60)
    called = call_next(desks[1], fo)
    assert called.pk == later.pk
    assert called.sla_started_at == later.issued_at
    assert called.sla_wait_seconds == 120


def test_called_before_the_previous_visitor_finished_waited_zero(
    issue, desks, fo, clock, front_office
):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    second_front = DeskFactory(
        office=desks[1].office, number=5, name="Front Office 2", kind=DeskKind.FRONT_OFFICE
    )
    issue("K")
    issue("K")
    call_next(desks[1], fo)
    clock.shift(15 * 60)  # the first visitor is still at desk 1
    second = call_next(second_front, fo)
    assert second.sla_wait_seconds == 0
    assert second.sla_met is True


def test_more_than_the_limit_is_a_breach_and_exactly_the_limit_is_not(issue, desks, fo, clock):
    issue("K")
    issue("K")
    clock.shift(10 * 60)
    first = call_next(desks[1], fo)
    assert (first.sla_wait_seconds, first.sla_met) == (600, True)
    serve_and_finish(first, desks[1], fo)
    clock.shift(10 * 60 + 1)
    second = call_next(desks[1], fo)
    assert (second.sla_wait_seconds, second.sla_met) == (601, False)


def test_the_limit_is_per_service(issue, desks, services, fo, clock):
    services["K"].sla_minutes = 5
    services["K"].save()
    issue("K")
    clock.shift(6 * 60)
    assert call_next(desks[1], fo).sla_met is False


def test_recall_keeps_the_wait_of_the_first_call(issue, desks, fo, clock):
    issue("K")
    clock.shift(60)
    ticket = call_next(desks[1], fo)
    clock.shift(5 * 60)
    ticket = queue.ticket_recall(ticket=ticket, desk=desks[1], officer=fo)
    assert ticket.sla_wait_seconds == 60
    assert ticket.recall_count == 1
    recall = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RECALLED)
    assert recall.sla_wait_seconds is None


def test_no_show_ends_the_turn_and_the_next_clock_starts_then(issue, desks, fo, clock):
    issue("K")
    issue("K")
    absent = call_next(desks[1], fo)
    clock.shift(2 * 60)
    queue.ticket_recall(ticket=absent, desk=desks[1], officer=fo)
    clock.shift(2 * 60)
    absent = queue.ticket_no_show(ticket=absent, desk=desks[1], officer=fo)
    clock.shift(60)
    nxt = call_next(desks[1], fo)
    assert nxt.sla_started_at == absent.finished_at
    assert nxt.sla_wait_seconds == 60


def test_transfer_starts_a_new_turn_in_the_new_queue(
    issue, desks, services, fo, consultation_officer, clock
):
    issue("K")
    clock.shift(3 * 60)
    ticket = call_next(desks[1], fo)
    assert ticket.sla_wait_seconds == 180
    clock.shift(5 * 60)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["K"]
    )
    clock.shift(4 * 60)
    ticket = call_next(desks[2], consultation_officer)
    # The consultation queue had nobody before: the clock runs from the transfer.
    assert ticket.sla_wait_seconds == 240
    calls = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CALLED).order_by("pk")
    assert [c.sla_wait_seconds for c in calls] == [180, 240]
    assert [c.stage for c in calls] == ["reception", "service"]


def test_a_transfer_ends_the_turn_for_the_next_visitor_of_the_old_queue(
    issue, desks, services, fo, clock
):
    issue("K")
    issue("K")
    first = call_next(desks[1], fo)
    clock.shift(4 * 60)
    queue.ticket_transfer(
        without_guestbook=True, ticket=first, desk=desks[1], officer=fo, to_service=services["K"]
    )
    clock.shift(60)
    assert call_next(desks[1], fo).sla_wait_seconds == 60


def test_the_turn_length_is_recorded_when_it_ends(issue, desks, fo, clock):
    issue("K")
    ticket = call_next(desks[1], fo)
    clock.shift(7 * 60)
    serve_and_finish(ticket, desks[1], fo)
    finished = TicketEvent.objects.get(ticket=ticket, kind=EventKind.FINISHED)
    assert finished.turn_seconds == 7 * 60
