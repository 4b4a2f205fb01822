"""A reply to a consultation whose requester deleted their account (trial S, S3): before, it
was bounced with "write from the address it was opened with, or on the consultation's page"
— they had, and they have no page any more — and an addition to the complaint recorded from
it, still open, was lost. Now the bounce says what happened, in the deleted account's
language, and how to ask again; a mail the office's server vouched for about a complaint
still open joins the complaint, its sender told so with the tracking code; an unvouched one
is bounced with the same text, which names no code, and nothing is added."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from complaints.handling import services as complaint_services
from complaints.handling.from_consultation import complaint_from_consultation
from complaints.models import Complaint, ComplaintCategory
from consultations import lifecycle
from consultations.mail.services import MailOutcome, mail_receive
from consultations.models import Consultation, EventKind, Message, MessageKind
from pst.erasure import user_account_erase
from tests.consultations.mail.test_mail_to_complaint import ADDED, in_language
from tests.consultations.mail.test_receive_email import receive, refused

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's
ERASED = (
    "The account that asked consultation %(reference)s was deleted at its owner's request on "
    "%(day)s, and the consultation was closed with it: this email was not added to it."
)
STRANGER = "Only the requester's address can write to this consultation"
NOT_WRITTEN_TO = (
    "Your account was deleted at your request, and your contacts with it: the office does not "
    "write to you about this complaint. Follow it on the tracking page with its code."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def erase(visitor, language: str) -> None:
    visitor.language = language
    visitor.save(update_fields=["language"])
    user_account_erase(user=visitor, password=PASSWORD)
    mail.outbox.clear()


def as_complaint(consultation, officer) -> Complaint:
    complaint, _created = complaint_from_consultation(
        consultation=consultation, officer=officer,
        data={"category": ComplaintCategory.objects.get(office=None, key="waiting"),
              "description": consultation.question},
        client_request_id=uuid.uuid4(),
    )  # fmt: skip
    return complaint


def messages_of(consultation) -> int:
    return Message.objects.filter(consultation=consultation).count()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("answered", [True, False], ids=["answered", "not_answered"])
def test_a_reply_after_the_deletion_is_bounced_with_what_happened(
    consultation, consultation_officer, visitor, eml, clock, language, answered
):
    if answered:
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
        lifecycle.consultation_answer(
            consultation=consultation, officer=consultation_officer, body="Ada di tabel 3.1."
        )
    clock.shift(8 * 24 * 3600)  # Tuesday 1 December: the month is named in their language
    erase(visitor, language)
    before = messages_of(consultation)

    error = refused(eml("reply_outlook", consultation))

    assert error.returncode == 65
    text = str(error)
    day = {"id": "1 Desember 2026", "en": "1 December 2026"}[language]
    assert in_language(language, ERASED) % {"reference": consultation.reference, "day": day} in text
    assert in_language(language, STRANGER) not in text
    assert "/consultations/new/" in text
    # Nothing was added, and nothing opened.
    assert messages_of(consultation) == before
    assert Consultation.objects.count() == 1
    assert mail.outbox == []


def test_a_consultation_ended_before_the_deletion_carries_it_too(
    consultation, consultation_officer, visitor, eml
):
    lifecycle.consultation_cancel(consultation=consultation, requester=visitor)
    erase(visitor, "en")
    (event,) = consultation.events.filter(kind=EventKind.REQUESTER_ERASED)
    assert event.from_status == event.to_status == "cancelled"
    assert not consultation.events.filter(kind=EventKind.ACCOUNT_ERASED).exists()

    error = refused(eml("reply_outlook", consultation))

    assert error.returncode == 65
    assert "was deleted at its owner's request" in str(error)


def test_an_officers_reply_to_the_consultation_is_still_a_note(
    consultation, consultation_officer, visitor, eml
):
    erase(visitor, "")
    raw = eml("reply_outlook", consultation).replace(
        b"pengguna@example.org", consultation_officer.email.encode()
    )

    assert receive(raw).startswith("note")
    assert consultation.messages.order_by("pk").last().kind == MessageKind.INTERNAL


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_vouched_reply_about_an_open_complaint_joins_it_and_its_sender_gets_the_code(
    consultation, consultation_officer, visitor, supervisor, eml, language
):
    visitor.language = language
    visitor.save(update_fields=["language"])
    complaint = as_complaint(consultation, consultation_officer)
    erase(visitor, language)

    out = receive(eml("reply_outlook", consultation))

    assert out.strip() == f"complaint: complaint {complaint.pk}"
    (event,) = complaint.events.filter(kind="from_complainant")
    assert "is the 2024 figure final or preliminary?" in event.body
    complaint.refresh_from_db()
    assert complaint.complainant_email == "" and complaint.complainant_id is None
    (to_sender,) = [m for m in mail.outbox if m.to == ["pengguna@example.org"]]
    assert to_sender.subject == f"{in_language(language, ADDED)} · {complaint.display_code}"
    assert in_language(language, NOT_WRITTEN_TO) in to_sender.body
    assert any(m.to == [supervisor.email] for m in mail.outbox)  # its handlers are told


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_unvouched_reply_about_an_open_complaint_is_bounced_without_its_code(
    consultation, consultation_officer, visitor, eml, settings, language
):
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    complaint = as_complaint(consultation, consultation_officer)
    erase(visitor, language)

    error = refused(eml("reply_outlook", consultation))

    assert error.returncode == 65
    text = str(error)
    told = {"reference": consultation.reference, "day": "23 November 2026"}
    assert in_language(language, ERASED) % told in text
    assert "/complaints/track/" in text
    assert complaint.display_code not in text and complaint.code not in text
    assert not complaint.events.filter(kind="from_complainant").exists()
    assert mail.outbox == []


def test_a_reply_about_a_closed_complaint_is_bounced(
    consultation, consultation_officer, supervisor, visitor, eml
):
    complaint = as_complaint(consultation, consultation_officer)
    complaint_services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan PST.")
    erase(visitor, "en")

    error = refused(eml("reply_outlook", consultation))

    assert error.returncode == 65
    assert "was deleted at its owner's request" in str(error)
    assert not complaint.events.filter(kind="from_complainant").exists()


def test_fetch_mail_leaves_it_flagged_for_a_person(consultation, visitor, eml):
    erase(visitor, "en")

    outcome = mail_receive(raw=eml("reply_outlook", consultation))

    assert (outcome.kind, outcome.reason, outcome.for_a_person) == ("ignored", "erased", True)
    assert "was deleted at its owner's request" in outcome.told
    assert not MailOutcome("ignored", reason="auto_reply").for_a_person
