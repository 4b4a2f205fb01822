"""Priority service in the supervisor's figures (product trial P, P8): the day's and the
month's pages count the visitors of each priority group once, with their calls, waits and
breaches, and what staff did with the claims; the calls export names each call's group. No
query more for it."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from complaints.reports.periods import Month
from complaints.reports.selectors_service_levels import walk_in_figures
from queueing import services as queue
from queueing.glance import today_glance
from queueing.models import Priority, TicketEvent
from tests.complaints.conftest import visit
from tests.complaints.reports.conftest import wita


def route(ticket, desks, officer, services, *, wait=0, clock):
    clock.shift(wait)
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=officer)
    return queue.ticket_transfer(ticket=ticket, desk=desks[1], officer=officer,
                                 to_service=services["K"], without_guestbook=True)  # fmt: skip


def serve(ticket, desk, officer, *, wait=0, clock):
    clock.shift(wait)
    ticket = queue.ticket_call(ticket=ticket, desk=desk, officer=officer)
    queue.ticket_start(ticket=ticket, desk=desk, officer=officer)
    clock.shift(60)
    return queue.ticket_finish(ticket=ticket, desk=desk, officer=officer)


def row_of(glance, priority):
    return glance.by_priority[priority]


def test_the_day_counts_each_priority_group_once_with_its_calls_waits_and_breaches(
    office, desks, issue, front_office, services, clock
):
    elderly = issue("K", priority="elderly")
    false_claim = issue("K", priority="elderly")  # removed at the front office
    given = issue("K")  # given priority at the front office
    regular = issue("K")
    issue("K", priority="pregnant")  # waits still
    for ticket in (elderly, false_claim, given, regular):
        ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        if ticket.pk == false_claim.pk:
            queue.ticket_priority_change(ticket=ticket, desk=desks[1], officer=front_office,
                                         priority="")  # fmt: skip
        if ticket.pk == given.pk:
            queue.ticket_priority_change(ticket=ticket, desk=desks[1], officer=front_office,
                                         priority="disabled")  # fmt: skip
        if ticket.pk == elderly.pk:
            queue.ticket_priority_change(
                ticket=ticket, desk=desks[1], officer=front_office, priority="elderly"
            )  # confirmed
        queue.ticket_transfer(ticket=ticket, desk=desks[1], officer=front_office,
                              to_service=services["K"], without_guestbook=True)  # fmt: skip
    serve(elderly, desks[3], front_office, clock=clock)
    serve(given, desks[3], front_office, wait=11 * 60, clock=clock)  # a breach

    glance = today_glance(office, elderly.service_date)
    e, d, p, r = (row_of(glance, k) for k in ("elderly", "disabled", "pregnant", ""))
    # Each visitor once, in the group staff last set: the false claim is regular now.
    assert (e.taken, d.taken, p.taken, r.taken) == (1, 1, 1, 2)
    assert sum(row.taken for row in glance.by_priority.values()) == glance.total.taken == 5
    assert (e.served, d.served, p.waiting, r.waiting) == (1, 1, 1, 2)
    # Called at the front office and at the desk: two calls each.
    assert (e.calls, d.calls, p.calls, r.calls) == (2, 2, 0, 2)
    assert (d.breaches, e.breaches) == (1, 0)
    checks = glance.priority_checks
    assert (checks.confirmed, checks.removed, checks.given, checks.changed) == (1, 1, 1, 0)
    # The appointments' row is shown only when there were some.
    labels = [row.label for row in glance.priority_rows]
    assert labels == ["Lansia", "Penyandang disabilitas", "Ibu hamil", "Reguler"]


def test_the_day_page_shows_the_priority_groups_to_officers_and_supervisors(
    client, supervisor, desks, issue, front_office, clock
):
    ticket = queue.ticket_call(ticket=issue("K", priority="pregnant"), desk=desks[1],
                               officer=front_office)  # fmt: skip
    queue.ticket_priority_change(ticket=ticket, desk=desks[1], officer=front_office, priority="")
    issue("K", priority="elderly")
    client.force_login(supervisor)
    page = client.get(reverse("desk_today")).content.decode()
    table = page.split('data-testid="glance-priority"')[1].split("</table>")[0]
    rows = re.findall(r"<th scope=\"row\"[^>]*>([^<]*)</th>\s*<td[^>]*>(\d+)</td>", table)
    assert rows == [("Lansia", "1"), ("Penyandang disabilitas", "0"), ("Ibu hamil", "0"),
                    ("Reguler", "1")]  # fmt: skip
    said = page.split('data-testid="glance-priority-checks"')[1].split("</p>")[0]
    assert re.search(r'data-column="removed">1<', said)


def test_the_day_page_costs_no_query_more_for_the_priority_groups(
    client, supervisor, desks, issue, front_office, clock, django_assert_num_queries
):
    client.force_login(supervisor)
    serve(issue("K"), desks[1], front_office, clock=clock)
    with django_assert_num_queries(9):  # as test_today.py: 8 + the navigation's inbox count
        client.get(reverse("desk_today"))
    for kind in ("elderly", "disabled", "pregnant", "appointment", "") * 3:
        ticket = queue.ticket_call(ticket=issue("P", priority=kind), desk=desks[1],
                                   officer=front_office)  # fmt: skip
        if kind not in ("appointment", ""):
            queue.ticket_priority_change(ticket=ticket, desk=desks[1], officer=front_office,
                                         priority="")  # fmt: skip
        queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    with django_assert_num_queries(9):
        page = client.get(reverse("desk_today")).content.decode()
    assert 'data-testid="glance-priority"' in page


# -- the month ----------------------------------------------------------------------------------

NOVEMBER = Month(dt.date(2026, 11, 1))


def test_the_month_counts_the_priority_groups_and_names_them_in_the_breaches(
    client, supervisor, services, desks
):
    import time_machine

    k = services["K"]
    visit(k, joined=wita(2026, 11, 2, 9, 0), desk=desks[2], wait=60, priority="elderly")
    visit(k, joined=wita(2026, 11, 3, 9, 0), desk=desks[2], wait=700, priority="elderly")
    visit(k, joined=wita(2026, 11, 4, 9, 0), desk=desks[2], wait=30, priority="pregnant")
    visit(k, joined=wita(2026, 11, 5, 9, 0), desk=desks[2], wait=300)
    visit(k, joined=wita(2026, 11, 6, 9, 0), priority="appointment", end="cancelled")
    figures = walk_in_figures(k.office, NOVEMBER)
    rows = {row.label: (row.taken, row.calls, row.breaches) for row in figures.priorities}
    assert rows == {
        "Lansia": (2, 2, 1),
        "Penyandang disabilitas": (0, 0, 0),
        "Ibu hamil": (1, 1, 0),
        "Janji temu": (1, 0, 0),
        "Reguler": (1, 1, 0),
    }
    elderly = next(row for row in figures.priorities if row.label == "Lansia")
    assert (elderly.median_minutes, elderly.p90_minutes) == (380 / 60, 700 / 60)
    with time_machine.travel(wita(2026, 12, 15, 9, 0), tick=False):
        client.force_login(supervisor)
        page = client.get("/supervisor/service-levels/", {"month": "2026-11"}).content.decode()
    assert 'data-testid="sla-priority"' in page
    breach = page.split('data-testid="breaches"')[1].split("</table>")[0]
    assert 'data-testid="breach-priority">Lansia<' in breach


def test_the_migration_gives_the_events_recorded_before_their_tickets_priority(
    issue, desks, front_office
):
    import importlib

    from django.apps import apps

    elderly = queue.ticket_call(ticket=issue("K", priority="elderly"), desk=desks[1],
                                officer=front_office)  # fmt: skip
    regular = issue("P")
    TicketEvent.objects.update(priority=Priority.NONE)
    migration = importlib.import_module("queueing.migrations.0019_event_priority")
    migration.events_priority(apps, None)
    assert set(TicketEvent.objects.filter(ticket=elderly).values_list("priority", flat=True)) == {
        "elderly"
    }
    assert set(TicketEvent.objects.filter(ticket=regular).values_list("priority", flat=True)) == {
        ""
    }
