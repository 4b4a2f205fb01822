"""A service's English name (product trial P, P6), as a subject area's and a complaint
category's: shown to whoever reads the portal in English — the kiosk, the phone page, the
ticket and its status page, the home page, the board — and the Indonesian name otherwise, or
when no English name is given. The board's spoken call stays in Indonesian."""

from __future__ import annotations

import io
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from queueing import services as queue
from queueing.models import Service, Ticket
from tests.factories import OfficeFactory, ServiceFactory
from tests.migrations import migrate_to, migrate_to_latest

ENGLISH = {
    "K": "Statistical Consultation",
    "P": "Library",
    "J": "Sale of Statistical Products",
    "R": "Recommendation of Statistical Activities",
}


@pytest.fixture
def named(services):
    """The office's services with their English names, as load_demo gives them — but the
    library's, left empty by its administrator."""
    for prefix, service in services.items():
        service.name_en = "" if prefix == "P" else ENGLISH[prefix]
        service.save()
    return services


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_label_is_the_english_name_in_english_else_the_indonesian_one(db):
    service = Service(prefix="J", name="Penjualan Produk Statistik", name_en=ENGLISH["J"])
    with translation.override("en"):
        assert service.label == "Sale of Statistical Products"
        assert str(service) == "J Sale of Statistical Products"
    with translation.override("id"):
        assert service.label == "Penjualan Produk Statistik"
    service.name_en = ""
    with translation.override("en"):
        assert service.label == "Penjualan Produk Statistik"


def test_the_kiosk_in_english_names_the_services_in_english(client, office, named, desks, clock):
    url = reverse("kiosk", args=[office.code])
    english = client.get(url, {"lang": "en"}).content.decode()
    for prefix in "KJR":
        assert ENGLISH[prefix] in english
    assert "Perpustakaan" in english  # no English name given: the Indonesian one
    assert "Penjualan Produk Statistik" not in english
    indonesian = client.get(url).content.decode()
    assert "Penjualan Produk Statistik" in indonesian
    assert "Sale of Statistical Products" not in indonesian


def test_the_english_kiosk_ticket_names_its_service_in_english(client, office, named, desks, clock):
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": named["R"].pk, "request_id": uuid.uuid4(), "lang": "en"},
    )
    page = client.get(response.url).content.decode()
    assert "Recommendation of Statistical Activities" in page
    assert "Rekomendasi Kegiatan Statistik" not in page


def test_the_phone_page_and_the_ticket_status_in_english(client, office, named, desks, clock):
    url = reverse("phone_ticket", args=[office.code])
    page = in_english(client).get(url).content.decode()
    assert "Statistical Consultation" in page and "Konsultasi Statistik" not in page
    response = client.post(url, {"service": named["K"].pk, "request_id": uuid.uuid4()})
    status = client.get(response.url).content.decode()
    assert "Statistical Consultation" in status and "Konsultasi Statistik" not in status


def test_a_transferred_tickets_status_names_its_new_queue_in_english(
    client, office, named, desks, front_office, clock
):
    ticket = queue.ticket_issue(office=office, service=named["K"])
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=named["J"],
        without_guestbook=True,
    )  # fmt: skip
    page = in_english(client).get(reverse("ticket_status", args=[ticket.token]))
    assert "You are now in the queue of Sale of Statistical Products." in page.content.decode()


def test_the_home_page_lists_the_services_in_the_readers_language(client, office, named):
    english = in_english(client).get(reverse("office_detail", args=[office.code]))
    assert "Recommendation of Statistical Activities" in english.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert "Rekomendasi Kegiatan Statistik" in indonesian
    assert "Recommendation of Statistical Activities" not in indonesian


def test_the_board_in_english_names_the_queues_in_english_and_calls_in_indonesian(
    client, office, named, desks, front_office, clock
):
    ticket = queue.ticket_issue(office=office, service=named["K"])
    queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    page = in_english(client).get(reverse("display", args=[office.code])).content.decode()
    assert "K · Statistical Consultation" in page
    # The spoken call is Indonesian whatever the screen's language (queueing.speech).
    assert "Nomor antrean K nol nol satu, silakan ke Front Office" in page


def test_a_refusal_names_the_service_in_the_kiosks_language(client, office, named, clock):
    # No desk takes the library: the English kiosk says so with the name it shows.
    from tests.factories import DeskFactory

    DeskFactory(office=office, number=2, name="Meja 2").services.set([named["K"]])
    named["J"].name_en = "Sale of Statistical Products"
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": named["J"].pk, "request_id": uuid.uuid4(), "lang": "en"},
    )
    page = response.content.decode()
    assert "Sale of Statistical Products" in page
    assert not Ticket.objects.exists()


def test_the_administrator_gives_a_service_its_english_name(client, administrator, office):
    service = ServiceFactory(office=office, prefix="P", name="Perpustakaan")
    client.force_login(administrator)
    url = reverse("admin:queueing_service_change", args=[service.pk])
    assert 'name="name_en"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "office": office.pk, "prefix": "P", "name": "Perpustakaan", "name_en": "Library",
            "sla_minutes": 10, "sort_order": 0, "is_active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name_en == "Library"
    listed = client.get(reverse("admin:queueing_service_changelist"), {"q": "Library"})
    assert "Perpustakaan" in listed.content.decode()


def test_an_english_name_with_a_control_character_is_refused_in_the_admin(
    client, administrator, office
):
    service = ServiceFactory(office=office, prefix="P", name="Perpustakaan")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:queueing_service_change", args=[service.pk]),
        {
            "office": office.pk, "prefix": "P", "name": "Perpustakaan",
            "name_en": "Lib\x0brary", "sla_minutes": 10, "sort_order": 0, "is_active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 200
    service.refresh_from_db()
    assert service.name_en == ""


def test_load_demo_gives_the_four_services_their_english_names(db, settings):
    settings.DEBUG = False
    call_command("load_demo", "--no-accounts", stdout=io.StringIO())
    names = dict(Service.objects.values_list("prefix", "name_en"))
    assert names == ENGLISH


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_standard_services_in_english_and_leaves_the_rest():
    before, after = (
        [("queueing", "0017_turn_served_backfill")],
        [("queueing", "0018_ticket_and_guestbook_language_service_name_en")],
    )
    try:
        migrate_to(before)
        apps = MigrationExecutor(connection).loader.project_state(before).apps
        office = OfficeFactory(code="6571")  # the offices' table is as it is now
        made = apps.get_model("queueing", "Service").objects
        made.create(office_id=office.pk, prefix="K", name="Konsultasi Statistik")
        made.create(office_id=office.pk, prefix="P", name="Perpustakaan Digital")
        migrate_to(after)
    finally:
        migrate_to_latest()
    names = dict(Service.objects.values_list("prefix", "name_en"))
    assert names == {"K": "Statistical Consultation", "P": ""}


def test_the_label_says_its_language_for_the_element_that_shows_it(db):
    # The kiosk sets it as the name's lang: an Indonesian name on an English page is read
    # (and broken into lines) as Indonesian.
    service = Service(prefix="R", name="Rekomendasi Kegiatan Statistik", name_en=ENGLISH["R"])
    with translation.override("en"):
        assert service.label_language == "en"
        service.name_en = ""
        assert service.label_language == "id"
    with translation.override("id"):
        service.name_en = ENGLISH["R"]
        assert service.label_language == "id"
