"""Two requests acting on one ticket at the same moment, when the first one moves the ticket to
another service: the second waits for the row lock, then gets the ordinary answer (a refusal
or the record already saved), never a 500. Real parallel transactions: PostgreSQL only."""

import uuid

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from consultations.models import Consultation, SubjectArea
from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from queueing.models import EventKind, GuestbookEntry, Ticket, TicketEvent
from tests.concurrency import run_in_parallel
from tests.conftest import MONDAY_9
from tests.queueing.test_guestbook import VALID

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def seated_clients(user, desk, count):
    clients = []
    for _i in range(count):
        client = Client()
        client.force_login(user)
        session = client.session
        session[DESK_SESSION_KEY] = desk.pk
        session.save()
        clients.append(client)
    return clients


def test_two_officers_transferring_one_ticket_to_two_services_get_one_transfer_and_a_409(
    office, services, desks, front_office
):
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        clients = seated_clients(front_office, desks[1], 2)
        targets = [services["P"], services["R"]]
        results, errors = run_in_parallel(
            2,
            lambda i: clients[i].post(
                reverse("desk_action", args=["transfer"]),
                {"ticket": ticket.pk, "to_service": targets[i].pk, "without_guestbook": "on"},
                headers={"HX-Request": "true"},
            )["X-Queue-Status"],
        )
    assert errors == []
    assert sorted(results) == ["200", "409"]
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TRANSFERRED).count() == 1


def test_the_same_guestbook_form_routing_a_ticket_posted_twice_saves_one_entry(
    office, services, desks, front_office
):
    data = VALID | {"request_id": str(uuid.uuid4()), "route_to": services["P"].pk}
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        clients = seated_clients(front_office, desks[1], 2)
        url = reverse("guestbook_new") + f"?ticket={ticket.pk}"
        results, errors = run_in_parallel(2, lambda i: clients[i].post(url, data).status_code)
    assert errors == []
    assert results == [302, 302]
    assert GuestbookEntry.objects.count() == 1
    assert Ticket.objects.get().service == services["P"]


def test_the_walk_in_record_referring_the_visitor_posted_twice_saves_one_record(
    office, services, desks, front_office, consultation_officer
):
    services["K"].records_consultations = True
    services["K"].save()
    area = SubjectArea.objects.get_or_create(name="Kependudukan")[0]
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_transfer(
            ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
            without_guestbook=True,
        )  # fmt: skip
        queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
        queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
        clients = seated_clients(consultation_officer, desks[2], 2)
        data = {
            "subject_area": area.pk, "topic": "data", "question": "Jumlah penduduk 2025",
            "answer": "Lihat publikasi Kota Tarakan Dalam Angka.", "outcome": "referred",
            "referred_to": services["R"].pk,
        }  # fmt: skip
        url = reverse("consultation_walk_in", args=[ticket.pk])
        results, errors = run_in_parallel(2, lambda i: clients[i].post(url, data))
    assert errors == []
    assert [response.status_code for response in results] == [302, 302]
    # The loser lands on the saved record, not on the form refusing a ticket gone from the desk.
    assert sorted(response["Location"] for response in results) == sorted([reverse("desk"), url])
    assert Consultation.objects.count() == 1
    assert Ticket.objects.get().service == services["R"]


def test_parallel_copies_of_one_kiosk_tap_all_land_on_its_one_ticket(
    office, services, desks, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 2
    data = {"service": services["K"].pk, "priority": "", "request_id": str(uuid.uuid4())}
    url = reverse("kiosk", args=[office.code])
    clients = [Client() for _i in range(4)]
    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(4, lambda i: clients[i].post(url, data))
    assert errors == []
    assert [response.status_code for response in results] == [302] * 4
    assert len({response["Location"] for response in results}) == 1
    assert Ticket.objects.count() == 1
