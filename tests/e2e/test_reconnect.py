"""A database outage under an unattended kiosk and TV: they show a calm "reconnecting"
screen (a tap on the kiosk: its own screen, buttons off) and come back by themselves, with
nobody touching them."""

from unittest import mock

import pytest
import time_machine
from django.db import OperationalError, connections
from playwright.sync_api import expect

from queueing import services as queue
from queueing.models import Ticket
from tests.conftest import MONDAY_9


class Outage:
    """Every query of the live server fails (no cursor can be opened), as while PostgreSQL
    restarts; the connection object itself stays, as a persistent one would."""

    def __init__(self):
        self.patch = mock.patch.object(
            type(connections["default"]),
            "_cursor",
            side_effect=OperationalError("the database system is starting up"),
        )

    def __enter__(self):
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


@pytest.fixture
def quick_retries():
    # The page probes every 0.5 s at first (Retry-After 2), so the test does not wait long.
    with mock.patch("pst.reconnect.RETRY_AFTER_SECONDS", 2):
        yield


@pytest.mark.django_db(transaction=True)
def test_the_kiosk_heals_by_itself_and_issues_again(
    new_page, office, desks, services, quick_retries, check_a11y
):
    with time_machine.travel(MONDAY_9, tick=True):
        kiosk = new_page()
        kiosk.goto("/kiosk/6571/?print=0")
        expect(kiosk.get_by_test_id("service-K")).to_be_visible()

        with Outage():
            # A tap while the database is down: the 503 is no ticket, the screen stays (the
            # tap is sent by script, tests/e2e/test_tap_offline.py) and its buttons wait.
            kiosk.get_by_test_id("service-K").click()
            expect(kiosk.get_by_test_id("tap-error")).to_have_text("Koneksi terputus — coba lagi.")
            expect(kiosk.get_by_test_id("service-K")).to_be_disabled()
            assert kiosk.url.endswith("/kiosk/6571/?print=0")
            kiosk.wait_for_timeout(1500)  # probes of /healthz fail meanwhile
            expect(kiosk.get_by_test_id("service-K")).to_be_disabled()

            # Switched on (or reloaded) during the outage: the calm "reconnecting" page.
            kiosk.goto("/kiosk/6571/?print=0")
            expect(kiosk.get_by_test_id("reconnecting")).to_be_visible()
            check_a11y(kiosk, label="reconnecting")

        # Nobody touches it: the start screen is back by itself, without the tap re-posted.
        expect(kiosk.get_by_test_id("service-K")).to_be_visible(timeout=8000)
        assert kiosk.url.endswith("/kiosk/6571/?print=0")
        assert not Ticket.objects.exists()
        kiosk.get_by_test_id("service-K").click()
        expect(kiosk.get_by_test_id("ticket-code")).to_have_text("K-001")


@pytest.mark.django_db(transaction=True)
def test_a_tapped_kiosk_heals_by_itself_on_the_same_screen(
    new_page, office, desks, services, quick_retries
):
    with time_machine.travel(MONDAY_9, tick=True):
        kiosk = new_page()
        kiosk.goto("/kiosk/6571/?print=0")
        with Outage():
            kiosk.get_by_test_id("service-P").click()
            expect(kiosk.get_by_test_id("service-P")).to_be_disabled()
        expect(kiosk.get_by_test_id("service-P")).to_be_enabled(timeout=12_000)
        assert not Ticket.objects.exists()
        kiosk.get_by_test_id("service-P").click()  # tapping again: the same request id
        expect(kiosk.get_by_test_id("ticket-code")).to_have_text("P-001")


@pytest.mark.django_db(transaction=True)
def test_a_board_opened_during_an_outage_comes_back_and_announces(
    new_page, office, desks, services, front_office, quick_retries, settings
):
    settings.LIVE_POLL_SECONDS = 1
    with time_machine.travel(MONDAY_9, tick=True):
        board = new_page()
        with Outage():
            board.goto("/display/6571/")  # the TV is switched on while the database is down
            expect(board.get_by_test_id("reconnecting")).to_be_visible()
        expect(board.get_by_test_id("board-clock")).to_be_visible(timeout=8000)
        assert board.url.endswith("/display/6571/")

        # Down again while the board runs: its polls fail, it keeps its screen and says so.
        ticket = queue.ticket_issue(office=office, service=services["K"])
        expect(board.get_by_test_id("board-waiting-K")).to_have_text("1")
        with Outage():
            expect(board.locator(".board-offline")).to_be_visible()
            expect(board.get_by_test_id("board-waiting-K")).to_have_text("1")
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        expect(board.get_by_test_id("board-now-code")).to_have_text("K-001")
        expect(board.locator(".board-offline")).to_be_hidden()
        board.wait_for_function("window.pstAnnouncements.length === 1")
