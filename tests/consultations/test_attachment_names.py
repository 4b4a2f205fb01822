"""An attachment's name is text the portal stores, shows and emails: an identity number in
it is masked like in any other text (found by the attack pass: "3171012345670001.pdf" was
kept as it was)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import lifecycle
from consultations.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "name", ["3171012345670001.pdf", "KTP 3171-0123-4567-0001.pdf", "ktp_٣١٧١٠١٢٣٤٥٦٧٠٠٠١.pdf"]
)
def test_an_identity_number_in_a_file_name_is_never_stored_or_emailed(submitted, visitor, name):
    mail.outbox.clear()
    lifecycle.consultation_reply(
        consultation=submitted, requester=visitor, body="Lampiran",
        files=[SimpleUploadedFile(name, PDF)],
    )  # fmt: skip
    stored = Attachment.objects.get().name
    assert stored.endswith(".pdf")
    digits = "".join(ch for ch in stored if ch.isdigit())
    assert len(digits) < 12
    assert "3171" not in stored
    for email in mail.outbox:
        assert "3171" not in email.body and "٣١٧١" not in email.body
