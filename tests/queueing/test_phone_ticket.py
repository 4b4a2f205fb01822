"""A queue number on the visitor's own phone: /q/<office>/ (the QR poster at the entrance)."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from queueing import services as queue
from queueing.models import Ticket, TicketOrigin
from queueing.services import QueueError
from queueing.views import PHONE_TICKET_COOKIE
from tests.conftest import WITA


@pytest.fixture
def phone_url(office):
    return reverse("phone_ticket", args=[office.code])


def tap(client, url, service, priority="", request_id=None, **extra):
    return client.post(
        url,
        {"service": service.pk, "priority": priority, "request_id": request_id or uuid.uuid4()},
        **extra,
    )


def test_an_anonymous_visitor_takes_a_number_and_lands_on_its_status_page(
    client, phone_url, services, desks, clock
):
    page = client.get(phone_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="service-K"' in html
    assert "Lansia" in html  # the priority choice
    assert "data-autoprint" not in html and "data-return-to" not in html  # not a kiosk

    response = tap(client, phone_url, services["K"], priority="elderly")
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("ticket_status", args=[ticket.token])
    assert ticket.origin == TicketOrigin.PHONE
    assert ticket.priority == "elderly"
    status = client.get(response.url).content.decode()
    assert "K-001" in status


def test_kiosk_tickets_are_marked_as_kiosk_tickets(client, office, services, desks, clock):
    tap(client, reverse("kiosk", args=[office.code]), services["K"])
    assert Ticket.objects.get().origin == TicketOrigin.KIOSK


def test_back_on_the_phone_page_leads_to_the_number_it_took(
    client, phone_url, services, desks, clock
):
    tap(client, phone_url, services["K"])
    ticket = Ticket.objects.get()
    html = client.get(phone_url).content.decode()
    assert 'data-testid="phone-kept"' in html
    assert reverse("ticket_status", args=[ticket.token]) in html
    # Another phone sees nothing of it.
    client.cookies.clear()
    assert 'data-testid="phone-kept"' not in client.get(phone_url).content.decode()


def test_a_repeated_submission_returns_the_same_ticket(client, phone_url, services, desks, clock):
    request_id = uuid.uuid4()
    first = tap(client, phone_url, services["K"], request_id=request_id)
    second = tap(client, phone_url, services["K"], request_id=request_id)
    assert first.url == second.url
    assert Ticket.objects.count() == 1


def test_back_and_a_tap_on_the_same_service_again_is_the_number_the_phone_has(
    client, phone_url, services, desks, clock, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 0  # the throttle is not what is tested
    # Trial L6: the page came back with a new request id, and a second tap gave a second
    # place in the same queue.
    first = tap(client, phone_url, services["K"])
    again = tap(client, phone_url, services["K"], follow=True)
    ticket = Ticket.objects.get()
    # Said by the ticket's page from its address: the phone page's script follows the
    # redirect itself, which would use up a flash message before the page is shown.
    assert again.redirect_chain[-1][0] == f"{first.url}?held=1"
    assert 'data-testid="held-again"' in again.content.decode()
    assert 'data-testid="held-again"' not in client.get(first.url).content.decode()
    # Another service is another number; another phone gets its own.
    assert tap(client, phone_url, services["P"]).status_code == 302
    client.cookies.pop(PHONE_TICKET_COOKIE)
    assert tap(client, phone_url, services["K"]).status_code == 302
    assert sorted(Ticket.objects.values_list("code", flat=True)) == ["K-001", "K-002", "P-001"]
    assert ticket.code == "K-001"


def test_a_phone_whose_number_is_over_takes_a_new_one_in_the_same_queue(
    client, phone_url, services, desks, clock, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 0
    tap(client, phone_url, services["K"])
    tap(client, phone_url, services["K"])
    ticket = Ticket.objects.get()
    queue.ticket_cancel(ticket=ticket)
    assert tap(client, phone_url, services["K"]).status_code == 302
    assert Ticket.objects.filter(service=services["K"]).count() == 2


def test_an_office_can_forbid_phone_tickets(client, office, phone_url, services, desks, clock):
    office.allow_phone_tickets = False
    office.save()
    page = client.get(phone_url)
    assert page.status_code == 403
    assert "hanya di kios" in page.content.decode()
    assert tap(client, phone_url, services["K"]).status_code == 403
    assert not Ticket.objects.exists()
    # The home page no longer offers it.
    home = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert phone_url not in home


def test_the_service_refuses_a_phone_ticket_where_the_office_forbids_them(
    office, services, desks, clock
):
    from queueing import services as queue

    office.allow_phone_tickets = False
    office.save()
    with pytest.raises(QueueError):
        queue.ticket_issue(office=office, service=services["K"], origin=TicketOrigin.PHONE)


def test_the_home_page_button_opens_the_phone_page_not_the_kiosk(client, office, services):
    home = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert f'href="{reverse("phone_ticket", args=[office.code])}"' in home
    assert reverse("kiosk", args=[office.code]) not in home


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        (dt.datetime(2026, 11, 23, 6, 0, tzinfo=WITA), "Kami buka hari ini pukul 07.30 WITA."),
        (
            dt.datetime(2026, 11, 27, 17, 0, tzinfo=WITA),
            "buka kembali pada Senin, 30 November 2026 pukul 07.30 WITA.",
        ),
    ],
)
def test_outside_opening_hours_the_phone_page_says_when_the_office_opens(
    client, phone_url, services, desks, clock, moment, opens
):
    clock.move_to(moment)
    html = client.get(phone_url).content.decode()
    assert opens in html
    assert 'data-testid="phone-form"' not in html
    assert tap(client, phone_url, services["K"]).status_code == 409
    assert not Ticket.objects.exists()


def test_phone_tickets_share_the_kiosk_throttle(
    client, phone_url, services, desks, clock, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 2
    settings.KIOSK_MAX_PER_MINUTE = 2
    assert tap(client, phone_url, services["K"]).status_code == 302
    refused = tap(client, phone_url, services["P"])
    assert refused.status_code == 429
    assert "Tunggu sebentar" in refused.content.decode()
    clock.shift(3)
    assert tap(client, phone_url, services["P"]).status_code == 302
    clock.shift(3)
    assert tap(client, phone_url, services["J"]).status_code == 429  # 3rd in a minute
    assert Ticket.objects.count() == 2


def test_a_tap_on_a_closed_office_says_it_is_closed_not_try_again(
    client, phone_url, services, desks, clock, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 2
    clock.move_to(dt.datetime(2026, 11, 23, 16, 30, tzinfo=WITA))
    assert tap(client, phone_url, services["K"]).status_code == 409
    refused = tap(client, phone_url, services["K"])  # at once: the throttle's interval
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Tunggu sebentar" not in page
    assert "Layanan sedang tutup." in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"service": "x", "request_id": str(uuid.uuid4())},
        {"service": "999999", "request_id": str(uuid.uuid4())},
        {"service": "1", "request_id": "not-a-uuid"},
        {"service": "1", "priority": "vip", "request_id": str(uuid.uuid4())},
    ],
)
def test_bad_input_is_a_400_with_a_message(client, phone_url, services, desks, clock, data):
    response = client.post(phone_url, data)
    assert response.status_code == 400
    assert 'class="alert alert-danger' in response.content.decode()  # test_kiosk_refusals.py
    assert not Ticket.objects.exists()


def test_a_service_of_another_office_cannot_be_taken(
    client, phone_url, services, desks, other_office, clock
):
    from tests.factories import ServiceFactory

    foreign = ServiceFactory(office=other_office, prefix="K")
    assert tap(client, phone_url, foreign).status_code == 400
    assert not Ticket.objects.exists()


def test_unknown_office_is_404(client, office, clock):
    assert client.get(reverse("phone_ticket", args=["9999"])).status_code == 404


def test_a_forged_ticket_cookie_is_ignored(client, phone_url, services, desks, clock):
    client.cookies["pst_phone_ticket"] = "forged"
    assert client.get(phone_url).status_code == 200


def test_phone_page_query_budget(
    client, phone_url, services, desks, issue, django_assert_max_num_queries
):
    for _ in range(5):
        issue("K")
    with django_assert_max_num_queries(10):
        client.get(phone_url)


def test_a_flood_of_phone_tickets_never_locks_out_the_lobby_kiosk(
    client, phone_url, services, desks, clock, settings, shared_cache, administrator
):
    settings.PHONE_MAX_PER_OFFICE_PER_MINUTE = 2
    settings.KIOSK_MAX_PER_OFFICE_PER_MINUTE = 2
    codes = [
        tap(client, phone_url, services["K"], REMOTE_ADDR=f"10.0.1.{i}").status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 429, 429]
    office = services["K"].office
    lobby = Client()  # the office's kiosk screen (test_kiosk_screens.py)
    lobby.force_login(administrator)
    lobby.post(reverse("kiosk_setup", args=[office.code]), {"action": "remember"})
    kiosk_url = reverse("kiosk", args=[office.code])
    assert tap(lobby, kiosk_url, services["K"], REMOTE_ADDR="10.0.0.2").status_code == 302
    assert Ticket.objects.filter(origin=TicketOrigin.KIOSK).count() == 1


def test_the_service_gives_back_only_an_open_number_of_today_in_the_same_queue(
    office, services, desks, clock
):
    held = queue.ticket_issue(office=office, service=services["K"], origin=TicketOrigin.PHONE)
    again = queue.ticket_issue(
        office=office, service=services["K"], origin=TicketOrigin.PHONE, held=held
    )
    assert again == held and again.is_repeat
    other = queue.ticket_issue(
        office=office, service=services["P"], origin=TicketOrigin.PHONE, held=held
    )
    assert other != held and not other.is_repeat
    clock.shift(dt.timedelta(days=1))
    tomorrow = queue.ticket_issue(
        office=office, service=services["K"], origin=TicketOrigin.PHONE, held=held
    )
    assert tomorrow != held
