"""The kiosk's language switch (product trial D): a visitor may take their number in English;
the next visitor finds the screen in the office's language again, and a kiosk without a
printer keeps that setting throughout."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from queueing.models import Ticket


@pytest.fixture
def kiosk_url(office):
    return reverse("kiosk", args=[office.code])


def test_the_start_screen_offers_english_and_shows_it_for_this_visitor(
    client, kiosk_url, services, desks, clock
):
    start = client.get(kiosk_url).content.decode()
    assert '<html lang="id">' in start and "Ambil nomor antrean" in start
    assert f'href="{kiosk_url}?lang=en" lang="en"' in start

    english = client.get(kiosk_url, {"lang": "en"})
    page = english.content.decode()
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in page and "Take a queue number" in page
    assert f'href="{kiosk_url}?lang=id" lang="id"' in page  # and back
    assert '<input type="hidden" name="lang" value="en">' in page
    assert f'hx-get="{kiosk_url}?lang=en"' in page  # the live counts stay in English
    assert f"{reverse('appointment_check_in', args=['6571'])}?lang=en" in page
    assert settings.LANGUAGE_COOKIE_NAME not in english.cookies  # nothing stays behind


def test_the_ticket_is_shown_in_english_and_the_screen_returns_in_indonesian(
    client, kiosk_url, services, desks, clock
):
    response = client.post(
        kiosk_url,
        {"service": services["K"].pk, "request_id": uuid.uuid4(), "print": "0", "lang": "en"},
    )
    ticket = Ticket.objects.get()
    assert response.url == (
        reverse("kiosk_ticket", args=["6571", ticket.token]) + "?print=0&lang=en"
    )
    page = client.get(response.url).content.decode()
    assert "Print again" in page and "Monday, 23 November 2026" in page
    # Done, and the automatic return, lead the next visitor to the start in Indonesian,
    # still without a printer.
    assert f'data-return-to="{kiosk_url}?print=0"' in page
    assert f'href="{kiosk_url}?print=0" data-testid="kiosk-done"' in page
    assert "Ambil nomor antrean" in client.get(kiosk_url).content.decode()


def test_a_refused_tap_answers_in_the_language_chosen(client, kiosk_url, services, desks, clock):
    response = client.post(kiosk_url, {"service": "", "request_id": uuid.uuid4(), "lang": "en"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a service on the screen." in page
    assert '<input type="hidden" name="lang" value="en">' in page


@pytest.mark.parametrize("lang", ["xx", "EN", "en-us", "../id", "١", "e" * 5000, ""])
def test_an_unknown_language_is_ignored(client, kiosk_url, services, desks, clock, lang):
    response = client.get(kiosk_url, {"lang": lang})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert 'name="lang"' not in page


def test_the_appointment_check_in_keeps_the_language_and_the_printer_setting(
    client, office, services, desks, clock
):
    url = reverse("appointment_check_in", args=[office.code])
    page = client.get(url, {"lang": "en", "print": "0"}).content.decode()
    assert "I have an appointment" in page
    assert f'href="{reverse("kiosk", args=[office.code])}?print=0&amp;lang=en"' in page


def test_the_start_screen_is_in_the_offices_language_whatever_the_browser(
    client, kiosk_url, services, desks, clock
):
    # The attack after trial F: an English browser (or a leftover language cookie) kept the
    # next visitor's screen in English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(kiosk_url, headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="id">' in page and "Ambil nomor antrean" in page


def test_a_kiosk_without_a_printer_stays_so_after_a_refused_tap(
    client, kiosk_url, services, desks, clock
):
    refused = client.post(kiosk_url, {"service": "", "request_id": uuid.uuid4(), "print": "0"})
    assert refused.status_code == 400
    assert '<input type="hidden" name="print" value="0">' in refused.content.decode()
