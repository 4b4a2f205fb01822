"""What a browser or a monitor gets at the edges: an htmx request after the session ended,
HEAD on read-only pages, and a method a page does not take."""

import pytest
from django.urls import reverse

from queueing.models import Ticket
from tests.conftest import clock, issue  # noqa: F401 - shared fixtures


def test_an_htmx_poll_after_the_session_ended_sends_the_whole_page_to_sign_in(client, office):
    response = client.get(
        reverse("desk"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/desk/?tab=queue"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fdesk%2F%3Ftab%3Dqueue"
    assert not response.content  # never the sign-in page inside the console
    # Why, for the page's script: it keeps the typed draft, or a quiet request stays put.
    assert response["X-Session-Ended"] == "true"


def test_an_htmx_desk_button_after_the_session_ended_signs_in_again(client, office):
    response = client.post(
        reverse("desk_action", args=["call-next"]),
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"},
    )
    # A page of another site is no place to come back to: the requested path is.
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fdesk%2Fcall-next%2F"


def test_without_htmx_the_sign_in_redirect_stays_an_ordinary_redirect(client, office):
    response = client.get(reverse("desk"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_an_htmx_request_of_a_signed_in_user_keeps_its_redirects(client, front_office):
    client.force_login(front_office)
    response = client.post(reverse("desk_action", args=["call-next"]))
    assert response.status_code == 302  # no desk chosen yet: back to the console
    assert "HX-Redirect" not in response


@pytest.fixture
def ticket(issue):  # noqa: F811 - the shared fixture, asked for by name
    return issue("K")


def test_monitors_may_ask_with_head(client, office, services, desks, ticket):
    for url in (
        "/healthz",
        "/",
        reverse("kiosk", args=[office.code]),
        reverse("display", args=[office.code]),
        reverse("ticket_status", args=[ticket.token]),
    ):
        assert client.head(url).status_code in (200, 302), url


def test_a_method_a_page_does_not_take_gets_a_short_page(client, office, services, desks, ticket):
    response = client.post(reverse("ticket_status", args=[ticket.token]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert 'data-testid="error-405"' in response.content.decode()


def test_a_kiosk_head_issues_no_ticket(client, office, services, desks, ticket):
    assert client.head(reverse("kiosk", args=[office.code])).status_code == 200
    assert Ticket.objects.count() == 1
