import datetime as dt
import re

import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.glance import GlanceRow, today_glance
from tests.conftest import WITA


def serve(ticket, desk, officer, clock, wait=0, turn=60):
    clock.shift(wait)
    ticket = queue.ticket_call(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    clock.shift(turn)
    return queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


def test_glance_counts_per_service_and_desk(office, desks, issue, front_office, clock):
    a, b, c = issue("K"), issue("K"), issue("P")
    issue("J")
    serve(a, desks[1], front_office, clock, wait=120)
    serve(b, desks[1], front_office, clock, wait=11 * 60)  # a breach
    c = queue.ticket_call(ticket=c, desk=desks[1], officer=front_office)
    queue.ticket_recall(ticket=c, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=c, desk=desks[1], officer=front_office)
    glance = today_glance(office, a.service_date)
    assert (glance.total.taken, glance.total.served, glance.total.waiting) == (4, 2, 1)
    assert glance.total.no_shows == 1
    # K-002 waited 11 minutes after K-001 finished at the only desk; P-001 was called the
    # moment K-002 left it: the desk was never free while P-001 waited.
    assert glance.total.breaches == 1
    assert glance.total.waits == [120, 660, 0]
    # Served at the front office: the front-office stage, not the K service desks.
    assert (glance.front_office.taken, glance.front_office.served) == (4, 2)
    k = glance.by_service[0]
    assert (k.taken, k.served, k.calls) == (0, 0, 0)
    front = glance.by_desk[0]
    assert (front.label, front.calls, front.served, front.no_shows) == ("Front Office", 3, 2, 1)


def test_the_whole_wait_in_the_queue_stands_beside_the_wait_counted_for_the_limit(
    client, office, desks, issue, front_office, supervisor, clock
):
    # B took a number with A; the only desk served A for 5 minutes and called B a minute
    # after: 1 minute counted for the limit, 6 in the queue (trial I, I4: the page showed
    # "0,0 menit" while visitors waited).
    a, b = issue("K"), issue("K")
    serve(a, desks[1], front_office, clock, turn=300)
    serve(b, desks[1], front_office, clock, wait=60)

    row = today_glance(office, a.service_date).front_office
    assert (row.waits, row.total_waits) == ([0, 60], [0, 360])
    assert (row.median_total_minutes, row.p90_total_minutes) == (3.0, 6.0)
    client.force_login(supervisor)
    page = client.get(reverse("desk_today")).content.decode()
    whole = page.split('data-testid="glance-whole-waits"')[1]
    assert re.search(r'data-column="p90_total">\s*6,0 menit\s*<', whole)


def test_median_and_90th_percentile_use_nearest_rank():
    row = GlanceRow(label="x", waits=[60, 120, 180, 240, 300, 360, 420, 480, 540, 1200])
    assert row.median_wait == 330
    assert row.p90_wait == 540
    assert GlanceRow(label="y").p90_wait is None


@pytest.mark.parametrize("persona", ["front_office", "consultation_officer", "supervisor"])
def test_officers_and_supervisors_see_today(client, persona, request, desks, issue):
    issue("K")
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("desk_today")).content.decode()
    assert 'data-testid="total-issued">1<' in page
    assert 'data-testid="glance-front-office"' in page  # the two stages apart
    assert "Senin, 23 November 2026" in page


def test_each_table_is_named_once_by_its_heading(client, desks, issue, supervisor):
    issue("K")
    client.force_login(supervisor)
    page = client.get(reverse("desk_today")).content.decode()
    assert "<caption" not in page
    for title in ("glance-front-office-title", "glance-services-title", "glance-desks-title"):
        assert page.count(f'id="{title}"') == 1
        assert page.count(f'aria-labelledby="{title}"') == 1


@pytest.mark.parametrize("persona", ["visitor", "administrator", "other_office_officer"])
def test_others_do_not_see_this_offices_figures(client, persona, request, desks, issue):
    issue("K")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("desk_today"))
    if persona == "other_office_officer":  # sees their own office: nothing of ours
        assert 'data-testid="total-issued">0<' in response.content.decode()
    else:
        assert response.status_code == 403


def test_today_query_budget_is_constant(
    client, supervisor, desks, issue, front_office, clock, django_assert_num_queries
):
    client.force_login(supervisor)
    serve(issue("K"), desks[1], front_office, clock)
    with django_assert_num_queries(9):  # 8 + the navigation's inbox count
        client.get(reverse("desk_today"))
    for _ in range(15):
        serve(issue("P"), desks[1], front_office, clock)
    with django_assert_num_queries(9):  # 8 + the navigation's inbox count
        assert (
            'data-testid="total-issued">16<' in client.get(reverse("desk_today")).content.decode()
        )


def _columns(row: GlanceRow) -> dict[str, int]:
    return {
        "served": row.served,
        "referred": row.referred,
        "waiting": row.waiting,
        "at_desk": row.at_desk,
        "no_shows": row.no_shows,
        "cancelled": row.cancelled,
        "closed": row.closed,
    }


def _assert_every_row_adds_up(glance) -> None:
    for row in [glance.total, glance.front_office, *glance.by_service]:
        assert row.taken == sum(_columns(row).values()), (row.label, row.taken, _columns(row))


def test_every_row_of_today_adds_up_with_every_kind_of_ticket(
    office, services, desks, issue, front_office, clock
):
    fo, k_desk, p_desk = desks[1], desks[3], desks[4]

    def at_front_office(ticket):
        ticket = queue.ticket_call(ticket=ticket, desk=fo, officer=front_office)
        return queue.ticket_start(ticket=ticket, desk=fo, officer=front_office)

    def route(ticket, prefix):
        ticket = at_front_office(ticket)
        return queue.ticket_transfer(
            without_guestbook=True,
            ticket=ticket,
            desk=fo,
            officer=front_office,
            to_service=services[prefix],
        )

    def serve_at(ticket, desk):
        ticket = queue.ticket_call(ticket=ticket, desk=desk, officer=front_office)
        return queue.ticket_start(ticket=ticket, desk=desk, officer=front_office)

    served = route(issue("P"), "P")
    queue.ticket_finish(ticket=serve_at(served, p_desk), desk=p_desk, officer=front_office)
    referred = route(issue("K"), "K")  # K desk refers the visitor on to P, who waits there
    queue.ticket_transfer(
        ticket=serve_at(referred, k_desk), desk=k_desk, officer=front_office,
        to_service=services["P"],
    )  # fmt: skip
    no_show = route(issue("P"), "P")
    no_show = queue.ticket_call(ticket=no_show, desk=p_desk, officer=front_office)
    queue.ticket_recall(ticket=no_show, desk=p_desk, officer=front_office)
    queue.ticket_no_show(ticket=no_show, desk=p_desk, officer=front_office)
    serving = route(issue("J"), "J")
    serving = serve_at(serving, p_desk)  # J is at Meja 4 now
    queue.ticket_cancel(ticket=issue("K"))  # cancelled while waiting for the front office
    cancelled_later = route(issue("P"), "P")
    queue.ticket_cancel(ticket=cancelled_later)  # cancelled while waiting for P
    fo_no_show = queue.ticket_call(ticket=issue("R"), desk=fo, officer=front_office)
    queue.ticket_recall(ticket=fo_no_show, desk=fo, officer=front_office)
    queue.ticket_no_show(ticket=fo_no_show, desk=fo, officer=front_office)
    called_at_fo = queue.ticket_call(ticket=issue("K"), desk=fo, officer=front_office)
    issue("K")  # waits for the front office

    glance = today_glance(office, served.service_date)
    _assert_every_row_adds_up(glance)
    assert glance.total.taken == 9
    fo_row = glance.front_office
    assert (fo_row.taken, fo_row.referred, fo_row.waiting, fo_row.at_desk) == (9, 5, 1, 1)
    assert (fo_row.cancelled, fo_row.no_shows, fo_row.served) == (1, 1, 0)
    assert fo_row.without_guestbook == 5  # every routing of this day was confirmed without one
    k, p, j, _r = glance.by_service
    assert (k.taken, k.referred) == (1, 1)
    assert (p.taken, p.served, p.waiting, p.no_shows, p.cancelled) == (4, 1, 1, 1, 1)
    assert (j.taken, j.at_desk) == (1, 1)
    assert called_at_fo.status == "called"

    # After closing time, close_day ends every open ticket: the rows still add up.
    clock.move_to(dt.datetime(2026, 11, 23, 18, 0, tzinfo=WITA))
    queue.queue_close_day(office=office)
    glance = today_glance(office, served.service_date)
    _assert_every_row_adds_up(glance)
    assert glance.total.waiting == glance.total.at_desk == 0
    assert glance.total.closed == 4
