"""The console's POST-only addresses (choose a desk, call, start, finish…) opened with GET,
as after signing in again when a button was pressed with the session ended: the console,
nothing done; the same refusal as the POST for whoever has no console."""

from __future__ import annotations

import pytest
from django.urls import reverse

from queueing.choices import TicketStatus
from queueing.models import Ticket


@pytest.mark.parametrize(
    "address", [reverse("desk_select"), reverse("desk_action", args=["call-next"])]
)
def test_a_console_address_opened_with_get_leads_to_the_console(
    client,
    front_office,
    desks,
    seat,
    issue,
    address,
):
    ticket = issue("K")
    client.force_login(front_office)
    seat(client, desks[1])
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk")
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.WAITING


def test_who_has_no_console_is_refused_and_an_unknown_action_is_not_found(
    client, visitor, front_office
):
    client.force_login(visitor)
    assert client.get(reverse("desk_action", args=["call-next"])).status_code == 403
    assert client.get(reverse("desk_select")).status_code == 403
    client.force_login(front_office)
    assert client.get(reverse("desk_action", args=["delete"])).status_code == 404
