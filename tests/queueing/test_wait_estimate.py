"""The waiting estimate of a ticket's page (trial N, N3): only turns that served the visitor
tell how long a visit takes, and only desks an officer holds now call anyone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from queueing import services as queue
from queueing.call_order import ticket_estimate
from queueing.desks import desk_leave, desk_take
from queueing.models import Desk, EventKind, TicketEvent


@pytest.fixture
def no_front_office(desks, services):
    """Tickets go straight to the service desks: K to Meja 2 and Meja 3 (service stage)."""
    Desk.objects.filter(pk=desks[1].pk).update(is_active=False)
    services["K"].records_consultations = False
    services["K"].save()
    return desks


def serve(ticket, desk, officer, clock, minutes: float) -> None:
    queue.ticket_call(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    clock.shift(minutes * 60)
    queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


def no_show(ticket, desk, officer, clock, seconds: int) -> None:
    queue.ticket_call(ticket=ticket, desk=desk, officer=officer)
    clock.shift(30)
    queue.ticket_recall(ticket=ticket, desk=desk, officer=officer)
    clock.shift(seconds - 30)
    queue.ticket_no_show(ticket=ticket, desk=desk, officer=officer)


def test_no_shows_and_visitors_sent_on_unserved_do_not_make_the_typical_turn(
    no_front_office, services, issue, consultation_officer, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    serve(issue("K"), desks[2], consultation_officer, clock, minutes=20)
    # The trial's morning: a no-show after 95 s, a transfer after 151 s without a start, a
    # no-show after 152 s.
    no_show(issue("K"), desks[2], consultation_officer, clock, 95)
    unserved = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    clock.shift(151)
    queue.ticket_transfer(
        ticket=unserved, desk=desks[2], officer=consultation_officer, to_service=services["P"]
    )
    no_show(issue("K"), desks[2], consultation_officer, clock, 152)
    issue("K")
    issue("K")
    mine = issue("K")
    # 2 ahead × the one served turn (20 min) ÷ the one desk an officer holds (Meja 3, also
    # taking K, stands empty). Before: the median of all four ends (151 s) ÷ 2 desks, 3 min.
    assert ticket_estimate(mine).minutes == 40
    served = dict(
        TicketEvent.objects.turn_ends().values_list("ticket__number", "served").order_by()
    )
    assert served == {1: True, 2: False, 3: False, 4: False}


def test_a_visitor_sent_on_after_being_served_is_a_served_turn(
    no_front_office, services, issue, consultation_officer, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
    clock.shift(12 * 60)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[2], officer=consultation_officer, to_service=services["P"]
    )
    issue("K")
    mine = issue("K")
    assert ticket_estimate(mine).minutes == 12
    transfer = TicketEvent.objects.get(kind=EventKind.TRANSFERRED)
    assert transfer.served and transfer.turn_seconds == 12 * 60


def test_the_front_offices_routing_is_its_service(desks, services, issue, front_office, clock):
    # The guestbook is written while the visitor is called; nobody presses "start" there.
    desk_take(desk=desks[1], officer=front_office)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(4 * 60)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    issue("K")
    mine = issue("K")
    assert ticket_estimate(mine).minutes == 4
    assert TicketEvent.objects.get(kind=EventKind.TRANSFERRED).served


def test_capacity_is_the_desks_officers_hold_now(
    no_front_office, issue, consultation_officer, front_office, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    serve(issue("K"), desks[2], consultation_officer, clock, minutes=10)
    for _ in range(4):
        issue("K")
    mine = issue("K")
    # Meja 2 and Meja 3 both take K; only Meja 2 has an officer.
    assert ticket_estimate(mine).minutes == 40
    desk_take(desk=desks[3], officer=front_office)
    assert ticket_estimate(mine).minutes == 20
    assert ticket_estimate(mine).ahead == 4  # "ahead" never depended on who is at a desk
    # A desk of another service's queue (Meja 4: P and J) adds nothing.
    desk_leave(officer=front_office)
    desk_take(desk=desks[4], officer=front_office)
    assert ticket_estimate(mine).minutes == 40


def test_with_no_officer_at_a_desk_that_calls_it_the_page_says_so_instead_of_a_figure(
    client, no_front_office, issue, consultation_officer, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    serve(issue("K"), desks[2], consultation_officer, clock, minutes=10)
    issue("K")
    mine = issue("K")
    desk_leave(officer=consultation_officer)
    estimate = ticket_estimate(mine)
    assert (estimate.ahead, estimate.minutes, estimate.staffed) == (1, None, False)
    page = client.get(
        reverse("ticket_status", args=[mine.token]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1 person ahead of you" in page or "1 people ahead of you" in page
    assert "no officer is at a desk that calls your number" in page
    assert "about" not in page.split("ahead of you")[1].split("</p>")[1]


def test_the_status_page_reads_a_fixed_number_of_queries_whatever_the_queue(
    client, no_front_office, issue, consultation_officer, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    serve(issue("K"), desks[2], consultation_officer, clock, minutes=10)

    def queries_for(mine) -> int:
        url = reverse("ticket_status", args=[mine.token])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
        return len(captured)

    short = queries_for(issue("K"))
    for i in range(20):
        issue("K", priority="elderly" if i % 2 else "")
    long = queries_for(issue("K"))
    assert long == short <= 10


def test_the_migration_marks_the_turns_recorded_before_that_served_the_visitor(
    no_front_office, services, issue, consultation_officer, clock
):
    import importlib

    from django.apps import apps

    desks = no_front_office
    serve(issue("K"), desks[2], consultation_officer, clock, minutes=5)
    no_show(issue("K"), desks[2], consultation_officer, clock, 95)
    transfer = {"desk": desks[2], "officer": consultation_officer, "to_service": services["P"]}
    unserved = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    queue.ticket_transfer(ticket=unserved, **transfer)
    served = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    queue.ticket_start(ticket=served, desk=desks[2], officer=consultation_officer)
    queue.ticket_transfer(ticket=served, **transfer)
    # Sent on unserved again from P's queue after a first service in K's: the earlier start
    # is another turn's.
    again = queue.ticket_call(ticket=served, desk=desks[4], officer=consultation_officer)
    queue.ticket_transfer(ticket=again, desk=desks[4], officer=consultation_officer,
                          to_service=services["K"])  # fmt: skip
    expected = dict(TicketEvent.objects.turn_ends().values_list("pk", "served"))
    TicketEvent.objects.update(served=False)
    migration = importlib.import_module("queueing.migrations.0017_turn_served_backfill")
    migration.served_turns(apps, None)
    assert dict(TicketEvent.objects.turn_ends().values_list("pk", "served")) == expected
    assert sorted(expected.values()) == [False, False, False, True, True]
