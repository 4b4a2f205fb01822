"""The contacts of requesters without an account end with the retention period, as the
privacy notice says: those written at the desk with the guestbook, those of a request taken
by WhatsApp, phone or email once it ended. The consultation itself stays for the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultations.guest_access import Guest
from consultations.lifecycle.office import consultation_accept, consultation_answer
from consultations.lifecycle.remote import consultation_open_remote
from consultations.lifecycle.requester import consultation_cancel, consultation_close
from consultations.models import Channel, Consultation, ConsultationStatus, SubjectArea
from consultations.retention import consultation_contacts_purge
from pst.permissions import Role
from tests.factories import UserFactory

DAY = 24 * 3600


@pytest.fixture
def subject(db):
    return SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")


@pytest.fixture
def retention(settings):
    settings.GUESTBOOK_RETENTION_DAYS = 30
    return 30


def _open(office, officer, subject, **extra) -> Consultation:
    data = {
        "office": office, "officer": officer, "channel": Channel.WHATSAPP,
        "requester_name": "Budi Santoso", "requester_email": "budi@example.org",
        "requester_phone": "0812-3456-7890", "subject_area": subject, "topic": "data",
        "question": "Data kemiskinan 2025?",
    }  # fmt: skip
    data.update(extra)
    return consultation_open_remote(**data)


def _cancelled(consultation: Consultation) -> Consultation:
    return consultation_cancel(
        consultation=consultation, requester=Guest(consultation_id=consultation.pk)
    )


def _contacts(consultation: Consultation) -> tuple[str, str, str]:
    consultation.refresh_from_db()
    return (
        consultation.requester_name,
        consultation.requester_email,
        consultation.requester_phone,
    )


def test_a_remote_requesters_contacts_are_blanked_when_the_retention_after_the_end_ran_out(
    office, consultation_officer, subject, clock, retention
):
    consultation = _cancelled(_open(office, consultation_officer, subject))
    clock.shift(29 * DAY)
    call_command("purge_personal_data")
    assert _contacts(consultation) == ("Budi Santoso", "budi@example.org", "+6281234567890")
    clock.shift(2 * DAY)
    call_command("purge_personal_data")
    assert _contacts(consultation) == ("", "", "")
    consultation.refresh_from_db()
    assert consultation.question == "Data kemiskinan 2025?"  # the record stays
    assert consultation.status == ConsultationStatus.CANCELLED
    assert consultation.requester_anonymised


def test_a_closed_consultation_that_may_still_be_reopened_keeps_its_contacts(
    office, consultation_officer, subject, clock, settings
):
    settings.GUESTBOOK_RETENTION_DAYS = 1
    consultation = _open(office, consultation_officer, subject)
    consultation_accept(consultation=consultation, officer=consultation_officer)
    consultation_answer(consultation=consultation, officer=consultation_officer, body="Ada.")
    consultation_close(consultation=consultation, requester=Guest(consultation_id=consultation.pk))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    clock.shift(3 * DAY)  # past the retention, within the 7 days it may be reopened
    call_command("purge_personal_data")
    assert _contacts(consultation)[1] == "budi@example.org"
    clock.shift(5 * DAY)
    call_command("purge_personal_data")
    assert _contacts(consultation)[1] == ""


def test_a_consultation_still_going_on_keeps_its_way_back_to_the_requester(
    office, consultation_officer, subject, clock, retention
):
    consultation = _open(office, consultation_officer, subject)
    clock.shift(400 * DAY)
    call_command("purge_personal_data")
    assert _contacts(consultation)[1] == "budi@example.org"


def test_the_retention_counts_from_the_end_not_from_the_request(
    office, consultation_officer, subject, clock, retention
):
    consultation = _open(office, consultation_officer, subject)
    clock.shift(100 * DAY)
    _cancelled(consultation)
    clock.shift(10 * DAY)
    call_command("purge_personal_data")
    assert _contacts(consultation)[0] == "Budi Santoso"


def test_the_purge_keeps_to_its_office(office, other_office, consultation_officer, subject, clock):
    other_officer = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    here = _cancelled(_open(office, consultation_officer, subject))
    there = _cancelled(_open(other_office, other_officer, subject))
    clock.shift(40 * DAY)
    day = office.local_now().date() - dt.timedelta(days=30)
    assert consultation_contacts_purge(office=office, before=day) == 1
    assert _contacts(here) == ("", "", "")
    assert _contacts(there)[0] == "Budi Santoso"
    # Run again: nothing left to blank.
    assert consultation_contacts_purge(office=office, before=day) == 0


def test_an_anonymised_requester_is_named_so_to_the_office(
    client, office, consultation_officer, subject, clock, retention
):
    consultation = _cancelled(_open(office, consultation_officer, subject))
    clock.shift(31 * DAY)
    call_command("purge_personal_data")
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert "Budi" not in page
    assert "(dianonimkan)" in page
    inbox = client.get(reverse("consultation_list"), {"show": "all"}).content.decode()
    assert "Budi" not in inbox
    assert "(dianonimkan)" in inbox
