"""The requester cancels with an optional reason: kept in the history for the office, and
the officer (or the office's officers) emailed with it (trial N, N12)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.models import ConsultationEvent, ConsultationStatus, EventKind
from pst.permissions import Role
from tests.factories import UserFactory

S = ConsultationStatus
IDENTITY = "6571010101900001"


@pytest.fixture
def claimed(submitted, consultation_officer):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    mail.outbox.clear()
    return submitted


def _cancel(client, consultation, **data):
    return client.post(reverse("consultation_act", args=[consultation.pk, "cancel"]), data)


def _cancelled_event(consultation):
    return ConsultationEvent.objects.get(consultation=consultation, kind=EventKind.CANCELLED)


def test_the_reason_is_kept_shown_to_staff_and_emailed_to_the_officer(
    client, claimed, visitor, consultation_officer
):
    client.force_login(visitor)
    response = _cancel(client, claimed, note="Sudah dapat datanya dari BRS.\r\nTerima kasih.")
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == S.CANCELLED
    assert _cancelled_event(claimed).note == "Sudah dapat datanya dari BRS.\r\nTerima kasih."
    [email] = mail.outbox
    assert email.to == [consultation_officer.email]
    assert "Sudah dapat datanya dari BRS." in email.body
    assert claimed.reference in email.body
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[claimed.pk])).content.decode()
    assert 'data-testid="event-note"' in page and "Sudah dapat datanya dari BRS." in page
    # The requester's own page does not show the office's history notes.
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[claimed.pk])).content.decode()
    assert 'data-testid="event-note"' not in page


def test_without_a_reason_the_office_officers_hear_of_an_unassigned_one(
    client, submitted, visitor, consultation_officer, supervisor
):
    colleague = UserFactory(office=submitted.office, roles=[Role.CONSULTATION_OFFICER])
    mail.outbox.clear()
    client.force_login(visitor)
    assert _cancel(client, submitted).status_code == 302
    assert _cancelled_event(submitted).note == ""
    [email] = mail.outbox
    assert sorted(email.to) == sorted([consultation_officer.email, colleague.email])


def test_cancelled_twice_the_officer_is_told_once(claimed, visitor):
    lifecycle.consultation_cancel(consultation=claimed, requester=visitor, reason="Tidak perlu")
    again = lifecycle.consultation_cancel(consultation=claimed, requester=visitor, reason="Lagi")
    assert again.is_repeat
    assert len(mail.outbox) == 1
    assert _cancelled_event(claimed).note == "Tidak perlu"


@pytest.mark.parametrize(
    ("note", "code"),
    [("Nomor saya " + IDENTITY, "identity_number"), ("ada\x0bkontrol", "control_character")],
)
def test_the_service_refuses_bad_text(claimed, visitor, note, code):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_cancel(consultation=claimed, requester=visitor, reason=note)
    assert refused.value.field == "note"
    claimed.refresh_from_db()
    assert claimed.status == S.SUBMITTED
    assert mail.outbox == []


def test_the_service_refuses_a_letter(claimed, visitor):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_cancel(consultation=claimed, requester=visitor, reason="x" * 501)
    assert refused.value.code == "too_long"


@pytest.mark.parametrize("note", ["Nomor saya " + IDENTITY, "ada\x0bkontrol", "x" * 501])
def test_the_page_refuses_bad_text_and_never_shows_the_number_back(client, claimed, visitor, note):
    client.force_login(visitor)
    response = _cancel(client, claimed, note=note)
    assert response.status_code == 400
    page = response.content.decode()
    assert IDENTITY not in page
    assert '<details open data-testid="cancel">' in page
    claimed.refresh_from_db()
    assert claimed.status == S.SUBMITTED


def test_a_nul_byte_is_refused_before_the_page(client, claimed, visitor):
    client.force_login(visitor)
    assert _cancel(client, claimed, note="a\x00b").status_code == 400
    claimed.refresh_from_db()
    assert claimed.status == S.SUBMITTED


def test_another_requester_cannot_cancel(client, claimed, office, question):
    other = UserFactory(email="lain@example.org")
    lifecycle.consultation_submit(requester=other, office=office, data=question)
    client.force_login(other)
    assert _cancel(client, claimed, note="bukan punya saya").status_code == 404
    claimed.refresh_from_db()
    assert claimed.status == S.SUBMITTED
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_cancel(consultation=claimed, requester=other, reason="x")
    assert refused.value.code == "not_requester"


def test_the_button_opens_an_in_page_step_that_works_without_script(client, claimed, visitor):
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[claimed.pk])).content.decode()
    step = page[page.index('data-testid="cancel"') :]
    step = step[: step.index("</details>")]
    assert 'data-testid="act-cancel"' in step and "<summary" in step
    assert 'name="note"' in step and 'type="submit"' in step
