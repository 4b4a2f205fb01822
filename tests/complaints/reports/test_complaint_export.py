"""The complaint report's export (pst.exports, CSV and XLSX): one row per complaint the month
counts, typed cells in the office's time, whether it was closed in time (at the due instant
is in time), no name, contact, description or answer; every export written to the personal-
data log; the same number of queries however many rows. Who may export: tests/complaints/
reports/test_complaint_report.py tries every persona on both."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from complaints.models import Complaint
from pst.models import AccessKind, PersonalDataAccess
from tests.complaints.reports.conftest import complaint, wita

URL = "/supervisor/complaints/"


@pytest.fixture
def exporter(client, supervisor, complaints_november):
    Complaint.objects.filter(pk=complaints_november["C"].pk).update(
        is_anonymous=False, complainant_name="Budi Santoso", complainant_email="budi@example.org",
        complainant_phone="+6281234567890", description="Petugas membentak saya.",
        answer="=HYPERLINK(\"x\") bukan pengaduan layanan.",
    )  # fmt: skip
    with time_machine.travel(wita(2026, 12, 15, 9, 0), tick=False):
        client.force_login(supervisor)
        yield client


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_complaint_the_month_counts(exporter, complaints_november):
    response = exporter.get(f"{URL}complaints.csv", {"month": "2026-11"})
    assert response.status_code == 200
    assert 'filename="complaints-6571-2026-11.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    # The whole tracking code is the complainant's key: only its beginning goes into a file.
    assert not any(made.display_code in str(rows) for made in complaints_november.values())
    assert header[:8] == [
        "Kode lacak (awal)", "Kanal", "Kategori", "Status", "Diterima", "Tenggat", "Ditutup",
        "Tepat waktu (saat diekspor)",
    ]  # fmt: skip
    by_code = {row[0]: row for row in rows}
    made = complaints_november
    row_of = {name: by_code.get(made[name].display_code[:9] + "-…") for name in made}
    # Received (A–F), closed (H) in November; G is December's, I October's.
    assert set(by_code) == {made[name].display_code[:9] + "-…" for name in "ABCDEFH"}
    b = row_of["B"]
    assert b[1:] == [
        "WhatsApp", "Waktu tunggu dan antrean", "Selesai", "2026-11-03 10:00",
        "2026-11-06 10:00", "2026-11-06 10:00", "Ya", "3", "3.0",
    ]  # fmt: skip  # closed at the due instant: in time
    assert row_of["C"][3] == "Ditolak"
    assert row_of["C"][7] == "Tidak"
    assert row_of["D"][6:8] == ["", "Tidak"]  # open, past due: late already
    assert row_of["D"][8:] == ["3", ""]  # open: no time taken yet
    assert row_of["F"][4] == "2026-11-30 23:30"  # office time, not UTC
    assert row_of["F"][7] == "Tidak"  # due 4 December: past by now


def test_the_working_days_column_says_allowed_and_the_time_taken_is_beside_it(
    exporter, complaints_november
):
    # Trial M4: "Hari kerja penyelesaian" held the category's allowance, and a complaint
    # closed after a month read as settled in 5 days.
    header, *_rows = rows_of(exporter.get(f"{URL}complaints.csv", {"month": "2026-11"}))
    assert header[8:] == ["Batas hari kerja", "Hari hingga ditutup"]


def test_the_export_holds_no_personal_data_and_is_logged(exporter, supervisor):
    for fmt in ("csv", "xlsx"):
        response = exporter.get(f"{URL}complaints.{fmt}", {"month": "2026-11"})
        content = b"".join(response.streaming_content)
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            content = str(list(sheet.values)).encode()
        for secret in (b"Budi", b"budi@", b"6281234567890", b"membentak", b"HYPERLINK"):
            assert secret not in content
    logged = PersonalDataAccess.objects.filter(user=supervisor, kind=AccessKind.EXPORT)
    assert sorted(logged.values_list("subject", "row_count", "period_start", "period_end")) == [
        ("complaints csv", 7, dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        ("complaints xlsx", 7, dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ]


def test_the_xlsx_types_its_cells(exporter, complaints_november):
    response = exporter.get(f"{URL}complaints.xlsx", {"month": "2026-10"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # October: H and I received; H open at its end (closed on 3 November, late).
    h = rows[complaints_november["H"].display_code[:9] + "-…"]
    assert h[4:7] == (
        dt.datetime(2026, 10, 20, 9, 0), dt.datetime(2026, 10, 23, 9, 0),
        dt.datetime(2026, 11, 3, 9, 0),
    )  # fmt: skip
    assert h[7] == "Tidak" and h[8] == 3
    assert len(rows) == 2


def test_a_month_not_begun_exports_nothing_as_the_page_shows_nothing(exporter):
    response = exporter.get(f"{URL}complaints.csv", {"month": "2027-01"})
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()


def test_exports_cost_the_same_queries_however_many_rows(
    exporter, office, django_assert_num_queries
):
    # session, user, office, roles; the rows with their category (a server-side cursor);
    # the log's row, in a savepoint of its own
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(8):
            b"".join(exporter.get(f"{URL}complaints.{fmt}", {"month": "2026-11"}).streaming_content)
    for day in range(2, 28):
        complaint(office, (2026, 11, day, 9), (2026, 11, day, 10), closed=(2026, 11, day, 11))
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(8):
            b"".join(exporter.get(f"{URL}complaints.{fmt}", {"month": "2026-11"}).streaming_content)


def test_an_english_export_has_its_categories_and_choices_in_english(exporter, complaints_november):
    # As the guestbook's (trial P, P6): the whole file in the language it is produced in.
    exporter.cookies["django_language"] = "en"
    header, *rows = rows_of(exporter.get(f"{URL}complaints.csv", {"month": "2026-11"}))
    assert header[1:4] == ["Channel", "Category", "Status"]
    b = next(row for row in rows if row[0] == complaints_november["B"].display_code[:9] + "-…")
    category = complaints_november["B"].category
    assert category.name_en and category.name_en != category.name
    assert b[2:4] == [category.name_en, "Resolved"]
