"""An officer moved to another office (or who lost the desk roles) while a visitor was at
their desk leaves that desk: the session there ends, the visitor stays for a colleague, and
the officer takes a desk of their new office (product trial: they were refused there with
"K-006 is still at Meja 3", which they could no longer finish)."""

from __future__ import annotations

from django.urls import reverse

from queueing import services as queue
from queueing.desks import desk_take
from queueing.models import DeskKind, DeskSession, TicketStatus
from tests.admin_pages import admin_form_data
from tests.factories import DeskFactory


def test_an_officer_moved_to_another_office_leaves_the_desk_and_takes_one_there(
    admin_client, desks, issue, front_office, other_office
):
    desk_take(desk=desks[1], officer=front_office)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    url = reverse("admin:pst_user_change", args=[front_office.pk])
    data = admin_form_data(admin_client, url)
    data["office"] = other_office.pk
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "K-001" in response.content.decode()  # the superuser is told who is left there
    assert not DeskSession.objects.filter(officer=front_office, ended_at__isnull=True).exists()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.desk_id) == (TicketStatus.CALLED, desks[1].pk)

    front_office.refresh_from_db()
    there = DeskFactory(
        office=other_office, number=1, name="Front Office", kind=DeskKind.FRONT_OFFICE
    )
    assert desk_take(desk=there, officer=front_office).desk == there


def test_a_ticket_at_a_desk_of_another_office_does_not_keep_an_officer_from_a_desk(
    desks, issue, front_office, other_office
):
    # Moved by another path than the admin: the old office's session is still open.
    desk_take(desk=desks[1], officer=front_office)
    queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    front_office.office = other_office
    front_office.save()
    there = DeskFactory(
        office=other_office, number=1, name="Front Office", kind=DeskKind.FRONT_OFFICE
    )
    session = desk_take(desk=there, officer=front_office)
    assert session.desk == there
    assert DeskSession.objects.filter(officer=front_office, ended_at__isnull=True).count() == 1
