from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse

from tests.factories import OfficeFactory, ServiceFactory


@pytest.fixture
def tarakan(db):
    from django.core.management import call_command

    call_command("load_demo", "--no-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from pst.models import Office

    return Office.objects.get(code="6571")


def test_home_shows_the_service_standard_of_the_only_office(client, tarakan):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "BPS Kota Tarakan" in html
    assert "24E Tahun 2024" in html
    assert "(0551) 31715" in html
    assert "0851-8310-6571" in html
    assert "bps6571@bps.go.id" in html
    assert "https://s.bps.go.id/AduanPST6571" in html
    assert "@bpskotatarakan" in html
    assert "Tidak dipungut biaya." in html
    assert "paling lama 10 menit" in html
    assert "dalam 3 hari kerja" in html
    assert "07.30–16.30 WITA" in html  # Friday


def test_the_online_procedure_gives_the_whatsapp_number_and_email_it_names(client, tarakan):
    # Trial P, P11: "WhatsApp or email" with neither given there (only under complaints).
    html = client.get("/").content.decode()
    channels = html.split('data-testid="online-channels"', 1)[1].split("</ul>", 1)[0]
    assert 'href="https://wa.me/6285183106571"' in channels
    assert 'href="mailto:bps6571@bps.go.id"' in channels


def test_an_office_without_whatsapp_or_email_lists_no_online_channels(client, tarakan):
    tarakan.whatsapp = tarakan.email = ""
    tarakan.save()
    assert 'data-testid="online-channels"' not in client.get("/").content.decode()


def test_home_lists_offices_when_there_are_several(client, tarakan):
    OfficeFactory(code="6501", name="BPS Kabupaten Malinau")
    response = client.get("/")
    assert response.templates[0].name == "pst/office_list.html"
    html = response.content.decode()
    assert reverse("office_detail", args=["6501"]) in html
    assert reverse("office_detail", args=["6571"]) in html


def test_default_office_setting_picks_the_home_page(client, tarakan, settings):
    OfficeFactory(code="6501", name="BPS Kabupaten Malinau")
    settings.DEFAULT_OFFICE = "6501"
    assert "BPS Kabupaten Malinau" in client.get("/").content.decode()


def test_unknown_default_office_falls_back_to_the_list(client, tarakan, settings):
    OfficeFactory(code="6501")
    settings.DEFAULT_OFFICE = "9999"
    assert client.get("/").templates[0].name == "pst/office_list.html"


def test_unknown_office_is_a_friendly_404_in_indonesian(client, tarakan):
    response = client.get(reverse("office_detail", args=["9999"]))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_inactive_office_is_not_shown(client, tarakan):
    tarakan.is_active = False
    tarakan.save()
    assert client.get(reverse("office_detail", args=["6571"])).status_code == 404


def test_home_in_english_after_switching_language(client, tarakan):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Free of charge." in html
    assert "at most 10 minutes" in html


def test_home_buttons_only_link_to_pages_that_exist(client, tarakan):
    html = client.get("/").content.decode()
    assert 'data-testid="complaint-button"' in html
    assert "https://s.bps.go.id/AduanPST6571" in html


def test_office_page_reads_a_constant_number_of_queries(
    client, tarakan, django_assert_max_num_queries
):
    for prefix in "ABCDEFG":
        ServiceFactory(office=tarakan, prefix=prefix, name=f"Layanan {prefix}")
    with django_assert_max_num_queries(4):
        client.get(reverse("office_detail", args=["6571"]))


def test_healthz_is_ok_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "email": {"failed_24h": 0, "waiting_late": 0},
    }


def test_healthz_is_503_when_the_database_is_unreachable(client, db):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_stays_ok_for_the_load_balancer_when_the_email_counts_cannot_be_read(client, db):
    with mock.patch("pst.views.mail_health", side_effect=OperationalError("no such table")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["email"] == "unknown"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.urls("tests.pst.urls_errors")
def test_server_error_page_is_friendly_and_indonesian(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


@pytest.mark.urls("tests.pst.urls_errors")
def test_permission_denied_page_is_friendly_and_indonesian(client, db):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@override_settings(LANGUAGE_CODE="id")
def test_pages_carry_the_language_attribute(client, tarakan):
    assert '<html lang="id">' in client.get("/").content.decode()


def test_expired_form_gets_a_friendly_page_and_saves_nothing(db):
    from django.test import Client

    from pst.models import User

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("register"), {"email": "a@example.org"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.content.decode()
    assert not User.objects.exists()


def test_favicon_answers_and_every_page_links_it(client, tarakan):
    response = client.get("/favicon.ico")
    from django.contrib.staticfiles import finders

    assert response.status_code == 302
    assert response.url == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()
