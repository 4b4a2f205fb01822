"""What the survey's and the reports' tests both rate: a visit served at the library desk and
an online consultation answered."""

from __future__ import annotations

import pytest

from consultations import lifecycle
from consultations.models import SubjectArea
from queueing import services as queue


@pytest.fixture
def served(issue, desks, front_office):
    """P-001 served at the front office and finished (no consultation record: the library)."""
    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    return queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)


@pytest.fixture
def answered(office, visitor, consultation_officer, clock):
    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": area, "topic": "data", "question": "Berapa angka kemiskinan?"},
    )  # fmt: skip
    lifecycle.consultation_claim(consultation=consultation, officer=consultation_officer)
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    return lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer, body="Lihat tabel 3.1."
    )


# -- complaints ---------------------------------------------------------------------------------


@pytest.fixture
def category(office):
    """The national "Waktu tunggu dan antrean" category: 3 working days."""
    from complaints.models import ComplaintCategory

    return ComplaintCategory.objects.get(office=None, key="waiting")


@pytest.fixture
def file_complaint(office, category, clock):
    """`file_complaint(**data)`: a complaint filed through the service, now; by default
    named, with an email address, in the 3-day category."""
    from complaints.handling import services

    def file(*, office=office, complainant=None, client_request_id=None, **data):
        values = {
            "category": category,
            "description": "Antrean lama dan petugas tidak ada di meja.",
            "complainant_name": "Budi Santoso",
            "complainant_email": "budi@example.org",
            "complainant_phone": "081234567890",
            **data,
        }
        return services.complaint_file(
            office=office, data=values, complainant=complainant,
            client_request_id=client_request_id, client_address="198.51.100.7",
        )  # fmt: skip

    return file
