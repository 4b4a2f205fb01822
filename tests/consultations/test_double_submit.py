"""A form sent twice (double click, a reload, a retry on a slow network) is one action with
one result for its sender: the same consultation, the same answer, no error shown for the
repeat, and no extra cost against the submission throttle (found by the attack pass)."""

from __future__ import annotations

import uuid

from django.core import mail

from consultations import lifecycle
from consultations.models import ConsultationStatus, EventKind, Message

S = ConsultationStatus


def test_a_repeated_submission_does_not_count_against_the_throttle(
    office, visitor, question, settings
):
    settings.CONSULTATION_SUBMISSIONS_PER_HOUR = 2
    request_id = uuid.uuid4()
    first = lifecycle.consultation_submit(
        requester=visitor, office=office, data=question, client_request_id=request_id
    )
    for _ in range(3):
        again = lifecycle.consultation_submit(
            requester=visitor, office=office, data=question, client_request_id=request_id
        )
        assert again.pk == first.pk
    # One consultation opened: the second one of the hour is still allowed.
    second = lifecycle.consultation_submit(
        requester=visitor,
        office=office,
        data={**question, "question": "Another question"},
        client_request_id=uuid.uuid4(),
    )
    assert second.pk != first.pk


def test_an_answer_sent_twice_is_one_answer_and_no_refusal(
    office, visitor, question, consultation_officer
):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    request_id = uuid.uuid4()
    for _ in range(2):
        lifecycle.consultation_answer(
            consultation=consultation, officer=consultation_officer, body="Ada di BRS.",
            client_request_id=request_id,
        )  # fmt: skip
    consultation.refresh_from_db()
    assert consultation.status == S.ANSWERED
    assert consultation.events.filter(kind=EventKind.ANSWERED).count() == 1
    assert Message.objects.filter(body="Ada di BRS.").count() == 1


def test_a_clarification_request_sent_twice_is_one_request_and_no_refusal(
    office, visitor, question, consultation_officer
):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    mail.outbox.clear()
    request_id = uuid.uuid4()
    for _ in range(2):
        lifecycle.consultation_request_clarification(
            consultation=consultation, officer=consultation_officer, body="Tahun berapa?",
            client_request_id=request_id,
        )  # fmt: skip
    consultation.refresh_from_db()
    assert consultation.status == S.NEEDS_CLARIFICATION
    assert Message.objects.filter(body="Tahun berapa?").count() == 1
    assert len(mail.outbox) == 1


def test_a_double_click_on_answer_shows_success_not_an_error(
    client, office, visitor, question, consultation_officer
):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    client.force_login(consultation_officer)
    data = {"body": "Ada di BRS.", "request_id": str(uuid.uuid4())}
    url = f"/consultations/{consultation.pk}/answer/"
    client.post(url, data)
    response = client.post(url, data, follow=True)
    shown = [m.level_tag for m in response.context["messages"]]
    assert "error" not in shown and "success" in shown


def test_an_answer_refused_because_a_colleague_answered_first_keeps_the_typed_text(
    client, office, visitor, question, consultation_officer
):
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    client.force_login(consultation_officer)
    page_in_a_second_tab = {"body": "Jawaban panjang dari tab kedua.", "request_id": uuid.uuid4()}
    lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer, body="Ada di BRS."
    )
    response = client.post(f"/consultations/{consultation.pk}/answer/", page_in_a_second_tab)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Jawaban panjang dari tab kedua.</textarea>" in html
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Message.objects.filter(body="Jawaban panjang dari tab kedua.").exists()
