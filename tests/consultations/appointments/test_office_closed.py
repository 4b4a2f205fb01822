"""An appointment on a day its office closes after it was made (product trial E, F4): the
closure recorded in the admin, or found by the sweep however it came (a holiday sync, a
national day), cancels it; the requester is told not to come and the officer to offer another
time, the page says why, no reminder invites anyone, and nothing happens twice."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, EventKind, SubjectArea
from consultations.sweep import consultation_sla_sweep
from pst.calendar_services import holidays_sync
from pst.models import Holiday, HolidayKind
from pst.permissions import Role
from tests.conftest import WITA
from tests.consultations.appointments.conftest import (
    accepted_consultation,
    at,
    confirmed,
    lock_race,
)
from tests.factories import HolidayFactory, UserFactory

A = AppointmentStatus
MONDAY_30 = dt.date(2026, 11, 30)
ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc"
FOLLOW = re.compile(r"https?://[^/\s]+/consultations/follow/[^/\s]+/")


def meeting(consultation, officer, when):
    return services.meeting_schedule(
        consultation=consultation, officer=officer, starts_at=when, zoom_url=ZOOM
    )


def close(client, office, day="30/11/2026", **changes):
    data = {"office": office.pk if office else "", "date": day, "name": "Pemadaman listrik",
            "kind": HolidayKind.LOCAL, "is_closed": "on"} | changes  # fmt: skip
    holiday = Holiday.objects.filter(office=office, date=MONDAY_30).first()
    url = (
        reverse("admin:pst_holiday_change", args=[holiday.pk])
        if holiday
        else reverse("admin:pst_holiday_add")
    )
    response = client.post(url, {k: v for k, v in data.items() if v is not None},
                           HTTP_ACCEPT_LANGUAGE="id", follow=True)  # fmt: skip
    assert response.redirect_chain, "the admin refused the form"
    return response


@pytest.fixture(autouse=True)
def calendar_of_this_and_next_year(db):
    # The holiday list warns of a year without national holidays (pst.calendar_gaps): these
    # tests read the warnings of the closure alone.
    HolidayFactory(date=dt.date(2026, 8, 17))
    HolidayFactory(date=dt.date(2027, 8, 17))


def warnings(response) -> list[str]:
    # Read on the page it led to: each save's messages there, shown once.
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def closed_mails(to):
    return [m for m in mail.outbox if m.to == [to] and "tutup" in m.subject]


def test_a_closure_recorded_in_the_admin_cancels_a_visit_and_a_meeting_and_tells_everyone_once(
    client, administrator, asked, ask, consultation_officer, visitor, clock
):
    visit = confirmed(asked, consultation_officer, visitor, at(30, 10))
    other, requester = ask("ani@example.org")
    online = meeting(other, consultation_officer, at(30, 14))
    mail.outbox.clear()
    client.force_login(administrator)

    response = close(client, administrator.office)

    # (The consultations' due dates that counted the day move too: tests/consultations/
    # test_due_moves.py.)
    (message,) = [text for text in warnings(response) if "janji temu" in text]
    assert "30 November 2026" in message and "2 janji temu" in message
    for appointment in (visit, online):
        appointment.refresh_from_db()
        assert appointment.status == A.CANCELLED
        assert appointment.closed_on == MONDAY_30
        assert appointment.closed_reason == "Pemadaman listrik"
        assert appointment.consultation.events.filter(
            kind=EventKind.APPOINTMENT_OFFICE_CLOSED
        ).exists()
    (to_visitor,) = closed_mails(visitor.email)
    assert "Kantor tutup pada Senin, 30 November 2026 (Pemadaman listrik)" in to_visitor.body
    assert "Senin 30 November 2026 10.00 WITA" in to_visitor.body
    assert "jangan datang" in to_visitor.body
    # The invitation's calendar entry is withdrawn, by its UID (trial H, H7).
    (withdrawal,) = [c for name, c, _t in to_visitor.attachments if name == "pembatalan.ics"]
    (event,) = Calendar.from_ical(withdrawal).walk("VEVENT")
    assert Calendar.from_ical(withdrawal)["method"] == "CANCEL"
    assert event["status"] == "CANCELLED" and event["uid"].startswith(f"appointment-{visit.pk}@")
    # RFC 5546: a CANCEL names its organizer and attendees (calendars match them).
    assert str(event["organizer"]).startswith("mailto:")
    assert str(event["attendee"]) == f"mailto:{visitor.email}"
    (to_requester,) = closed_mails(requester.email)
    assert "Senin 30 November 2026 14.00 WITA" in to_requester.body
    assert len(closed_mails(consultation_officer.email)) == 2

    # Saved again (an edit of its name): nothing more.
    mail.outbox.clear()
    again = close(client, administrator.office, name="Pemadaman listrik PLN")
    assert warnings(again) == []
    assert mail.outbox == []


def test_the_consultation_page_shows_the_cancellation_and_why(
    client, administrator, asked, consultation_officer, visitor, clock
):
    confirmed(asked, consultation_officer, visitor, at(30, 10))
    client.force_login(administrator)
    close(client, administrator.office)
    for reader in (visitor, consultation_officer):
        client.force_login(reader)
        page = client.get(
            reverse("consultation_detail", args=[asked.pk]), HTTP_ACCEPT_LANGUAGE="id"
        ).content.decode()
        assert "Kantor tutup pada Senin, 30 November 2026 (Pemadaman listrik)" in page
        assert "Dikonfirmasi" not in page
    assert 'data-testid="appointment-offer-form"' in page  # the officer offers again


def test_offered_times_on_the_closed_day_are_withdrawn_and_a_guest_reaches_them_by_link(
    client, administrator, office, consultation_officer, k_service, clock
):
    guest = consultation_open_remote(
        office=office, officer=consultation_officer, channel=Channel.PHONE,
        requester_name="Siti", requester_email="siti@example.org", topic="data",
        subject_area=SubjectArea.objects.get(name="Kependudukan"), question="Data 2025?",
    )  # fmt: skip
    offered = services.appointment_offer(
        consultation=guest, officer=consultation_officer,
        times=[at(30, 10), dt.datetime(2026, 12, 3, 10, tzinfo=WITA)],
    )  # fmt: skip
    mail.outbox.clear()
    client.force_login(administrator)
    close(client, office)
    offered.refresh_from_db()
    assert offered.status == A.CANCELLED
    (email,) = closed_mails("siti@example.org")
    assert "ditarik" in email.body
    assert FOLLOW.search(email.body)  # no account: the signed follow link


def test_the_sweep_catches_a_national_holiday_synced_later(
    asked, consultation_officer, visitor, clock
):
    # Thursday 24 December 2026 is a cuti bersama the holidays package lists.
    visit = confirmed(
        asked, consultation_officer, visitor, dt.datetime(2026, 12, 24, 10, tzinfo=WITA)
    )
    holidays_sync(first_year=2026, last_year=2026)
    mail.outbox.clear()

    assert consultation_sla_sweep().office_closed == 1

    visit.refresh_from_db()
    assert visit.status == A.CANCELLED and visit.closed_on == dt.date(2026, 12, 24)
    assert len(closed_mails(visitor.email)) == 1
    assert len(closed_mails(consultation_officer.email)) == 1
    # The second run does nothing.
    mail.outbox.clear()
    assert consultation_sla_sweep().office_closed == 0
    assert mail.outbox == []


def test_an_offices_closure_cancels_its_own_appointments_only(
    admin_client, other_office, asked, consultation_officer, visitor, clock
):
    ours = confirmed(asked, consultation_officer, visitor, at(30, 10))
    malinau_officer = UserFactory(
        email="konsultasi-malinau@example.org", office=other_office,
        roles=[Role.CONSULTATION_OFFICER],
    )  # fmt: skip
    theirs = meeting(
        accepted_consultation(other_office, UserFactory(email="budi@example.org"), malinau_officer),
        malinau_officer, at(30, 10),
    )  # fmt: skip
    mail.outbox.clear()

    close(admin_client, other_office)

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == A.CONFIRMED and theirs.status == A.CANCELLED
    assert closed_mails(visitor.email) == [] and len(closed_mails("budi@example.org")) == 1
    assert consultation_sla_sweep().office_closed == 0


def test_no_reminder_invites_the_requester_on_a_closed_day(
    asked, office, consultation_officer, visitor, clock
):
    confirmed(asked, consultation_officer, visitor, at(30, 10))
    HolidayFactory(office=office, date=MONDAY_30, name="Banjir", kind=HolidayKind.LOCAL)
    mail.outbox.clear()
    clock.move_to(at(27, 9))  # Friday: Monday would be the next working day
    result = consultation_sla_sweep()
    assert result.reminded == 0 and result.office_closed == 1
    assert [m for m in mail.outbox if "Pengingat" in m.subject] == []
    assert len(closed_mails(visitor.email)) == 1


def test_a_revoked_closure_does_not_bring_the_appointment_back(
    client, administrator, asked, consultation_officer, visitor, clock
):
    visit = confirmed(asked, consultation_officer, visitor, at(30, 10))
    client.force_login(administrator)
    close(client, administrator.office)
    mail.outbox.clear()
    close(client, administrator.office, is_closed=None)
    assert consultation_sla_sweep().office_closed == 0
    visit.refresh_from_db()
    assert visit.status == A.CANCELLED
    assert mail.outbox == []
    assert Appointment.objects.filter(status=A.CONFIRMED).count() == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_sweep_does_not_wait_for_appointments_it_leaves_alone(
    office, asked, ask, consultation_officer, visitor, clock
):
    # Review of trial E, L4: it locked every future appointment of the office each quarter
    # hour, so a requester confirming another time waited for it (or it for them).
    from django.db import connection, transaction

    closed_day = confirmed(asked, consultation_officer, visitor, at(30, 10))
    other, requester = ask("ani@example.org")
    open_day = confirmed(other, consultation_officer, requester, at(27, 10))
    HolidayFactory(office=office, date=MONDAY_30, name="Pemadaman listrik")
    held, release = threading.Event(), threading.Event()

    def hold_the_open_day() -> None:
        try:
            with transaction.atomic():
                Appointment.objects.select_for_update().get(pk=open_day.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_open_day)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            assert services.appointments_cancel_on_closed_days(office=office) == 1
    finally:
        release.set()
        holder.join()
    closed_day.refresh_from_db()
    assert closed_day.status == A.CANCELLED


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_closure_recorded_while_the_requester_accepts_a_time_that_day_does_not_deadlock(
    office, asked, consultation_officer, visitor, clock
):
    # Review: the admin's save holds the office row and the cancellation then locks the
    # appointments, while accepting a time locked the appointment and then the office.
    from consultations.errors import ConsultationError
    from pst.models import Office

    offered = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(30, 10)]
    )
    offer = offered.offers.get()
    HolidayFactory(office=office, date=MONDAY_30, name="Pemadaman listrik")

    def accept():
        try:
            return services.appointment_accept(
                appointment=offered, actor=visitor, offer_id=offer.pk
            )
        except ConsultationError as error:
            return error.code

    outcome = lock_race(
        hold=lambda: Office.objects.filter(pk=office.pk).update(name=office.name),
        then=lambda: services.appointments_cancel_on_closed_days(office=office),
        act=accept,
    )
    assert outcome == {"then": 1, "act": "state"}


def test_closing_the_last_day_a_date_can_name_cancels_nothing_and_fails_nowhere(
    office, asked, consultation_officer, visitor, clock
):
    # Its next day does not exist: 31 Dec 9999 gave an OverflowError, a 500 in the admin
    # (product trial G, G2). The model refuses such a holiday; the service holds anyway.
    confirmed(asked, consultation_officer, visitor, at(30, 10))
    assert services.appointments_cancel_on_closed_days(office=office, day=dt.date.max) == 0
    assert Appointment.objects.get().status == A.CONFIRMED
