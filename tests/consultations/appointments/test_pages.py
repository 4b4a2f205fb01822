"""The appointment actions through the consultation page: offered, accepted, moved; every
refusal a message (never a 500); who may not act; the panel's query budget."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation, SubjectArea
from tests.consultations.appointments.conftest import at
from tests.factories import UserFactory

A = AppointmentStatus


def act(client, consultation, action, appointment=None, **data):
    if appointment is None:
        url = reverse("appointment_act", args=[consultation.pk, action])
    else:
        url = reverse("appointment_act_on", args=[consultation.pk, appointment.pk, action])
    return client.post(url, data)


FOLLOW = re.compile(r"https?://[^/\s]+(/consultations/follow/[^/\s]+/)")


def local(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_offered_on_the_page_and_accepted_by_the_requester(
    client, asked, consultation_officer, visitor
):
    client.force_login(consultation_officer)
    response = act(client, asked, "offer", time_1=local(at(24, 10)), time_2=local(at(24, 13)))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert [o.starts_at for o in appointment.offers.all()] == [at(24, 10), at(24, 13)]
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="appointment-accept"' in page
    second = appointment.offers.last()
    assert act(client, asked, "accept", appointment, offer=second.pk).status_code == 302
    assert act(client, asked, "accept", appointment, offer=second.pk).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == A.CONFIRMED and appointment.starts_at == at(24, 13)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert appointment.code[:3] in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"time_1": "kemarin"},
        {"time_1": "2026-11-24T10:00\x00"},
        {"time_1": "٢٠٢٦-١١-٢٤T10:00"},
        {"time_1": "9" * 400},
        {"time_1": "2026-11-24T22:00"},
        {"time_1": "2026-11-22T10:00"},
    ],
)
def test_bad_times_are_a_message_not_a_500(client, asked, consultation_officer, data):
    client.force_login(consultation_officer)
    response = act(client, asked, "offer", **data)
    assert response.status_code in (302, 400)  # 400: the request guard refuses NUL bytes
    assert not Appointment.objects.exists()


def test_a_refused_time_is_named_and_the_typed_times_come_back(client, asked, consultation_officer):
    # Found by the product trial: one Saturday among three times wiped all three, and the
    # message did not say which one.
    client.force_login(consultation_officer)
    typed = {"time_1": "2026-11-25T09:00", "time_2": "2026-11-25T10:00",
             "time_3": "2026-11-28T09:00"}  # fmt: skip
    page = act(client, asked, "offer", **typed)
    page = client.get(page.url).content.decode()
    assert "Sabtu 28 November 2026 09.00" in page
    for value in typed.values():
        assert f'value="{value}"' in page
    assert not Appointment.objects.exists()
    again = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'value="2026-11-28T09:00"' not in again  # once


def test_typed_times_of_another_consultation_are_not_shown(
    client, asked, ask, consultation_officer
):
    other, _requester = ask("lain@example.org")
    client.force_login(consultation_officer)
    act(client, asked, "offer", time_1="2026-11-28T09:00")
    page = client.get(reverse("consultation_detail", args=[other.pk])).content.decode()
    assert 'value="2026-11-28T09:00"' not in page


@pytest.mark.parametrize("offer", ["", "abc", "0", "99999999999999999999", "1\x00", "١"])
def test_a_bad_offer_choice_is_a_message(client, asked, consultation_officer, visitor, offer):
    client.force_login(consultation_officer)
    act(client, asked, "offer", time_1=local(at(24, 10)))
    client.force_login(visitor)
    response = act(client, asked, "accept", Appointment.objects.get(), offer=offer)
    assert response.status_code in (302, 400)
    assert Appointment.objects.get().status == A.OFFERED


def test_nobody_else_offers_or_accepts(
    client, asked, consultation_officer, visitor, other_office_officer
):
    anonymous = act(client, asked, "offer", time_1=local(at(24, 10)))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for stranger in (UserFactory(email="lain@example.org"), other_office_officer):
        client.force_login(stranger)
        assert act(client, asked, "offer", time_1=local(at(24, 10))).status_code == 404
    client.force_login(visitor)  # the requester cannot offer
    act(client, asked, "offer", time_1=local(at(24, 10)))
    assert not Appointment.objects.exists()
    client.force_login(consultation_officer)
    act(client, asked, "offer", time_1=local(at(24, 10)))
    appointment = Appointment.objects.get()
    offer = appointment.offers.get().pk
    act(client, asked, "accept", appointment, offer=offer)  # an officer cannot accept
    for stranger in (UserFactory(email="lain2@example.org"), other_office_officer):
        client.force_login(stranger)
        assert act(client, asked, "accept", appointment, offer=offer).status_code == 404
    assert Appointment.objects.get().status == A.OFFERED
    assert (
        client.post(f"/consultations/{asked.pk}/appointments/{appointment.pk}/delete/").status_code
        == 404
    )


def test_the_consultation_page_reads_its_appointments_in_a_fixed_number_of_queries(
    client, asked, consultation_officer, visitor
):
    url = reverse("consultation_detail", args=[asked.pk])

    def queries(reader) -> int:
        client.force_login(reader)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    without = {reader.pk: queries(reader) for reader in (visitor, consultation_officer)}
    client.force_login(consultation_officer)
    act(client, asked, "offer", time_1=local(at(24, 10)), time_2=local(at(24, 11)),
        time_3=local(at(24, 12)))  # fmt: skip
    for reader in (visitor, consultation_officer):
        assert queries(reader) <= without[reader.pk] + 1


def test_the_inbox_shows_todays_appointments_and_meetings_in_a_fixed_number_of_queries(
    client, asked, ask, consultation_officer, visitor, clock
):
    def book(consultation, requester, when):
        appointment = services.appointment_offer(
            consultation=consultation, officer=consultation_officer, times=[when]
        )
        services.appointment_accept(
            appointment=appointment, actor=requester, offer_id=appointment.offers.get().pk
        )

    book(asked, visitor, at(24, 10))
    client.force_login(consultation_officer)
    url = reverse("consultation_list")
    clock.move_to(at(24, 8))

    def inbox():
        client.force_login(consultation_officer)  # each morning's sign-in (STAFF_SESSION_HOURS)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return page, len(captured.captured_queries)

    # Its number, not its row id (they differ once several offices share the installation).
    Consultation.objects.filter(pk=asked.pk).update(number=42)
    page, one = inbox()
    assert page.count('data-testid="appointment-today"') == 1
    assert "KS-6571-000042" in page
    clock.move_to(at(23, 9))
    for i, hour in enumerate((11, 13)):
        book(*ask(f"orang{i}@example.org"), at(24, hour))
    services.meeting_schedule(
        consultation=ask("zoom@example.org")[0], officer=consultation_officer,
        starts_at=at(24, 14), zoom_url="https://zoom.us/j/1",
    )  # fmt: skip
    clock.move_to(at(24, 8))
    page, four = inbox()
    assert page.count('data-testid="appointment-today"') == 4
    assert four == one
    clock.move_to(at(25, 8))  # the next day: none of them
    assert 'data-testid="appointment-today"' not in inbox()[0]


def test_the_requester_sees_the_upcoming_meeting_on_their_list(
    client, asked, consultation_officer, visitor, clock
):
    client.force_login(visitor)
    assert (
        'data-testid="upcoming-appointment"'
        not in client.get(reverse("consultation_list")).content.decode()
    )
    services.meeting_schedule(
        consultation=asked, officer=consultation_officer, starts_at=at(24, 14),
        zoom_url="https://zoom.us/j/1",
    )  # fmt: skip
    page = client.get(reverse("consultation_list")).content.decode()
    assert 'data-testid="upcoming-appointment"' in page
    # The zone and the office: a list may mix offices of WIB, WITA and WIT (trial L, L9).
    assert "14.00 WITA</strong> · BPS Kota Tarakan" in page
    assert "zoom.us" not in page  # the link stays on the consultation page
    clock.move_to(at(24, 14, 31))
    assert (
        'data-testid="upcoming-appointment"'
        not in client.get(reverse("consultation_list")).content.decode()
    )


def test_a_requester_without_an_account_accepts_through_the_follow_link_and_nobody_else(
    client, office, consultation_officer, k_service, clock
):
    def opened(email):
        return consultation_open_remote(
            office=office, officer=consultation_officer, channel=Channel.PHONE,
            requester_name="Budi Santoso", requester_email=email, topic="data",
            subject_area=SubjectArea.objects.get(name="Kependudukan"), question="Data 2025?",
        )  # fmt: skip

    mail.outbox.clear()
    mine, other = opened("budi@example.org"), opened("ani@example.org")
    follow = next(m for m in mail.outbox if m.to == ["budi@example.org"])
    appointment = services.appointment_offer(
        consultation=mine, officer=consultation_officer, times=[at(24, 10)]
    )
    offered = next(m for m in reversed(mail.outbox) if m.to == ["budi@example.org"])
    assert "/consultations/follow/" in offered.body  # the guest reaches it by the link
    client.get(FOLLOW.search(follow.body).group(1))
    other_offer = services.appointment_offer(
        consultation=other, officer=consultation_officer, times=[at(24, 11)]
    )
    # Another consultation's offer: the link grants this one only (sent to sign in).
    response = act(client, other, "accept", other_offer, offer=other_offer.offers.get().pk)
    assert "/accounts/login/" in response["Location"]
    response = act(client, mine, "accept", appointment, offer=appointment.offers.get().pk)
    assert response.status_code == 302
    appointment.refresh_from_db()
    other_offer.refresh_from_db()
    assert appointment.status == A.CONFIRMED and other_offer.status == A.OFFERED
    confirmation = next(m for m in reversed(mail.outbox) if m.to == ["budi@example.org"])
    assert appointment.code[:3] in confirmation.body
    # The guest cannot offer times (staff only).
    assert act(client, mine, "offer", time_1=local(at(24, 13))).status_code == 302
    assert Appointment.objects.filter(consultation=mine).count() == 1


def test_a_meeting_is_scheduled_and_recorded_through_the_page(
    client, asked, consultation_officer, visitor, clock
):
    client.force_login(consultation_officer)
    data = {"starts_at": local(at(24, 14)), "zoom_url": "https://zoom.us/j/123",
            "zoom_passcode": "rahasia"}  # fmt: skip
    assert act(client, asked, "meeting", **data).status_code == 302
    assert act(client, asked, "meeting", **data).status_code == 302  # twice: one meeting
    meeting = Appointment.objects.get()
    assert meeting.is_zoom and meeting.zoom_passcode == "rahasia"
    for bad in ({"zoom_url": "javascript:alert(1)"}, {"zoom_passcode": "x\x00"},
                {"starts_at": "٢٠٢٦-١١-٢٤T14:00"}):  # fmt: skip
        act(client, asked, "meeting", **(data | bad))
    assert Appointment.objects.count() == 1
    clock.move_to(at(24, 14, 35))
    client.force_login(consultation_officer)  # a new working day, a new sign-in (I12)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="meeting-record-form"' in page
    client.force_login(visitor)  # the requester cannot record it
    act(client, asked, "record", meeting, body="Dijelaskan.", outcome="answered")
    assert Appointment.objects.get().status == A.CONFIRMED
    client.force_login(consultation_officer)
    act(client, asked, "record", meeting, body="Dijelaskan.", outcome="answered")
    assert Appointment.objects.get().status == A.DONE
    asked.refresh_from_db()
    assert asked.status == "answered"


def _walk_in_at_desk(office, desks, k_service, officer, email="tamu@example.org"):
    """A visitor with a guestbook entry, served at desk 2."""
    from queueing import services as queue
    from tests.factories import GuestbookEntryFactory

    ticket = queue.ticket_issue(office=office, service=k_service)
    queue.ticket_transfer(
        ticket=queue.ticket_call_next(desk=desks[1], officer=officer),
        desk=desks[1], officer=officer, to_service=k_service, without_guestbook=True,
    )  # fmt: skip
    GuestbookEntryFactory(office=office, ticket=ticket, email=email)
    queue.ticket_call_next(desk=desks[2], officer=officer)
    queue.ticket_start(ticket=ticket, desk=desks[2], officer=officer)
    return ticket


WALK_IN_DATA = {"topic": "data", "question": "IPM?", "answer": "Perlu data rinci: janji temu."}


def test_a_walk_in_visitor_sent_home_with_outcome_appointment_gets_a_confirmed_visit_and_code(
    client, office, desks, k_service, consultation_officer, clock, seat
):
    # Found by the product trial: the time was stored on the record only (no appointment, no
    # code, no email, shown nowhere) and a Saturday was taken.
    ticket = _walk_in_at_desk(office, desks, k_service, consultation_officer)
    client.force_login(consultation_officer)
    seat(client, desks[2])
    mail.outbox.clear()
    response = client.post(
        reverse("consultation_walk_in", args=[ticket.pk]),
        {**WALK_IN_DATA, "subject_area": SubjectArea.objects.get(name="Kependudukan").pk,
         "outcome": "appointment", "appointment_at": "2026-11-25T10:00"},
        follow=True,
    )  # fmt: skip
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.CONFIRMED and appointment.code
    assert appointment.starts_at == at(25, 10) and appointment.kind == "in_person"
    shown = f"{appointment.code[:3]}-{appointment.code[3:]}"
    assert shown in response.content.decode()  # the officer gives it to the visitor
    (email,) = [m for m in mail.outbox if m.to == ["tamu@example.org"] and "/rate/" not in m.body]
    assert shown in email.body


@pytest.mark.parametrize("when", ["2026-11-28T10:00", "2026-11-25T20:00", "2026-11-23T08:00"])
def test_a_walk_in_appointment_outside_opening_hours_is_refused_on_its_field(
    client, office, desks, k_service, consultation_officer, clock, seat, when
):
    ticket = _walk_in_at_desk(office, desks, k_service, consultation_officer)
    client.force_login(consultation_officer)
    seat(client, desks[2])
    response = client.post(
        reverse("consultation_walk_in", args=[ticket.pk]),
        {**WALK_IN_DATA, "subject_area": SubjectArea.objects.get(name="Kependudukan").pk,
         "outcome": "appointment", "appointment_at": when},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].has_error("appointment_at")
    assert response.context["form"]["question"].value() == "IPM?"
    assert not Appointment.objects.exists()
    ticket.refresh_from_db()
    assert ticket.status == "serving"


def test_an_appointment_of_a_withdrawn_consultation_leaves_the_lists(
    client, asked, consultation_officer, visitor, clock
):
    appointment = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10)]
    )
    services.appointment_accept(
        appointment=appointment, actor=visitor, offer_id=appointment.offers.get().pk
    )
    lifecycle.consultation_cancel(consultation=asked, requester=visitor)
    clock.move_to(at(24, 8))
    client.force_login(consultation_officer)
    assert (
        'data-testid="appointment-today"'
        not in client.get(reverse("consultation_list")).content.decode()
    )


def test_an_officer_confirms_the_time_a_requester_without_email_chose_by_phone(
    client, office, consultation_officer, other_office_officer, k_service, clock
):
    # Found by the product trial: offered to nobody, the times waited forever.
    consultation = consultation_open_remote(
        office=office, officer=consultation_officer, channel=Channel.PHONE,
        requester_name="Pak Hendra", requester_email="", requester_phone="081234567890",
        subject_area=SubjectArea.objects.get(name="Kependudukan"), topic="data",
        question="Data penduduk per kelurahan?",
    )  # fmt: skip
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    appointment = services.appointment_offer(
        consultation=consultation, officer=consultation_officer, times=[at(24, 10), at(24, 11)]
    )
    second = appointment.offers.order_by("starts_at").last()
    client.force_login(other_office_officer)
    assert act(client, consultation, "accept", appointment, offer=second.pk).status_code == 404
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert 'data-testid="appointment-accept-for"' in page
    response = act(client, consultation, "accept", appointment, offer=second.pk)
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == A.CONFIRMED and appointment.starts_at == at(24, 11)
    page = client.get(response.url).content.decode()
    assert "tidak diberi tahu" in page  # nobody was emailed: the officer tells them the code
    note = consultation.messages.get(kind="internal")
    assert note.author == consultation_officer and "11.00" in note.body
