"""A visitor's "people ahead" (the printed ticket, the status page and the wait estimate) is
their place in the order "call next" takes: priority visitors first, a regular one after every
two priority calls in a row, among the tickets of every desk that will call them (trial)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.models import Desk, Stage


@pytest.fixture
def fo(front_office):
    return front_office


def ahead_on_status_page(client, ticket) -> int:
    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    block = page.split('data-testid="status-ahead">')[1].split("</p>")[0]
    return int(re.search(r"(\d+) orang di depan Anda", block).group(1))


def call_and_finish(desk, officer) -> str:
    ticket = queue.ticket_call_next(desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)
    return ticket.code


def the_trial_queue(issue, clock) -> dict:
    tickets = {}
    for priority in ("", "", "elderly", "pregnant", "disabled", ""):
        ticket = issue("K", priority=priority)
        tickets[ticket.code] = ticket
        clock.shift(10)
    return tickets


def test_each_visitor_is_told_their_place_in_the_order_call_next_takes(
    client, desks, issue, fo, clock
):
    tickets = the_trial_queue(issue, clock)
    told = {code: ahead_on_status_page(client, ticket) for code, ticket in tickets.items()}
    called = [call_and_finish(desks[1], fo) for _ in range(6)]
    assert called == ["K-003", "K-004", "K-001", "K-005", "K-002", "K-006"]  # README
    assert told == {code: called.index(code) for code in tickets}


def test_the_printed_ticket_counts_the_regular_visitor_due_after_two_priority_calls(
    client, desks, issue, fo, clock
):
    tickets = the_trial_queue(issue, clock)
    kiosk_ticket = reverse("kiosk_ticket", args=["6571", tickets["K-005"].token])
    assert "3 orang di depan Anda" in client.get(kiosk_ticket).content.decode()


def test_the_count_reads_the_priority_calls_already_made_in_a_row(client, desks, issue, fo, clock):
    for priority in ("elderly", "pregnant"):
        issue("K", priority=priority)
        clock.shift(10)
    assert [call_and_finish(desks[1], fo) for _ in range(2)] == ["K-001", "K-002"]
    regular = issue("K")
    clock.shift(10)
    late_priority = issue("K", priority="disabled")
    # Two priority calls in a row just happened: the regular visitor goes next.
    assert ahead_on_status_page(client, regular) == 0
    assert ahead_on_status_page(client, late_priority) == 1
    assert call_and_finish(desks[1], fo) == "K-003"


def test_an_appointment_is_counted_before_the_other_priority_visitors_it_goes_before(
    client, desks, issue, fo, clock
):
    elderly = issue("K", priority="elderly")
    clock.shift(10)
    appointment = issue("K", priority="appointment")  # given by a check-in, never tapped
    assert ahead_on_status_page(client, appointment) == 0
    assert ahead_on_status_page(client, elderly) == 1
    assert call_and_finish(desks[1], fo) == appointment.code


def test_after_two_priority_calls_with_no_regular_waiting_an_appointment_still_goes_first(
    client, desks, issue, fo, clock
):
    for priority in ("elderly", "pregnant"):
        issue("K", priority=priority)
        clock.shift(10)
    assert [call_and_finish(desks[1], fo) for _ in range(2)] == ["K-001", "K-002"]
    elderly = issue("K", priority="elderly")
    clock.shift(10)
    appointment = issue("K", priority="appointment")
    assert ahead_on_status_page(client, appointment) == 0
    assert ahead_on_status_page(client, elderly) == 1
    assert call_and_finish(desks[1], fo) == appointment.code


def test_the_status_page_and_the_console_read_one_order(client, desks, issue, fo, clock, seat):
    for priority in ("", "elderly", "", "pregnant", "disabled", "elderly", "", ""):
        issue("K", priority=priority)
        clock.shift(10)
    call_and_finish(desks[1], fo)  # a priority call: the streak is 1
    waiting = list(desks[1].office.tickets.filter(status="waiting"))
    client.force_login(fo)
    console = seat(client, desks[1]).get(reverse("desk")).content.decode()
    listed = sorted(waiting, key=lambda t: console.index(f'data-testid="queue-row-{t.code}"'))
    client.logout()
    assert [ahead_on_status_page(client, ticket) for ticket in listed] == list(range(len(listed)))


def test_the_position_of_each_visitor_is_where_the_listed_order_puts_them():
    from queueing.call_order import call_order_kinds, call_position, in_the_order_called

    for priority in range(5):
        for regular in range(5):
            for streak in range(3):
                order = in_the_order_called(
                    [("p", i) for i in range(priority)],
                    [("r", j) for j in range(regular)],
                    streak,
                )
                for position, (kind, index) in enumerate(order):
                    assert position == call_position(
                        priority=kind == "p",
                        index=index,
                        priority_waiting=priority,
                        regular_waiting=regular,
                        streak=streak,
                    )
                kinds = list(call_order_kinds(priority=priority, regular=regular, streak=streak))
                assert kinds == [kind == "p" for kind, _ in order]


def test_the_status_page_stays_within_its_query_budget_with_both_kinds_waiting(
    client, desks, issue, clock, django_assert_max_num_queries
):
    mine = issue("K")
    for i in range(20):
        issue("K", priority="elderly" if i % 2 else "")
    url = reverse("ticket_status", args=[mine.token])
    with django_assert_max_num_queries(10):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200


# -- the front office taken out of use while visitors wait at the reception stage --


def front_office_out_of_use(desks) -> None:
    # As the admin's untick of 'active' does (queueing.admin checks it strands nobody).
    Desk.objects.filter(pk=desks[1].pk).update(is_active=False)


def test_a_reception_ticket_counts_those_the_service_desks_call_first_once_the_front_office_is_out(
    client, desks, issue, services, fo, consultation_officer, clock
):
    routed = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=fo)
    queue.ticket_transfer(
        ticket=routed, desk=desks[1], officer=fo, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    clock.shift(10)
    mine = issue("K")  # still at the reception stage when the front office goes
    front_office_out_of_use(desks)
    assert mine.stage == Stage.RECEPTION
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "1 orang di depan Anda" in page
    assert "front office" not in page
    assert "Anda berikutnya." not in page
    called = [
        queue.ticket_call_next(desk=desk, officer=consultation_officer).code
        for desk in (desks[2], desks[3])
    ]
    assert called == ["K-001", "K-002"]  # the K desks call both stages, in one order


def test_the_printed_ticket_names_no_front_office_when_none_is_in_use(
    client, desks, issue, services, fo, clock
):
    issue("K")
    clock.shift(10)
    mine = issue("K")
    front_office_out_of_use(desks)
    page = client.get(reverse("kiosk_ticket", args=["6571", mine.token])).content.decode()
    assert "1 orang di depan Anda" in page
    assert "front office" not in page
