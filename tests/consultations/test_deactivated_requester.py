"""A registered requester whose account an administrator deactivated (product trial E, F6):
the officer is told that, not that the requester "has no email address" while the page
shows it, and nothing is emailed to the deactivated account."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from consultations import lifecycle


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
