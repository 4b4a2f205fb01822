"""A complaint's action addresses (/complaints/<id>/respond/ and the others) opened with GET:
after signing in again, a form sent when the session had ended comes back to them (its
`next`). They lead to the complaint's page, where the typed text is put back (trial L4),
and only for whoever may handle the complaint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.handling import services
from complaints.handling.models import ComplaintEvent
from pst.permissions import Role
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"


@pytest.fixture
def received(file_complaint):
    return file_complaint()


@pytest.mark.parametrize("action", list(services.ACTIONS))
def test_an_action_address_opened_with_get_leads_to_the_complaint_and_does_nothing(
    client, received, supervisor, action
):
    client.force_login(supervisor)
    events = ComplaintEvent.objects.filter(complaint=received).count()
    response = client.get(reverse("complaint_act", args=[received.pk, action]))
    assert response.status_code == 302
    assert response["Location"] == reverse("complaint_detail", args=[received.pk])
    received.refresh_from_db()
    assert received.status == "received"
    assert ComplaintEvent.objects.filter(complaint=received).count() == events


def test_a_response_sent_after_the_session_ended_leads_back_to_the_complaint(
    client, received, supervisor
):
    address = reverse("complaint_act", args=[received.pk, "respond"])
    response = client.post(address, {"respond-body": "Kami periksa hari ini."})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"
    signed_in = client.post(
        reverse("login"), {"username": supervisor.email, "password": PASSWORD, "next": address}
    )
    assert signed_in["Location"] == address
    page = client.get(address, follow=True)
    assert page.redirect_chain == [(reverse("complaint_detail", args=[received.pk]), 302)]
    assert page.status_code == 200
    kept = f'data-keep-draft="complaint-{received.pk}-respond:{supervisor.pk}"'
    assert kept in page.content.decode()
    assert not ComplaintEvent.objects.filter(complaint=received, kind="responded").exists()


def test_who_may_not_handle_the_complaint_is_refused_as_before(
    client, received, other_office, visitor, front_office
):
    address = reverse("complaint_act", args=[received.pk, "respond"])
    malinau = UserFactory(office=other_office, roles=[Role.SUPERVISOR])
    client.force_login(malinau)
    assert client.get(address).status_code == 404
    for refused in (visitor, front_office):
        client.force_login(refused)
        assert client.get(address).status_code == 403
    client.logout()
    assert client.get(address)["Location"].startswith(reverse("login"))


def test_a_head_or_another_method_is_handled_as_before(client, received, supervisor):
    client.force_login(supervisor)
    address = reverse("complaint_act", args=[received.pk, "note"])
    assert client.head(address).status_code == 302
    response = client.put(address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
