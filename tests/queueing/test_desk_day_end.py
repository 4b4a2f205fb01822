"""A desk session never carries over a day: an officer who just closes the browser in the
evening leaves their session open, and the next morning the desk must not count as staffed —
not for the visitors' waiting estimate, the console's desk choice nor the SLA's "taken" —
while the day's close ends the session for the reports, and the console asks the officer to
take the desk again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from pst.permissions import Role
from queueing import services as queue
from queueing.call_order import ticket_estimate
from queueing.desk_sessions import desk_sessions_close_day
from queueing.desks import desk_take
from queueing.models import DeskSession, Ticket, TicketEvent, TicketStatus
from tests.concurrency import run_in_parallel
from tests.conftest import MONDAY_9, WITA
from tests.factories import UserFactory

HX = {"HX-Request": "true"}


def monday(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 23, hour, minute, tzinfo=WITA)


def tuesday(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=WITA)


@pytest.fixture
def no_front_office(desks, services):
    """K goes straight to Meja 2 and Meja 3, which call it."""
    desks[1].is_active = False
    desks[1].save()
    services["K"].records_consultations = False
    services["K"].save()
    return desks


@pytest.fixture
def budi(office):
    return UserFactory(email="budi@example.org", office=office, roles=[Role.CONSULTATION_OFFICER])


def serve(ticket, desk, officer):
    queue.ticket_call(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    return queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


# -- staffed today only --------------------------------------------------------------------


def test_a_desk_taken_yesterday_and_never_left_does_not_count_today(
    client, office, no_front_office, issue, consultation_officer, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)  # Monday 09:00, never left
    clock.move_to(tuesday(9))
    issue("K")
    mine = issue("K")
    assert not DeskSession.objects.staffed(office, tuesday(9)).exists()
    estimate = ticket_estimate(mine)
    assert (estimate.ahead, estimate.minutes, estimate.staffed) == (1, None, False)
    page = client.get(
        reverse("ticket_status", args=[mine.token]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "no officer is at a desk that calls your number" in page
    # Taken again today, it counts.
    desk_take(desk=desks[2], officer=consultation_officer)
    assert ticket_estimate(mine).staffed is True


def test_the_desk_choice_names_nobody_at_a_desk_taken_yesterday(
    client, no_front_office, consultation_officer, budi, clock
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=budi)  # Monday, never left
    client.force_login(consultation_officer)
    assert 'data-testid="desk-holders-2"' in client.get(reverse("desk")).content.decode()
    clock.move_to(tuesday(8))
    client.force_login(consultation_officer)  # the staff session of Monday has ended
    page = client.get(reverse("desk")).content.decode()
    assert 'data-testid="choose-desk-2"' in page
    assert 'data-testid="desk-holders-2"' not in page


def test_the_first_call_today_counts_from_taking_the_desk_again_not_from_yesterday(
    no_front_office, issue, consultation_officer, budi, clock
):
    meja3 = no_front_office[3]
    desk_take(desk=meja3, officer=consultation_officer)  # Monday 09:00, browser closed
    clock.move_to(tuesday(8))
    issue("K")  # 08:00
    clock.move_to(tuesday(9, 30))
    # Back at the same desk: yesterday's session does not go on, today's starts now.
    today = desk_take(desk=meja3, officer=consultation_officer)
    assert today.started_at == tuesday(9, 30)
    clock.move_to(tuesday(9, 34))
    ticket = queue.ticket_call_next(desk=meja3, officer=consultation_officer)
    assert ticket.sla_started_at == tuesday(9, 30)
    assert (ticket.sla_wait_seconds, ticket.sla_met) == (4 * 60, True)
    # Yesterday's session ended at Monday's closing time (nothing done at the desk after).
    assert DeskSession.objects.get(started_at=MONDAY_9).ended_at == monday(16)


def test_a_colleague_taking_the_desk_today_is_not_joined_to_yesterdays_session(
    no_front_office, issue, consultation_officer, budi, clock
):
    meja3 = no_front_office[3]
    desk_take(desk=meja3, officer=consultation_officer)  # Monday, never left
    clock.move_to(tuesday(8))
    issue("K")
    clock.move_to(tuesday(9, 30))
    desk_take(desk=meja3, officer=budi)
    clock.move_to(tuesday(9, 34))
    ticket = queue.ticket_call_next(desk=meja3, officer=budi)
    # Not from 08:00 as if yesterday's session had held the desk through the night.
    assert ticket.sla_started_at == tuesday(9, 30)
    assert ticket.sla_wait_seconds == 4 * 60


# -- the day's close ends the sessions left open ---------------------------------------------


def test_the_days_close_ends_sessions_left_open_once(
    office, no_front_office, issue, consultation_officer, budi, clock, capsys
):
    desks = no_front_office
    desk_take(desk=desks[2], officer=consultation_officer)
    desk_take(desk=desks[3], officer=budi)
    clock.move_to(monday(15, 55))
    late = issue("K")
    clock.move_to(monday(16, 40))
    serve(late, desks[2], consultation_officer)  # served after closing time
    clock.move_to(monday(17))
    call_command("close_day")
    assert DeskSession.objects.open().count() == 2  # within the grace: still at work
    clock.move_to(monday(18, 15))
    call_command("close_day")
    assert "2 desk session(s) ended" in capsys.readouterr().out
    ends = dict(DeskSession.objects.values_list("officer__email", "ended_at"))
    # The last action at the desk when later than the closing time, else the closing time.
    assert ends == {consultation_officer.email: monday(16, 40), budi.email: monday(16)}
    clock.move_to(monday(18, 30))
    call_command("close_day")
    assert capsys.readouterr().out == ""
    assert dict(DeskSession.objects.values_list("officer__email", "ended_at")) == ends


def test_a_session_of_an_earlier_day_is_ended_the_next_morning(
    office, no_front_office, consultation_officer, clock
):
    desk_take(desk=no_front_office[2], officer=consultation_officer)
    clock.move_to(tuesday(7))
    assert desk_sessions_close_day(office=office) == 1
    assert DeskSession.objects.get().ended_at == monday(16)
    assert desk_sessions_close_day(office=office) == 0


def test_before_the_days_end_todays_sessions_stay_open(
    office, no_front_office, consultation_officer, clock
):
    desk_take(desk=no_front_office[2], officer=consultation_officer)
    clock.move_to(monday(16, 30))
    assert desk_sessions_close_day(office=office) == 0
    assert DeskSession.objects.open().count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_end_each_session_once(office, desks, consultation_officer, budi):
    desk_take(desk=desks[2], officer=consultation_officer, now=MONDAY_9)
    desk_take(desk=desks[3], officer=budi, now=MONDAY_9)
    results, errors = run_in_parallel(
        2, lambda i: desk_sessions_close_day(office=office, now=tuesday(7))
    )
    assert errors == []
    assert sum(results) == 2
    assert set(DeskSession.objects.values_list("ended_at", flat=True)) == {monday(16)}


# -- the console the next morning -----------------------------------------------------------


def test_signed_in_again_the_next_morning_the_desk_is_not_marked_as_still_theirs(
    client, no_front_office, consultation_officer, clock
):
    # The usual morning: the staff session ended overnight (STAFF_SESSION_HOURS), the desk
    # session did not (nobody signed out).
    desk_take(desk=no_front_office[3], officer=consultation_officer)
    clock.move_to(tuesday(8))
    client.force_login(consultation_officer)
    page = client.get(reverse("desk")).content.decode()
    assert 'data-testid="choose-desk-3"' in page
    assert 'data-testid="desk-mine-3"' not in page
    client.post(reverse("desk_select"), {"desk": no_front_office[3].pk})
    assert DeskSession.objects.staffed(no_front_office[3].office, tuesday(8)).get().started_at == (
        tuesday(8)
    )


@pytest.fixture(params=["closed", "not closed"])
def console_left_open(
    request, client, no_front_office, consultation_officer, issue, clock, settings
):
    """Monday: the officer takes Meja 3 and closes the browser in the evening; the day's
    close ran (or not: cron was down). Tuesday 08:00: a visitor waits, the same browser opens
    the console (an office that keeps staff signed in longer than the night,
    STAFF_SESSION_HOURS)."""
    settings.STAFF_SESSION_HOURS = 36
    client.force_login(consultation_officer)
    client.post(reverse("desk_select"), {"desk": no_front_office[3].pk})
    clock.move_to(monday(18, 15))
    if request.param == "closed":
        call_command("close_day")
    clock.move_to(tuesday(8))
    issue("K")
    return client


def test_the_console_asks_to_take_the_desk_again_the_next_morning(
    console_left_open, no_front_office, consultation_officer, clock
):
    client = console_left_open
    response = client.get(reverse("desk"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="choose-desk-3"' in page  # the desk choice, not Meja 3's console
    assert "Your time at Meja 3 ended with the office&#x27;s day" in page
    clock.move_to(tuesday(8, 5))
    client.post(reverse("desk_select"), {"desk": no_front_office[3].pk})
    assert 'data-testid="choose-desk-3"' not in client.get(reverse("desk")).content.decode()
    sessions = list(
        DeskSession.objects.order_by("started_at").values_list("started_at", "ended_at")
    )
    # Monday's session kept with its end, today's taken now.
    assert sessions == [(MONDAY_9, monday(16)), (tuesday(8, 5), None)]


def test_the_old_pages_poll_and_actions_reload_the_console_and_call_nobody(
    console_left_open, no_front_office, clock
):
    client = console_left_open
    meja3 = no_front_office[3]
    response = client.post(
        reverse("desk_action", args=["call-next"]),
        {"desk": meja3.pk},
        headers=HX | {"Accept-Language": "en"},  # the message is worded as the action asks
    )
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert Ticket.objects.get().status == TicketStatus.WAITING
    assert not TicketEvent.objects.calls().exists()
    page = client.get(reverse("desk"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your time at Meja 3 ended" in page
    assert 'data-testid="choose-desk-3"' in page


def test_the_old_pages_poll_reloads_to_the_desk_choice(console_left_open, no_front_office):
    response = console_left_open.get(reverse("desk") + f"?desk={no_front_office[3].pk}", headers=HX)
    assert response["HX-Refresh"] == "true"


# -- the ticket page follows desks taken and left ------------------------------------------


def test_an_open_ticket_page_refreshes_its_estimate_when_a_desk_is_taken(
    client, no_front_office, issue, consultation_officer, clock
):
    issue("K")
    mine = issue("K")
    url = reverse("ticket_status", args=[mine.token])
    first = client.get(url, headers=HX, HTTP_ACCEPT_LANGUAGE="en")
    assert "no officer is at a desk that calls your number" in first.content.decode()
    clock.shift(60)
    desk_take(desk=no_front_office[2], officer=consultation_officer)
    again = client.get(
        url, headers=HX | {"If-None-Match": first["ETag"]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 200
    assert "no officer is at a desk that calls your number" not in again.content.decode()
