"""The service-level report's exports (pst.exports, CSV and XLSX): one row per call of the
month and one per consultation it counts; typed cells in the office's time; formulas
neutralised; no personal data, so nothing logged; supervisors only (tests/complaints/
test_service_levels.py tries every persona on them)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from consultations.models import SubjectArea
from pst.models import PersonalDataAccess
from queueing.models import Desk
from tests.complaints.conftest import consultation, reopened, visit
from tests.complaints.reports.conftest import wita

URL = "/supervisor/service-levels/"


@pytest.fixture
def month(office, services, desks, subject_areas, supervisor, client):
    # Called at 23.30 WITA on 31 October (15.30 UTC): October. 00.30 WITA on 1 November is
    # 31 October in UTC: November.
    visit(services["K"], joined=wita(2026, 10, 31, 23, 0), desk=desks[2], wait=1800)
    visit(services["K"], joined=wita(2026, 11, 1, 0, 20), desk=desks[2], wait=600, total=None)
    visit(services["P"], joined=wita(2026, 11, 2, 9, 0), desk=desks[4], wait=700, total=800,
          priority="elderly")  # fmt: skip
    Desk.objects.filter(pk=desks[4].pk).update(name="=HYPERLINK(1)")
    consultation(
        office, "whatsapp", created=wita(2026, 11, 2, 8, 0), status="answered",
        accepted=wita(2026, 11, 2, 9, 0), due=wita(2026, 11, 5, 9, 0),
        answered=wita(2026, 11, 6, 10, 0),
    )  # fmt: skip
    consultation(office, "web", created=wita(2026, 11, 30, 23, 50), status="submitted")
    consultation(office, "web", created=wita(2026, 12, 1, 0, 10), status="submitted")
    with time_machine.travel(wita(2026, 12, 15, 9, 0), tick=False):
        client.force_login(supervisor)
        yield client


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_calls_csv_has_one_row_per_call_with_an_indonesian_header(month):
    response = month.get(f"{URL}calls.csv", {"month": "2026-11"})
    assert response.status_code == 200
    assert 'filename="calls-6571-2026-11.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[:3] == ["Tiket", "Layanan", "Meja"]
    assert [row[0][0] for row in rows] == ["K", "P"]
    first, second = rows
    assert header[-1] == "Prioritas"
    assert first[3:] == ["2026-11-01 00:30", "600", "", "10", "Ya", "Reguler"]  # no whole wait
    assert second[2] == "'=HYPERLINK(1)"  # neutralised
    assert second[4:] == ["700", "800", "10", "Tidak", "Lansia"]
    assert not PersonalDataAccess.objects.exists()


def test_the_calls_xlsx_types_its_cells(month):
    response = month.get(f"{URL}calls.xlsx", {"month": "2026-10"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [row] = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[3] == dt.datetime(2026, 10, 31, 23, 30)  # office time, a real date
    assert row[4] == 1800 and row[5] == 1800


def test_an_english_export_names_services_subjects_and_choices_in_english(month, services):
    # As the guestbook's (trial P, P6): the whole file in the language it is produced in.
    services["K"].name_en = "Statistical Consultation"
    services["K"].save()
    month.cookies["django_language"] = "en"
    header, *calls = rows_of(month.get(f"{URL}calls.csv", {"month": "2026-11"}))
    assert header[1] == "Service"
    assert [(call[1], call[-1]) for call in calls] == [
        ("K Statistical Consultation", "Regular"),
        ("P Perpustakaan", "Elderly"),  # no English name given: the Indonesian one
    ]
    header, *rows = rows_of(month.get(f"{URL}consultations.csv", {"month": "2026-11"}))
    subject = SubjectArea.objects.order_by("pk").first()
    assert header[1:3] == ["Channel", "Subject area"]
    assert {(row[1], row[2]) for row in rows} == {
        ("WhatsApp", subject.name_en), ("Web portal", subject.name_en)
    }  # fmt: skip


def test_the_consultations_export_has_the_months_rows_typed(month):
    response = month.get(f"{URL}consultations.xlsx", {"month": "2026-11"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    _header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the one received at 00.10 WITA on 1 December is December's
    answered = next(row for row in rows if row[1] == "WhatsApp")
    assert answered[0].startswith("KS-6571-")
    assert answered[3:5] == ("Ya", dt.datetime(2026, 11, 2, 8, 0))
    assert answered[5] == dt.datetime(2026, 11, 2, 9, 0)  # accepted
    assert answered[6:10] == (None, None, None, None)  # never reopened
    assert answered[10:13] == (
        dt.datetime(2026, 11, 2, 9, 0), dt.datetime(2026, 11, 5, 9, 0),
        dt.datetime(2026, 11, 6, 10, 0),
    )  # fmt: skip
    assert answered[13] == "Tidak"
    assert "penanya@example.org" not in str(list(sheet.values))


def test_exports_cost_the_same_queries_however_many_rows(
    month, services, desks, django_assert_num_queries
):
    # session, user, office, roles; the rows (one query with their queue and desk)
    with django_assert_num_queries(5):
        b"".join(month.get(f"{URL}calls.csv", {"month": "2026-11"}).streaming_content)
    for day in range(3, 20):
        visit(services["K"], joined=wita(2026, 11, day, 9, 0), desk=desks[3], wait=60,
              priority="pregnant" if day % 2 else "")  # fmt: skip
    with django_assert_num_queries(5):  # the priority is read with the rows
        b"".join(month.get(f"{URL}calls.csv", {"month": "2026-11"}).streaming_content)
    with django_assert_num_queries(5):
        b"".join(month.get(f"{URL}consultations.csv", {"month": "2026-11"}).streaming_content)


@pytest.mark.parametrize("path", ["calls.pdf", "calls.CSV", "people.csv", "calls.xlsx."])
def test_an_unknown_export_is_not_found(month, path):
    assert month.get(f"{URL}{path}").status_code == 404


@pytest.mark.parametrize("query", ["month=2026-13", "month=٢٠٢٦-١١", "month=9999-99"])
def test_a_refused_month_exports_nothing_and_says_why(month, query):
    response = month.get(f"{URL}calls.csv?{query}", follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302 and location.startswith(URL + "?")
    assert 'data-testid="month-error"' in response.content.decode()


def test_the_consultations_export_holds_both_clocks_of_a_reopened_one(month, office):
    # Trial review-sl, 3: the export showed only the latest clock, so a reopened consultation
    # read as due fourteen working days after its acceptance.
    reopened(office)
    for key in ("2026-10", "2026-11"):  # its first answer is October's, its second November's
        response = month.get(f"{URL}consultations.csv", {"month": key})
        header, *rows = rows_of(response)
        [row] = [row for row in rows if row[9]]
        assert header[6:10] == [
            "Tenggat sebelum dibuka kembali", "Dijawab sebelum dibuka kembali",
            "Tepat waktu sebelum dibuka kembali", "Dibuka kembali",
        ]  # fmt: skip
        assert row[6:14] == [
            "2026-10-23 08:00", "2026-10-27 08:00", "Tidak", "2026-11-04 09:00",
            "2026-11-04 09:00", "2026-11-09 09:00", "2026-11-06 09:00", "Ya",
        ]  # fmt: skip


def test_a_month_not_begun_exports_nothing_as_the_page_shows_nothing(month):
    response = month.get(f"{URL}calls.csv", {"month": "2027-01"})
    assert response.status_code == 302


def test_the_exports_are_kept_by_no_browser_or_proxy(month):
    for path in ("calls.csv", "consultations.xlsx"):
        response = month.get(f"{URL}{path}", {"month": "2026-11"})
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "no-store" in month.get("/supervisor/ratings.csv")["Cache-Control"]


def test_the_consultations_export_adds_up_to_the_months_answer_and_end_figures(month, office):
    # Trial M3: October's file listed answers given in November (their clocks started in
    # October), so counting its answer times gave "4 answered, 1 late" against the page's
    # "2 answered, 0 late". The last four columns say what each row adds to the page.
    from complaints.reports.periods import Month
    from complaints.reports.selectors_online import online_figures

    reopened(office)  # first answer October's (late), second November's (in time)
    consultation(
        office, "web", created=wita(2026, 10, 28, 9, 0), status="answered",
        accepted=wita(2026, 10, 28, 10, 0), due=wita(2026, 11, 2, 10, 0),
        answered=wita(2026, 11, 1, 0, 30),
    )  # fmt: skip  # accepted in October, answered in November
    consultation(
        office, "web", created=wita(2026, 10, 26, 9, 0), status="accepted",
        accepted=wita(2026, 10, 26, 10, 0), due=wita(2026, 10, 29, 10, 0),
    )  # fmt: skip  # still open at both months' ends, past due
    expected = {"2026-10": (1, 1, 2, 1), "2026-11": (3, 1, 1, 1)}
    for key, (answered, late, open_at_end, past_due) in expected.items():
        header, *rows = rows_of(month.get(f"{URL}consultations.csv", {"month": key}))
        assert header[-4:] == [
            "Jawaban yang dihitung bulan ini", "Jawaban terlambat yang dihitung bulan ini",
            "Masih terbuka di akhir bulan", "Terbuka dan melewati tenggat di akhir bulan",
        ]  # fmt: skip
        sums = (
            sum(int(row[-4]) for row in rows),
            sum(int(row[-3]) for row in rows),
            sum(row[-2] == "Ya" for row in rows),
            sum(row[-1] == "Ya" for row in rows),
        )
        figures = online_figures(office, Month.of(dt.date.fromisoformat(f"{key}-01")))
        page = (figures.answered, figures.late, figures.open_at_end, figures.past_due_at_end)
        assert sums == page == (answered, late, open_at_end, past_due)
