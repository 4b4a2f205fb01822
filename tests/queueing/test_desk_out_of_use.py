"""An administrator takes a desk out of use only when that strands nobody (trial E): a
visitor called to or served at it, or visitors waiting for a service it alone serves."""

from __future__ import annotations

from django.urls import reverse

from queueing import services as queue
from queueing.models import Desk


def desk_form(desk, **changes) -> dict:
    data = {
        "office": desk.office_id,
        "name": desk.name,
        "number": desk.number,
        "kind": desk.kind,
        "services": [s.pk for s in desk.services.all()],
        "is_active": "on",
    } | changes
    return {k: v for k, v in data.items() if v is not None}


def take_out(client, desk):
    url = reverse("admin:queueing_desk_change", args=[desk.pk])
    return client.post(url, desk_form(desk, is_active=None))


def test_a_desk_with_a_called_visitor_stays_in_use(
    client, administrator, desks, issue, front_office
):
    queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    client.force_login(administrator)
    response = take_out(client, desks[1])
    assert response.status_code == 200
    assert "K-001 sedang di Front Office" in response.content.decode()
    assert Desk.objects.get(pk=desks[1].pk).is_active


def test_the_only_desk_of_a_service_with_visitors_waiting_stays_in_use(
    client, administrator, desks, issue, services
):
    issue("J")  # J is served at Meja 4 alone (tests/conftest.py)
    client.force_login(administrator)
    response = take_out(client, desks[4])
    assert response.status_code == 200
    assert "satu-satunya meja" in response.content.decode()
    assert Desk.objects.get(pk=desks[4].pk).is_active


def test_a_free_desk_whose_services_other_desks_share_is_taken_out(
    client, administrator, desks, issue
):
    issue("K")  # Meja 2 and Meja 3 both serve K
    client.force_login(administrator)
    assert take_out(client, desks[3]).status_code == 302
    assert not Desk.objects.get(pk=desks[3].pk).is_active


def test_the_front_office_cannot_send_a_visitor_to_a_service_no_desk_takes(
    client, desks, issue, front_office, services
):
    from queueing.errors import QueueError

    desks[4].is_active = False  # P and J had Meja 4 alone
    desks[4].save()
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    try:
        queue.ticket_transfer(
            ticket=ticket, desk=desks[1], officer=front_office, to_service=services["J"],
            without_guestbook=True,
        )  # fmt: skip
    except QueueError as error:
        assert error.code == "no_desk"
    else:
        raise AssertionError("sent on to a queue nobody calls")
    client.force_login(front_office)
    session = client.session
    session["queueing_desk_id"] = desks[1].pk
    session.save()
    console = client.get(reverse("desk")).content.decode()
    choices = console.split('data-testid="transfer-service"')[1].split("</select>")[0]
    assert "K · Konsultasi Statistik" in choices
    assert "J · Penjualan" not in choices
    # The officer is told why they are missing, not left to guess.
    why = console.split('data-testid="transfer-no-desk">')[1].split("</p>")[0]
    assert "J · Penjualan Produk Statistik" in why and "P · Perpustakaan" in why
    assert "tidak ada meja" in why


def test_taking_a_service_off_its_only_desk_while_visitors_wait_is_refused(
    client, administrator, desks, issue, services
):
    issue("J")
    client.force_login(administrator)
    url = reverse("admin:queueing_desk_change", args=[desks[4].pk])
    response = client.post(url, desk_form(desks[4], services=[services["P"].pk]))
    assert response.status_code == 200
    assert "satu-satunya meja" in response.content.decode()
    assert services["J"] in desks[4].services.all()


def test_a_desk_taken_out_of_use_meanwhile_calls_nobody(desks, issue, front_office):
    from queueing.errors import QueueError

    issue("K")
    desk = desks[1]
    Desk.objects.filter(pk=desk.pk).update(is_active=False)  # the admin saved first
    try:
        queue.ticket_call_next(desk=desk, officer=front_office)  # its copy still says active
    except QueueError as error:
        assert error.code == "desk_inactive"
    else:
        raise AssertionError("called at a desk out of use")
