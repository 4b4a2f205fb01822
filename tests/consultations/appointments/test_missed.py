"""A visit nobody came to: once its day has passed the SLA sweep ends it as missed ("Tidak
hadir") and tells the officer once; the consultation page shows it and a new time can be
offered. A visit held, or a Zoom meeting, is not missed."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.errors import ConsultationError
from consultations.sweep import consultation_sla_sweep
from queueing import services as queue
from queueing.choices import TicketStatus
from queueing.models import Ticket
from tests.consultations.appointments.conftest import at

A = AppointmentStatus


@pytest.fixture
def booked(asked, consultation_officer, visitor):
    """Tuesday 24 November 10.00, confirmed; the clock on Monday 09.00."""
    appointment = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10)]
    )
    return services.appointment_accept(
        appointment=appointment, actor=visitor, offer_id=appointment.offers.get().pk
    )


def missed_emails():
    return [m for m in mail.outbox if "tidak datang" in m.subject or "did not come" in m.subject]


def sweep_the_morning_after(appointment, clock) -> int:
    """Wednesday 08.00's sweep (emails before it forgotten): how many it reported missed,
    `appointment` read again."""
    mail.outbox.clear()
    clock.move_to(at(25, 8))
    missed = consultation_sla_sweep().missed
    appointment.refresh_from_db()
    return missed


def test_a_visit_nobody_came_to_is_missed_the_day_after_and_the_officer_told_once(
    booked, consultation_officer, clock
):
    mail.outbox.clear()
    clock.move_to(at(24, 16))  # its own day: the visitor may still come
    assert consultation_sla_sweep().missed == 0
    clock.move_to(at(25, 0, 5))
    out = io.StringIO()
    call_command("sla_sweep", stdout=out)
    assert "missed: 1" in out.getvalue()
    assert consultation_sla_sweep().missed == 0
    booked.refresh_from_db()
    assert booked.status == A.MISSED and booked.ended_at == at(25, 0, 5)
    assert [m.to for m in missed_emails()] == [[consultation_officer.email]]


def test_the_consultation_page_shows_the_missed_visit_and_offers_again(
    client, asked, booked, consultation_officer, visitor, clock
):
    clock.move_to(at(25, 9))
    consultation_sla_sweep()
    client.force_login(consultation_officer)
    with translation.override("id"):
        page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
        missed_label = str(A.MISSED.label)
    assert missed_label == "Tidak hadir" and missed_label in page
    assert 'data-testid="appointment-offer-form"' in page
    again = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(26, 10)]
    )
    assert again.status == A.OFFERED
    client.force_login(visitor)
    with translation.override("id"):
        page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert missed_label in page


def test_a_visitor_called_in_vain_after_checking_in_missed_it_too(
    office, desks, booked, clock, consultation_officer
):
    clock.move_to(at(24, 9, 40))
    ticket = services.appointment_check_in(office=office, code=booked.code).ticket
    desk = desks[3]
    queue.ticket_call_next(desk=desk, officer=consultation_officer)
    queue.ticket_recall(ticket=ticket, desk=desk, officer=consultation_officer)
    queue.ticket_no_show(ticket=ticket, desk=desk, officer=consultation_officer)
    assert sweep_the_morning_after(booked, clock) == 1
    assert booked.status == A.MISSED


def test_a_visit_served_at_a_desk_is_held_not_missed(office, booked, clock):
    clock.move_to(at(24, 9, 40))
    ticket = services.appointment_check_in(office=office, code=booked.code).ticket
    # Served, but the outcome form never sent (the visit happened all the same).
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.DONE)
    assert sweep_the_morning_after(booked, clock) == 0
    assert booked.status == A.DONE and missed_emails() == []


def test_zoom_meetings_and_ended_visits_are_left_alone(
    asked, booked, consultation_officer, visitor, clock
):
    services.appointment_cancel(appointment=booked, actor=visitor)
    meeting = services.meeting_schedule(
        consultation=asked, officer=consultation_officer, starts_at=at(24, 14),
        zoom_url="https://zoom.us/j/123456789", zoom_passcode="pst6571",
    )  # fmt: skip
    clock.move_to(at(26, 9))
    assert consultation_sla_sweep().missed == 0
    assert Appointment.objects.get(pk=booked.pk).status == A.CANCELLED
    assert Appointment.objects.get(pk=meeting.pk).status == meeting.status


def test_the_code_of_a_missed_visit_says_its_day_has_passed(office, booked, clock):
    clock.move_to(at(25, 9))
    consultation_sla_sweep()
    with pytest.raises(ConsultationError) as refused:
        services.appointment_check_in(office=office, code=booked.code)
    assert refused.value.code == "too_late"


def test_a_visit_of_a_withdrawn_consultation_is_not_reported_missed(asked, booked, visitor, clock):
    lifecycle.consultation_cancel(consultation=asked, requester=visitor)
    assert sweep_the_morning_after(booked, clock) == 0
    assert booked.status == A.CANCELLED and missed_emails() == []


def test_a_visitor_who_came_and_was_not_served_is_named_so_and_both_sides_are_told(
    office, booked, clock, consultation_officer, visitor
):
    clock.move_to(at(24, 9, 40))
    ticket = services.appointment_check_in(office=office, code=booked.code).ticket
    queue.queue_close_day(office=office, now=at(24, 18))  # still waiting at closing time
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NOT_SERVED
    # Not their absence, nor a cancellation as if they had withdrawn (trial H, H2): the
    # office's to make good, and both sides hear of it.
    assert sweep_the_morning_after(booked, clock) == 0
    assert booked.status == A.NOT_SERVED and missed_emails() == []
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted([consultation_officer.email, visitor.email])
    assert consultation_sla_sweep().missed == 0
    assert len(mail.outbox) == 2  # once
