"""The walk-in SLA clock of DESIGN §2: the wait of a call of ticket T by desk D runs from the
later of T joining its queue and D becoming free (the end of D's previous turn today or, before
its first turn, the later of the opening and an officer taking D) until the call; a breach is
more than the service's limit (10 minutes)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pst.permissions import Role
from queueing import services as queue
from queueing.desks import desk_leave, desk_take
from queueing.models import EventKind, TicketEvent
from queueing.sla import desk_free_since
from tests.conftest import WITA
from tests.factories import UserFactory


@pytest.fixture
def fo(front_office):
    return front_office


def call_next(desk, officer):
    return queue.ticket_call_next(desk=desk, officer=officer)


def serve_and_finish(ticket, desk, officer):
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    return queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


def test_first_ticket_of_the_day_waits_from_issue_to_call(issue, desks, fo, clock):
    issue("K")
    clock.shift(4 * 60)
    ticket = call_next(desks[1], fo)
    assert ticket.sla_wait_seconds == 240
    assert ticket.sla_met is True
    assert ticket.sla_started_at == ticket.issued_at


def test_clock_starts_when_the_previous_visitor_finished(issue, desks, fo, clock):
    issue("K")
    issue("K")
    first = call_next(desks[1], fo)
    clock.shift(5 * 60)
    finished = serve_and_finish(first, desks[1], fo)
    clock.shift(3 * 60)
    second = call_next(desks[1], fo)
    assert second.sla_started_at == finished.finished_at
    assert second.sla_wait_seconds == 180


def test_clock_starts_at_issue_when_the_previous_visitor_finished_earlier(issue, desks, fo, clock):
    issue("K")
    first = call_next(desks[1], fo)
    serve_and_finish(first, desks[1], fo)
    clock.shift(20 * 60)
    later = issue("K")
    clock.shift(2 * 60)
    called = call_next(desks[1], fo)
    assert called.pk == later.pk
    assert called.sla_started_at == later.issued_at
    assert called.sla_wait_seconds == 120


def test_more_than_the_limit_is_a_breach_and_exactly_the_limit_is_not(issue, desks, fo, clock):
    issue("K")
    issue("K")
    clock.shift(10 * 60)
    first = call_next(desks[1], fo)
    assert (first.sla_wait_seconds, first.sla_met) == (600, True)
    serve_and_finish(first, desks[1], fo)
    clock.shift(10 * 60 + 1)
    second = call_next(desks[1], fo)
    assert (second.sla_wait_seconds, second.sla_met) == (601, False)


def test_the_limit_is_per_service(issue, desks, services, fo, clock):
    services["K"].sla_minutes = 5
    services["K"].save()
    issue("K")
    clock.shift(6 * 60)
    assert call_next(desks[1], fo).sla_met is False


def test_recall_keeps_the_wait_of_the_first_call(issue, desks, fo, clock):
    issue("K")
    clock.shift(60)
    ticket = call_next(desks[1], fo)
    clock.shift(5 * 60)
    ticket = queue.ticket_recall(ticket=ticket, desk=desks[1], officer=fo)
    assert ticket.sla_wait_seconds == 60
    assert ticket.recall_count == 1
    recall = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RECALLED)
    assert recall.sla_wait_seconds is None


def test_no_show_ends_the_turn_and_the_next_clock_starts_then(issue, desks, fo, clock):
    issue("K")
    issue("K")
    absent = call_next(desks[1], fo)
    clock.shift(2 * 60)
    queue.ticket_recall(ticket=absent, desk=desks[1], officer=fo)
    clock.shift(2 * 60)
    absent = queue.ticket_no_show(ticket=absent, desk=desks[1], officer=fo)
    clock.shift(60)
    nxt = call_next(desks[1], fo)
    assert nxt.sla_started_at == absent.finished_at
    assert nxt.sla_wait_seconds == 60


def test_transfer_starts_a_new_turn_in_the_new_queue(
    issue, desks, services, fo, consultation_officer, clock
):
    issue("K")
    clock.shift(3 * 60)
    ticket = call_next(desks[1], fo)
    assert ticket.sla_wait_seconds == 180
    clock.shift(5 * 60)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["K"]
    )
    clock.shift(4 * 60)
    ticket = call_next(desks[2], consultation_officer)
    # The consultation queue had nobody before: the clock runs from the transfer.
    assert ticket.sla_wait_seconds == 240
    calls = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CALLED).order_by("pk")
    assert [c.sla_wait_seconds for c in calls] == [180, 240]
    assert [c.stage for c in calls] == ["reception", "service"]


def test_a_transfer_ends_the_turn_for_the_next_visitor_of_the_old_queue(
    issue, desks, services, fo, clock
):
    issue("K")
    issue("K")
    first = call_next(desks[1], fo)
    clock.shift(4 * 60)
    queue.ticket_transfer(
        without_guestbook=True, ticket=first, desk=desks[1], officer=fo, to_service=services["K"]
    )
    clock.shift(60)
    assert call_next(desks[1], fo).sla_wait_seconds == 60


def test_the_turn_length_is_recorded_when_it_ends(issue, desks, fo, clock):
    issue("K")
    ticket = call_next(desks[1], fo)
    clock.shift(7 * 60)
    serve_and_finish(ticket, desks[1], fo)
    finished = TicketEvent.objects.get(ticket=ticket, kind=EventKind.FINISHED)
    assert finished.turn_seconds == 7 * 60


# -- several desks (issue 9, item 5) ---------------------------------------------------------
# Meja 2 serves K and R, Meja 3 serves K. The front office is closed today, so tickets go
# straight to the service desks.


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 23, hour, minute, second, tzinfo=WITA)


@pytest.fixture
def service_desks(desks):
    desks[1].is_active = False
    desks[1].save()
    return desks


@pytest.fixture
def ani(consultation_officer):
    return consultation_officer


@pytest.fixture
def budi(office):
    return UserFactory(email="budi@example.org", office=office, roles=[Role.CONSULTATION_OFFICER])


def call_event(ticket):
    return TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CALLED).latest("pk")


def test_with_one_desk_the_wait_is_the_time_after_the_previous_visitor_finished(
    issue, service_desks, ani, clock
):
    meja3 = service_desks[3]
    desk_take(desk=meja3, officer=ani)
    first, second = issue("K"), issue("K")
    queue.ticket_call(ticket=first, desk=meja3, officer=ani)
    clock.shift(12 * 60)
    serve_and_finish(first, meja3, ani)  # 09:12
    clock.shift(10 * 60)
    second = call_next(meja3, ani)  # 09:22
    assert second.sla_started_at == at(9, 12)
    assert (second.sla_wait_seconds, second.sla_met) == (600, True)
    assert call_event(second).total_wait_seconds == 22 * 60


def test_nobody_is_charged_while_every_desk_is_busy(issue, service_desks, ani, budi, clock):
    meja2, meja3 = service_desks[2], service_desks[3]
    desk_take(desk=meja2, officer=ani)
    desk_take(desk=meja3, officer=budi)
    k1, k2, k3 = issue("K"), issue("K"), issue("K")
    queue.ticket_call(ticket=k1, desk=meja2, officer=ani)
    queue.ticket_call(ticket=k2, desk=meja3, officer=budi)
    clock.shift(25 * 60)
    serve_and_finish(k1, meja2, ani)  # 09:25, while K-002 is still at Meja 3
    clock.shift(2 * 60)
    k3 = call_next(meja2, ani)  # 09:27
    assert k3.sla_started_at == at(9, 25)
    assert (k3.sla_wait_seconds, k3.sla_met) == (120, True)
    # The 27 minutes K-003 stood in the queue are kept for the staffing reports.
    event = call_event(k3)
    assert (event.sla_wait_seconds, event.total_wait_seconds) == (120, 27 * 60)


def test_a_desk_idle_since_it_was_taken_is_charged_while_another_desk_is_busy(
    issue, service_desks, ani, budi, clock
):
    meja2, meja3 = service_desks[2], service_desks[3]
    desk_take(desk=meja2, officer=ani)
    k1, k2 = issue("K"), issue("K")
    queue.ticket_call(ticket=k1, desk=meja2, officer=ani)  # Meja 2 busy from 09:00
    clock.shift(5 * 60)
    desk_take(desk=meja3, officer=budi)  # 09:05
    clock.shift(15 * 60)
    k2 = call_next(meja3, budi)  # 09:20, K-001 still at Meja 2
    assert k2.sla_started_at == at(9, 5)
    assert (k2.sla_wait_seconds, k2.sla_met) == (15 * 60, False)


def test_a_desk_idle_since_its_last_turn_is_charged_while_another_desk_is_busy(
    issue, service_desks, ani, budi, clock
):
    meja2, meja3 = service_desks[2], service_desks[3]
    desk_take(desk=meja2, officer=ani)
    desk_take(desk=meja3, officer=budi)
    k1, k2, k3 = issue("K"), issue("K"), issue("K")
    queue.ticket_call(ticket=k1, desk=meja3, officer=budi)
    clock.shift(3 * 60)
    serve_and_finish(k1, meja3, budi)  # Meja 3 free from 09:03
    clock.shift(60)
    queue.ticket_call(ticket=k2, desk=meja2, officer=ani)  # 09:04, K-002 stays at Meja 2
    clock.shift(16 * 60)
    k3 = call_next(meja3, budi)  # 09:20
    assert k3.sla_started_at == at(9, 3)
    assert (k3.sla_wait_seconds, k3.sla_met) == (17 * 60, False)


def test_a_desk_serving_two_services_is_charged_from_its_own_last_turn(
    issue, service_desks, ani, clock
):
    meja2 = service_desks[2]
    desk_take(desk=meja2, officer=ani)
    k1, r1 = issue("K"), issue("R")
    queue.ticket_call(ticket=k1, desk=meja2, officer=ani)
    clock.shift(20 * 60)
    serve_and_finish(k1, meja2, ani)  # 09:20
    clock.shift(3 * 60)
    r1 = call_next(meja2, ani)  # 09:23: the first call in R's queue, not R-001's first wait
    assert r1.code == "R-001"
    assert r1.sla_started_at == at(9, 20)
    assert (r1.sla_wait_seconds, r1.sla_met) == (180, True)
    assert call_event(r1).total_wait_seconds == 23 * 60


def test_the_first_call_of_the_day_counts_from_when_an_officer_took_the_desk(
    issue, service_desks, budi, clock
):
    meja3 = service_desks[3]
    issue("K")  # 09:00
    clock.shift(30 * 60)
    desk_take(desk=meja3, officer=budi)  # 09:30
    clock.shift(4 * 60)
    ticket = call_next(meja3, budi)
    assert ticket.sla_started_at == at(9, 30)
    assert ticket.sla_wait_seconds == 240


def test_a_desk_taken_before_the_opening_counts_from_the_opening(
    office, services, service_desks, budi, clock
):
    meja3 = service_desks[3]
    clock.move_to(at(7, 0))
    desk_take(desk=meja3, officer=budi)
    assert desk_free_since(meja3, at(7, 10)) == at(7, 30)
    clock.move_to(at(7, 30))  # the kiosk opens
    queue.ticket_issue(office=office, service=services["K"])
    clock.move_to(at(7, 42))
    ticket = call_next(meja3, budi)
    assert ticket.sla_started_at == at(7, 30)
    assert (ticket.sla_wait_seconds, ticket.sla_met) == (12 * 60, False)


def test_a_desk_nobody_recorded_taking_counts_from_the_opening(service_desks, clock):
    # A console opened before desks were recorded: the desk is not assumed busy.
    assert desk_free_since(service_desks[3], at(9, 0)) == at(7, 30)


def test_officers_handing_a_desk_over_keep_it_taken_and_leaving_it_breaks_the_stretch(
    service_desks, ani, budi, clock
):
    meja3 = service_desks[3]
    clock.move_to(at(8, 0))
    desk_take(desk=meja3, officer=ani)
    clock.move_to(at(8, 30))
    desk_take(desk=meja3, officer=budi)
    clock.move_to(at(8, 45))
    desk_leave(officer=ani)  # Budi is still there
    assert desk_free_since(meja3, at(9, 0)) == at(8, 0)
    desk_leave(officer=budi)
    clock.move_to(at(8, 50))
    desk_take(desk=meja3, officer=ani)
    assert desk_free_since(meja3, at(9, 0)) == at(8, 50)


def test_a_transferred_visitor_waits_from_the_transfer(issue, desks, services, fo, ani, clock):
    desk_take(desk=desks[2], officer=ani)  # Meja 2 free from 09:00
    issue("K")
    ticket = call_next(desks[1], fo)  # called at the front office at 09:00
    clock.shift(10 * 60)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=fo, to_service=services["K"], without_guestbook=True
    )
    clock.shift(4 * 60)
    ticket = call_next(desks[2], ani)  # 09:14
    assert ticket.sla_started_at == at(9, 10)
    event = call_event(ticket)
    assert (event.sla_wait_seconds, event.total_wait_seconds) == (240, 240)


# -- the console's clock is the wait the call records ----------------------------------------


def console_clock(client, code: str) -> str:
    page = client.get(reverse("desk"), headers={"HX-Request": "true"}).content.decode()
    row = re.search(rf'data-testid="queue-row-{code}">.*?data-sla-start="(\d*)"', page, re.S)
    assert row is not None, page
    return row.group(1)


def test_the_console_clock_starts_where_the_call_records_it(
    client, issue, service_desks, ani, budi, clock
):
    meja2, meja3 = service_desks[2], service_desks[3]
    desk_take(desk=meja2, officer=ani)
    k1, k2, k3 = issue("K"), issue("K"), issue("K")
    queue.ticket_call(ticket=k1, desk=meja2, officer=ani)  # Meja 2 busy from 09:00
    clock.shift(5 * 60)
    client.force_login(budi)
    client.post(reverse("desk_select"), {"desk": meja3.pk})  # takes Meja 3 at 09:05
    clock.shift(7 * 60)
    shown = console_clock(client, "K-002")
    assert shown == str(int(at(9, 5).timestamp()))
    clock.shift(8 * 60)
    client.post(reverse("desk_action", args=["call"]), {"ticket": k2.pk})  # 09:20
    k2.refresh_from_db()
    assert str(int(k2.sla_started_at.timestamp())) == shown
    assert k2.sla_wait_seconds == int(timezone.now().timestamp()) - int(shown)
    # While Meja 3 serves K-002 its clocks wait for it to be free …
    assert console_clock(client, "K-003") == ""
    client.post(reverse("desk_action", args=["start"]), {"ticket": k2.pk})
    clock.shift(6 * 60)
    client.post(reverse("desk_action", args=["finish"]), {"ticket": k2.pk})  # 09:26
    # … then start when it was, and the call agrees again.
    shown = console_clock(client, "K-003")
    assert shown == str(int(at(9, 26).timestamp()))
    clock.shift(3 * 60)
    client.post(reverse("desk_action", args=["call"]), {"ticket": k3.pk})
    k3.refresh_from_db()
    assert str(int(k3.sla_started_at.timestamp())) == shown
    assert k3.sla_wait_seconds == 180


def test_the_readme_example_for_two_desks(issue, service_desks, ani, budi, clock):
    meja2, meja3 = service_desks[2], service_desks[3]
    desk_take(desk=meja2, officer=ani, now=at(8, 55))
    k1, k2, k3 = issue("K"), issue("K"), issue("K")  # 09:00
    k1 = queue.ticket_call(ticket=k1, desk=meja2, officer=ani)
    clock.move_to(at(9, 5))
    desk_take(desk=meja3, officer=budi)
    clock.move_to(at(9, 20))
    k2 = queue.ticket_call(ticket=k2, desk=meja3, officer=budi)
    clock.move_to(at(9, 25))
    serve_and_finish(k1, meja2, ani)
    clock.move_to(at(9, 27))
    k3 = queue.ticket_call(ticket=k3, desk=meja2, officer=ani)
    waits = [
        (call_event(t).sla_wait_seconds, call_event(t).total_wait_seconds) for t in (k1, k2, k3)
    ]
    assert waits == [(0, 0), (15 * 60, 20 * 60), (2 * 60, 27 * 60)]
    assert [k1.sla_met, k2.sla_met, k3.sla_met] == [True, False, True]
