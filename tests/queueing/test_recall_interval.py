"""The console's "Call again" pressed four times in two seconds queued four identical
spoken calls on the board (trial N, N7): a recall within RECALL_MIN_SECONDS of the ticket's
last call or recall is refused and records nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from queueing.errors import QueueError
from queueing.models import EventKind, Ticket, TicketEvent, TicketStatus
from tests.concurrency import run_in_parallel
from tests.conftest import MONDAY_9

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def ten_seconds(settings):
    settings.RECALL_MIN_SECONDS = 10


def recalls(ticket) -> int:
    return TicketEvent.objects.filter(ticket=ticket, kind=EventKind.RECALLED).count()


def test_a_recall_right_after_the_call_or_the_last_recall_is_refused_and_records_nothing(
    desks, issue, front_office, clock
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(9)
    with pytest.raises(QueueError) as refused:
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    assert refused.value.code == queue.RECALL_TOO_SOON
    assert "K-001" in refused.value.message and "10" in refused.value.message
    ticket.refresh_from_db()
    assert (ticket.recall_count, recalls(ticket)) == (0, 0)

    clock.shift(1)  # 10 s after the call
    assert queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office).recall_count == 1
    clock.shift(5)  # counted from the last recall, not the first call
    with pytest.raises(QueueError):
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    clock.shift(5)
    assert queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office).recall_count == 2
    assert recalls(ticket) == 2


def test_the_interval_is_a_setting(settings, desks, issue, front_office, clock):
    settings.RECALL_MIN_SECONDS = 30
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(20)
    with pytest.raises(QueueError):
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    clock.shift(10)
    queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)


def test_a_call_at_another_desk_after_a_transfer_is_the_one_counted_from(
    desks, services, issue, front_office, consultation_officer, clock
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(60)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    clock.shift(60)
    ticket = queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    with pytest.raises(QueueError):
        queue.ticket_recall(ticket=ticket, desk=desks[2], officer=consultation_officer)


def test_the_console_shows_the_refusal_on_a_second_press(client, desks, issue, front_office, clock):
    client.force_login(front_office)
    client.post(reverse("desk_select"), {"desk": desks[1].pk})
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(12)
    url = reverse("desk_action", args=["recall"])
    data = {"ticket": ticket.pk, "desk": desks[1].pk}
    first = client.post(url, data, headers=HX)
    assert first["X-Queue-Status"] == "200"
    clock.shift(1)
    second = client.post(url, data, headers=HX)
    assert second["X-Queue-Status"] == "409"
    page = second.content.decode()
    assert "K-001 dipanggil kurang dari 10 detik" in page or (
        "K-001 was called less than 10 seconds ago" in page
    )
    assert "called again 1 time" in page or "dipanggil ulang 1 kali" in page
    ticket.refresh_from_db()
    assert (ticket.recall_count, recalls(ticket)) == (1, 1)


def test_nobody_else_can_recall_and_bad_input_is_refused(
    client, desks, issue, front_office, other_office_officer, visitor, clock
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    clock.shift(60)
    url = reverse("desk_action", args=["recall"])
    data = {"ticket": ticket.pk, "desk": desks[1].pk}
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and reverse("login") in anonymous.url
    client.force_login(visitor)
    assert client.post(url, data).status_code == 403
    client.force_login(other_office_officer)
    session = client.session
    session[DESK_SESSION_KEY] = desks[1].pk  # a forged session value: not their desk
    session.save()
    assert client.post(url, data).status_code == 302  # asked to choose a desk of their own
    client.force_login(front_office)
    client.post(reverse("desk_select"), {"desk": desks[1].pk})
    for bad in ({"ticket": "abc"}, {"ticket": ticket.pk + 999}, {}):
        response = client.post(url, {"desk": desks[1].pk, **bad}, headers=HX)
        assert response["X-Queue-Status"] in ("400", "409")
    waiting = issue("K")
    response = client.post(url, {"desk": desks[1].pk, "ticket": waiting.pk}, headers=HX)
    assert response["X-Queue-Status"] == "409"
    ticket.refresh_from_db()
    assert (ticket.recall_count, recalls(ticket)) == (0, 0)
    assert Ticket.objects.get(pk=waiting.pk).status == TicketStatus.WAITING


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_four_presses_sent_together_record_one_recall(office, services, desks, front_office):
    with time_machine.travel(MONDAY_9, tick=True) as traveller:
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        traveller.shift(15)
        clients = []
        for _ in range(4):
            client = Client()
            client.force_login(front_office)
            session = client.session
            session[DESK_SESSION_KEY] = desks[1].pk
            session.save()
            clients.append(client)
        results, errors = run_in_parallel(
            4,
            lambda i: clients[i].post(
                reverse("desk_action", args=["recall"]),
                {"ticket": ticket.pk, "desk": desks[1].pk},
                headers=HX,
            )["X-Queue-Status"],
        )
    assert errors == []
    assert sorted(results) == ["200", "409", "409", "409"]
    assert recalls(ticket) == 1
