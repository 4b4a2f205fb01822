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
