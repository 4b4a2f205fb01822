"""Issue 11's first "Done when", in a browser: an officer offers two times; the user accepts
one and gets the .ics; on that day the user enters the code at the kiosk, gets a priority K
ticket, the officer calls it and the consultation opens at the desk with its conversation;
the outcome is saved on the consultation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.appointments.models import Appointment
from consultations.models import ConsultationStatus, Outcome, SubjectArea
from queueing.choices import Priority
from queueing.models import Ticket
from tests.conftest import MONDAY_9, WITA
from tests.e2e.test_online_consultation_flow import officer_page
from tests.e2e.test_queue_flow import sign_in_at_desk

QUESTION = "Proyeksi penduduk Kota Tarakan 2030 per kecamatan?"


@pytest.mark.django_db(transaction=True)
def test_an_offered_time_accepted_checked_in_at_the_kiosk_and_served_on_the_consultation(
    new_page, live_server, office, desks, services, visitor, consultation_officer, settings,
    subject_areas, check_a11y,
):  # fmt: skip
    settings.LIVE_POLL_SECONDS = 1
    services["K"].records_consultations = True
    services["K"].save()
    with time_machine.travel(MONDAY_9, tick=True):
        consultation = lifecycle.consultation_submit(
            requester=visitor, office=office,
            data={"subject_area": SubjectArea.objects.get(name="Kependudukan"), "topic": "data",
                  "question": QUESTION},
        )  # fmt: skip
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)

        # The officer offers Tuesday 10.00 and 13.30 on the consultation page.
        officer = officer_page(new_page, live_server, consultation_officer)
        officer.goto(f"/consultations/{consultation.pk}/")
        officer.get_by_test_id("offer-time-1").fill("2026-11-24T10:00")
        officer.get_by_test_id("offer-time-2").fill("2026-11-24T13:30")
        officer.get_by_test_id("appointment-offer-send").click()
        expect(officer.get_by_test_id("appointment-offer")).to_have_count(2)

        # The user accepts 10.00 and gets the invitation.
        user = officer_page(new_page, live_server, visitor)
        mail.outbox.clear()
        user.goto(f"/consultations/{consultation.pk}/")
        check_a11y(user, "offered times")
        user.get_by_label("Selasa 24 November 2026 10.00 WITA").check()
        user.get_by_test_id("appointment-accept").click()
        expect(user.get_by_test_id("appointment-time")).to_contain_text(
            "24 November 2026 10.00–10.30 WITA"
        )
        code = user.get_by_test_id("appointment-code").inner_text().replace("-", "")
    (email,) = [m for m in mail.outbox if m.to == [visitor.email]]
    assert code in email.body.replace("-", "")
    ics = next(content for name, content, _type in email.attachments if name == "undangan.ics")
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
    assert office.address in str(event["location"])

    # That day, 09.40: the code at the kiosk gives a priority K ticket.
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 40, tzinfo=WITA), tick=True):
        kiosk = new_page()
        kiosk.goto(f"/kiosk/{office.code}/?print=0")
        kiosk.get_by_test_id("appointment-check-in-link").click()
        # The kiosk follows a link once the page answers (live.js): not at once.
        kiosk.wait_for_url("**/appointment/**")
        check_a11y(kiosk, "kiosk check-in")
        kiosk.get_by_label("Kode janji temu").fill(code.lower())
        kiosk.get_by_test_id("check-in-submit").click()
        expect(kiosk.get_by_test_id("ticket-code")).to_have_text("K-001")
        ticket = Ticket.objects.get()
        assert ticket.priority == Priority.APPOINTMENT

        # The officer at Meja 3 calls it; starting opens the consultation with its conversation.
        desk = new_page()
        sign_in_at_desk(desk, consultation_officer.email, 3)
        desk.get_by_test_id("action-call-next").click()
        expect(desk.get_by_test_id("current-code")).to_have_text("K-001")
        desk.get_by_test_id("action-start").click()
        expect(desk.get_by_test_id("desk-consultation")).to_contain_text(consultation.reference)
        expect(desk.get_by_test_id("conversation")).to_contain_text(QUESTION)
        check_a11y(desk, "consultation at the desk")
        desk.get_by_label("Informasi yang diberikan").fill(
            "Proyeksi 2030 per kecamatan dijelaskan; tabel dikirim lewat email."
        )
        desk.get_by_test_id("appointment-outcome-save").click()
        expect(
            desk.get_by_text(f"Tersimpan pada konsultasi {consultation.reference}")
        ).to_be_visible()

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert consultation.outcome == Outcome.ANSWERED
    assert consultation.messages.filter(body__startswith="Proyeksi 2030").exists()
    assert consultation.ticket is None  # no walk-in record: the outcome is on this one
    assert Appointment.objects.get().ticket.status == "done"
