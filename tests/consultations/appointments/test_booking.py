"""Offering, accepting, moving and cancelling an appointment at the office: times inside the
opening hours of a working day, never on a holiday or cuti bersama, never in a full slot; the
confirmation's calendar invitation parsed back."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from consultations.appointments import services
from consultations.appointments.codes import ALPHABET, code_normalize
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.errors import ConsultationError
from consultations.models import Consultation
from pst.models import HolidayKind
from tests.consultations.appointments.conftest import at
from tests.factories import HolidayFactory

A = AppointmentStatus


def offer(consultation, officer, *times):
    return services.appointment_offer(consultation=consultation, officer=officer, times=times)


def accept(appointment, requester, index=0):
    offer_id = list(appointment.offers.all())[index].pk
    return services.appointment_accept(appointment=appointment, actor=requester, offer_id=offer_id)


def test_the_officer_offers_two_times_and_the_requester_accepts_one(
    asked, consultation_officer, visitor
):
    mail.outbox.clear()
    appointment = offer(asked, consultation_officer, at(24, 10), at(24, 13, 30))
    assert appointment.status == A.OFFERED
    assert [o.starts_at for o in appointment.offers.all()] == [at(24, 10), at(24, 13, 30)]
    assert mail.outbox[-1].to == [visitor.email]
    assert "10.00" in mail.outbox[-1].body and "13.30" in mail.outbox[-1].body

    confirmed = accept(appointment, visitor, 1)
    assert confirmed.status == A.CONFIRMED
    assert confirmed.starts_at == at(24, 13, 30)
    assert confirmed.ends_at == at(24, 14)
    assert len(confirmed.code) == 6 and set(confirmed.code) <= set(ALPHABET)
    email = mail.outbox[-1]
    assert email.to == [visitor.email]
    assert f"{confirmed.code[:3]}-{confirmed.code[3:]}" in email.body
    names = [name for name, _content, _type in email.attachments]
    assert "undangan.ics" in names and f"janji-temu-{confirmed.code}.png" in names


def test_the_confirmation_gives_the_visit_as_details_with_a_link_to_check_in(
    asked, consultation_officer, visitor
):
    # Trial H, H6: the time and place stood under "Pesan:", the check-in address as text.
    confirmed = accept(offer(asked, consultation_officer, at(24, 10)), visitor)
    email = mail.outbox[-1]
    assert "Rincian:" in email.body and "Pesan:" not in email.body
    (html, _type) = email.alternatives[0]
    checkin = f'href="[^"]*/q/{asked.office.code}/appointment/\\?code='
    assert re.search(checkin, html)
    assert confirmed.code in html


def test_the_ics_carries_start_end_time_zone_and_the_office_address(
    asked, consultation_officer, visitor, office
):
    confirmed = accept(offer(asked, consultation_officer, at(24, 10)), visitor)
    raw = mail.outbox[-1].message().as_bytes()
    parts = {
        part.get_filename(): part.get_payload(decode=True)
        for part in message_from_bytes(raw).walk()
        if part.get_filename()
    }
    assert parts[f"janji-temu-{confirmed.code}.png"].startswith(b"\x89PNG")
    calendar = Calendar.from_ical(parts["undangan.ics"])
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == at(24, 10) and end == at(24, 10, 30)
    assert str(start.tzinfo) == "Asia/Makassar"
    assert event["dtstart"].params["TZID"] == "Asia/Makassar"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Makassar"]
    assert office.address in str(event["location"])
    assert f"/q/{office.code}/appointment/?code={confirmed.code}" in str(event["url"])


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (at(24, 7), "closed"),  # before opening (07.30)
        (at(24, 15, 45), "closed"),  # would end after closing (16.00)
        (at(28, 10), "closed"),  # Saturday
        (at(23, 8), "past"),  # Monday 08.00: already gone
        (at(25, 10), "holiday"),  # cuti bersama (below)
    ],
)
def test_times_outside_the_hours_on_holidays_or_past_are_refused(
    asked, consultation_officer, when, code
):
    HolidayFactory(date=dt.date(2026, 11, 25), name="Cuti Bersama", kind=HolidayKind.CUTI_BERSAMA)
    with pytest.raises(ConsultationError) as refused:
        offer(asked, consultation_officer, at(24, 10), when)
    assert refused.value.code == code
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("when", "said"),
    [
        (at(24, 15, 45), "A visit lasts 30 minutes and the office closes at 16.00: choose 15.30 "),
        (at(24, 7), "That day the office is open from 07.30 to 16.00."),
        (at(28, 10), "The office does not open that day: choose another day."),
    ],
)
def test_a_time_outside_the_hours_is_told_what_time_would_do(
    asked, consultation_officer, settings, when, said
):
    # Trial M5: 15.45 on a day closing at 16.00 was told "choose a time within the office's
    # opening hours"; the real reason was the half-hour visit ending after closing.
    settings.APPOINTMENT_SLOT_MINUTES = 30
    with translation.override("en"), pytest.raises(ConsultationError) as refused:
        offer(asked, consultation_officer, at(24, 10), when)
    assert said in refused.value.message


def test_a_holiday_is_named_by_its_date_written_the_indonesian_way(asked, consultation_officer):
    # Product trial E, F13: "Kantor tutup pada 2026-11-25 (…)".
    HolidayFactory(date=dt.date(2026, 11, 25), name="HUT Kota Tarakan", kind=HolidayKind.LOCAL)
    with translation.override("id"), pytest.raises(ConsultationError) as refused:
        offer(asked, consultation_officer, at(25, 10))
    assert refused.value.message.endswith(
        "Kantor tutup pada Rabu, 25 November 2026 (HUT Kota Tarakan)."
    )


def test_a_full_slot_is_refused_when_offered_and_when_accepted(
    asked, ask, consultation_officer, visitor
):
    # Two consultation desks (Meja 2 and Meja 3): two appointments per slot.
    first = offer(asked, consultation_officer, at(24, 10))
    second_c, second_r = ask("dua@example.org")
    third_c, third_r = ask("tiga@example.org")
    second = offer(second_c, consultation_officer, at(24, 10, 15))
    third = offer(third_c, consultation_officer, at(24, 10))  # still free when offered
    accept(first, visitor)
    accept(second, second_r)  # 10.15–10.45 overlaps 10.00–10.30
    with pytest.raises(ConsultationError) as refused:
        accept(third, third_r)
    assert refused.value.code == "full"
    with pytest.raises(ConsultationError) as refused:
        offer(ask("empat@example.org")[0], consultation_officer, at(24, 10, 20))
    assert refused.value.code == "full"
    offer(ask("lima@example.org")[0], consultation_officer, at(24, 10, 45))  # free again


def test_the_slot_capacity_setting_overrides_the_desks(
    asked, ask, consultation_officer, visitor, settings
):
    settings.APPOINTMENTS_PER_SLOT = 1
    accept(offer(asked, consultation_officer, at(24, 10)), visitor)
    with pytest.raises(ConsultationError) as refused:
        offer(ask("dua@example.org")[0], consultation_officer, at(24, 10))
    assert refused.value.code == "full"


def test_offering_twice_keeps_one_offer_and_accepting_twice_one_confirmation(
    asked, consultation_officer, visitor
):
    appointment = offer(asked, consultation_officer, at(24, 10))
    with pytest.raises(ConsultationError) as refused:
        offer(asked, consultation_officer, at(24, 11))
    assert refused.value.code == "active"
    confirmed = accept(appointment, visitor)
    again = accept(appointment, visitor)
    assert again.code == confirmed.code
    assert Appointment.objects.count() == 1


def test_one_to_three_times_only(asked, consultation_officer):
    with pytest.raises(ConsultationError):
        offer(asked, consultation_officer)
    with pytest.raises(ConsultationError):
        offer(asked, consultation_officer, at(24, 8), at(24, 9), at(24, 10), at(24, 11))


def test_only_the_requester_answers_and_only_officers_of_the_office_offer(
    asked, consultation_officer, visitor, other_office_officer, front_office
):
    for stranger in (other_office_officer, front_office, visitor):
        with pytest.raises(ConsultationError) as refused:
            offer(asked, stranger, at(24, 10))
        assert refused.value.code == "not_allowed"
    appointment = offer(asked, consultation_officer, at(24, 10))
    for stranger in (consultation_officer, other_office_officer):
        with pytest.raises(ConsultationError) as refused:
            accept(appointment, stranger)
        assert refused.value.code == "not_requester"


def test_the_requester_asks_for_another_time_and_the_officer_offers_again(
    asked, consultation_officer, visitor
):
    appointment = offer(asked, consultation_officer, at(24, 10))
    mail.outbox.clear()
    services.appointment_decline(appointment=appointment, actor=visitor, body="Kamis pagi saja")
    assert mail.outbox[-1].to == [consultation_officer.email]
    assert "Kamis pagi saja" in mail.outbox[-1].body
    assert asked.messages.last().body == "Kamis pagi saja"
    assert offer(asked, consultation_officer, at(26, 9)).status == A.OFFERED


def test_moving_or_cancelling_works_until_the_day_before(
    asked, consultation_officer, visitor, clock
):
    confirmed = accept(offer(asked, consultation_officer, at(24, 10)), visitor)
    clock.move_to(at(24, 0, 5))  # the appointment's own day
    with pytest.raises(ConsultationError) as refused:
        services.appointment_cancel(appointment=confirmed, actor=visitor)
    assert refused.value.code == "too_late"
    with pytest.raises(ConsultationError):
        services.appointment_decline(appointment=confirmed, actor=visitor, body="Besok saja")
    clock.move_to(at(23, 23, 55))  # the evening before
    cancelled = services.appointment_cancel(appointment=confirmed, actor=visitor)
    assert cancelled.status == A.CANCELLED
    assert services.appointment_cancel(appointment=confirmed, actor=visitor).status == A.CANCELLED
    # The place is free again.
    assert offer(asked, consultation_officer, at(24, 10)).status == A.OFFERED


def test_typed_codes_are_read_as_meant():
    assert code_normalize(" ab1-o2i ") == "AB102I".replace("I", "1")
    assert code_normalize("abc") is None
    assert code_normalize("ABCDEU") is None  # no U in the alphabet
    assert code_normalize("１２３４５６") == "123456"  # full-width digits (product trial G, G12)
    assert code_normalize("AB\x00123") is None
    assert code_normalize("9" * 1000) is None


def test_the_appointment_does_not_touch_a_closed_consultation(asked, consultation_officer, visitor):
    Consultation.objects.filter(pk=asked.pk).update(status="closed")
    with pytest.raises(ConsultationError) as refused:
        offer(asked, consultation_officer, at(24, 10))
    assert refused.value.code == "state"
