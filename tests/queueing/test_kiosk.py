import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from queueing.desks import desk_take
from queueing.models import Ticket
from tests.conftest import WITA


@pytest.fixture
def kiosk_url(office):
    return reverse("kiosk", args=[office.code])


def tap(client, url, service, priority="", request_id=None, **extra):
    return client.post(
        url,
        {"service": service.pk, "priority": priority, "request_id": request_id or uuid.uuid4()},
        **extra,
    )


def test_start_screen_shows_one_button_per_active_service_with_waiting_counts(
    client, kiosk_url, services, desks, issue
):
    issue("K")
    issue("K")
    services["R"].is_active = False
    services["R"].save()
    html = client.get(kiosk_url).content.decode()
    assert 'data-testid="service-K"' in html
    assert 'data-testid="service-P"' in html
    assert 'data-testid="service-R"' not in html
    assert "2 menunggu" in html  # Indonesian by default
    assert "Lansia" in html  # the priority choice


def test_a_tap_issues_a_ticket_and_shows_it_with_a_qr_code(
    client, kiosk_url, services, clock, desks
):
    response = tap(client, kiosk_url, services["K"], priority="pregnant")
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("kiosk_ticket", args=["6571", ticket.token])
    page = client.get(response.url).content.decode()
    assert "K-001" in page
    assert "<svg" in page
    assert reverse("ticket_status", args=[ticket.token]) in page
    assert "Senin, 23 November 2026" in page  # office-local date, Indonesian
    assert "09.00 WITA" in page  # one clock format: 09.00
    assert ticket.priority == "pregnant"


def test_the_ticket_page_says_how_many_are_ahead_and_estimates_from_observed_turns(
    client, kiosk_url, services, desks, issue, front_office, clock
):
    from queueing import services as queue

    desk_take(desk=desks[1], officer=front_office)
    first = issue("K")
    queue.ticket_call(ticket=first, desk=desks[1], officer=front_office)
    queue.ticket_start(ticket=first, desk=desks[1], officer=front_office)
    clock.shift(6 * 60)
    queue.ticket_finish(ticket=first, desk=desks[1], officer=front_office)
    issue("K")
    issue("K")
    response = tap(client, kiosk_url, services["K"])
    page = client.get(response.url).content.decode()
    assert "2 orang di depan Anda" in page
    # Two ahead × a 6-minute observed turn ÷ one front-office desk.
    assert "sekitar 12 menit" in page


def test_without_any_observed_turn_the_estimate_says_unknown(
    client, kiosk_url, services, desks, issue, front_office
):
    desk_take(desk=desks[1], officer=front_office)
    issue("K")
    response = tap(client, kiosk_url, services["K"])
    assert "belum diketahui" in client.get(response.url).content.decode()


def test_double_submission_returns_the_same_ticket(client, kiosk_url, services, desks, clock):
    request_id = uuid.uuid4()
    first = tap(client, kiosk_url, services["K"], request_id=request_id)
    clock.shift(30)
    second = tap(client, kiosk_url, services["K"], request_id=request_id)
    assert first.url == second.url
    assert Ticket.objects.count() == 1


def test_invalid_input_is_refused_with_a_message(client, kiosk_url, services, desks, clock):
    # What each message says: test_kiosk_refusals.py.
    for data in (
        {},
        {"service": "abc", "request_id": uuid.uuid4()},
        {"service": services["K"].pk, "request_id": "not-a-uuid"},
        {"service": services["K"].pk, "request_id": uuid.uuid4(), "priority": "vip"},
    ):
        response = client.post(kiosk_url, data)
        assert response.status_code == 400
        assert 'class="alert alert-danger' in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_service_of_another_office_cannot_be_tapped(
    client, kiosk_url, desks, other_office, clock
):
    from tests.factories import ServiceFactory

    foreign = ServiceFactory(office=other_office, prefix="K")
    assert tap(client, kiosk_url, foreign).status_code == 400
    assert not Ticket.objects.exists()


def test_issuing_is_throttled_per_kiosk(
    client, kiosk_url, services, desks, clock, settings, shared_cache
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 2
    settings.KIOSK_MAX_PER_MINUTE = 3
    assert tap(client, kiosk_url, services["K"]).status_code == 302
    refused = tap(client, kiosk_url, services["K"])  # a stuck button, same second
    assert refused.status_code == 429
    assert "Tunggu sebentar" in refused.content.decode()
    for _ in range(2):
        clock.shift(3)
        assert tap(client, kiosk_url, services["K"]).status_code == 302
    clock.shift(3)
    assert tap(client, kiosk_url, services["K"]).status_code == 429  # 4th in a minute
    assert Ticket.objects.count() == 3
    # Another kiosk (another address) is not affected.
    other = tap(client, kiosk_url, services["K"], REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        # Before opening on the same day: "today", written 07.30 as on the home page.
        (dt.datetime(2026, 11, 23, 6, 0, tzinfo=WITA), "Kami buka hari ini pukul 07.30 WITA."),
        (dt.datetime(2026, 11, 29, 20, 0, tzinfo=WITA), "buka kembali besok pukul 07.30 WITA."),
        (
            dt.datetime(2026, 11, 27, 17, 0, tzinfo=WITA),
            "buka kembali pada Senin, 30 November 2026 pukul 07.30 WITA.",
        ),
    ],
)
def test_outside_opening_hours_the_kiosk_says_when_it_opens(
    client, kiosk_url, services, desks, clock, moment, opens
):
    clock.move_to(moment)
    html = client.get(kiosk_url).content.decode()
    assert 'data-testid="kiosk-closed"' in html
    assert opens in html
    assert 'data-testid="kiosk-form"' not in html
    response = tap(client, kiosk_url, services["K"])
    assert response.status_code == 409
    assert not Ticket.objects.exists()


def test_on_a_holiday_the_kiosk_is_closed(client, kiosk_url, services, desks, clock):
    from tests.factories import HolidayFactory

    HolidayFactory(date=dt.date(2026, 11, 23), name="Libur contoh")
    assert 'data-testid="kiosk-closed"' in client.get(kiosk_url).content.decode()


def test_unknown_or_inactive_office_is_404(client, office, clock):
    assert client.get(reverse("kiosk", args=["9999"])).status_code == 404
    office.is_active = False
    office.save()
    assert client.get(reverse("kiosk", args=[office.code])).status_code == 404


def test_kiosk_ticket_page_of_another_office_is_404(client, services, desks, issue, other_office):
    ticket = issue("K")
    url = reverse("kiosk_ticket", args=[other_office.code, ticket.token])
    assert client.get(url).status_code == 404


def test_kiosk_queries_do_not_grow_with_the_number_of_tickets(
    client, kiosk_url, services, desks, issue
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(kiosk_url, headers={"HX-Request": "true"}).status_code == 200
        return len(queries)

    issue("K")
    few = count()
    for _ in range(30):
        issue("P")
    assert count() == few


def test_kiosk_start_screen_query_budget(
    client, kiosk_url, services, desks, issue, django_assert_max_num_queries
):
    for _ in range(5):
        issue("K")
    # The office, its hours, its services, today's waiting counts, whether it has a front
    # office (without one, each service needs a desk of its own to be offered), the session.
    with django_assert_max_num_queries(6):
        client.get(kiosk_url)


def test_the_kiosk_ticket_page_is_gone_after_two_minutes(client, kiosk_url, services, desks, clock):
    response = tap(client, kiosk_url, services["K"], priority="elderly")
    page = client.get(response.url).content.decode()
    assert "Lansia" not in page  # the kind of priority is health data: not printed
    clock.shift(121)
    later = client.get(response.url)
    assert later.status_code == 302 and later.url == kiosk_url


def test_a_script_spread_over_many_addresses_hits_the_office_cap(
    client, kiosk_url, services, desks, clock, settings, shared_cache
):
    # Not a kiosk screen of the office (test_kiosk_screens.py): the budget it shares with the
    # phones.
    settings.PHONE_MAX_PER_OFFICE_PER_MINUTE = 3
    codes = [
        tap(client, kiosk_url, services["K"], REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]


def test_a_kiosk_without_printer_shows_the_ticket_without_printing(
    client, kiosk_url, services, desks, clock
):
    response = client.post(
        kiosk_url,
        {"service": services["K"].pk, "request_id": uuid.uuid4(), "print": "0"},
    )
    assert response.url.endswith("?print=0")
    assert "data-autoprint" not in client.get(response.url).content.decode()


def test_a_refused_tap_is_offered_again_with_its_own_request_id(
    client, kiosk_url, services, desks, clock, settings, shared_cache
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 2
    assert tap(client, kiosk_url, services["K"]).status_code == 302
    request_id = uuid.uuid4()
    refused = tap(client, kiosk_url, services["K"], request_id=request_id)
    assert refused.status_code == 429
    # Tapping again repeats this tap: it gets one ticket, however often it arrives.
    assert f'value="{request_id}"' in refused.content.decode()
    clock.shift(3)
    first = tap(client, kiosk_url, services["K"], request_id=request_id)
    again = tap(client, kiosk_url, services["K"], request_id=request_id)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert Ticket.objects.count() == 2


def test_the_request_id_of_another_offices_tap_never_shows_that_ticket(
    client, office, other_office, services, desks, clock
):
    from tests.factories import ServiceFactory

    request_id = uuid.uuid4()
    theirs = tap(client, reverse("kiosk", args=[office.code]), services["K"], request_id=request_id)
    ticket = Ticket.objects.get()
    assert theirs.status_code == 302
    other_service = ServiceFactory(office=other_office, prefix="K")
    response = tap(
        client, reverse("kiosk", args=[other_office.code]), other_service, request_id=request_id
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert ticket.token not in page and f'value="{request_id}"' not in page
    assert Ticket.objects.count() == 1


def test_a_wait_under_a_minute_reads_less_than_one_minute_and_clicks_are_not_turns(
    client, kiosk_url, services, desks, issue, front_office, clock
):
    from queueing import services as queue

    desk_take(desk=desks[1], officer=front_office)
    for seconds in (0, 0, 0, 10):  # three click-throughs and one short real turn
        ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
        queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
        clock.shift(seconds)
        queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    for _ in range(5):
        issue("K")
    response = tap(client, kiosk_url, services["K"])
    page = client.get(response.url).content.decode()
    assert "5 orang di depan Anda" in page
    assert "kurang dari 1 menit" in page
    assert "sekitar 0 menit" not in page
