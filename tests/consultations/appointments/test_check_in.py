"""Check-in by appointment code at the kiosk and on the phone page: on its day, at its office,
once; a priority ticket of the consultation service straight to its desks; the consultation
opens at the desk with its conversation and the outcome is saved on it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.conversation import message_add
from consultations.errors import ConsultationError
from consultations.models import Consultation, ConsultationStatus, Outcome
from queueing import services as queue
from queueing.choices import Priority, Stage, TicketStatus
from queueing.models import Ticket
from tests.concurrency import run_in_parallel
from tests.consultations.appointments.conftest import at

A = AppointmentStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def booked(asked, consultation_officer, visitor):
    """Tuesday 24 November 10.00, confirmed; the clock still on Monday 09.00."""
    appointment = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10), at(24, 11)]
    )
    return services.appointment_accept(
        appointment=appointment, actor=visitor, offer_id=appointment.offers.first().pk
    )


def check_in(client, office, code, *, phone=False):
    name = "appointment_check_in_phone" if phone else "appointment_check_in"
    return client.post(reverse(name, args=[office.code]), {"code": code})


def test_the_code_on_its_day_gives_a_priority_consultation_ticket(
    client, office, booked, clock, k_service
):
    clock.move_to(at(24, 9, 40))
    response = check_in(client, office, booked.code.lower())
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk_ticket", args=[office.code, ticket.token])
    assert ticket.service == k_service and ticket.priority == Priority.APPOINTMENT
    # The office has a front office, but the visitor is known: straight to the K desks.
    assert ticket.stage == Stage.SERVICE
    booked.refresh_from_db()
    assert booked.ticket == ticket and booked.status == A.CHECKED_IN


def test_the_phone_page_with_the_emails_qr_code_lands_on_the_ticket(client, office, booked, clock):
    clock.move_to(at(24, 9, 40))
    page = client.get(
        reverse("appointment_check_in_phone", args=[office.code]), {"code": booked.code}
    )
    assert page.status_code == 200 and booked.code in page.content.decode()
    response = check_in(client, office, booked.code, phone=True)
    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("ticket_status", args=[ticket.token])
    # Like a number taken on the phone page, the phone keeps it: the page leads back to it.
    kept = client.get(reverse("phone_ticket", args=[office.code]))
    assert kept.context["kept"] == ticket


@pytest.mark.parametrize(
    ("moment", "code"),
    [(at(23, 10), "too_early"), (at(25, 9), "too_late")],
)
def test_the_code_on_another_day_gets_a_clear_message(client, office, booked, clock, moment, code):
    clock.move_to(moment)
    with pytest.raises(ConsultationError) as refused:
        services.appointment_check_in(office=office, code=booked.code)
    assert refused.value.code == code
    response = check_in(client, office, booked.code)
    assert response.status_code == 409
    # The same sentence as the service's, with the appointment's day in it.
    assert refused.value.message.split(":")[0] in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_code_at_another_office_is_refused(client, office, other_office, booked, clock):
    clock.move_to(at(24, 9, 40))
    with pytest.raises(ConsultationError) as refused:
        services.appointment_check_in(office=other_office, code=booked.code)
    assert refused.value.code == "other_office"
    assert check_in(client, other_office, booked.code).status_code == 409


def test_the_code_works_once(client, office, booked, clock):
    clock.move_to(at(24, 9, 40))
    assert check_in(client, office, booked.code).status_code == 302
    response = check_in(client, office, booked.code)
    assert response.status_code == 409
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize("cancel", ["appointment", "consultation"])
def test_a_cancelled_appointments_code_says_so(office, booked, visitor, clock, cancel):
    if cancel == "appointment":
        services.appointment_cancel(appointment=booked, actor=visitor)
    else:
        lifecycle.consultation_cancel(consultation=booked.consultation, requester=visitor)
    clock.move_to(at(24, 9, 40))
    with pytest.raises(ConsultationError) as refused:
        services.appointment_check_in(office=office, code=booked.code)
    assert refused.value.code == "withdrawn"


def test_the_code_of_an_appointment_moved_to_another_time_says_so(
    client, office, booked, visitor, clock
):
    # Found by the product trial: "no appointment has this code" for the code in the email.
    services.appointment_decline(appointment=booked, actor=visitor, body="")
    clock.move_to(at(24, 9, 40))
    response = check_in(client, office, booked.code)
    errors = response.context["form"].errors["code"]
    assert "moved to another time" in errors[0] or "dipindahkan" in errors[0]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "typed",
    ["", "\x00\x00\x00\x00\x00\x00", "ABC\x07EF", "١٢٣٤٥٦", "9" * 5000, "ZZZZZZ", "' OR 1=1 --"],
)
def test_anything_typed_gets_a_message_never_a_500(client, office, booked, clock, typed):
    clock.move_to(at(24, 9, 40))
    response = check_in(client, office, typed)
    assert response.status_code in (400, 409)
    assert not Ticket.objects.exists()


def test_unknown_offices_and_odd_addresses_are_refused(client, office):
    assert client.get("/kiosk/9999/appointment/").status_code == 404
    assert client.get("/kiosk/%00/appointment/").status_code in (400, 404)
    assert client.get("/q/6571/appointment/?code=%00%00").status_code in (200, 400)


def test_guessing_codes_is_slowed_down(client, office, booked, clock, settings):
    settings.APPOINTMENT_CHECKINS_PER_MINUTE = 3
    clock.move_to(at(24, 9, 40))
    for _try in range(3):
        assert check_in(client, office, "ZZZZZZ").status_code == 409
    assert check_in(client, office, booked.code).status_code == 429
    assert not Ticket.objects.exists()


def test_visitors_checking_in_at_one_kiosk_are_not_slowed_down(
    client, office, asked, consultation_officer, visitor, clock, settings
):
    # Every visitor of the lobby comes from the kiosk's one address: right codes do not count.
    settings.APPOINTMENT_CHECKINS_PER_MINUTE = 2
    appointment = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10)]
    )
    booked = services.appointment_accept(
        appointment=appointment, actor=visitor, offer_id=appointment.offers.get().pk
    )
    clock.move_to(at(24, 9, 40))
    assert check_in(client, office, "ZZZZZZ").status_code == 409
    assert check_in(client, office, booked.code).status_code == 302
    assert check_in(client, office, booked.code).status_code == 409  # used: a wrong try
    assert check_in(client, office, booked.code).status_code == 429


def test_the_appointment_is_called_before_those_who_came_earlier(
    office, desks, booked, clock, consultation_officer, issue
):
    clock.move_to(at(24, 9, 40))
    earlier = issue("K", priority=Priority.ELDERLY)
    queue.ticket_transfer(  # through the front office, as every kiosk ticket here
        ticket=queue.ticket_call_next(desk=desks[1], officer=consultation_officer),
        desk=desks[1], officer=consultation_officer, to_service=earlier.service,
        without_guestbook=True,
    )  # fmt: skip
    checked_in = services.appointment_check_in(office=office, code=booked.code)
    called = queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    assert called == checked_in.ticket


@pytest.fixture
def serving(office, desks, booked, clock, consultation_officer, client, seat):
    clock.move_to(at(24, 9, 40))
    ticket = services.appointment_check_in(office=office, code=booked.code).ticket
    queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[3], officer=consultation_officer)
    client.force_login(consultation_officer)
    seat(client, desks[3])
    return ticket


def test_the_consultation_opens_at_the_desk_with_its_conversation_and_keeps_the_outcome(
    client, serving, asked, booked, django_assert_max_num_queries
):
    url = reverse("consultation_walk_in", args=[serving.pk])
    with django_assert_max_num_queries(30):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert asked.reference in text and "Proyeksi penduduk Kota Tarakan 2030" in text
    data = {"body": "Proyeksi 2030 per kecamatan dijelaskan di meja.", "outcome": "answered"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: saved once
    asked.refresh_from_db()
    assert asked.status == ConsultationStatus.ANSWERED and asked.outcome == Outcome.ANSWERED
    assert asked.messages.filter(body=data["body"]).count() == 1
    assert Consultation.objects.count() == 1  # no walk-in record besides it
    serving.refresh_from_db()
    assert serving.status == TicketStatus.DONE
    assert Appointment.objects.get().status == A.DONE


def test_an_empty_outcome_is_refused_on_the_form(client, serving):
    url = reverse("consultation_walk_in", args=[serving.pk])
    assert client.post(url, {"body": "", "outcome": "answered"}).status_code == 400
    assert client.post(url, {"body": "x\x00", "outcome": "referred"}).status_code == 400
    serving.refresh_from_db()
    assert serving.status == TicketStatus.SERVING


def test_another_officer_does_not_get_the_desk_form(
    client, serving, booked, other_office_officer, visitor
):
    url = reverse("consultation_walk_in", args=[serving.pk])
    client.force_login(other_office_officer)
    assert client.post(url, {"body": "x", "outcome": "answered"}).status_code == 404
    client.force_login(visitor)
    assert client.post(url, {"body": "x", "outcome": "answered"}).status_code == 403
    serving.refresh_from_db()
    assert serving.status == TicketStatus.SERVING


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_check_ins_of_one_code_at_once_give_one_ticket(office, booked, clock):
    clock.move_to(at(24, 9, 40))
    url = reverse("appointment_check_in", args=[office.code])

    def tap(_i: int) -> int:
        return Client().post(url, {"code": booked.code}).status_code

    results, errors = run_in_parallel(2, tap)
    assert errors == []
    assert sorted(results) == [302, 409]
    assert Ticket.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("subject_areas")
def test_two_requesters_accepting_the_last_place_of_a_slot_at_once_get_it_once(
    asked, ask, consultation_officer, visitor, clock, settings
):
    settings.APPOINTMENTS_PER_SLOT = 1
    other, other_requester = ask("dua@example.org")
    offers = [
        services.appointment_offer(consultation=c, officer=consultation_officer, times=[at(24, 10)])
        for c in (asked, other)
    ]
    requesters = [visitor, other_requester]

    def take(i: int):
        return services.appointment_accept(
            appointment=offers[i], actor=requesters[i], offer_id=offers[i].offers.get().pk
        )

    _results, errors = run_in_parallel(2, take)
    assert [error.code for error in errors] == ["full"]
    assert Appointment.objects.filter(status=A.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("moment", "code", "said"),
    [
        (at(24, 7, 30), "too_early", "09.00"),  # from when the code works
        (at(24, 10, 31), "too_late", "10.00"),  # the appointment's time
    ],
)
def test_on_its_day_the_code_works_only_around_its_time(
    client, office, booked, clock, moment, code, said
):
    clock.move_to(moment)
    with pytest.raises(ConsultationError) as refused:
        services.appointment_check_in(office=office, code=booked.code)
    assert refused.value.code == code
    assert said in refused.value.message
    assert not Ticket.objects.exists()
    clock.move_to(at(24, 9, 0))  # an hour before: in time
    assert services.appointment_check_in(office=office, code=booked.code).ticket_id


def test_the_desk_shows_messages_of_no_account_notes_and_files_like_the_consultation_page(
    client, serving, asked, consultation_officer
):
    # Found by the product trial: a message without an author (an on-behalf request, a reply
    # through a follow link, an email) made this page a 500 and left the desk stuck; notes
    # looked like ordinary messages and files were missing.
    message_add(consultation=asked, author=None, body="Balasan lewat tautan.", now=timezone.now())
    lifecycle.consultation_write(
        consultation=asked, officer=consultation_officer, body="Catatan untuk meja.",
        internal=True, files=[SimpleUploadedFile("tabel.pdf", PDF)],
    )  # fmt: skip
    page = client.get(reverse("consultation_walk_in", args=[serving.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Balasan lewat tautan." in text
    assert 'data-testid="internal-note"' in text and 'data-testid="attachment"' in text
