"""A question and a consultation submitted with it, for the tests of consultations that need
one and do not care about its time or its details (those that do declare their own)."""

from __future__ import annotations

import pytest

from consultations import lifecycle
from consultations.models import SubjectArea
from queueing import services as queue


@pytest.fixture
def question(db):
    return {
        "subject_area": SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan"),
        "topic": "data",
        "question": "Berapa garis kemiskinan Kota Tarakan 2025?",
    }


@pytest.fixture
def submitted(office, visitor, question, consultation_officer):
    return lifecycle.consultation_submit(requester=visitor, office=office, data=question)


@pytest.fixture
def without_guestbook(walk_in, desks, services, front_office):
    """K-001 sent on by the front office without a guestbook entry, served at Meja 2."""
    return walk_in(
        lambda ticket: queue.ticket_transfer(
            ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
            without_guestbook=True,
        )
    )  # fmt: skip
