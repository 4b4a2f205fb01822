"""An officer closes a request without an answer: spam gets no email, a repeat leads its
requester to the consultation that goes on, a withdrawal is confirmed. Only before it is
accepted, only by the office's consultation officers, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation, ConsultationStatus, Dismissal, EventKind

S = ConsultationStatus


@pytest.fixture
def spam(office, clock):
    return consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Promo",
        requester_email="promo@iklan.example", question="Pinjaman cepat tanpa agunan!",
    )  # fmt: skip


@pytest.fixture
def repeat(office, visitor, clock):
    """The visitor's email without the reply address: a consultation of its own."""
    return consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Siti",
        requester_email=visitor.email.upper(), question="Jadi, tahun 2024 final?",
    )  # fmt: skip


def dismiss(client, consultation, **data):
    return client.post(reverse("consultation_act", args=[consultation.pk, "dismiss"]), data)


def reread(consultation) -> Consultation:
    return Consultation.objects.get(pk=consultation.pk)


def test_an_officer_closes_spam_and_nobody_is_emailed(client, spam, consultation_officer):
    mail.outbox.clear()
    client.force_login(consultation_officer)

    response = dismiss(client, spam, reason="not_a_consultation")

    assert response.status_code == 302
    closed = reread(spam)
    assert closed.status == S.CANCELLED and closed.dismissal == Dismissal.NOT_A_CONSULTATION
    assert closed.events.last().kind == EventKind.DISMISSED
    assert closed.events.last().actor == consultation_officer
    assert mail.outbox == []
    page = client.get(reverse("consultation_detail", args=[spam.pk]))
    assert "Bukan konsultasi" in page.content.decode()
    # Out of the open inbox.
    inbox = client.get(reverse("consultation_list"))
    assert spam.reference not in inbox.content.decode()


def test_a_repeat_leads_its_requester_to_the_consultation_that_goes_on(
    client, submitted, repeat, consultation_officer, visitor
):
    mail.outbox.clear()
    client.force_login(consultation_officer)

    response = dismiss(client, repeat, reason="duplicate", repeat_of=submitted.reference.lower())

    assert response.status_code == 302
    closed = reread(repeat)
    assert closed.duplicate_of == submitted and closed.status == S.CANCELLED
    (told,) = mail.outbox
    assert told.to == [visitor.email]
    assert submitted.reference in told.subject
    assert f"/consultations/{submitted.pk}/" in told.body
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[submitted.pk]))
    assert page.status_code == 200


def test_a_withdrawal_by_phone_is_confirmed_to_the_requester(
    client, submitted, consultation_officer, visitor
):
    mail.outbox.clear()
    client.force_login(consultation_officer)

    dismiss(client, submitted, reason="withdrawn")

    assert reread(submitted).status == S.CANCELLED
    (told,) = mail.outbox
    assert told.to == [visitor.email] and "dibatalkan" in told.subject.lower()


@pytest.mark.parametrize(
    "repeat_of, code",
    [
        ("", "repeat_of"),
        ("KS-6571-", "repeat_of"),
        ("KS-6571-000001\x00", "repeat_of"),
        ("KS-6571-" + "9" * 400, "repeat_of"),
        ("KS-６５７１-000001", "repeat_of"),
        ("KS-6501-000001", "repeat_of"),  # another office's reference
        ("KS-6571-000999", "repeat_of"),  # no such consultation
    ],
)
def test_a_repeat_names_a_consultation_of_this_office(
    submitted, repeat, consultation_officer, repeat_of, code
):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_dismiss(
            consultation=repeat, officer=consultation_officer, reason="duplicate",
            repeat_of=repeat_of,
        )  # fmt: skip
    assert refused.value.code == code and refused.value.field == "repeat_of"
    assert reread(repeat).status == S.SUBMITTED


def test_a_consultation_does_not_repeat_itself_nor_another_requesters(
    office, submitted, spam, repeat, consultation_officer
):
    for original, code in ((repeat, "repeat_of"), (spam, "repeat_of_other")):
        with pytest.raises(ConsultationError) as refused:
            lifecycle.consultation_dismiss(
                consultation=repeat, officer=consultation_officer, reason="duplicate",
                repeat_of=original.reference,
            )  # fmt: skip
        assert refused.value.code == code


@pytest.mark.parametrize("ending", ["cancelled", "closed"])
def test_a_repeat_of_an_ended_consultation_is_refused(
    submitted, repeat, consultation_officer, visitor, ending
):
    # Review R7: the requester was told to reply where a reply opens yet another one.
    if ending == "cancelled":
        lifecycle.consultation_cancel(consultation=submitted, requester=visitor)
    else:
        lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)
        lifecycle.consultation_answer(
            consultation=submitted, officer=consultation_officer, body="Ada di BRS."
        )
        lifecycle.consultation_close(consultation=submitted, requester=visitor)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_dismiss(
            consultation=repeat, officer=consultation_officer, reason="duplicate",
            repeat_of=submitted.reference,
        )  # fmt: skip
    assert refused.value.code == "repeat_of_ended"


def test_the_page_shows_a_refused_reference_under_its_field_with_what_was_typed(
    client, submitted, repeat, consultation_officer
):
    client.force_login(consultation_officer)

    response = dismiss(client, repeat, reason="duplicate", repeat_of="KS-6571-000999")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="KS-6571-000999"' in html and "invalid-feedback" in html
    assert reread(repeat).status == S.SUBMITTED


@pytest.mark.parametrize("reason", ["", "answered", "x" * 5000, "not_a_consultation\x00"])
def test_an_unknown_reason_is_refused_under_its_field(client, spam, consultation_officer, reason):
    client.force_login(consultation_officer)
    response = dismiss(client, spam, reason=reason)
    assert response.status_code == 400
    assert reread(spam).status == S.SUBMITTED


def test_the_same_form_sent_twice_closes_it_once(client, spam, consultation_officer):
    client.force_login(consultation_officer)
    dismiss(client, spam, reason="not_a_consultation")
    response = dismiss(client, spam, reason="not_a_consultation")
    assert response.status_code == 302
    assert reread(spam).events.filter(kind=EventKind.DISMISSED).count() == 1


def test_an_accepted_request_is_answered_not_closed(submitted, consultation_officer):
    lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_dismiss(
            consultation=submitted, officer=consultation_officer, reason="not_a_consultation"
        )
    assert refused.value.code == "state"


@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "other_office_officer", "other_office_administrator"]
)
def test_who_may_not_close_a_request_without_an_answer(request, client, spam, submitted, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for consultation in (spam, submitted):
        response = dismiss(client, consultation, reason="not_a_consultation")
        assert response.status_code in (302, 404)
        assert reread(consultation).status == S.SUBMITTED


def test_an_anonymous_visitor_is_sent_to_sign_in(client, spam):
    response = dismiss(client, spam, reason="not_a_consultation")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert reread(spam).status == S.SUBMITTED


def test_the_database_refuses_a_dismissal_that_is_not_cancelled_or_a_repeat_without_its_other(
    spam,
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=spam.pk).update(dismissal="withdrawn")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=spam.pk).update(status="cancelled", dismissal="duplicate")


def test_a_consultation_its_requester_cancelled_is_not_closed_again_without_a_reason(
    submitted, consultation_officer, visitor
):
    # Review R10: an empty reason passed as "already done".
    lifecycle.consultation_cancel(consultation=submitted, requester=visitor)
    for reason in ("", "not_a_consultation"):
        with pytest.raises(ConsultationError):
            lifecycle.consultation_dismiss(
                consultation=submitted, officer=consultation_officer, reason=reason
            )
    assert reread(submitted).dismissal == ""


def test_a_repeat_is_not_pointed_elsewhere_by_a_second_form(
    office, submitted, repeat, consultation_officer, visitor
):
    other = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": submitted.subject_area, "topic": "data", "question": "IPM 2024?"},
    )  # fmt: skip
    lifecycle.consultation_dismiss(
        consultation=repeat, officer=consultation_officer, reason="duplicate",
        repeat_of=submitted.reference,
    )  # fmt: skip
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_dismiss(
            consultation=repeat, officer=consultation_officer, reason="duplicate",
            repeat_of=other.reference,
        )  # fmt: skip
    assert refused.value.code == "state"
    assert reread(repeat).duplicate_of == submitted


def test_the_requester_reads_why_in_their_words(
    client, submitted, repeat, consultation_officer, visitor
):
    lifecycle.consultation_dismiss(
        consultation=submitted, officer=consultation_officer, reason="withdrawn"
    )
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[submitted.pk])).content.decode()
    assert "sesuai permintaan Anda" in page
