"""A tap on the kiosk or the phone page while the server cannot be reached (product trial, L2:
the kiosk's plain POST left Chromium on ERR_CONNECTION_REFUSED for good). The screen stays,
says the tap failed, switches its service buttons off until the server answers again, and a
tap whose answer was lost gets the ticket it already took, never a second one."""

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from queueing.models import Ticket, TicketOrigin
from tests.conftest import MONDAY_9

KIOSK = "/kiosk/6571/?print=0"
PHONE = "/q/6571/"
FAILED = "Koneksi terputus — coba lagi."
NGINX_PAGE = Path(__file__).resolve().parents[2] / "deploy" / "pst-reconnecting.html"


def unreachable(url: str) -> bool:
    """The application's pages and its health probe (the page's own assets stay loaded)."""
    return any(part in url for part in ("/kiosk/", "/q/", "/t/", "/healthz"))


def refuse(route):
    route.abort("connectionrefused")


@pytest.fixture
def morning():
    with time_machine.travel(MONDAY_9, tick=True):
        yield


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("url", "viewport", "ticket_test_id"),
    [
        (KIOSK, {"width": 1280, "height": 900}, "ticket-code"),
        (PHONE, {"width": 375, "height": 740}, "status-code"),
    ],
    ids=["kiosk", "phone"],
)
def test_a_tap_while_the_server_is_down_stays_on_the_page_and_works_once_it_is_back(
    new_page, office, desks, services, morning, check_a11y, url, viewport, ticket_test_id
):
    page = new_page()
    page.set_viewport_size(viewport)
    page.goto(url)
    button = page.get_by_test_id("service-K")
    expect(button).to_be_enabled()

    page.route(unreachable, refuse)  # the server is stopped
    button.click()
    expect(page.get_by_test_id("tap-error")).to_have_text(FAILED)
    assert page.url.endswith(url)  # not chrome-error://
    # Switched off, and visibly so, until the server answers again.
    expect(button).to_be_disabled()
    expect(page.locator("body.is-offline")).to_have_count(1)
    assert "grayscale" in button.evaluate("b => getComputedStyle(b).filter")
    assert not Ticket.objects.exists()
    check_a11y(page, label=f"{url} offline")
    page.wait_for_timeout(1500)  # probes fail meanwhile: the page stays as it is
    expect(page.get_by_test_id("tap-error")).to_have_text(FAILED)
    expect(button).to_be_disabled()

    page.unroute(unreachable, refuse)  # the server is back: nobody touches the page
    expect(button).to_be_enabled(timeout=12_000)
    expect(page.locator("body.is-offline")).to_have_count(0)
    button.click()
    expect(page.get_by_test_id(ticket_test_id)).to_have_text("K-001")
    ticket = Ticket.objects.get()
    assert ticket.origin == (TicketOrigin.KIOSK if url == KIOSK else TicketOrigin.PHONE)
    if url == KIOSK:
        assert "/kiosk/6571/ticket/" in page.url and page.url.endswith("?print=0")
    else:
        assert page.url.endswith(f"/t/{ticket.token}/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", [KIOSK, PHONE], ids=["kiosk", "phone"])
def test_a_tap_whose_answer_was_lost_gets_its_ticket_not_a_second_one(
    new_page, office, desks, services, morning, url
):
    page = new_page()
    page.goto(url)

    def issued_then_lost(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()  # the server issues the ticket...
        route.abort("connectionreset")  # ...and its answer never reaches the device

    page.route(unreachable, issued_then_lost)
    page.get_by_test_id("service-K").click()
    expect(page.get_by_test_id("tap-error")).to_have_text(FAILED)
    assert page.url.endswith(url)
    assert Ticket.objects.count() == 1

    page.unroute(unreachable, issued_then_lost)
    button = page.get_by_test_id("service-K")
    expect(button).to_be_enabled(timeout=12_000)
    button.click()  # the same tap again: the same request id
    code = "ticket-code" if url == KIOSK else "status-code"
    expect(page.get_by_test_id(code)).to_have_text("K-001")
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_tap_for_another_service_after_a_lost_answer_is_a_new_ticket(
    new_page, office, desks, services, morning, settings
):
    """The visitor whose answer was lost walked away; the next one taps the library. They
    get a library number, not the consultation ticket the first tap took."""
    settings.KIOSK_MIN_INTERVAL_SECONDS = 0  # the next visitor may come at once
    page = new_page()
    page.goto(KIOSK)

    def issued_then_lost(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()
        route.abort("connectionreset")

    page.route(unreachable, issued_then_lost)
    page.get_by_test_id("service-K").click()
    expect(page.get_by_test_id("tap-error")).to_have_text(FAILED)
    page.unroute(unreachable, issued_then_lost)
    button = page.get_by_test_id("service-P")
    expect(button).to_be_enabled(timeout=12_000)
    button.click()
    expect(page.get_by_test_id("ticket-code")).to_have_text("P-001")
    assert sorted(Ticket.objects.values_list("service__prefix", flat=True)) == ["K", "P"]


@pytest.mark.django_db(transaction=True)
def test_the_kiosk_switches_its_buttons_off_while_the_device_has_no_network(
    new_page, office, desks, services, morning
):
    kiosk = new_page()
    kiosk.goto(KIOSK)
    kiosk.context.set_offline(True)
    expect(kiosk.get_by_test_id("service-K")).to_be_disabled()
    expect(kiosk.get_by_test_id("offline-note")).to_have_text(
        "Koneksi terputus — menyambung kembali…"
    )
    kiosk.get_by_test_id("service-K").click(force=True)  # a tap on the grey button: nothing
    assert kiosk.url.endswith(KIOSK)
    kiosk.context.set_offline(False)
    expect(kiosk.get_by_test_id("service-K")).to_be_enabled(timeout=12_000)
    expect(kiosk.get_by_test_id("offline-note")).to_have_count(0)
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_tap_shows_the_servers_answer_on_the_same_screen(
    new_page, office, desks, services, morning, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 60  # a second ticket from this kiosk is too soon
    kiosk = new_page()
    kiosk.goto(KIOSK)
    kiosk.get_by_test_id("service-K").click()
    expect(kiosk.get_by_test_id("ticket-code")).to_have_text("K-001")
    kiosk.goto(KIOSK)
    kiosk.get_by_test_id("service-P").click()
    expect(kiosk.locator(".alert-danger")).to_contain_text("Tunggu sebentar: nomor antrean")
    assert kiosk.url.endswith(KIOSK)
    assert kiosk.title().startswith("Ambil nomor antrean")
    # The page answered is live like the first one: its buttons and its poll.
    expect(kiosk.get_by_test_id("service-P")).to_be_enabled()
    assert kiosk.locator("#kiosk-services[hx-get]").count() == 1
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", [KIOSK, PHONE], ids=["kiosk", "phone"])
def test_without_script_the_tap_is_a_plain_form_as_before(
    browser, live_server, office, desks, services, morning, url
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("service-K").click()
        code = "ticket-code" if url == KIOSK else "status-code"
        expect(page.get_by_test_id(code)).to_have_text("K-001")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_the_printed_ticket_goes_back_to_the_start_only_once_the_server_answers(
    new_page, office, desks, services, morning, settings
):
    settings.KIOSK_RETURN_SECONDS = 2
    kiosk = new_page()
    kiosk.goto(KIOSK)
    kiosk.get_by_test_id("service-K").click()
    expect(kiosk.get_by_test_id("ticket-code")).to_have_text("K-001")
    ticket_page = kiosk.url

    def start_page(url: str) -> bool:
        return url.endswith("/kiosk/6571/?print=0")

    kiosk.route(start_page, refuse)
    kiosk.wait_for_timeout(3000)  # the return is due: the start page does not answer
    assert kiosk.url == ticket_page
    kiosk.get_by_test_id("kiosk-done").click()  # nor on a tap
    kiosk.wait_for_timeout(300)
    assert kiosk.url == ticket_page
    expect(kiosk.get_by_test_id("ticket-code")).to_have_text("K-001")
    kiosk.unroute(start_page, refuse)
    expect(kiosk.get_by_test_id("service-K")).to_be_visible(timeout=12_000)
    assert start_page(kiosk.url)


@pytest.mark.django_db(transaction=True)
def test_the_page_nginx_answers_for_a_502_comes_back_by_itself(
    new_page, office, desks, services, morning
):
    """deploy/pst-reconnecting.html, which README's nginx configuration answers in place of a
    502/504 on a device's path while gunicorn is down."""
    page = new_page()
    down = {"now": True}

    def gunicorn_down(route):
        if not down["now"]:
            route.continue_()
        elif "/healthz" in route.request.url:
            route.fulfill(status=502, body="bad gateway")
        else:
            route.fulfill(status=502, content_type="text/html", body=NGINX_PAGE.read_text())

    page.route(unreachable, gunicorn_down)
    page.goto(KIOSK)
    expect(page.get_by_test_id("reconnecting-static")).to_be_visible()
    page.wait_for_timeout(1500)  # probes fail meanwhile
    expect(page.get_by_test_id("reconnecting-static")).to_be_visible()
    down["now"] = False
    expect(page.get_by_test_id("service-K")).to_be_visible(timeout=12_000)
    assert page.url.endswith(KIOSK)


@pytest.mark.django_db(transaction=True)
def test_a_link_on_the_kiosk_is_followed_only_once_its_page_answers(
    new_page, office, desks, services, morning
):
    kiosk = new_page()
    kiosk.goto(KIOSK)
    kiosk.route(unreachable, refuse)
    kiosk.get_by_test_id("appointment-check-in-link").click()
    expect(kiosk.get_by_test_id("tap-error")).to_have_text(FAILED)
    kiosk.get_by_test_id("kiosk-language").click()
    kiosk.wait_for_timeout(300)
    assert kiosk.url.endswith(KIOSK)
    kiosk.unroute(unreachable, refuse)
    kiosk.get_by_test_id("kiosk-language").click()
    expect(kiosk.get_by_role("heading", level=1)).to_have_text("Take a queue number")
    assert kiosk.url.endswith("?print=0&lang=en")
