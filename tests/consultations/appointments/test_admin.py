"""Appointments in the admin: to look up, for the office's administrators only; nothing is
added or changed there (the services check hours, capacity and codes on the portal)."""

from __future__ import annotations

from django.urls import reverse

from consultations.appointments import services
from tests.consultations.appointments.conftest import at


def test_an_office_administrator_looks_appointments_up_and_cannot_change_them(
    client, asked, consultation_officer, administrator, other_office_administrator
):
    appointment = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10)]
    )
    changelist = reverse("admin:consultations_appointment_changelist")
    change = reverse("admin:consultations_appointment_change", args=[appointment.pk])
    client.force_login(administrator)
    assert asked.reference in client.get(changelist).content.decode()
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:consultations_appointment_add")).status_code == 403
    for bad in ("?status=%00", "?starts_at__gte=99999999999999999999", "?office__id__exact=x"):
        assert client.get(changelist + bad).status_code in (200, 302, 400)
    client.force_login(other_office_administrator)
    assert asked.reference not in client.get(changelist).content.decode()
    assert client.get(change).status_code in (302, 404)
