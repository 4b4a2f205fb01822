"""A look at a consultation in the admin is logged as on the portal's record page (fix round)."""

import pytest
from django.urls import reverse

from consultations.models import Consultation
from pst.models import AccessKind, PersonalDataAccess
from tests.consultations.test_walk_in import record


@pytest.fixture
def saved(client, serving):
    assert record(client, serving).status_code == 302
    client.logout()
    return Consultation.objects.get()


def test_an_office_administrator_reading_a_consultation_in_the_admin_is_logged(
    client, administrator, saved
):
    client.force_login(administrator)
    before = PersonalDataAccess.objects.count()
    response = client.get(reverse("admin:consultations_consultation_change", args=[saved.pk]))
    assert response.status_code == 200
    assert saved.question in response.content.decode()
    access = PersonalDataAccess.objects.latest("pk")
    assert PersonalDataAccess.objects.count() == before + 1
    assert access.user == administrator
    assert access.office == saved.office
    assert access.kind == AccessKind.VIEW_DETAIL
    assert access.subject == f"consultation {saved.pk} (admin)"


def test_the_admins_list_of_consultations_logs_nothing_and_a_missing_one_neither(
    client, administrator, saved
):
    client.force_login(administrator)
    before = PersonalDataAccess.objects.count()
    client.get(reverse("admin:consultations_consultation_changelist"))
    client.get(reverse("admin:consultations_consultation_change", args=[saved.pk + 1000]))
    assert PersonalDataAccess.objects.count() == before


def test_another_offices_administrator_sees_nothing_and_nothing_is_logged(
    client, other_office_administrator, saved
):
    client.force_login(other_office_administrator)
    before = PersonalDataAccess.objects.count()
    client.get(reverse("admin:consultations_consultation_change", args=[saved.pk]))
    assert PersonalDataAccess.objects.count() == before
