"""A consultation's requester is written to in their language (product trial P, P5): their
account's, else the one of the walk-in visit it came from; a request an officer took by phone
or WhatsApp, or one that came by email, is in Indonesian. Every kind of email to the
requester, whoever's action or background job sends it; the office's staff are written to in
Indonesian whatever the requester's language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from consultations import lifecycle, notices, notifications
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Consultation, Dismissal, Message
from consultations.requester_contact import requester_language
from consultations.sweep import consultation_sla_sweep
from queueing.models import GuestbookEntry
from tests.factories import UserFactory

WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def said(text, language: str) -> str:
    with translation.override(language):
        return str(text)


def english(email, notice) -> bool:
    return email.subject.startswith(said(notice.headline, "en"))


def indonesian(email, notice) -> bool:
    return email.subject.startswith(said(notice.headline, "id"))


@pytest.fixture
def requester(office):
    """A registered requester who chose English."""
    return UserFactory(email="j.smith@example.ac.uk", full_name="John Smith", language="en")


@pytest.fixture
def asked(office, requester, question, consultation_officer):
    with time_machine.travel(at(11, 23, 9), tick=False):
        return lifecycle.consultation_submit(requester=requester, office=office, data=question)


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def public_message(consultation, body="The informal employment share is in table 3.1."):
    return Message.objects.create(
        consultation=consultation, body=body, from_staff=True, created_at=timezone.now()
    )


# Each kind of email to the requester: how it is sent, and what its headline says.
REQUESTER_EMAILS = {
    "received": (notifications.consultation_submitted, notices.SUBMITTED_TO_REQUESTER),
    "accepted": (
        lambda c: notifications.consultation_accepted(c, due=None),
        notices.ACCEPTED,
    ),
    "clarification": (
        lambda c: notifications.message_to_requester(c, public_message(c), clarification=True),
        notices.CLARIFICATION,
    ),
    "answered": (
        lambda c: notifications.message_to_requester(c, public_message(c), answered=True),
        notices.ANSWERED,
    ),
    "message": (
        lambda c: notifications.message_to_requester(c, public_message(c)),
        notices.MESSAGE_TO_REQUESTER,
    ),
    "clarification expired": (notifications.clarification_expired, notices.CLARIFICATION_EXPIRED),
    "opened for them": (
        lambda c: notifications.consultation_opened_remote(c, by_officer=True),
        notices.OPENED_REMOTE,
    ),
    "mail cut": (notifications.mail_cut, notices.MAIL_CUT),
    "files refused": (
        lambda c: notifications.mail_files_refused(c, ["“peta.exe”: not taken"]),
        notices.FILES_REFUSED,
    ),
    "new link": (notifications.follow_link_sent, notices.NEW_LINK),
    "walk-in follow-up": (
        lambda c: notifications.walk_in_follow_up(c, due=None),
        notices.WALK_IN_FOLLOW_UP,
    ),
    "withdrawn": (
        lambda c: dismissed(c, Dismissal.WITHDRAWN),
        notices.WITHDRAWN,
    ),
}


def dismissed(consultation, dismissal):
    consultation.dismissal = dismissal
    notifications.consultation_dismissed(consultation)


@pytest.mark.parametrize("kind", REQUESTER_EMAILS)
@pytest.mark.parametrize("language", ["en", "id", ""])
def test_every_email_to_the_requester_is_in_their_language(asked, requester, kind, language):
    requester.language = language
    requester.save()
    consultation = Consultation.objects.select_related("requester").get(pk=asked.pk)
    send, notice = REQUESTER_EMAILS[kind]
    mail.outbox.clear()
    with translation.override("id" if language == "en" else "en"):  # whoever's page sent it
        send(consultation)
    [email] = to(requester.email)
    if language == "en":
        assert english(email, notice), email.subject
        assert "Open the consultation:" in email.body
    else:
        assert indonesian(email, notice), email.subject
        assert "Buka konsultasi:" in email.body


def test_the_answer_wraps_the_officers_english_text_in_english(
    asked, requester, consultation_officer
):
    with time_machine.travel(at(11, 23, 10), tick=False):
        lifecycle.consultation_accept(consultation=asked, officer=consultation_officer)
    mail.outbox.clear()
    with time_machine.travel(at(11, 24, 10), tick=False), translation.override("id"):
        lifecycle.consultation_answer(
            consultation=asked, officer=consultation_officer,
            body="The informal employment share is in table 3.1.",
        )  # fmt: skip
    [email] = to(requester.email)
    assert english(email, notices.ANSWERED)
    assert "Message:\nThe informal employment share is in table 3.1." in email.body
    assert "How was our service? Rate it within 30 days" in email.body
    assert "Pesan:" not in email.body and "Bagaimana layanan kami" not in email.body


def test_the_acceptance_explains_the_due_date_in_english(asked, requester, consultation_officer):
    mail.outbox.clear()
    with time_machine.travel(at(11, 27, 15), tick=False), translation.override("id"):
        lifecycle.consultation_accept(consultation=asked, officer=consultation_officer)
    [email] = to(requester.email)
    assert english(email, notices.ACCEPTED)
    # Accepted on a Friday: the weekend is skipped, in English words.
    assert "Accepted Fri 27 Nov 2026 15.00 WITA; skipped Sat 28 Nov" in email.body


def test_the_officers_are_told_in_indonesian_of_an_english_request(
    office, requester, question, consultation_officer
):
    with translation.override("en"):
        lifecycle.consultation_submit(requester=requester, office=office, data=question)
    [to_requester] = to(requester.email)
    [to_officer] = to(consultation_officer.email)
    assert english(to_requester, notices.SUBMITTED_TO_REQUESTER)
    assert indonesian(to_officer, notices.SUBMITTED_TO_OFFICERS)
    assert "Buka konsultasi:" in to_officer.body


def test_the_sla_sweep_cancels_an_unclarified_request_in_the_requesters_language(
    asked, requester, consultation_officer
):
    with time_machine.travel(at(11, 23, 11), tick=False):
        lifecycle.consultation_request_clarification(
            consultation=asked, officer=consultation_officer, body="Which period?"
        )
    mail.outbox.clear()
    with time_machine.travel(at(12, 7, 11, 0), tick=False):
        assert consultation_sla_sweep().cancelled == 1
    [email] = to(requester.email)
    assert english(email, notices.CLARIFICATION_EXPIRED)


def test_a_repeat_closed_leads_its_requester_in_their_language(asked, requester):
    repeat = Consultation.objects.get(pk=asked.pk)
    repeat.duplicate_of = asked
    mail.outbox.clear()
    dismissed(repeat, Dismissal.DUPLICATE)
    [email] = to(requester.email)
    assert english(email, notices.REPEAT_CLOSED)


def test_a_walk_in_visitor_without_an_account_is_written_to_in_the_visits_language(client, serving):
    from tests.consultations.test_walk_in import record

    GuestbookEntry.objects.filter(ticket=serving).update(language="en")
    mail.outbox.clear()
    response = record(client, serving, outcome="online_follow_up")
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert requester_language(consultation) == "en"
    [email] = to("rina@example.org")
    assert english(email, notices.WALK_IN_FOLLOW_UP)
    assert "Open the consultation:" in email.body


def test_a_walk_in_visit_in_indonesian_is_written_to_in_indonesian(client, serving):
    from tests.consultations.test_walk_in import record

    mail.outbox.clear()
    client.cookies["django_language"] = "en"  # the officer's own pages
    record(client, serving, outcome="online_follow_up")
    [email] = to("rina@example.org")
    assert indonesian(email, notices.WALK_IN_FOLLOW_UP)


def test_an_accounts_choice_wins_over_the_visits_language(client, serving):
    from tests.consultations.test_walk_in import record

    UserFactory(email="rina@example.org", language="id")
    GuestbookEntry.objects.filter(ticket=serving).update(language="en")
    mail.outbox.clear()
    record(client, serving, outcome="online_follow_up")
    consultation = Consultation.objects.get()
    assert consultation.requester is not None
    [email] = to("rina@example.org")
    assert indonesian(email, notices.WALK_IN_FOLLOW_UP)


def test_a_request_taken_by_phone_for_someone_without_an_account_is_in_indonesian(
    office, consultation_officer, question
):
    with translation.override("en"):  # the officer's page
        consultation = consultation_open_remote(
            office=office, channel="phone", question="Data IPM 2025?",
            subject_area=question["subject_area"], topic="data",
            requester_name="Budi", requester_email="budi@example.org",
            officer=consultation_officer,
        )  # fmt: skip
    assert requester_language(consultation) == ""
    [email] = to("budi@example.org")
    assert indonesian(email, notices.OPENED_REMOTE)
