"""Kiosk, board, phone and status pages heal by themselves while the database is down: a 503
with Retry-After and a page that retries its own URL by GET, never the plain error page."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.urls import reverse


@pytest.fixture
def database_down():
    """Every query fails (no cursor can be opened), as while PostgreSQL restarts."""

    def down(error=OperationalError):
        return mock.patch.object(
            type(connections["default"]), "_cursor", side_effect=error("server closed")
        )

    return down


@pytest.fixture
def calm_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/kiosk/6571/", "/display/6571/", "/q/6571/"])
def test_device_pages_answer_a_reconnecting_page_while_the_database_is_down(
    calm_client, office, services, desks, clock, database_down, path
):
    with database_down():
        response = calm_client.get(path + "?print=0")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'data-testid="reconnecting"' in html
    assert f'data-reconnect="{path}?print=0"' in html
    assert 'data-probe="/healthz"' in html
    assert "Menyambungkan kembali" in html
    assert 'href="/"' not in html  # no button away from the device's own page
    assert 'http-equiv="refresh"' not in html


def test_the_status_page_of_a_signed_in_phone_heals_too_when_middleware_fails(
    calm_client, office, issue, database_down, visitor
):
    # A signed-in visitor: the session and user are read by middleware, before the view.
    ticket = issue("K")
    calm_client.force_login(visitor)
    with database_down(InterfaceError):
        response = calm_client.get(reverse("ticket_status", args=[ticket.token]))
    assert response.status_code == 503
    assert f'data-reconnect="/t/{ticket.token}/"' in response.content.decode()


def test_a_failed_post_retries_as_a_get_of_its_page(
    calm_client, office, services, desks, issue, database_down
):
    ticket = issue("K")
    with database_down():
        cancel = calm_client.post(reverse("ticket_cancel", args=[ticket.token]))
        tap = calm_client.post("/kiosk/6571/", {"service": services["K"].pk})
    assert cancel.status_code == 503
    assert f'data-reconnect="/t/{ticket.token}/"' in cancel.content.decode()
    assert tap.status_code == 503
    assert 'data-reconnect="/kiosk/6571/"' in tap.content.decode()


def test_a_live_fragment_gets_an_empty_503_and_keeps_its_screen(
    calm_client, office, desks, database_down
):
    with database_down():
        response = calm_client.get("/display/6571/", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content == b""


def test_other_pages_and_other_errors_are_left_alone(
    calm_client, office, services, desks, issue, front_office, database_down
):
    with database_down():
        assert calm_client.get(reverse("home")).status_code == 500
    with mock.patch("queueing.views.selectors.board_snapshot", side_effect=ValueError("bug")):
        response = calm_client.get("/display/6571/")
    assert response.status_code == 500
    assert 'data-testid="reconnecting"' not in response.content.decode()


def test_the_page_comes_back_when_the_database_does(calm_client, office, desks, database_down):
    with database_down():
        assert calm_client.get("/display/6571/").status_code == 503
    assert calm_client.get("/healthz").status_code == 200
    assert calm_client.get("/display/6571/").status_code == 200


def test_a_kiosk_without_printer_comes_back_without_printer(
    calm_client, office, services, desks, clock, database_down
):
    with database_down():
        tap = calm_client.post("/kiosk/6571/", {"service": services["K"].pk, "print": "0"})
    assert 'data-reconnect="/kiosk/6571/?print=0"' in tap.content.decode()
