"""The guestbook form sent when the front office's session had ended (trial L5): after
signing in again its address is opened without a desk in the new session. The officer is
told to choose the desk again (the form, opened from the console, then gets the typed text
back); the card's digits are never part of that kept text."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from pst.permissions import Role
from queueing import services as queue
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"


@pytest.fixture
def called(issue, desks, front_office):
    return queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)


def test_the_form_opened_after_signing_in_again_asks_for_the_desk_first(
    client, called, front_office, office
):
    address = f"{reverse('guestbook_new')}?ticket={called.pk}"
    signed_in = client.post(
        reverse("login"), {"username": front_office.email, "password": PASSWORD, "next": address}
    )
    assert signed_in["Location"] == address
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk")
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(called.code in message and "Front Office" in message for message in told)
    # A colleague's visitor is still not found: only the officer who has them is sent back.
    colleague = UserFactory(email="fo2@example.org", office=office, roles=[Role.FRONT_OFFICE])
    client.force_login(colleague)
    assert client.get(address).status_code == 404


def test_the_form_keeps_a_draft_for_its_ticket_without_the_card_digits(
    called, front_office, desks, seat
):
    client = Client()
    client.force_login(front_office)
    seat(client, desks[1])
    page = client.get(f"{reverse('guestbook_new')}?ticket={called.pk}").content.decode()
    assert f'data-keep-draft="guestbook-new-{called.pk}:{front_office.pk}"' in page
    card = re.search(r"<input[^>]*name=\"id_last4\"[^>]*>", page).group(0)
    assert "data-no-draft" in card
