"""A question and a consultation submitted with it, for the tests of consultations that need
one and do not care about its time or its details (those that do declare their own)."""

from __future__ import annotations

import pytest

from consultations import lifecycle
from consultations.models import SubjectArea
from pst.permissions import Role
from tests.factories import UserFactory


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


def _officer(office, name: str):
    email = f"{name.split()[0].lower()}@example.org"
    return UserFactory(
        email=email, full_name=name, office=office, roles=[Role.CONSULTATION_OFFICER]
    )


@pytest.fixture
def budi(office):
    """A consultation officer going on leave (a supervisor's hand-over)."""
    return _officer(office, "Budi Santoso")


@pytest.fixture
def citra(office):
    """The consultation officer who stands in for Budi."""
    return _officer(office, "Citra Ayu")
