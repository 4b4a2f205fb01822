"""The lines of an email that name the files of the requester's email that were not taken
are written in the email's language, the requester's (pst.languages): an English requester
read them in Indonesian before. The message stored in the conversation keeps them in the
office's language, as the rest of what the mail adds."""

from __future__ import annotations

import pytest
from django.core import mail

from consultations.models import Consultation
from tests.consultations.mail.test_receive_email import receive

REFUSED = {
    "en": "“IMG_0002.HEIC” is not a file type we accept",
    "id": "“IMG_0002.HEIC” bukan jenis berkas yang kami terima",
}
TOO_MANY = {
    "en": "“IMG_0002.HEIC”: at most 1 files are taken from one message.",
    "id": "“IMG_0002.HEIC”: paling banyak 1 berkas diterima dari satu pesan.",
}


def to_requester(address: str) -> str:
    (email,) = [m for m in mail.outbox if m.to == [address]]
    html = email.alternatives[0][0]
    return email.body + html


@pytest.mark.parametrize(("language", "other"), [("en", "id"), ("id", "en")])
def test_a_reply_with_a_refused_file_is_answered_in_the_requesters_language(
    consultation, visitor, eml, language, other
):
    visitor.language = language
    visitor.save(update_fields=["language"])
    mail.outbox.clear()

    assert receive(eml("photo_heic", consultation)).startswith("reply")

    told = to_requester(visitor.email)
    assert REFUSED[language] in told and REFUSED[other] not in told
    stored = consultation.messages.order_by("pk").last().body
    assert REFUSED["id"] in stored  # the office's language


@pytest.mark.parametrize(("language", "other"), [("en", "id"), ("id", "en")])
def test_a_file_over_the_count_is_named_in_the_requesters_language(
    consultation, visitor, eml, settings, language, other
):
    settings.ATTACHMENTS_PER_MESSAGE = 1
    visitor.language = language
    visitor.save(update_fields=["language"])
    mail.outbox.clear()

    assert receive(eml("photo_heic", consultation)).startswith("reply")

    told = to_requester(visitor.email)
    assert TOO_MANY[language] in told and TOO_MANY[other] not in told


@pytest.mark.parametrize(("language", "other"), [("en", "id"), ("id", "en")])
def test_the_email_that_a_mail_opened_a_consultation_names_refused_files_in_their_language(
    office, visitor, eml, clock, language, other
):
    # A mail without a reply address from a verified account: its consultation, its email.
    visitor.language = language
    visitor.save(update_fields=["language"])
    mail.outbox.clear()

    assert receive(eml("photo_heic")).startswith("opened")

    assert Consultation.objects.get().requester == visitor
    told = to_requester(visitor.email)
    assert REFUSED[language] in told and REFUSED[other] not in told
