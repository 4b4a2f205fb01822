"""A registered requester whose account an administrator deactivated (product trial E, F6):
the officer is told that, not that the requester "has no email address" while the page
shows it, and nothing is emailed to the deactivated account."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from consultations import lifecycle
from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from tests.factories import UserFactory


@pytest.fixture
def accepted(submitted, consultation_officer, visitor, clock):
    consultation = lifecycle.consultation_accept(
        consultation=submitted, officer=consultation_officer
    )
    visitor.is_active = False
    visitor.save(update_fields=["is_active"])
    return consultation


def test_the_officers_page_says_the_account_is_deactivated(
    client, accepted, consultation_officer, visitor
):
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[accepted.pk])).content.decode()
    warning = page.split('data-testid="unreachable"')[1].split("</div>")[0]
    assert "Akun penanya ini dinonaktifkan" in warning
    assert "tidak memiliki alamat email" not in warning
    assert visitor.email in page  # the Requester panel still shows the address


def test_answering_says_the_deactivated_requester_was_not_told_and_emails_nobody(
    client, accepted, consultation_officer
):
    client.force_login(consultation_officer)
    mail.outbox.clear()
    response = client.post(
        reverse("consultation_act", args=[accepted.pk, "answer"]),
        {"body": "Data tersedia di tabel 3.1.", "request_id": str(uuid.uuid4())},
        follow=True,
    )
    text = response.content.decode()
    assert "Akun penanya dinonaktifkan" in text
    assert "tidak memiliki alamat email" not in text
    assert mail.outbox == []


def test_staff_see_the_deactivated_requesters_phone_with_call_and_whatsapp_logged(
    client, accepted, consultation_officer, supervisor, visitor
):
    """Trial Q, Q4: the page told the officer to phone or WhatsApp, with no number shown."""
    for reader in (consultation_officer, supervisor):
        client.force_login(reader)
        page = client.get(reverse("consultation_detail", args=[accepted.pk])).content.decode()
        shown = page.split('data-testid="deactivated-phone"')[1].split("</p>")[0]
        assert "0812-3456-7890" in shown
        assert 'href="tel:+6281234567890"' in shown
        assert 'href="https://wa.me/6281234567890"' in shown
        access = PersonalDataAccess.objects.filter(user=reader).latest("pk")
        assert access.kind == AccessKind.VIEW_DETAIL
        assert access.subject == (
            f"consultation {accepted.reference} with the deactivated requester's phone"
        )


def test_another_offices_officer_and_the_requester_do_not_see_the_phone(
    client, accepted, other_office, visitor
):
    elsewhere = UserFactory(
        email="ks-malinau@example.org", office=other_office, roles=[Role.CONSULTATION_OFFICER]
    )
    client.force_login(elsewhere)
    response = client.get(reverse("consultation_detail", args=[accepted.pk]))
    assert response.status_code == 404
    assert "6281234567890" not in response.content.decode()
    visitor.is_active = True  # signed in again, as only an active account can be
    visitor.save(update_fields=["is_active"])
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[accepted.pk])).content.decode()
    assert "deactivated-phone" not in page
    assert "6281234567890" not in page


def test_a_deactivated_account_without_a_phone_says_so(
    client, accepted, consultation_officer, visitor
):
    visitor.phone = ""
    visitor.save(update_fields=["phone"])
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[accepted.pk])).content.decode()
    shown = page.split('data-testid="deactivated-phone"')[1].split("</p>")[0]
    # The sentence's Indonesian comes with the next translation update (NEW_MSGIDS.json).
    assert "keeps no phone number" in shown or "tidak menyimpan nomor telepon" in shown
    assert "tel:" not in shown and "wa.me" not in shown
    assert PersonalDataAccess.objects.filter(user=consultation_officer).latest("pk").subject == (
        f"consultation {accepted.reference}"
    )
