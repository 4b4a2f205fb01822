import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.selectors import GlanceRow, today_glance


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
    assert (glance.total.issued, glance.total.served, glance.total.waiting) == (4, 2, 1)
    assert glance.total.no_shows == 1
    # K-002 waited 11 minutes after K-001 finished; P-001 was first in its queue and waited
    # 15 minutes from issue.
    assert glance.total.breaches == 2
    assert glance.total.waits == [120, 660, 900]
    k = glance.by_service[0]
    assert (k.issued, k.served, k.calls, k.breaches) == (2, 2, 2, 1)
    front = glance.by_desk[0]
    assert (front.label, front.calls, front.served, front.no_shows) == ("Front Office", 3, 2, 1)


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
    assert "Senin, 23 November 2026" in page


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
    with django_assert_num_queries(9):
        client.get(reverse("desk_today"))
    for _ in range(15):
        serve(issue("P"), desks[1], front_office, clock)
    with django_assert_num_queries(9):
        assert (
            'data-testid="total-issued">16<' in client.get(reverse("desk_today")).content.decode()
        )
