"""A message or a question has a sensible length: a megabyte of text was accepted, shown
and emailed to every officer in full (found by the attack pass)."""

from __future__ import annotations

import uuid

import pytest

from consultations import lifecycle
from consultations.conversation import MESSAGE_MAX_LENGTH
from consultations.errors import ConsultationError
from consultations.models import Consultation, Message


def test_a_message_longer_than_the_limit_is_refused(office, visitor, question):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    lifecycle.consultation_reply(
        consultation=consultation, requester=visitor, body="a" * MESSAGE_MAX_LENGTH
    )
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_reply(
            consultation=consultation, requester=visitor, body="kata " * MESSAGE_MAX_LENGTH
        )
    assert refused.value.field == "body"


@pytest.mark.parametrize("field", ["question", "intended_use"])
def test_a_question_longer_than_the_limit_is_refused_on_its_field(office, visitor, question, field):
    data = {**question, field: "kata " * MESSAGE_MAX_LENGTH}
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_submit(requester=visitor, office=office, data=data)
    assert refused.value.field == field
    assert not Consultation.objects.exists()


def test_the_pages_refuse_a_huge_message_on_the_form(client, office, visitor, question):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    client.force_login(visitor)
    response = client.post(
        f"/consultations/{consultation.pk}/reply/",
        {"body": "kata " * 100_000, "request_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert response.context["message_form"].has_error("body")
    assert Message.objects.count() == 1
    response = client.post(
        "/consultations/new/",
        {"office": office.pk, "subject_area": question["subject_area"].pk, "topic": "data",
         "question": "kata " * 100_000, "request_id": str(uuid.uuid4())},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].has_error("question")
    assert Consultation.objects.count() == 1
