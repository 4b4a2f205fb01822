"""Appointments at a time the office no longer opens (review of trial E, M3): an opening-hours
change in the office's admin page cancels them as a closure does — the requester told not to
come, the officer to offer again, the administrator how many — and the sweep catches a change
made any other way."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from consultations.appointments.models import AppointmentStatus
from consultations.models import EventKind
from consultations.sweep import consultation_sla_sweep
from pst.models import OpeningHours
from tests.admin_pages import hours_row, office_form
from tests.consultations.appointments.conftest import at
from tests.consultations.appointments.test_office_closed import (
    closed_mails,
    confirmed,
    meeting,
    warnings,
)

A = AppointmentStatus


def save(client, url, data):
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="id", follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    return response


def test_closing_earlier_cancels_the_afternoon_visit_and_keeps_the_morning_one(
    client, office, administrator, asked, ask, consultation_officer, visitor, clock
):
    afternoon = confirmed(asked, consultation_officer, visitor, at(30, 14))
    other, requester = ask("ani@example.org")
    morning = confirmed(other, consultation_officer, requester, at(30, 9))
    mail.outbox.clear()
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 0)}-closes_at"] = "12:00"

    (message,) = warnings(save(client, url, data))

    assert "1 janji temu" in message and "jam buka" in message
    afternoon.refresh_from_db()
    morning.refresh_from_db()
    assert afternoon.status == A.CANCELLED and afternoon.closed_on == dt.date(2026, 11, 30)
    assert afternoon.closed_reason == ""
    assert afternoon.consultation.events.filter(kind=EventKind.APPOINTMENT_OFFICE_CLOSED).exists()
    assert morning.status == A.CONFIRMED
    (to_visitor,) = closed_mails(visitor.email)
    assert "Jam buka kantor berubah" in to_visitor.body and "jangan datang" in to_visitor.body
    assert "()" not in to_visitor.body
    assert not closed_mails(requester.email)
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk]), HTTP_ACCEPT_LANGUAGE="id")
    assert "Jam buka kantor berubah" in page.content.decode()


def test_a_weekday_taken_off_the_hours_cancels_its_meetings_too(
    client, office, administrator, asked, consultation_officer, clock
):
    online = meeting(asked, consultation_officer, at(27, 10))  # Friday
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 4)}-DELETE"] = "on"

    save(client, url, data)

    online.refresh_from_db()
    assert online.status == A.CANCELLED and online.closed_on == dt.date(2026, 11, 27)


def test_saving_the_office_without_an_hours_change_cancels_nothing(
    client, office, administrator, asked, consultation_officer, visitor, clock
):
    # Outside Monday's hours already (changed another way): the sweep's to cancel, not a
    # save of the office's name.
    visit = confirmed(asked, consultation_officer, visitor, at(30, 14))
    OpeningHours.objects.filter(office=office, weekday=0).update(closes_at=dt.time(12, 0))
    mail.outbox.clear()
    client.force_login(administrator)
    url, data = office_form(client, office)
    data["name"] = "BPS Kota Tarakan (Kantor)"

    assert warnings(save(client, url, data)) == []

    visit.refresh_from_db()
    assert visit.status == A.CONFIRMED
    assert mail.outbox == []


def test_the_sweep_catches_hours_changed_another_way_once(
    office, asked, consultation_officer, visitor, clock
):
    visit = confirmed(asked, consultation_officer, visitor, at(30, 14))
    OpeningHours.objects.filter(office=office, weekday=0).update(closes_at=dt.time(12, 0))
    mail.outbox.clear()

    consultation_sla_sweep()
    consultation_sla_sweep()

    visit.refresh_from_db()
    assert visit.status == A.CANCELLED
    assert len(closed_mails(visitor.email)) == 1


def test_hours_that_cut_into_a_visit_cancel_it(
    client, office, administrator, asked, consultation_officer, visitor, clock
):
    visit = confirmed(asked, consultation_officer, visitor, at(30, 14))  # 14.00-14.30
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 0)}-closes_at"] = "14:15"

    save(client, url, data)

    visit.refresh_from_db()
    assert visit.status == A.CANCELLED


def test_another_time_zone_moves_the_hours_and_cancels_what_falls_outside(
    admin_client, office, asked, consultation_officer, visitor, clock
):
    # 08.00 WITA is 07.00 WIB: before a Jakarta-time office opens. (The zone is the
    # installation's: a superuser changes it.)
    early = confirmed(asked, consultation_officer, visitor, at(30, 8))
    url, data = office_form(admin_client, office)
    data["time_zone"] = "Asia/Jakarta"

    (message,) = warnings(save(admin_client, url, data))

    assert "1 janji temu" in message
    early.refresh_from_db()
    assert early.status == A.CANCELLED
