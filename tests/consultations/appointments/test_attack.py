"""What the attack on appointments found (issue 11): a time in year 9999 was a 500, and a
meeting link could hide where it leads, and an outcome sent by someone not at the desk was
answered "already saved" though nothing was, and an answered consultation had no offer form
though the services take it, and a visit missed on its day blocked every new offer for good."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations import lifecycle
from consultations.appointments import services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.errors import ConsultationError
from queueing import services as queue
from tests.consultations.appointments.conftest import at
from tests.consultations.appointments.test_check_in import booked  # noqa: F401 (Tuesday 10.00)


def offer_on_page(client, consultation, **data):
    return client.post(reverse("appointment_act", args=[consultation.pk, "offer"]), data)


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "9999-12-30T09:00", "2028-11-23T09:00"])
def test_a_time_years_ahead_is_a_message_not_a_500(client, asked, consultation_officer, typed):
    client.force_login(consultation_officer)
    response = offer_on_page(client, asked, time_1=typed)
    assert response.status_code == 302
    assert not Appointment.objects.exists()
    page = client.get(response.url).content.decode()
    assert "twelve months" in page or "dua belas bulan" in page


def test_a_time_years_ahead_is_refused_by_the_service_too(asked, consultation_officer):
    with pytest.raises(ConsultationError) as refused:
        services.meeting_schedule(
            consultation=asked, officer=consultation_officer,
            starts_at=dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
            zoom_url="https://zoom.us/j/1",
        )  # fmt: skip
    assert refused.value.code == "far"


@pytest.mark.parametrize(
    "link",
    [
        "https://zoom.us@evil.example/j/1",  # the host is evil.example
        "https://zооm.us/j/1",  # Cyrillic o's: a look-alike host
        'https://zoom.us/j/1"><script>alert(1)</script>',
        "https://zoom.us/j/1 https://evil.example",
    ],
)
def test_a_meeting_link_that_hides_where_it_leads_is_refused(asked, consultation_officer, link):
    with pytest.raises(ConsultationError) as refused:
        services.meeting_schedule(
            consultation=asked, officer=consultation_officer, starts_at=at(24, 10),
            zoom_url=link,
        )  # fmt: skip
    assert refused.value.code == "link"
    assert not Appointment.objects.exists()


def test_an_ordinary_zoom_link_with_its_query_is_still_taken(asked, consultation_officer):
    meeting = services.meeting_schedule(
        consultation=asked, officer=consultation_officer, starts_at=at(24, 10),
        zoom_url="https://us06web.zoom.us/j/81234567890?pwd=AbC.1-_~%2F",
    )  # fmt: skip
    assert meeting.zoom_url.endswith("pwd=AbC.1-_~%2F")


@pytest.fixture
def serving_elsewhere(request, office, desks, consultation_officer, clock):
    """A checked-in visitor served at desk 3 by the consultation officer."""
    code = request.getfixturevalue("booked").code
    clock.move_to(at(24, 9, 40))
    ticket = services.appointment_check_in(office=office, code=code).ticket
    queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    return queue.ticket_start(ticket=ticket, desk=desks[3], officer=consultation_officer)


def test_an_outcome_sent_from_off_the_desk_is_not_called_already_saved(
    client, serving_elsewhere, supervisor
):
    client.force_login(supervisor)
    url = reverse("consultation_walk_in", args=[serving_elsewhere.pk])
    response = client.post(url, {"body": "Dijelaskan.", "outcome": "answered"}, follow=True)
    text = response.content.decode()
    assert "already saved" not in text and "sudah tersimpan" not in text
    assert "Not saved" in text or "Tidak tersimpan" in text
    assert Appointment.objects.get().status == AppointmentStatus.CHECKED_IN


def test_the_officer_can_offer_a_visit_or_meeting_on_an_answered_consultation(
    client, asked, consultation_officer
):
    # The services take it (a follow-up of the answer): the page must show the forms too.
    lifecycle.consultation_answer(consultation=asked, officer=consultation_officer, body="Ada.")
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="appointment-offer-form"' in page
    assert 'data-testid="meeting-form"' in page


@pytest.mark.usefixtures("booked")
def test_a_visit_missed_yesterday_no_longer_blocks_a_new_offer(
    client, asked, consultation_officer, clock
):
    clock.move_to(at(25, 9))  # Tuesday passed: nobody came
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="appointment-offer-form"' in page
    again = services.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(26, 10)]
    )
    assert Appointment.objects.exclude(pk=again.pk).get().status == AppointmentStatus.MISSED
    assert again.status == AppointmentStatus.OFFERED


@pytest.mark.usefixtures("booked")
def test_a_visit_of_today_still_blocks_a_second_offer(asked, consultation_officer, clock):
    clock.move_to(at(24, 15))  # later on its own day: the visitor may still be at the desk
    with pytest.raises(ConsultationError) as refused:
        services.appointment_offer(
            consultation=asked, officer=consultation_officer, times=[at(26, 10)]
        )
    assert refused.value.code == "active"
