"""The reminder the working day before (sent once, by the sweep), and Zoom meetings: inside
the hours, the invitation with the link, the outcome recorded afterwards, and the link never
shown to anyone but the requester and the office's staff."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from consultations.appointments import services
from consultations.appointments.models import AppointmentStatus
from consultations.errors import ConsultationError
from consultations.models import ConsultationStatus, Outcome
from consultations.sweep import consultation_sla_sweep
from pst.models import HolidayKind
from pst.permissions import Role
from tests.conftest import WITA
from tests.consultations.appointments.conftest import at, confirmed
from tests.factories import HolidayFactory, UserFactory

ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc"


def reminders():
    return [m for m in mail.outbox if "Pengingat" in m.subject or "Reminder" in m.subject]


def test_the_reminder_goes_the_working_day_before_and_once(
    asked, consultation_officer, visitor, clock
):
    # Monday 23 → an appointment on Wednesday 25: not on Monday, on Tuesday, once.
    confirmed(asked, consultation_officer, visitor, at(25, 10))
    mail.outbox.clear()
    assert consultation_sla_sweep().reminded == 0
    clock.move_to(at(24, 8))
    assert consultation_sla_sweep().reminded == 1
    assert consultation_sla_sweep().reminded == 0
    clock.move_to(at(24, 15))
    call_command("sla_sweep", stdout=io.StringIO())
    assert len(reminders()) == 1
    assert reminders()[0].to == [visitor.email]
    assert any(name == "undangan.ics" for name, _c, _t in reminders()[0].attachments)


def test_the_reminder_skips_weekends_and_holidays(asked, consultation_officer, visitor, clock):
    # Friday 27 → Monday 30 is the next working day... unless a holiday closes it.
    HolidayFactory(date=dt.date(2026, 11, 30), name="Cuti Bersama", kind=HolidayKind.CUTI_BERSAMA)
    confirmed(asked, consultation_officer, visitor, dt.datetime(2026, 12, 1, 10, tzinfo=WITA))
    mail.outbox.clear()
    clock.move_to(at(26, 9))  # Thursday: the next working day is Friday
    assert consultation_sla_sweep().reminded == 0
    clock.move_to(at(27, 9))  # Friday: next working day is Tuesday 1 December
    assert consultation_sla_sweep().reminded == 1


def test_a_cancelled_appointment_is_not_reminded(asked, consultation_officer, visitor, clock):
    appointment = confirmed(asked, consultation_officer, visitor, at(24, 10))
    services.appointment_cancel(appointment=appointment, actor=visitor)
    assert consultation_sla_sweep().reminded == 0


def schedule(consultation, officer, when=None, **changes):
    data = {"starts_at": when or at(24, 14), "zoom_url": ZOOM, "zoom_passcode": "pst6571"}
    data.update(changes)
    return services.meeting_schedule(consultation=consultation, officer=officer, **data)


def test_a_zoom_meeting_is_scheduled_with_its_invitation(asked, consultation_officer, visitor):
    mail.outbox.clear()
    meeting = schedule(asked, consultation_officer)
    assert meeting.status == AppointmentStatus.CONFIRMED and meeting.code is None
    (email,) = mail.outbox
    assert email.to == [visitor.email]
    assert ZOOM in email.body and "pst6571" in email.body
    ics = next(content for name, content, _t in email.attachments if name == "undangan.ics")
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == at(24, 14)
    assert event.decoded("dtend") == at(24, 14, 30)
    assert str(event["location"]) == ZOOM and str(event["url"]) == ZOOM
    assert "pst6571" in str(event["description"])


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"starts_at": at(24, 18)}, "closed"),
        ({"zoom_url": "javascript:alert(1)"}, "link"),
        ({"zoom_url": "http://zoom.us/j/1"}, "link"),
        ({"zoom_url": "https://zoom.us/j/1\nhttps://evil.example"}, "link"),
        ({"zoom_passcode": "a\x00b"}, "passcode"),
        ({"zoom_passcode": "x" * 41}, "passcode"),
    ],
)
def test_a_meeting_outside_the_hours_or_with_a_bad_link_is_refused(
    asked, consultation_officer, changes, code
):
    with pytest.raises(ConsultationError) as refused:
        schedule(asked, consultation_officer, **changes)
    assert refused.value.code == code


def test_a_zoom_meetings_reminder_does_not_await_a_visit(
    asked, consultation_officer, visitor, clock
):
    schedule(asked, consultation_officer, when=at(25, 10))
    clock.move_to(at(24, 8))
    mail.outbox.clear()
    assert consultation_sla_sweep().reminded == 1
    (reminder,) = reminders()
    assert "kedatangan" not in reminder.body and ZOOM in reminder.body


def test_the_officer_records_what_was_given_after_the_meeting(
    asked, consultation_officer, visitor, clock
):
    meeting = schedule(asked, consultation_officer)
    with pytest.raises(ConsultationError) as refused:
        services.meeting_record(
            appointment=meeting, officer=consultation_officer, body="x", outcome="answered"
        )
    assert refused.value.code == "too_early"
    clock.move_to(at(24, 14, 40))
    body = "Tabel proyeksi penduduk 2030 dijelaskan; tautan dikirim."
    services.meeting_record(
        appointment=meeting, officer=consultation_officer, body=body, outcome=Outcome.ANSWERED
    )
    services.meeting_record(  # sent twice: done once
        appointment=meeting, officer=consultation_officer, body=body, outcome=Outcome.ANSWERED
    )
    asked.refresh_from_db()
    assert asked.status == ConsultationStatus.ANSWERED and asked.outcome == Outcome.ANSWERED
    assert asked.messages.filter(body=body).count() == 1


def test_the_zoom_link_is_shown_only_to_the_requester_and_the_office_staff(
    client, asked, consultation_officer, visitor, supervisor, other_office_officer
):
    mail.outbox.clear()
    schedule(asked, consultation_officer)
    assert all(m.to == [visitor.email] for m in mail.outbox if ZOOM in m.body)
    url = reverse("consultation_detail", args=[asked.pk])
    for reader in (visitor, consultation_officer):
        client.force_login(reader)
        page = client.get(url)
        assert ZOOM.replace("&", "&amp;") in page.content.decode()
        assert "pst6571" in page.content.decode()
    other_office_consultant = UserFactory(
        email="k-malinau@example.org",
        office=other_office_officer.office,
        roles=[Role.CONSULTATION_OFFICER],
    )
    for stranger in (UserFactory(email="lain@example.org"), other_office_officer,
                     other_office_consultant):  # fmt: skip
        client.force_login(stranger)
        page = client.get(url)
        assert page.status_code == 404
        assert "zoom.us" not in page.content.decode()
        mine = client.get(reverse("consultation_list"))
        assert "zoom.us" not in mine.content.decode()
