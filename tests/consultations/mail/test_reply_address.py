"""The reply address of the portal's emails: it names one consultation and cannot be forged
from the reference; every consultation email carries it."""

from __future__ import annotations

from django.core import mail

from consultations import lifecycle
from consultations.mail.token import reply_address, reply_token, token_consultation_id


def test_the_reply_address_names_its_consultation(consultation):
    address = reply_address(consultation)

    assert address.startswith(f"pst+{consultation.pk}-")
    assert address.endswith("@example.go.id")
    assert token_consultation_id(["someone@example.org", address]) == consultation.pk


def test_mail_servers_changing_the_case_of_the_address_do_not_lose_it(consultation):
    assert token_consultation_id([reply_address(consultation).upper()]) == consultation.pk


def test_the_reference_alone_does_not_make_a_reply_address(consultation, settings):
    pk = consultation.pk
    guesses = [
        f"pst+{pk}@example.go.id",
        f"pst+{consultation.reference}@example.go.id",
        f"pst+{pk}-{'0' * 16}@example.go.id",
        f"pst+{pk + 1}-{reply_token(consultation).split('-')[1]}@example.go.id",
        reply_address(consultation).replace("@example.go.id", "@elsewhere.example"),
    ]

    assert [token_consultation_id([guess]) for guess in guesses] == [None] * len(guesses)


def test_another_secret_key_makes_other_addresses(consultation, settings):
    address = reply_address(consultation)
    settings.SECRET_KEY = "another installation's key, long enough to be a real one"

    assert token_consultation_id([address]) is None
    assert reply_address(consultation) != address


def test_without_a_pattern_emails_carry_no_reply_address(consultation, settings):
    settings.REPLY_TO_ADDRESS = ""

    assert reply_address(consultation) == ""
    assert token_consultation_id([f"pst+{reply_token(consultation)}@example.go.id"]) is None


def test_every_consultation_email_carries_the_reply_address_and_says_it_is_automatic(
    consultation, consultation_officer
):
    mail.outbox.clear()
    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer, body="Tahun berapa?"
    )

    sent = mail.outbox[0]
    assert sent.to == [consultation.requester.email]
    assert sent.reply_to == [reply_address(consultation)]
    # RFC 3834: a holiday auto-responder does not answer it.
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert f"Reply-To: {reply_address(consultation)}" in sent.message().as_string()


def test_without_a_pattern_emails_go_without_reply_to(consultation, consultation_officer, settings):
    settings.REPLY_TO_ADDRESS = ""
    mail.outbox.clear()

    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer, body="Tahun berapa?"
    )

    assert mail.outbox[0].reply_to == []
