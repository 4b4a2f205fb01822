from django.urls import reverse

from queueing import services as queue
from queueing.models import Ticket, TicketStatus

HX = {"HX-Request": "true"}


def test_status_page_shows_position_then_the_desk_when_called(client, desks, issue, front_office):
    first, mine = issue("K"), issue("K")
    url = reverse("ticket_status", args=[mine.token])
    page = client.get(url).content.decode()
    assert "K-002" in page
    assert "1 orang di depan Anda" in page
    queue.ticket_call(ticket=first, desk=desks[1], officer=front_office)
    assert "Anda berikutnya." in client.get(url, headers=HX).content.decode()
    queue.ticket_start(ticket=first, desk=desks[1], officer=front_office)
    queue.ticket_finish(ticket=first, desk=desks[1], officer=front_office)
    queue.ticket_call_next(desk=desks[1], officer=front_office)
    page = client.get(url, headers=HX).content.decode()
    assert "Silakan ke Front Office" in page
    assert 'data-ticket-status="called"' in page


def test_at_the_front_office_the_count_says_it_covers_everyone_there(
    client, desks, issue, services, front_office
):
    issue("P"), issue("J")
    mine = issue("K")
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "2 orang di depan Anda di front office" in page
    routed = queue.ticket_call(ticket=mine, desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        without_guestbook=True,
        ticket=routed,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
    )
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "0 orang di depan Anda" in page
    assert "di front office" not in page


def test_a_regular_ticket_counts_priority_visitors_who_will_go_first(client, desks, issue, clock):
    mine = issue("K")
    clock.shift(30)
    issue("K", priority="elderly")
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "1 orang di depan Anda" in page


def test_the_visitor_can_cancel_their_waiting_ticket(client, desks, issue):
    ticket = issue("K")
    response = client.post(reverse("ticket_cancel", args=[ticket.token]))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CANCELLED
    again = client.post(reverse("ticket_cancel", args=[ticket.token]), follow=True)
    assert "Hanya tiket yang masih menunggu" in again.content.decode()
    assert Ticket.objects.get().status == TicketStatus.CANCELLED


def test_a_called_ticket_cannot_be_cancelled(client, desks, issue, front_office):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    client.post(reverse("ticket_cancel", args=[ticket.token]))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED


def test_cancel_needs_post(client, desks, issue):
    ticket = issue("K")
    assert client.get(reverse("ticket_cancel", args=[ticket.token])).status_code == 405


def test_the_number_alone_reveals_nothing(client, desks, issue):
    ticket = issue("K")
    for guess in ("1", "K-001", str(ticket.pk), ticket.token[:-1]):
        assert client.get(reverse("ticket_status", args=[guess])).status_code == 404
        assert client.post(reverse("ticket_cancel", args=[guess])).status_code == 404


def test_status_fragment_answers_304_and_has_a_constant_query_budget(
    client, desks, issue, django_assert_max_num_queries
):
    ticket = issue("K")
    url = reverse("ticket_status", args=[ticket.token])
    first = client.get(url, headers=HX)
    with django_assert_max_num_queries(3):
        assert client.get(url, headers=HX | {"If-None-Match": first["ETag"]}).status_code == 304
    with django_assert_max_num_queries(10):
        assert client.get(url, headers=HX).status_code == 200
    for _ in range(20):
        issue("K")
    with django_assert_max_num_queries(10):
        assert client.get(url, headers=HX).status_code == 200


def test_people_ahead_counts_every_service_the_front_office_calls(client, desks, issue, clock):
    for prefix in ("P", "J", "P"):
        issue(prefix)
        clock.shift(10)
    mine = issue("K")
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "3 orang di depan Anda" in page


def test_people_ahead_at_a_service_desk_counts_the_services_it_shares(
    client, desks, issue, services, front_office, clock
):
    def routed(prefix, to):
        ticket = queue.ticket_call(ticket=issue(prefix), desk=desks[1], officer=front_office)
        clock.shift(10)
        return queue.ticket_transfer(
            without_guestbook=True,
            ticket=ticket,
            desk=desks[1],
            officer=front_office,
            to_service=services[to],
        )

    routed("R", "R")  # Meja 2 takes K and R
    routed("P", "P")  # Meja 4 (P, J): not in the way of a K visitor
    mine = routed("K", "K")
    page = client.get(reverse("ticket_status", args=[mine.token])).content.decode()
    assert "1 orang di depan Anda" in page


def test_a_call_between_reading_the_version_and_the_ticket_is_not_hidden_by_a_304(
    client, desks, issue, front_office, monkeypatch
):
    from queueing import selectors

    ticket = issue("K")
    real_version = selectors.ticket_page_version

    def version_then_call(office, now):
        version = real_version(office, now)
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        return version

    monkeypatch.setattr(selectors, "ticket_page_version", version_then_call)
    page = client.get(reverse("ticket_status", args=[ticket.token]), headers=HX)
    # The ETag is older than the call: the fragment must already show it (or be older too
    # and get replaced on the next poll) — never a stale fragment under a newer ETag.
    assert 'data-ticket-status="called"' in page.content.decode()


def test_cancelled_and_finished_tickets_no_longer_offer_notify_me(
    client, desks, issue, front_office
):
    waiting, cancelled, finished = issue("K"), issue("K"), issue("K")
    queue.ticket_cancel(ticket=cancelled)
    queue.ticket_call(ticket=finished, desk=desks[1], officer=front_office)
    queue.ticket_start(ticket=finished, desk=desks[1], officer=front_office)
    queue.ticket_finish(ticket=finished, desk=desks[1], officer=front_office)

    def page(ticket):
        return client.get(reverse("ticket_status", args=[ticket.token])).content.decode()

    assert 'data-testid="notify-me"' in page(waiting)
    assert 'data-testid="notify-me"' not in page(cancelled)
    assert 'data-testid="notify-me"' not in page(finished)


def test_the_status_page_has_a_level_one_heading(client, desks, issue):
    ticket = issue("K")
    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert "<h1" in page and "Nomor antrean Anda: K-001" in page


def test_a_visitor_passed_over_is_told_what_to_do_next(client, desks, issue, front_office):
    # Found by the product trial: only "Tidak hadir", no next step.
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=front_office)
    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert 'data-testid="status-next"' in page and "kios" in page


def test_a_ticket_still_waiting_after_the_offices_midnight_says_it_is_no_longer_valid(
    client, desks, issue, clock
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    mine = issue("K")
    url = reverse("ticket_status", args=[mine.token])
    live = client.get(url, headers=HX)
    assert 'data-testid="status-ahead"' in live.content.decode()
    clock.move_to(dt.datetime(2026, 11, 24, 0, 1, tzinfo=ZoneInfo("Asia/Makassar")))
    again = client.get(url, headers=HX | {"If-None-Match": live["ETag"]})
    html = again.content.decode()
    assert again.status_code == 200
    assert "Nomor ini untuk 23 November 2026 dan sudah tidak berlaku." in html
    assert 'data-testid="status-ahead"' not in html
    assert 'data-testid="cancel-ticket"' not in html
