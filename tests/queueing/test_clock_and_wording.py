"""One way of writing clock times (09.26) on every page, and the small words of the office
and kiosk pages (fix round)."""

import datetime as dt
import re

from django.urls import reverse

from queueing.desks import DESK_SESSION_KEY
from tests.conftest import WITA


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_ticket_page_writes_its_time_with_a_dot(client, issue):
    ticket = issue("K")
    page = _text(client.get(reverse("ticket_status", args=[ticket.token])))
    assert "09.00 WITA" in page
    assert "09:00" not in page


def test_the_consoles_queue_writes_the_joining_time_with_a_dot(client, issue, desks, front_office):
    issue("K")
    client.force_login(front_office)
    session = client.session
    session[DESK_SESSION_KEY] = desks[1].pk
    session.save()
    page = _text(client.get(reverse("desk")))
    assert " 09.00 " in page
    assert "09:00" not in page


def test_an_office_without_a_province_has_no_dangling_dot(client, office):
    office.province = ""
    office.save()
    page = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert re.search(r"Pelayanan Statistik Terpadu\s*</p>", page)
    assert not re.search(r"Pelayanan Statistik Terpadu\s*·\s*</p>", page)


def test_an_office_with_a_province_names_it_after_the_service(client, office):
    page = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert "Pelayanan Statistik Terpadu · Kalimantan Utara" in page


def test_before_the_first_opening_of_the_day_the_kiosk_does_not_say_again(
    client, office, services, desks, clock
):
    clock.move_to(dt.datetime(2026, 11, 23, 6, 0, tzinfo=WITA))
    page = _text(client.get(reverse("kiosk", args=[office.code])))
    assert "Kami buka hari ini pukul 07.30 WITA." in page
    assert "kembali" not in page


def test_in_english_the_board_names_the_unit_once_in_english(client, office, services):
    page = _text(client.get(reverse("display", args=[office.code]), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Integrated Statistical Services" in page
    assert "Pelayanan Statistik Terpadu" not in page
