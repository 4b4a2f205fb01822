"""One officer, the console open in two tabs of one browser session (product trial, L8): tab B
changes the desk, tab A still shows the old one. Every console request names the desk its
page shows, and one naming a desk that is no longer the officer's is refused: nothing is
called, the page is drawn again at the officer's desk and says why."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from queueing import services as queue
from queueing.desks import DESK_CHANGED, desk_shown_check
from queueing.errors import QueueError
from queueing.models import DeskSession, Ticket, TicketEvent, TicketStatus

HX = {"HX-Request": "true"}


@pytest.fixture
def waiting_k(issue, desks, services, front_office):
    """K-001 sent on by the front office: it waits for Meja 2 and Meja 3 alike."""
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    return queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip


@pytest.fixture
def moved_to_meja3(client, consultation_officer, desks, clock):
    """Tab A drew the console at Meja 2; tab B then changed to Meja 3 (one session). On the
    frozen Monday, as the tickets: a desk taken on an earlier day is not held today."""
    client.force_login(consultation_officer)
    client.post(reverse("desk_select"), {"desk": desks[2].pk})
    client.post(reverse("desk_select"), {"desk": "", "leaving": desks[2].pk})  # "Change desk"
    client.post(reverse("desk_select"), {"desk": desks[3].pk})
    client.get(reverse("desk"))  # tab B shows Meja 3 (and its "you work at" messages)
    return client


def alerts(response):
    return [(m.message, m.extra_tags) for m in get_messages(response.wsgi_request)]


def test_the_check_refuses_a_page_of_another_desk_and_passes_the_desk_shown(desks):
    desk_shown_check(desks[3], str(desks[3].pk))
    desk_shown_check(desks[3], None)  # a request naming no desk acts at the officer's
    desk_shown_check(None, "")  # the desk choice shows no desk, and none is taken
    with pytest.raises(QueueError) as refused:
        desk_shown_check(desks[3], str(desks[2].pk))
    assert refused.value.code == DESK_CHANGED
    assert refused.value.message == (
        "Anda sekarang bertugas di Meja 3 (diganti di tab atau jendela lain). "
        "Tidak ada yang dilakukan: periksa konsol sekali lagi."
    )
    with pytest.raises(QueueError) as refused:
        desk_shown_check(None, str(desks[2].pk), acting=False)
    assert refused.value.code == DESK_CHANGED
    assert "Tidak ada" not in refused.value.message  # a poll did nothing anyway
    for garbage in ("", "abc", "²"):
        with pytest.raises(QueueError):
            desk_shown_check(desks[3], garbage)


@pytest.mark.parametrize("htmx", [False, True])
def test_call_next_from_the_tab_of_the_old_desk_calls_nobody(
    moved_to_meja3, waiting_k, desks, htmx
):
    client = moved_to_meja3
    events = TicketEvent.objects.count()
    response = client.post(
        reverse("desk_action", args=["call-next"]),
        {"desk": desks[2].pk},
        headers=HX if htmx else {},
    )
    waiting_k.refresh_from_db()
    assert waiting_k.status == TicketStatus.WAITING and waiting_k.desk is None
    assert TicketEvent.objects.count() == events
    assert alerts(response) == [
        (
            "Anda sekarang bertugas di Meja 3 (diganti di tab atau jendela lain). "
            "Tidak ada yang dilakukan: periksa konsol sekali lagi.",
            DESK_CHANGED,
        )
    ]
    if htmx:  # the whole page is drawn again, heading included
        assert response["HX-Refresh"] == "true"
        assert not response.content
    else:
        assert response.status_code == 302 and response.url == reverse("desk")
    page = client.get(reverse("desk")).content.decode()
    assert 'data-testid="console-desk">Meja 3<' in page
    assert f'name="desk" value="{desks[3].pk}"' in page


def test_every_action_of_the_old_tab_is_refused(moved_to_meja3, waiting_k, desks, services):
    client = moved_to_meja3
    # Called at Meja 3 from tab B: tab A's buttons on K-001 name Meja 2.
    call = {"ticket": waiting_k.pk, "desk": desks[3].pk}
    client.post(reverse("desk_action", args=["call"]), call)
    waiting_k.refresh_from_db()
    assert (waiting_k.status, waiting_k.desk_id) == (TicketStatus.CALLED, desks[3].pk)
    for action, extra in (
        ("recall", {}),
        ("start", {}),
        ("no-show", {}),
        ("transfer", {"to_service": services["P"].pk}),
        ("finish", {}),
    ):
        response = client.post(
            reverse("desk_action", args=[action]),
            {"ticket": waiting_k.pk, "desk": desks[2].pk, **extra},
            headers=HX,
        )
        assert response["HX-Refresh"] == "true", action
    after = Ticket.objects.get(pk=waiting_k.pk)
    assert (after.status, after.desk_id, after.recall_count, after.service_id) == (
        TicketStatus.CALLED, desks[3].pk, 0, services["K"].pk,
    )  # fmt: skip


def test_the_desk_the_page_shows_still_acts(moved_to_meja3, waiting_k, desks):
    response = moved_to_meja3.post(
        reverse("desk_action", args=["call-next"]), {"desk": desks[3].pk}, headers=HX
    )
    assert "K-001 dipanggil ke Meja 3" in response.content.decode()
    assert "HX-Refresh" not in response


def test_the_poll_of_the_old_tab_reloads_the_whole_console(moved_to_meja3, waiting_k, desks):
    client = moved_to_meja3
    stale = client.get(reverse("desk"), {"desk": desks[2].pk}, headers=HX)
    assert stale["HX-Refresh"] == "true" and not stale.content  # not Meja 3's list under "Meja 2"
    assert alerts(stale) == [
        ("Anda sekarang bertugas di Meja 3 (diganti di tab atau jendela lain).", DESK_CHANGED)
    ]
    fresh = client.get(reverse("desk"), {"desk": desks[3].pk}, headers=HX)
    assert fresh.status_code == 200 and "K-001" in fresh.content.decode()
    # Left in tab B: the poll of tab A reloads to the desk choice, never draws it in the list.
    client.post(reverse("desk_select"), {"desk": "", "leaving": desks[3].pk})
    for query in ({"desk": desks[3].pk}, {}):
        gone = client.get(reverse("desk"), query, headers=HX)
        assert gone["HX-Refresh"] == "true" and not gone.content


def test_the_desk_choice_goes_on_to_the_desk_taken_in_another_tab(
    client, consultation_officer, desks
):
    client.force_login(consultation_officer)
    assert 'hx-get="/desk/?desk="' in client.get(reverse("desk")).content.decode()
    idle = client.get(reverse("desk"), {"desk": ""}, headers=HX)
    assert idle.status_code == 204 and "HX-Refresh" not in idle  # no desk yet: nothing to do
    client.post(reverse("desk_select"), {"desk": desks[3].pk})  # in tab B
    client.get(reverse("desk"))
    taken = client.get(reverse("desk"), {"desk": ""}, headers=HX)
    assert taken["HX-Refresh"] == "true"
    assert alerts(taken) == [
        ("Anda sekarang bertugas di Meja 3 (diganti di tab atau jendela lain).", DESK_CHANGED)
    ]


def test_change_desk_from_the_old_tab_leaves_nothing(moved_to_meja3, consultation_officer, desks):
    response = moved_to_meja3.post(reverse("desk_select"), {"desk": "", "leaving": desks[2].pk})
    assert response.status_code == 302
    assert [code for _message, code in alerts(response)] == [DESK_CHANGED]
    held = DeskSession.objects.get(officer=consultation_officer, ended_at__isnull=True)
    assert held.desk == desks[3]


def test_an_action_after_the_desk_was_left_in_another_tab_reloads_to_the_choice(
    moved_to_meja3, waiting_k, desks
):
    client = moved_to_meja3
    client.post(reverse("desk_select"), {"desk": "", "leaving": desks[3].pk})
    response = client.post(
        reverse("desk_action", args=["call-next"]), {"desk": desks[3].pk}, headers=HX
    )
    assert response["HX-Refresh"] == "true" and not response.content
    # Without a desk named either (an older page): the choice page is never put in #console.
    response = client.post(reverse("desk_action", args=["call-next"]), headers=HX)
    assert response["HX-Refresh"] == "true" and not response.content
    waiting_k.refresh_from_db()
    assert waiting_k.status == TicketStatus.WAITING


@pytest.mark.parametrize("shown", ["2\x00", "٢", "9" * 40, "-1", "2\u202e"])
def test_a_desk_named_unreadably_is_refused_at_once_and_calls_nobody(
    moved_to_meja3, waiting_k, shown
):
    client = moved_to_meja3
    action = client.post(reverse("desk_action", args=["call-next"]), {"desk": shown}, headers=HX)
    poll = client.get(reverse("desk"), {"desk": shown}, headers=HX)
    leave = client.post(reverse("desk_select"), {"desk": "", "leaving": shown})
    # Refused as another desk (the page is drawn again), or by the request guard (NUL and
    # control characters: a 400 page); never a 500, never an action.
    for response in (action, poll):
        assert response.status_code == 400 or response.headers["HX-Refresh"] == "true"
    assert leave.status_code in (302, 400)
    assert DeskSession.objects.filter(ended_at__isnull=True).count() == 1  # Meja 3 still held
    waiting_k.refresh_from_db()
    assert waiting_k.status == TicketStatus.WAITING
