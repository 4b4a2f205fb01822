"""The desk choice after signing in again (trial N, N8): it offers first the desk where the
officer's visitor is still called or served, and says who holds each other desk now."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pst.permissions import Role
from queueing import services as queue
from queueing.desks import desk_take
from queueing.models import DeskSession
from tests.factories import DeskFactory, UserFactory


def chooser(client, user) -> str:
    client.force_login(user)  # a new browser: its session holds no desk
    response = client.get(reverse("desk"))
    assert response.status_code == 200
    return response.content.decode()


def text_of(page: str, name: str) -> str:
    """The text of the element with data-testid `name` (its first line of markup)."""
    return page.split(f'data-testid="{name}"')[1].split(">", 1)[1].split("</")[0].strip()


@pytest.fixture(autouse=True)
def no_front_office(desks):
    """K goes straight to Meja 2 and Meja 3, as in the trial."""
    desks[1].is_active = False
    desks[1].save()


@pytest.fixture
def colleague(office):
    return UserFactory(
        email="budi@example.org", full_name="Budi Santoso", office=office,
        roles=[Role.CONSULTATION_OFFICER],
    )  # fmt: skip


def test_the_officers_called_visitor_is_offered_first_and_colleagues_desks_are_named(
    client, desks, issue, consultation_officer, colleague, front_office, clock
):
    desk_take(desk=desks[2], officer=consultation_officer)
    queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    desk_take(desk=desks[3], officer=colleague)
    desk_take(desk=desks[4], officer=front_office)
    page = chooser(client, consultation_officer)
    offered = page.index('data-testid="continue-at-desk"')
    assert offered < page.index('data-testid="choose-desk-2"')
    assert f'value="{desks[2].pk}"' in page[offered - 80 : offered]
    assert "K-001 is still called to Meja 2" in page or "K-001 masih dipanggil di Meja 2" in page
    assert "K-001" in text_of(page, "desk-own-visitor-2")
    assert "Budi Santoso" in text_of(page, "desk-holders-3")
    assert front_office.full_name in text_of(page, "desk-holders-4")
    assert 'data-testid="desk-holders-2"' not in page  # only the officer themself holds it


def test_continuing_there_opens_the_desk_with_the_visitor(
    client, desks, issue, consultation_officer, clock
):
    desk_take(desk=desks[2], officer=consultation_officer)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
    page = chooser(client, consultation_officer)
    assert "K-001 is still being served at Meja 2" in page or "K-001 masih dilayani" in page
    client.post(reverse("desk_select"), {"desk": desks[2].pk})
    page = client.get(reverse("desk")).content.decode()
    assert text_of(page, "current-code") == "K-001"
    assert DeskSession.objects.filter(ended_at__isnull=True).count() == 1


def test_without_a_visitor_at_a_desk_nothing_is_offered_but_the_officers_desk_is_marked(
    client, desks, issue, consultation_officer, clock
):
    desk_take(desk=desks[2], officer=consultation_officer)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)
    clock.shift(30)
    queue.ticket_recall(ticket=ticket, desk=desks[2], officer=consultation_officer)
    queue.ticket_no_show(ticket=ticket, desk=desks[2], officer=consultation_officer)
    page = chooser(client, consultation_officer)
    assert 'data-testid="continue-at-desk"' not in page
    assert 'data-testid="desk-mine-2"' in page


def test_a_colleagues_visitor_is_not_offered_and_other_offices_are_not_shown(
    client, desks, issue, consultation_officer, colleague, other_office, other_office_officer,
    clock,
):  # fmt: skip
    desk_take(desk=desks[3], officer=colleague)
    queue.ticket_call(ticket=issue("K"), desk=desks[3], officer=colleague)
    foreign = DeskFactory(office=other_office, number=2, name="Meja Malinau")
    desk_take(desk=foreign, officer=other_office_officer)
    page = chooser(client, consultation_officer)
    assert 'data-testid="continue-at-desk"' not in page
    assert "Budi Santoso" in text_of(page, "desk-holders-3")
    assert "Meja Malinau" not in page and other_office_officer.email not in page
    # The other office's officer sees their own office's desks only: none of ours, nobody
    # of ours, not our visitor.
    page = chooser(client, other_office_officer)
    assert "Meja Malinau" in page
    assert "Budi Santoso" not in page and "K-001" not in page and "Meja 3" not in page


def test_nobody_without_a_desk_role_sees_the_choice(client, desks, visitor, colleague):
    desk_take(desk=desks[3], officer=colleague)
    anonymous = client.get(reverse("desk"))
    assert anonymous.status_code == 302 and reverse("login") in anonymous.url
    client.force_login(visitor)
    response = client.get(reverse("desk"))
    assert response.status_code == 403
    assert "Budi Santoso" not in response.content.decode()


def test_the_choice_reads_a_fixed_number_of_queries_whatever_the_desks_and_officers(
    client, office, services, desks, issue, consultation_officer, clock
):
    desk_take(desk=desks[2], officer=consultation_officer)
    queue.ticket_call(ticket=issue("K"), desk=desks[2], officer=consultation_officer)

    def queries() -> int:
        client.force_login(consultation_officer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("desk")).status_code == 200
        return len(captured)

    few = queries()
    for number in range(5, 12):
        desk = DeskFactory(office=office, number=number, name=f"Meja {number}")
        desk.services.set([services["P"]])
        officer = UserFactory(
            email=f"petugas{number}@example.org", office=office, roles=[Role.FRONT_OFFICE]
        )
        desk_take(desk=desk, officer=officer)
    assert queries() == few
