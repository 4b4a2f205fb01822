"""Who works at which desk, and since when (issue 9, item 5): the console's desk choice takes a
desk, choosing another one, "Change desk" or signing out leaves it. The SLA clock of a desk's
first call of the day reads it (test_sla.py)."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from queueing.desks import desk_leave, desk_take
from queueing.models import DeskSession
from queueing.services import QueueError
from tests.conftest import MONDAY_9


@pytest.fixture
def choose(client, front_office):
    client.force_login(front_office)

    def desk(pk):
        return client.post(reverse("desk_select"), {"desk": pk})

    return desk


def open_sessions(officer):
    return list(
        DeskSession.objects.filter(officer=officer, ended_at__isnull=True).values_list(
            "desk__number", "started_at"
        )
    )


def test_choosing_a_desk_on_the_console_takes_it(choose, desks, front_office, clock):
    choose(desks[1].pk)
    assert open_sessions(front_office) == [(1, MONDAY_9)]


def test_choosing_the_same_desk_again_does_not_restart_it(choose, desks, front_office, clock):
    choose(desks[1].pk)
    clock.shift(600)
    choose(desks[1].pk)
    assert open_sessions(front_office) == [(1, MONDAY_9)]
    assert DeskSession.objects.count() == 1


def test_choosing_another_desk_leaves_the_first(choose, desks, front_office, clock):
    choose(desks[1].pk)
    clock.shift(600)
    choose(desks[2].pk)
    first = DeskSession.objects.get(desk=desks[1])
    assert first.ended_at == MONDAY_9.replace(minute=10)
    assert [number for number, _ in open_sessions(front_office)] == [2]


def test_change_desk_leaves_the_desk(choose, desks, front_office, clock):
    choose(desks[1].pk)
    clock.shift(60)
    choose("")
    assert open_sessions(front_office) == []
    assert DeskSession.objects.get().ended_at == MONDAY_9.replace(minute=1)


def test_signing_out_leaves_the_desk(choose, client, desks, front_office, clock):
    choose(desks[1].pk)
    clock.shift(60)
    assert client.post(reverse("logout")).status_code == 302
    assert open_sessions(front_office) == []


def test_a_desk_of_another_office_or_out_of_use_cannot_be_taken(
    desks, other_office_officer, front_office
):
    with pytest.raises(QueueError) as refused:
        desk_take(desk=desks[1], officer=other_office_officer)
    assert refused.value.code == "other_office"
    desks[2].is_active = False
    desks[2].save()
    with pytest.raises(QueueError) as refused:
        desk_take(desk=desks[2], officer=front_office)
    assert refused.value.code == "desk_inactive"
    assert DeskSession.objects.count() == 0


def test_leaving_without_a_desk_changes_nothing(front_office):
    assert desk_leave(officer=front_office) is None


def test_the_database_refuses_two_open_desks_for_one_officer(desks, front_office, clock):
    desk_take(desk=desks[1], officer=front_office)
    with pytest.raises(IntegrityError):
        DeskSession.objects.create(desk=desks[2], officer=front_office, started_at=MONDAY_9)


def test_the_desk_sessions_admin_shows_only_the_administrators_office(
    client, administrator, other_office_administrator, desks, front_office, clock
):
    desk_take(desk=desks[1], officer=front_office)
    client.force_login(administrator)
    page = client.get(reverse("admin:queueing_desksession_changelist")).content.decode()
    assert "Front Office" in page
    client.force_login(other_office_administrator)
    page = client.get(reverse("admin:queueing_desksession_changelist")).content.decode()
    assert "Front Office" not in page
