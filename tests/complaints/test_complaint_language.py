"""A complaint's emails reach its complainant in the language they filed it in (product trial
P, P5): the public form's; one an officer records is in Indonesian unless the visit's ticket it
names was taken in another. The office's staff are told in Indonesian whatever the
complainant's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from complaints.handling import services as complaint_services
from complaints.models import Complaint
from queueing import services as queue
from tests.complaints.reports.conftest import wita
from tests.complaints.test_complaint_pages import form_data
from tests.complaints.test_complaint_record import record_data

COMPLAINANT = "budi@example.org"


def to_complainant():
    return [message for message in mail.outbox if message.to == [COMPLAINANT]]


def file_in(client, category, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/complaints/new/?office=6571", form_data(category))
    assert response.status_code == 302
    return Complaint.objects.get()


def test_a_complaint_filed_in_english_is_acknowledged_in_english(
    client, office, category, supervisor, clock
):
    complaint = file_in(client, category, "en")
    assert complaint.language == "en"
    [email] = to_complainant()
    assert email.subject == f"We received your complaint · {complaint.display_code}"
    assert "Tracking code:" in email.body and "Category: Waiting time and queue" in email.body
    # Dates and the explanation of the due date in English too.
    assert "Due: Thursday 26 November 2026 09.00 WITA" in email.body
    # The supervisor is told in the office's language.
    [staff] = [message for message in mail.outbox if message.to == [supervisor.email]]
    assert staff.subject.startswith("Pengaduan baru")


def test_a_complaint_filed_in_indonesian_is_acknowledged_in_indonesian(
    client, office, category, supervisor, clock
):
    complaint = file_in(client, category, "id")
    assert complaint.language == "id"
    [email] = to_complainant()
    assert email.subject == f"Pengaduan Anda sudah kami terima · {complaint.display_code}"
    assert "Tenggat: Kamis 26 November 2026 09.00 WITA" in email.body


@pytest.mark.parametrize(
    ("language", "headline"),
    [("en", "A response to your complaint"), ("", "Tanggapan atas pengaduan Anda")],
)
def test_the_offices_response_and_answer_reach_the_complainant_in_their_language(
    file_complaint, supervisor, clock, language, headline
):
    with translation.override("id"):  # the supervisor's page is in Indonesian
        complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(language=language)
    complaint.refresh_from_db()
    mail.outbox.clear()
    complaint_services.complaint_verify(complaint=complaint, user=supervisor)
    complaint_services.complaint_respond(
        complaint=complaint, user=supervisor, body="Kami sedang memeriksa."
    )
    complaint_services.complaint_resolve(
        complaint=complaint, user=supervisor, answer="Sudah dibenahi."
    )
    responded, resolved = to_complainant()
    assert responded.subject.startswith(headline)
    resolved_headline = "Your complaint is resolved" if language else "Pengaduan Anda sudah selesai"
    assert resolved.subject.startswith(resolved_headline)


def test_the_rejection_reaches_an_english_complainant_in_english(file_complaint, supervisor, clock):
    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(language="en")
    complaint.refresh_from_db()
    mail.outbox.clear()
    complaint_services.complaint_reject(
        complaint=complaint, user=supervisor, reason="Bukan layanan PST."
    )
    [rejected] = to_complainant()
    assert rejected.subject.startswith("Your complaint is rejected")
    assert "The reason:" in rejected.body and "Bukan layanan PST." in rejected.body


def test_a_complaint_an_officer_records_is_in_indonesian(client, front_office, category, clock):
    client.force_login(front_office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the officer's own pages
    client.post("/complaints/record/", record_data(category))
    complaint = Complaint.objects.get()
    assert complaint.language == ""
    [email] = [message for message in mail.outbox if message.to == ["siti@example.org"]]
    assert email.subject.startswith("Pengaduan Anda sudah kami terima")


def test_a_recorded_complaint_about_an_english_visit_is_in_english(
    office, services, desks, front_office, category, clock
):
    queue.ticket_issue(office=office, service=services["K"], language="en")
    clock.shift(600)  # the visitor phones ten minutes after taking the number
    complaint = services_record(office, front_office, category, related_reference="K-001")
    assert complaint.related_ticket is not None and complaint.language == "en"
    [email] = [message for message in mail.outbox if message.to == ["siti@example.org"]]
    assert email.subject.startswith("We received your complaint")


def services_record(office, officer, category, **data):
    return complaint_services.complaint_record(
        office=office, officer=officer, channel="phone", received_at=wita(2026, 11, 23, 9, 5),
        data={"category": category, "description": "Antrean lama.", "complainant_name": "Siti",
              "complainant_email": "siti@example.org", **data},
    )  # fmt: skip


def test_a_public_complaint_keeps_the_forms_language_over_the_tickets(
    office, services, desks, category, clock
):
    queue.ticket_issue(office=office, service=services["K"], language="en")
    complaint = complaint_services.complaint_file(
        office=office, language="id", client_address="198.51.100.7",
        data={"category": category, "description": "Antrean lama.", "complainant_name": "Budi",
              "complainant_email": COMPLAINANT, "related_reference": "K-001"},
    )  # fmt: skip
    assert complaint.related_ticket is not None and complaint.language == "id"


@pytest.mark.parametrize("language", ["xx", "EN", "en-us", "e" * 5000, "١", None, 7])
def test_the_filing_service_keeps_only_an_offered_language(office, category, clock, language):
    complaint = complaint_services.complaint_file(
        office=office, language=language, client_address="198.51.100.7",
        data={"category": category, "description": "Antrean lama.", "complainant_name": "Budi",
              "complainant_email": COMPLAINANT},
    )  # fmt: skip
    assert complaint.language == ""
    [email] = to_complainant()
    assert email.subject.startswith("Pengaduan Anda sudah kami terima")


def test_the_form_sent_twice_is_acknowledged_once_in_its_language(client, office, category, clock):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = form_data(category)
    client.post("/complaints/new/?office=6571", data)
    client.post("/complaints/new/?office=6571", data)
    assert Complaint.objects.get().language == "en"
    assert len(to_complainant()) == 1
