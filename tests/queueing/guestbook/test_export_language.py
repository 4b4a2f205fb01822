"""The guestbook export in the language it is produced in (the reader's): its headers, its
choices and its services' names alike — an English export kept the Indonesian service names
(trial P, P6). A service without an English name keeps its Indonesian one."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse

from queueing.guestbook.models import GuestbookEntry
from tests.conftest import WALK_IN_GUEST


@pytest.fixture
def visits(office, services, supervisor, front_office, clock):
    services["K"].name_en = "Statistical Consultation"
    services["K"].save()
    for service in (services["K"], services["P"]):  # the library has no English name
        GuestbookEntry.objects.create(
            office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
            service=service, **WALK_IN_GUEST,
        )  # fmt: skip
    return services


def exported(client, language: str, fmt: str) -> list[dict[str, object]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("guestbook_export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, *values = rows
    return [dict(zip(header, row, strict=True)) for row in values]


EXPECTED = {
    "en": {
        "Service": ["Perpustakaan", "Statistical Consultation"],  # no English name: Indonesian
        "Sex": ["Female", "Female"],
        "Purpose": ["Research", "Research"],
    },
    "id": {
        "Layanan": ["Konsultasi Statistik", "Perpustakaan"],
        "Jenis kelamin": ["Perempuan", "Perempuan"],
        "Tujuan": ["Penelitian", "Penelitian"],
    },
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "id"])
def test_the_export_names_services_and_choices_in_its_language(
    client, visits, supervisor, language, fmt
):
    client.force_login(supervisor)
    rows = exported(client, language, fmt)
    for header, values in EXPECTED[language].items():
        assert sorted(row[header] for row in rows) == values
