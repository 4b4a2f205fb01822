"""A question and a consultation submitted with it, for the tests of consultations that need
one and do not care about its time or its details (those that do declare their own)."""

from __future__ import annotations

import pytest

from consultations import lifecycle
from consultations.models import SubjectArea


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
