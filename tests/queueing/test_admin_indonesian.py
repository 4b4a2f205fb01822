"""The admin speaks Indonesian and the office's clock (issue 8, item 16)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from queueing import services as queue
from tests.factories import DeskFactory, OfficeFactory, ServiceFactory, UserFactory


@pytest.fixture
def jayapura_ticket(db):
    """A ticket of an office two hours ahead of the server's default zone (WIT, UTC+9)."""
    office = OfficeFactory(code="9471", name="BPS Kota Jayapura", time_zone="Asia/Jayapura")
    service = ServiceFactory(office=office, prefix="K")
    DeskFactory(office=office, number=1, name="Meja 1").services.set([service])
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Jayapura"))):
        return queue.ticket_issue(office=office, service=service)


def test_the_ticket_history_in_the_admin_is_indonesian_and_in_the_offices_time(
    admin_client, jayapura_ticket
):
    page = admin_client.get(
        reverse("admin:queueing_ticket_change", args=[jayapura_ticket.pk])
    ).content.decode()
    for header in ("Meja", "Petugas", "Diteruskan ke", "Waktu tunggu (detik)"):
        assert f">{header}<" in page.replace("\n", "").replace("  ", ""), header
    for english in ("To service", "Sla wait seconds", "Officer", ">Desk<"):
        assert english not in page
    # 10:00 in Jayapura is 01:00 UTC and 09:00 in the server's default zone.
    assert "K-001 Diambil 10:00:00" in page
    assert "01:00:00" not in page


def test_third_party_apps_have_indonesian_names_for_superusers(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Tugas latar belakang" in page
    assert "Penguncian masuk" in page
    assert "Tasks Database Backend" not in page and ">Axes<" not in page


def test_an_office_administrator_sees_no_task_or_lockout_records_even_with_permissions(
    client, administrator
):
    administrator.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["axes", "django_tasks_database"])
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Penguncian masuk" not in page and "Tugas latar belakang" not in page
    for url in (
        "admin:axes_accessattempt_changelist",
        "admin:django_tasks_database_dbtaskresult_changelist",
    ):
        assert client.get(reverse(url)).status_code == 403


def test_a_superuser_still_reads_the_lockout_records(db, client):
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/display/9999/", "Kantor tidak ditemukan."),
        ("/t/no-such-token/", "Tiket tidak ditemukan."),
    ],
)
def test_a_404_gives_its_reason_in_indonesian(client, db, url, reason):
    response = client.get(url)
    assert response.status_code == 404
    assert reason in response.content.decode()
