"""A consultation officer's choice of an email for each new request (product trial N, N9):
on by default, kept on the profile, about new requests only; nobody else has it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from consultations import lifecycle
from consultations.models import SubjectArea
from pst.permissions import Role
from tests.factories import UserFactory

PROFILE = {
    "full_name": "Petugas Konsultasi",
    "phone": "081234567890",
    "institution": "",
    "occupation": "ASN",
}


def submit(office, requester, question):
    mail.outbox.clear()
    consultation = lifecycle.consultation_submit(
        requester=requester,
        office=office,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data", "question": question},
    )
    return consultation, sorted(address for m in mail.outbox for address in m.to)


@pytest.fixture
def colleague(office):
    return UserFactory(email="rekan@example.org", office=office, roles=[Role.CONSULTATION_OFFICER])


def test_an_officer_turns_the_new_request_email_off_and_still_hears_of_what_they_hold(
    client, office, visitor, consultation_officer, colleague
):
    assert consultation_officer.new_request_email is True  # nothing changes for an office
    client.force_login(consultation_officer)
    page = client.get(reverse("profile")).content.decode()
    assert 'name="new_request_email"' in page and "checked" in page
    assert client.post(reverse("profile"), PROFILE).status_code == 302  # unticked
    consultation_officer.refresh_from_db()
    assert consultation_officer.new_request_email is False
    consultation, sent = submit(office, visitor, "Data kemiskinan?")
    assert sent == sorted([visitor.email, colleague.email])
    lifecycle.consultation_claim(consultation=consultation, officer=consultation_officer)
    mail.outbox.clear()
    lifecycle.consultation_reply(consultation=consultation, requester=visitor, body="Tambahan")
    assert [m.to for m in mail.outbox] == [[consultation_officer.email]]
    client.post(reverse("profile"), {**PROFILE, "new_request_email": "on"})
    consultation_officer.refresh_from_db()
    assert consultation_officer.new_request_email is True
    _consultation, sent = submit(office, visitor, "Data inflasi?")
    assert sent == sorted([visitor.email, colleague.email, consultation_officer.email])


def test_a_visitor_neither_sees_nor_changes_the_choice(client, visitor):
    client.force_login(visitor)
    assert 'name="new_request_email"' not in client.get(reverse("profile")).content.decode()
    client.post(reverse("profile"), {**PROFILE, "new_request_email": ""})
    client.post(reverse("profile"), PROFILE)
    visitor.refresh_from_db()
    assert visitor.new_request_email is True


def test_staff_without_the_consultation_role_do_not_see_it(client, supervisor, front_office):
    for person in (supervisor, front_office):
        client.force_login(person)
        assert 'name="new_request_email"' not in client.get(reverse("profile")).content.decode()
        client.post(reverse("profile"), PROFILE)
        person.refresh_from_db()
        assert person.new_request_email is True
