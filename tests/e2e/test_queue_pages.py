"""The queue pages on their devices: the board recovering from a network drop, the kiosk
when closed, the phone page at 375 px."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from queueing import services as queue
from queueing.models import Ticket
from tests.conftest import MONDAY_9, WITA

SCREENSHOTS = "test-results"


@pytest.mark.django_db(transaction=True)
def test_board_catches_up_after_the_network_comes_back(
    new_page, office, desks, services, front_office, settings
):
    settings.LIVE_POLL_SECONDS = 1
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        board = new_page()
        board.goto("/display/6571/")
        expect(board.get_by_test_id("board-waiting-K")).to_have_text("1")

        board.context.set_offline(True)
        expect(board.locator(".board-offline")).to_be_visible()
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        board.wait_for_timeout(1500)  # polls fail while offline: the screen keeps its content
        expect(board.get_by_test_id("board-waiting-K")).to_have_text("1")

        board.context.set_offline(False)
        expect(board.get_by_test_id("board-now-code")).to_have_text("K-001")
        expect(board.locator(".board-offline")).to_be_hidden()
        board.wait_for_function("() => window.pstAnnouncements.length === 1")


@pytest.mark.django_db(transaction=True)
def test_kiosk_outside_hours_says_when_it_opens_and_offers_no_button(
    new_page, office, desks, services, check_a11y
):
    with time_machine.travel(dt.datetime(2026, 11, 27, 18, 0, tzinfo=WITA), tick=True):
        kiosk = new_page()
        kiosk.goto("/kiosk/6571/")
        expect(kiosk.get_by_test_id("kiosk-closed")).to_contain_text(
            "Kami buka kembali pada Senin, 30 November 2026 pukul 07.30 WITA."
        )
        expect(kiosk.get_by_test_id("kiosk-services")).to_have_count(0)
        check_a11y(kiosk)
        kiosk.screenshot(path=f"{SCREENSHOTS}/queue-kiosk-closed.png")


@pytest.mark.django_db(transaction=True)
def test_kiosk_start_screen_and_phone_status_fit_their_screens(
    new_page, office, desks, services, check_a11y
):
    with time_machine.travel(MONDAY_9, tick=True):
        kiosk = new_page()
        kiosk.set_viewport_size({"width": 1080, "height": 1920})  # a portrait kiosk screen
        kiosk.goto("/kiosk/6571/?print=0")
        expect(kiosk.get_by_test_id("waiting-K")).to_have_text("0 menunggu")
        kiosk.get_by_text("Lansia", exact=True).click()
        box = kiosk.get_by_test_id("service-K").bounding_box()
        assert box["height"] >= 64  # touch-sized
        check_a11y(kiosk)
        kiosk.screenshot(path=f"{SCREENSHOTS}/queue-kiosk-start.png")
        kiosk.get_by_test_id("service-K").click()
        expect(kiosk.get_by_test_id("printed-ticket")).to_contain_text("Prioritas")
        status_url = kiosk.get_by_test_id("printed-ticket").get_attribute("data-status-url")

        phone = new_page()
        phone.set_viewport_size({"width": 375, "height": 740})
        phone.goto(status_url)
        expect(phone.get_by_test_id("status-ahead")).to_contain_text("0 orang di depan Anda")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        phone.once("dialog", lambda dialog: dialog.accept())
        phone.get_by_test_id("cancel-ticket").click()
        expect(phone.get_by_test_id("status-final")).to_have_text("Dibatalkan")
        expect(phone.get_by_test_id("notify-me")).to_be_hidden()  # nothing left to notify
        check_a11y(phone)
        phone.screenshot(path=f"{SCREENSHOTS}/queue-phone-cancelled.png")


@pytest.mark.django_db(transaction=True)
def test_a_phone_takes_a_number_and_keeps_following_it(
    new_page, office, desks, services, check_a11y
):
    with time_machine.travel(MONDAY_9, tick=True):
        home = new_page()
        home.set_viewport_size({"width": 375, "height": 740})
        home.goto("/office/6571/")
        home.get_by_test_id("take-number").click()
        expect(home).to_have_url(re.compile(r"/q/6571/$"))
        check_a11y(home)
        assert home.evaluate("document.documentElement.scrollWidth") <= 375

        home.get_by_label("Lansia").check()
        home.get_by_test_id("service-K").click()
        expect(home).to_have_url(re.compile(r"/t/[\w-]+/$"))
        status_url = home.url
        expect(home.get_by_test_id("status-code")).to_have_text("K-001")
        expect(home.get_by_test_id("printed-ticket")).to_have_count(0)  # nothing to print
        home.wait_for_timeout(500)
        home.reload()  # the page the phone keeps
        expect(home.get_by_test_id("status-code")).to_have_text("K-001")
        assert home.url == status_url

        home.go_back()  # back on the phone page: it leads to the number taken
        expect(home).to_have_url(re.compile(r"/q/6571/$"))
        expect(home.get_by_test_id("phone-kept")).to_contain_text("K-001")
        home.get_by_test_id("phone-kept-link").click()
        expect(home.get_by_test_id("status-code")).to_have_text("K-001")
        home.screenshot(path=f"{SCREENSHOTS}/queue-phone-ticket.png")
    ticket = Ticket.objects.get()
    assert (ticket.origin, ticket.priority) == ("phone", "elderly")


@pytest.mark.django_db(transaction=True)
def test_the_board_clock_is_written_the_same_way_in_english(new_page, office, desks, services):
    board = new_page(locale="en-US")
    board.goto("/display/6571/")
    expect(board.get_by_test_id("board-clock")).to_have_text(re.compile(r"^\d\d\.\d\d\.\d\d$"))
    expect(board.locator("[data-date]")).to_have_text(
        re.compile(r"^[A-Z][a-z]+,? \d{1,2} [A-Z][a-z]+ \d{4}$")
    )


@pytest.mark.django_db(transaction=True)
def test_a_visitor_takes_a_number_in_english_and_the_kiosk_starts_over_in_indonesian(
    new_page, office, desks, services, settings, check_a11y
):
    settings.KIOSK_LANGUAGE_IDLE_SECONDS = 2
    with time_machine.travel(MONDAY_9, tick=True):
        kiosk = new_page()
        kiosk.goto("/kiosk/6571/?print=0")
        title = kiosk.get_by_role("heading", level=1)
        kiosk.get_by_test_id("kiosk-language").click()
        expect(title).to_have_text("Take a queue number")
        check_a11y(kiosk)
        kiosk.get_by_test_id("service-K").click()
        expect(kiosk.get_by_test_id("kiosk-done")).to_have_text("Done")
        kiosk.get_by_test_id("kiosk-done").click()
        expect(title).to_have_text("Ambil nomor antrean")  # the next visitor's screen
        # Switched, then left untouched: back in Indonesian, still without a printer.
        kiosk.get_by_test_id("kiosk-language").click()
        expect(title).to_have_text("Take a queue number")
        expect(title).to_have_text("Ambil nomor antrean")
        assert kiosk.url.endswith("/kiosk/6571/?print=0")


@pytest.mark.django_db(transaction=True)
def test_back_on_the_phone_and_a_tap_on_the_same_service_gives_the_same_number(
    new_page, office, services, desks, monday_morning, settings
):
    # Trial L6: the phone page came back with a new request id; a second tap gave the same
    # phone a second place in the same queue.
    settings.KIOSK_MIN_INTERVAL_SECONDS = 0
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"/q/{office.code}/")
    page.get_by_test_id("service-K").click()
    expect(page.get_by_test_id("status-code")).to_have_text("K-001")
    status_url = page.url

    page.go_back()
    expect(page.get_by_test_id("phone-kept")).to_contain_text("K-001")
    page.get_by_test_id("service-K").click()

    expect(page.get_by_test_id("status-code")).to_have_text("K-001")
    # The page's script follows the redirect itself: the note comes with the address.
    expect(page.get_by_test_id("held-again")).to_contain_text("K-001")
    assert page.url == f"{status_url}?held=1"
    assert Ticket.objects.count() == 1
