"""A consultation that ends takes its appointment still to come with it: the requester who
cancelled is not reminded of a visit, the slot is free again, the calendar entry is withdrawn
and the officer hears of it. An answer with a visit still to come is not closed under it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.errors import ConsultationError
from consultations.models import ConsultationStatus, SubjectArea
from consultations.sweep import consultation_sla_sweep
from pst.models import HolidayKind
from tests.conftest import WITA
from tests.consultations.appointments.conftest import at, confirmed, lock_race
from tests.factories import HolidayFactory

A = AppointmentStatus
S = ConsultationStatus


def status(appointment) -> str:
    return Appointment.objects.get(pk=appointment.pk).status


def withdrawal(email) -> Calendar | None:
    for name, content, _type in email.attachments:
        if name == "pembatalan.ics":
            return Calendar.from_ical(content)
    return None


@pytest.mark.parametrize("how", ["cancelled", "closed"])
def test_a_visit_of_a_consultation_its_requester_ended_is_cancelled_and_never_reminded(
    asked, consultation_officer, visitor, clock, how
):
    visit = confirmed(asked, consultation_officer, visitor, at(25, 10))
    if how == "closed":
        lifecycle.consultation_answer(
            consultation=asked, officer=consultation_officer, body="Ada di tabel 3.1."
        )
    mail.outbox.clear()

    end = lifecycle.consultation_cancel if how == "cancelled" else lifecycle.consultation_close
    end(consultation=asked, requester=visitor)

    assert status(visit) == A.CANCELLED
    to_requester = next(m for m in mail.outbox if m.to == [visitor.email])
    assert "tidak perlu datang" in to_requester.body
    event = withdrawal(to_requester).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(f"appointment-{visit.pk}@")
    assert any(m.to == [consultation_officer.email] for m in mail.outbox)
    clock.move_to(at(24, 8))  # the working day before
    mail.outbox.clear()
    assert consultation_sla_sweep().reminded == 0
    assert mail.outbox == []


def test_times_offered_on_a_cancelled_consultation_are_withdrawn_without_mailing_its_requester(
    asked, consultation_officer, visitor
):
    offered = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(25, 10), at(25, 11)]
    )
    mail.outbox.clear()

    lifecycle.consultation_cancel(consultation=asked, requester=visitor)

    assert status(offered) == A.CANCELLED
    (told,) = mail.outbox
    assert told.to == [consultation_officer.email]


def test_the_slot_of_a_cancelled_consultations_visit_is_free_again(
    asked, ask, consultation_officer, visitor
):
    confirmed(asked, consultation_officer, visitor, at(25, 10))
    other, requester = ask("kedua@example.org")
    confirmed(other, consultation_officer, requester, at(25, 10))
    third, _third_requester = ask("ketiga@example.org")
    with pytest.raises(ConsultationError) as full:
        services.appointment_offer(
            consultation=third, officer=consultation_officer, times=[at(25, 10)]
        )
    assert full.value.code == "full"

    lifecycle.consultation_cancel(consultation=asked, requester=visitor)

    services.appointment_offer(consultation=third, officer=consultation_officer, times=[at(25, 10)])


def test_a_request_cancelled_by_the_sweep_takes_its_appointment_with_it(
    office, consultation_officer, visitor, k_service, clock
):
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.get(name="Kependudukan"), "topic": "data",
              "question": "Data IPM per kecamatan?"},
    )  # fmt: skip
    visit = confirmed(
        consultation, consultation_officer, visitor, dt.datetime(2026, 12, 10, 10, tzinfo=WITA)
    )
    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer, body="Tahun berapa?"
    )
    clock.move_to(at(23, 9) + dt.timedelta(days=15))

    assert consultation_sla_sweep().cancelled == 1

    assert status(visit) == A.CANCELLED


def test_an_answer_with_a_visit_still_to_come_is_not_closed_until_the_visit_is_over(
    asked, consultation_officer, visitor, clock
):
    lifecycle.consultation_answer(
        consultation=asked, officer=consultation_officer, body="Detailnya kita bahas di kantor."
    )
    visit = confirmed(
        asked, consultation_officer, visitor, dt.datetime(2026, 12, 3, 10, tzinfo=WITA)
    )
    clock.move_to(at(30, 12))  # eight days after the answer, the visit on Thursday 3 December

    assert consultation_sla_sweep().closed == 0
    asked.refresh_from_db()
    assert asked.status == S.ANSWERED and status(visit) == A.CONFIRMED

    clock.move_to(dt.datetime(2026, 12, 4, 9, tzinfo=WITA))  # nobody came
    assert consultation_sla_sweep().closed == 1
    assert status(visit) == A.MISSED


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_closure_recorded_while_the_requester_cancels_does_not_deadlock(
    office, asked, consultation_officer, visitor, clock
):
    # The admin's closure holds the office, then the appointments, then writes the history of
    # their consultations; cancelling locked the consultation and then its appointments.
    from pst.models import Office

    visit = confirmed(asked, consultation_officer, visitor, at(30, 10))
    HolidayFactory(office=office, date=dt.date(2026, 11, 30), name="Pemadaman listrik",
                   kind=HolidayKind.LOCAL)  # fmt: skip
    outcome = lock_race(
        hold=lambda: Office.objects.filter(pk=office.pk).update(name=office.name),
        then=lambda: services.appointments_cancel_on_closed_days(office=office),
        act=lambda: lifecycle.consultation_cancel(consultation=asked, requester=visitor).status,
    )
    assert outcome == {"then": 1, "act": "cancelled"}
    assert status(visit) == A.CANCELLED


def test_the_requester_is_warned_that_cancelling_takes_the_appointment_with_it(
    client, asked, consultation_officer, visitor
):
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert "janji temunya ikut dibatalkan" not in page
    confirmed(asked, consultation_officer, visitor, at(25, 10))

    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()

    assert "janji temunya ikut dibatalkan" in page


def test_a_meeting_whose_time_came_is_left_for_the_officer_to_record(
    asked, consultation_officer, visitor, clock
):
    # Review R1: closing right after the meeting told the requester it would not take place.
    meeting = services.meeting_schedule(
        consultation=asked, officer=consultation_officer, starts_at=at(23, 14),
        zoom_url="https://us02web.zoom.us/j/81234567890", zoom_passcode="pst6571",
    )  # fmt: skip
    lifecycle.consultation_answer(consultation=asked, officer=consultation_officer, body="Lihat.")
    clock.move_to(at(23, 15))
    mail.outbox.clear()

    lifecycle.consultation_close(consultation=asked, requester=visitor)

    assert status(meeting) == A.CONFIRMED
    assert mail.outbox == []


def test_a_visit_missed_that_morning_stays_for_the_sweep_to_call_missed(
    asked, consultation_officer, visitor, clock
):
    visit = confirmed(asked, consultation_officer, visitor, at(24, 10))
    clock.move_to(at(24, 15))

    lifecycle.consultation_cancel(consultation=asked, requester=visitor)

    assert status(visit) == A.CONFIRMED
    clock.move_to(at(25, 8))
    consultation_sla_sweep()
    assert status(visit) in (A.MISSED, A.CANCELLED)


def test_an_answer_is_not_closed_while_its_checked_in_visitor_still_waits(
    office, asked, consultation_officer, visitor, clock
):
    # Review R2: the visitor checked in and waited past the slot's end.
    lifecycle.consultation_answer(consultation=asked, officer=consultation_officer, body="Lihat.")
    visit = confirmed(
        asked, consultation_officer, visitor, dt.datetime(2026, 12, 1, 10, tzinfo=WITA)
    )
    clock.move_to(dt.datetime(2026, 12, 1, 9, 50, tzinfo=WITA))
    services.appointment_check_in(office=office, code=visit.code)
    clock.move_to(dt.datetime(2026, 12, 1, 11, 0, tzinfo=WITA))  # the slot ended at 10.30

    assert consultation_sla_sweep().closed == 0

    assert status(visit) == A.CHECKED_IN


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_recording_at_the_appointment_while_the_requester_cancels_does_not_deadlock(
    asked, consultation_officer, visitor, clock
):
    # Review R3: recording a meeting holds the appointment, then writes the consultation;
    # ending a consultation locked the consultation, then the appointments.
    from consultations.models import ConsultationEvent, EventKind

    visit = confirmed(asked, consultation_officer, visitor, at(30, 10))
    outcome = lock_race(
        hold=lambda: Appointment.objects.select_for_update().get(pk=visit.pk),
        then=lambda: ConsultationEvent.objects.create(
            consultation_id=asked.pk, kind=EventKind.ASSIGNED, to_status=asked.status,
            at=at(23, 9),
        ).kind,
        act=lambda: lifecycle.consultation_cancel(consultation=asked, requester=visitor).status,
    )  # fmt: skip
    assert outcome == {"then": EventKind.ASSIGNED, "act": "cancelled"}
    assert status(visit) == A.CANCELLED


def test_the_requesters_reason_reaches_the_officer_in_that_one_email(
    asked, consultation_officer, visitor
):
    # Trial N, N12: the reason for cancelling goes to the officer; with times offered, in
    # the email that withdraws them, not in a second one.
    services.appointment_offer(consultation=asked, officer=consultation_officer, times=[at(25, 10)])
    mail.outbox.clear()
    lifecycle.consultation_cancel(consultation=asked, requester=visitor, reason="Sudah dapat")
    (told,) = mail.outbox
    assert told.to == [consultation_officer.email]
    assert "Sudah dapat" in told.body
