"""What the kiosk and the phone page say of a tap they refuse: the thing that was wrong
(product trial G, G11: a refused priority was answered "choose a service"), and an
unreadable screen id is renewed so that tapping again works (G10)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from queueing.forms import KioskForm
from queueing.models import Ticket


@pytest.fixture(params=["kiosk", "phone_ticket"])
def url(request, office):
    return reverse(request.param, args=[office.code])


def refusal(response) -> str:
    match = re.search(
        r'class="alert alert-danger[^"]*"[^>]*>\s*(.*?)\s*<', response.content.decode()
    )
    assert match, "no refusal on the page"
    return match.group(1)


def test_a_refused_priority_is_named_not_the_service(client, url, services, desks, clock):
    data = {"service": services["K"].pk, "priority": "vip", "request_id": uuid.uuid4()}
    response = client.post(url, data)
    assert response.status_code == 400
    form = KioskForm(data, office=services["K"].office)
    assert form.has_error("priority", "invalid_choice") and not form.has_error("service")
    assert refusal(response) == str(form.errors["priority"][0])
    assert "Pilih layanan" not in refusal(response)
    # No service chosen still asks for one.
    response = client.post(url, {"service": "", "request_id": uuid.uuid4()})
    assert "Pilih layanan" in refusal(response)
    assert not Ticket.objects.exists()


def test_an_unreadable_screen_id_says_the_screen_is_out_of_date_and_is_renewed(
    client, url, services, desks, clock
):
    response = client.post(url, {"service": services["K"].pk, "request_id": "abc"})
    assert response.status_code == 400
    assert "layar" in refusal(response).lower() and "Pilih layanan" not in refusal(response)
    fresh = re.search(r'name="request_id" value="([^"]+)"', response.content.decode()).group(1)
    assert client.post(url, {"service": services["K"].pk, "request_id": fresh}).status_code == 302
    assert Ticket.objects.count() == 1
