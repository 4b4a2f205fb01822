"""An appointment action's address opened with GET (the `next` of a form sent when the
session had ended, after signing in again) leads to the consultation's page, for its readers
only, and does nothing."""

from __future__ import annotations

from django.urls import reverse

from consultations.appointments.models import Appointment
from tests.factories import UserFactory


def test_an_appointment_address_opened_with_get_leads_to_the_consultation(
    client, asked, consultation_officer
):
    client.force_login(consultation_officer)
    for address in (
        reverse("appointment_act", args=[asked.pk, "offer"]),
        reverse("appointment_act_on", args=[asked.pk, 1, "record"]),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"] == reverse("consultation_detail", args=[asked.pk])
    assert not Appointment.objects.exists()


def test_who_may_not_read_the_consultation_gets_404_as_for_a_post(
    client, asked, other_office_officer
):
    address = reverse("appointment_act", args=[asked.pk, "offer"])
    for stranger in (UserFactory(email="lain@example.org"), other_office_officer):
        client.force_login(stranger)
        assert client.get(address).status_code == 404
    client.logout()
    assert client.get(address)["Location"].startswith(reverse("login"))


def test_an_unknown_appointment_action_is_not_found(client, asked, consultation_officer):
    client.force_login(consultation_officer)
    assert client.get(reverse("appointment_act", args=[asked.pk, "delete"])).status_code == 404
