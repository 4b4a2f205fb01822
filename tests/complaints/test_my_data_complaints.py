"""The "My data" copy of a complaint holds what its complainant gave the office: the form's
texts, what they emailed about it later and the names of the files they sent — their own
words only, never the office's internal notes (trial R, R5: the later emails and the files
were left out, though the consultations' copy lists every message and file)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from complaints.handling import services
from complaints.handling.additions import complaint_add_from_complainant
from complaints.handling.evidence import evidence_check, evidence_store
from complaints.handling.models import ComplaintStatus
from tests.factories import ComplaintFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def copy_of(user) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_copy_holds_what_the_complainant_emailed_later_and_their_files(
    office, visitor, supervisor, clock
):
    complaint = ComplaintFactory(
        office=office, complainant=visitor, is_anonymous=False, complainant_name="Siti Pengguna",
        complainant_email=visitor.email, description="Antrean lama sekali.",
        status=ComplaintStatus.RECEIVED,
    )  # fmt: skip
    evidence_store(complaint, evidence_check([SimpleUploadedFile("foto-antrean.pdf", PDF)]))
    complaint_add_from_complainant(
        complaint=complaint, body="Masih belum beres.",
        files=[SimpleUploadedFile("b1-0.pdf", PDF)],
    )  # fmt: skip
    services.complaint_note(complaint=complaint, user=supervisor, body="Catatan internal kami.")

    text = json.dumps(copy_of(visitor), ensure_ascii=False)

    assert "Antrean lama sekali." in text
    assert "Masih belum beres." in text
    assert "foto-antrean.pdf" in text and "b1-0.pdf" in text
    assert "Catatan internal kami." not in text
