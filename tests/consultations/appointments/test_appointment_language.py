"""Appointments and Zoom meetings reach the requester in their language (product trial P, P5):
the times offered, the confirmation with its calendar invitation, the Zoom invitation, the
reminder the sweep sends, a closure, the end of the consultation, an unserved visit — dates
and weekdays included; the officers are told in Indonesian."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from consultations.appointments import notices, services
from consultations.sweep import consultation_sla_sweep
from tests.consultations.appointments.conftest import accepted_consultation, at, confirmed
from tests.factories import UserFactory

ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc"


def said(text, language: str) -> str:
    with translation.override(language):
        return str(text)


@pytest.fixture
def requester(db):
    return UserFactory(email="j.smith@example.ac.uk", full_name="John Smith", language="en")


@pytest.fixture
def asked_in(office, consultation_officer, k_service, clock):
    """`asked_in(language)`: an accepted consultation of a requester of that language."""

    def make(language: str):
        requester = UserFactory(email=f"penanya-{language or 'x'}@example.org", language=language)
        return accepted_consultation(office, requester, consultation_officer), requester

    return make


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def ics_of(email) -> Calendar:
    content = next(content for name, content, _t in email.attachments if name.endswith(".ics"))
    return Calendar.from_ical(content)


@pytest.mark.parametrize(("language", "reader"), [("en", "en"), ("id", "id"), ("", "id")])
def test_the_times_offered_are_written_in_the_requesters_language(
    asked_in, consultation_officer, language, reader
):
    consultation, requester = asked_in(language)
    mail.outbox.clear()
    with translation.override("en" if reader == "id" else "id"):  # the officer's page
        services.appointment_offer(
            consultation=consultation, officer=consultation_officer, times=[at(25, 10)]
        )
    [email] = to(requester.email)
    assert email.subject.startswith(said(notices.OFFERED, reader))
    weekday = "Wednesday 25 November 2026" if reader == "en" else "Rabu 25 November 2026"
    assert f"- {weekday} 10.00 WITA" in email.body


def test_the_confirmation_and_its_invitation_are_in_english(asked_in, consultation_officer, clock):
    consultation, requester = asked_in("en")
    mail.outbox.clear()
    with translation.override("id"):
        appointment = confirmed(consultation, consultation_officer, requester, at(25, 10))
    _offered, email = to(requester.email)
    assert email.subject.startswith("Your appointment at the office is confirmed")
    assert "Time: Wednesday 25 November 2026 10.00 WITA" in email.body
    assert "enter the code at the kiosk" in email.body
    (event,) = ics_of(email).walk("VEVENT")
    assert str(event["summary"]).startswith("PST consultation BPS Kota Tarakan")
    assert "Appointment code:" in str(event["description"])
    assert appointment.consultation.reference in str(event["summary"])


def test_the_confirmation_of_an_indonesian_requester_stays_indonesian(
    asked_in, consultation_officer, clock
):
    consultation, requester = asked_in("id")
    mail.outbox.clear()
    with translation.override("en"):
        confirmed(consultation, consultation_officer, requester, at(25, 10))
    _offered, email = to(requester.email)
    assert email.subject.startswith(said(notices.CONFIRMED, "id"))
    assert "Rabu 25 November 2026 10.00 WITA" in email.body


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_zoom_invitation_is_in_the_requesters_language(
    asked_in, consultation_officer, language
):
    consultation, requester = asked_in(language)
    mail.outbox.clear()
    services.meeting_schedule(
        consultation=consultation, officer=consultation_officer, starts_at=at(24, 14),
        zoom_url=ZOOM, zoom_passcode="pst6571",
    )  # fmt: skip
    [email] = to(requester.email)
    assert email.subject.startswith(said(notices.ZOOM, language))
    passcode = "Passcode: pst6571" if language == "en" else "Kode sandi: pst6571"
    assert passcode in email.body


def test_the_reminder_the_sweep_sends_is_in_the_requesters_language(
    asked_in, consultation_officer, clock
):
    english, john = asked_in("en")
    indonesian, siti = asked_in("id")
    confirmed(english, consultation_officer, john, at(25, 10))
    confirmed(indonesian, consultation_officer, siti, at(25, 11))
    mail.outbox.clear()
    clock.move_to(at(24, 8))
    assert consultation_sla_sweep().reminded == 2
    [to_john], [to_siti] = to(john.email), to(siti.email)
    assert to_john.subject.startswith("Reminder: your appointment is on the next working day")
    assert "We look forward to seeing you." in to_john.body
    assert to_siti.subject.startswith(said(notices.REMINDER, "id"))


def test_an_office_closure_tells_the_requester_in_english_and_the_officer_in_indonesian(
    asked_in, consultation_officer, clock
):
    consultation, requester = asked_in("en")
    appointment = confirmed(consultation, consultation_officer, requester, at(25, 10))
    appointment.closed_on = dt.date(2026, 11, 25)
    appointment.closed_reason = "Cuti Bersama"
    mail.outbox.clear()
    notices.appointment_office_closed(appointment, [appointment.starts_at], offered=False)
    [to_requester] = to(requester.email)
    [to_officer] = to(consultation_officer.email)
    assert to_requester.subject.startswith(said(notices.OFFICE_CLOSED, "en"))
    assert "The office is closed on Wednesday, 25 November 2026 (Cuti Bersama)." in (
        to_requester.body
    )
    assert "please do not come" in to_requester.body
    assert to_officer.subject.startswith(said(notices.OFFICE_CLOSED_TO_OFFICER, "id"))
    assert "Rabu, 25 November 2026" in to_officer.body


def test_the_end_of_the_consultation_withdraws_the_visit_in_english(
    asked_in, consultation_officer, clock
):
    consultation, requester = asked_in("en")
    appointment = confirmed(consultation, consultation_officer, requester, at(25, 10))
    mail.outbox.clear()
    notices.appointment_ended_with_consultation(appointment, confirmed=True)
    [to_requester] = to(requester.email)
    [to_officer] = to(consultation_officer.email)
    assert to_requester.subject.startswith(said(notices.ENDED, "en"))
    assert "Time: Wednesday 25 November 2026 10.00 WITA" in to_requester.body
    assert to_officer.subject.startswith(said(notices.ENDED_TO_OFFICER, "id"))


def test_an_unserved_visit_is_apologised_for_in_english(asked_in, consultation_officer, clock):
    consultation, requester = asked_in("en")
    appointment = confirmed(consultation, consultation_officer, requester, at(25, 10))
    mail.outbox.clear()
    notices.appointment_not_served(appointment)
    [to_requester] = to(requester.email)
    [to_officer] = to(consultation_officer.email)
    assert to_requester.subject.startswith(said(notices.NOT_SERVED, "en"))
    assert "We are sorry" in to_requester.body
    assert to_officer.subject.startswith(said(notices.NOT_SERVED_TO_OFFICER, "id"))


def test_the_officer_hears_of_another_time_asked_in_indonesian(
    asked_in, consultation_officer, clock
):
    consultation, requester = asked_in("en")
    appointment = confirmed(consultation, consultation_officer, requester, at(25, 10))
    mail.outbox.clear()
    with translation.override("en"):  # the requester's page
        notices.another_time_asked(appointment, "Could we meet on Friday instead?")
    [email] = to(consultation_officer.email)
    assert email.subject.startswith(said(notices.ANOTHER_TIME, "id"))
    assert "Could we meet on Friday instead?" in email.body
