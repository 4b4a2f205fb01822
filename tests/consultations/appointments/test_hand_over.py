"""A supervisor's hand-over (lifecycle.consultations_hand_over) takes the consultations'
appointments still to come along: to the new holder, or, back to the inbox, the mail about
them goes to the office's officers — never only to the one on leave (review of the
hand-over, 2)."""

from __future__ import annotations

import pytest
from django.core import mail

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment
from tests.consultations.appointments.conftest import accepted_consultation, at, confirmed
from tests.factories import UserFactory


@pytest.fixture
def budis(office, visitor, budi, consultation_officer, k_service, clock):
    """Two consultations Budi (going on leave) holds, their appointments made by him: one
    with times offered (Tue 10.00, 13.30), one with a visit confirmed (Wed 10.00)."""
    offered = accepted_consultation(office, visitor, budi)
    offer = services.appointment_offer(
        consultation=offered, officer=budi, times=[at(24, 10), at(24, 13, 30)]
    )
    visited = accepted_consultation(office, UserFactory(email="dua@example.org"), budi)
    visit = confirmed(visited, budi, visited.requester, at(25, 10))
    mail.outbox.clear()
    return offered, offer, visited, visit


def test_handed_to_an_officer_the_appointments_to_come_are_theirs_and_listed(
    office, budis, budi, citra, supervisor, visitor
):
    offered, offer, visited, _visit = budis
    lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    assert [a.officer for a in Appointment.objects.order_by("pk")] == [citra, citra]
    [email] = mail.outbox
    assert email.to == [citra.email]
    # The new holder hears of the requesters they are to meet, with the times.
    body = email.body
    assert body.count(offered.reference) == 2 and body.count(visited.reference) == 2
    assert "10.00" in body and "13.30" in body
    mail.outbox.clear()
    services.appointment_decline(appointment=offer, actor=visitor, body="Jumat saja")
    assert [m.to for m in mail.outbox if "Jumat saja" in m.body] == [[citra.email]]


def test_handed_back_to_the_inbox_appointment_mail_reaches_the_offices_officers(
    office, budis, budi, citra, supervisor, visitor, consultation_officer
):
    _offered, offer, visited, visit = budis
    lifecycle.consultations_hand_over(office=office, holder=budi, to=None, by=supervisor)
    mail.outbox.clear()
    services.appointment_decline(appointment=offer, actor=visitor, body="Jumat saja")
    services.appointment_cancel(appointment=visit, actor=visited.requester)
    told = [sorted(m.to) for m in mail.outbox if budi.email in m.to or citra.email in m.to]
    # Before: both went to Budi alone, on leave (the one who made the appointments).
    everyone = sorted([budi.email, citra.email, consultation_officer.email])
    assert told == [everyone, everyone]


def test_an_appointment_whose_times_are_past_stays_as_it_was(
    office, visitor, budi, citra, supervisor, k_service, clock
):
    consultation = accepted_consultation(office, visitor, budi)
    services.appointment_offer(consultation=consultation, officer=budi, times=[at(23, 13)])
    clock.shift(6 * 3600)  # 15.00: the only time offered is past
    lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    assert Appointment.objects.get().officer == budi
    # Listed once, as a consultation handed over: no appointment to come.
    assert mail.outbox[-1].body.count(consultation.reference) == 1
