"""A visit keeps the language its visitor took the number in (product trial P, P5): the
ticket taken at the kiosk or on the phone page, the guestbook entry of the visit, and so the
rating invitation emailed when the visit ends — in English for the visitor who chose English,
in Indonesian otherwise. An officer's guestbook without a ticket is in Indonesian."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from queueing import services as queue
from queueing.guestbook import services as guestbook
from queueing.models import GuestbookEntry, Ticket
from tests.conftest import WALK_IN_GUEST

BAD_LANGUAGES = ["xx", "EN", "en-us", "e" * 5000, "١", " en", None, 7]


def tap(client, url, service, **extra):
    return client.post(url, {"service": service.pk, "request_id": uuid.uuid4(), **extra})


@pytest.mark.parametrize(("chosen", "kept"), [("en", "en"), ("", "id"), ("xx", "id")])
def test_the_kiosk_ticket_keeps_the_language_the_visitor_chose_on_the_screen(
    client, office, services, desks, clock, chosen, kept
):
    tap(client, reverse("kiosk", args=[office.code]), services["K"], lang=chosen)
    assert Ticket.objects.get().language == kept


def test_a_kiosk_browser_in_english_still_gives_indonesian_tickets(
    client, office, services, desks, clock
):
    # The kiosk speaks the office's language unless the visitor chose another on the screen:
    # not the lobby browser's own (queueing.kiosk_mode).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tap(client, reverse("kiosk", args=[office.code]), services["K"])
    assert Ticket.objects.get().language == "id"


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_phone_ticket_keeps_the_language_of_the_phones_page(
    client, office, services, desks, clock, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = tap(client, reverse("phone_ticket", args=[office.code]), services["K"])
    assert response.status_code == 302
    assert Ticket.objects.get().language == language


def test_a_double_tap_keeps_the_first_taps_ticket_and_language(
    client, office, services, desks, clock
):
    url, request_id = reverse("kiosk", args=[office.code]), uuid.uuid4()
    data = {"service": services["K"].pk, "request_id": request_id}
    client.post(url, {**data, "lang": "en"})
    client.post(url, data)
    assert list(Ticket.objects.values_list("language", flat=True)) == ["en"]


@pytest.mark.parametrize("language", BAD_LANGUAGES)
def test_the_issuing_service_keeps_only_an_offered_language(
    office, services, desks, clock, language
):
    ticket = queue.ticket_issue(office=office, service=services["K"], language=language)
    assert ticket.language == ""


def test_the_guestbook_entry_takes_the_language_of_the_visitors_ticket(
    office, services, desks, front_office, clock
):
    ticket = queue.ticket_issue(office=office, service=services["K"], language="en")
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    entry = guestbook.guestbook_record(
        office=office, officer=front_office, data=WALK_IN_GUEST, ticket=ticket, desk=desks[1],
        route_to=services["K"],
    )  # fmt: skip
    assert entry.language == "en"


def test_a_guestbook_entry_without_a_ticket_is_in_the_offices_language(office, front_office):
    entry = guestbook.guestbook_record(office=office, officer=front_office, data=WALK_IN_GUEST)
    assert entry.language == ""


def test_the_guestbook_form_cannot_set_the_language(office, services, desks, front_office, clock):
    # What the front office posts is the visitor's data: the language comes from the ticket.
    ticket = queue.ticket_issue(office=office, service=services["K"], language="id")
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    guestbook.guestbook_record(
        office=office, officer=front_office, data={**WALK_IN_GUEST, "language": "en"},
        ticket=ticket, desk=desks[1], route_to=services["K"],
    )  # fmt: skip
    assert GuestbookEntry.objects.get().language == "id"


def served_with_guestbook(office, services, desks, front_office, language):
    """P-001, taken in `language`, written in the guestbook with an address, served and
    finished at the front office: the visitor is emailed the rating link."""
    ticket = queue.ticket_issue(office=office, service=services["P"], language=language)
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    guestbook.guestbook_record(
        office=office, officer=front_office, data=WALK_IN_GUEST, ticket=ticket, desk=desks[1]
    )
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    mail.outbox.clear()
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    [invitation] = mail.outbox
    assert invitation.to == [WALK_IN_GUEST["email"]]
    return invitation


def test_the_rating_invitation_of_an_english_visit_is_in_english(
    office, services, desks, front_office, clock
):
    invitation = served_with_guestbook(office, services, desks, front_office, "en")
    assert invitation.subject == "How was your visit to BPS Kota Tarakan?"
    assert "Thank you for visiting BPS Kota Tarakan (queue number P-001)" in invitation.body


@pytest.mark.parametrize("language", ["id", ""])
def test_the_rating_invitation_of_an_indonesian_or_unknown_visit_is_in_indonesian(
    office, services, desks, front_office, clock, language
):
    invitation = served_with_guestbook(office, services, desks, front_office, language)
    assert invitation.subject == "Bagaimana kunjungan Anda ke BPS Kota Tarakan?"
    assert "Terima kasih telah berkunjung" in invitation.body


def test_an_officer_working_in_english_sends_an_indonesian_visitor_indonesian(
    office, services, desks, front_office, clock
):
    with translation.override("en"):
        invitation = served_with_guestbook(office, services, desks, front_office, "id")
    assert invitation.subject == "Bagaimana kunjungan Anda ke BPS Kota Tarakan?"
