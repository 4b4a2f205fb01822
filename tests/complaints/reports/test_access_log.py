"""/supervisor/access-log/ (tab "Log akses", trial S1): the office's supervisors review who of
the staff looked at or exported the office's personal data — by month in office time, staff
member and kind, newest first, 50 a page — and export the review as CSV or XLSX, the export
itself logged. Read only; another office's supervisor sees nothing of ours; bad input a
message or a 400, never a 500; a fixed number of queries however many rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from tests.complaints.reports.conftest import shown, wita
from tests.factories import UserFactory

URL = "/supervisor/access-log/"
EXPORTS = ["access-log.csv", "access-log.xlsx"]
NOVEMBER = {"month": "2026-11"}


def look(user, office, at, kind=AccessKind.VIEW_DETAIL, subject="guestbook entry 5", **fields):
    return PersonalDataAccess.objects.create(
        user=user, office=office, at=at, kind=kind, subject=subject, **fields
    )


@pytest.fixture
def logged(office, other_office, front_office, consultation_officer, supervisor):
    """The office's log around November 2026 (WITA), and a row of another office's.

    list     front office     3 Nov 09.00   guestbook page 1, 1–30 Nov, 12 rows
    export   supervisor      20 Nov 10.00   guestbook csv, 1–30 Nov, 40 rows, in clear
    detail   consultation    30 Nov 23.30   consultation 17 (15.30 UTC: still November)
    lookup   front office     1 Dec 00.10   returning visitor (30 Nov UTC: December's)
    detail   front office    15 Oct 09.00   guestbook entry 5 (October's)
    list     Malinau's        5 Nov 09.00   their guestbook: never in ours"""
    theirs = UserFactory(email="fo2@example.org", office=other_office, roles=[Role.FRONT_OFFICE])
    return {
        "list": look(
            front_office, office, wita(2026, 11, 3, 9, 0), AccessKind.VIEW_LIST,
            "guestbook page 1", period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30), row_count=12,
        ),
        "export": look(
            supervisor, office, wita(2026, 11, 20, 10, 0), AccessKind.EXPORT, "guestbook csv",
            period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30), row_count=40,
            unmasked=True,
        ),
        "detail": look(consultation_officer, office, wita(2026, 11, 30, 23, 30),
                       subject="consultation 17"),
        "lookup": look(front_office, office, wita(2026, 12, 1, 0, 10), AccessKind.LOOKUP,
                       "returning visitor"),
        "october": look(front_office, office, wita(2026, 10, 15, 9, 0)),
        "theirs": look(theirs, other_office, wita(2026, 11, 5, 9, 0), AccessKind.VIEW_LIST,
                       "their guestbook page 1"),
    }  # fmt: skip


@pytest.fixture(autouse=True)
def december():
    """Frozen at 15 December 2026 09.00 WITA: November is over."""
    with time_machine.travel(wita(2026, 12, 15, 9, 0), tick=False) as traveller:
        yield traveller


def page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def subjects(html: str) -> list[str]:
    return [part.split("</td>", 1)[0] for part in html.split('data-column="subject">')[1:]]


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# -- who may see it -------------------------------------------------------------------------------


def test_the_url_is_named():
    assert reverse("supervisor_access_log") == URL
    assert reverse("supervisor_access_log_export", args=["access-log", "csv"]) == URL + EXPORTS[0]


@pytest.mark.parametrize("path", ["", *EXPORTS])
def test_anonymous_is_sent_to_sign_in(client, logged, path):
    response = client.get(URL + path, NOVEMBER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", ["", *EXPORTS])
@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_everyone_but_a_supervisor_is_refused(client, logged, persona, path, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL + path, NOVEMBER)
    assert response.status_code == 403
    assert b"consultation 17" not in response.content
    assert not PersonalDataAccess.objects.filter(subject__startswith="access log").exists()


@pytest.mark.parametrize("path", ["", *EXPORTS])
def test_a_supervisor_of_another_office_sees_only_their_own(client, logged, other_office, path):
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    # Naming our office is refused (403, as on every supervisor page: office codes are public).
    assert client.get(URL + path, {**NOVEMBER, "office": "6571"}).status_code == 403
    own = page(client, **NOVEMBER)
    assert other_office.name in own
    assert subjects(own) == ["their guestbook page 1"]


def test_a_supervisor_naming_their_own_office_sees_it(client, logged, supervisor):
    client.force_login(supervisor)
    assert len(subjects(page(client, office="6571", **NOVEMBER))) == 3


def test_a_superuser_chooses_the_office(client, logged, other_office):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = page(client, office="6501", **NOVEMBER)
    assert subjects(html) == ["their guestbook page 1"]
    assert subjects(page(client, office="6571", **NOVEMBER)) == [
        "consultation 17", "guestbook csv", "guestbook page 1",
    ]  # fmt: skip
    assert 'name="office" value="6501"' in html and "office=6501&amp;month=2026-10" in html
    assert client.get(URL, {"office": "9999"}).status_code == 404


def test_the_other_reports_lead_to_it_keeping_the_month(client, logged, supervisor):
    client.force_login(supervisor)
    for report in ("supervisor_dashboard", "supervisor_service_levels", "supervisor_complaints"):
        html = client.get(reverse(report), NOVEMBER).content.decode()
        assert f'href="{URL}?month=2026-11" data-testid="tab-access-log"' in html
    assert 'aria-current="page" href="/supervisor/access-log/' in page(client)


def test_nothing_is_changed_or_deleted_here(client, logged, supervisor):
    client.force_login(supervisor)
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(URL).status_code == 405
        assert getattr(client, method)(URL + EXPORTS[0]).status_code == 405
    assert '<form method="post"' not in page(client, **NOVEMBER)
    assert PersonalDataAccess.objects.count() == 6


# -- what it shows --------------------------------------------------------------------------------


def test_the_month_in_office_time_newest_first(client, logged, supervisor):
    client.force_login(supervisor)
    html = page(client, **NOVEMBER)
    # 30 Nov 23.30 WITA is November's; 1 Dec 00.10 WITA (still 30 Nov in UTC) is not.
    assert subjects(html) == ["consultation 17", "guestbook csv", "guestbook page 1"]
    assert shown(html, "month-shown") == "November 2026"
    assert "30 Nov 2026, 23.30" in html
    export = html.split('data-testid="access-row"')[2]
    assert "kepala@example.org" in export
    assert '<td class="text-nowrap" data-column="period">1 Nov 2026 – 30 Nov 2026</td>' in export
    assert '<td class="text-end" data-column="rows">40</td>' in export
    assert "text-bg-warning" in export  # contacts in clear, marked
    assert subjects(page(client, month="2026-12")) == ["returning visitor"]
    assert subjects(page(client, month="2026-10")) == ["guestbook entry 5"]


def test_the_default_month_is_the_current_one(client, logged, supervisor):
    client.force_login(supervisor)
    assert subjects(page(client)) == ["returning visitor"]


def test_filtered_by_staff_member_and_kind(client, logged, supervisor, front_office):
    client.force_login(supervisor)
    mine = page(client, reader=front_office.pk, **NOVEMBER)
    assert subjects(mine) == ["guestbook page 1"]
    # The months beside it and the exports keep the staff member.
    assert f"month=2026-10&amp;reader={front_office.pk}" in mine
    assert f"access-log.csv?month=2026-11&amp;reader={front_office.pk}" in mine
    assert subjects(page(client, kind="export", **NOVEMBER)) == ["guestbook csv"]
    none = page(client, reader=front_office.pk, kind="export", **NOVEMBER)
    assert subjects(none) == [] and 'data-testid="access-log-empty"' in none


def test_the_staff_choice_offers_whoever_the_log_names_and_nobody_else(
    client, logged, supervisor, front_office, consultation_officer, other_office
):
    left = UserFactory(full_name="Pindah Kantor", office=other_office)  # moved since
    look(left, logged["list"].office, wita(2026, 9, 1, 9, 0))
    client.force_login(supervisor)
    form = page(client).split('name="reader"', 1)[1].split("</select>", 1)[0]
    for user in (front_office, consultation_officer, supervisor, left):
        assert f'value="{user.pk}"' in form
    assert "fo2@example.org" not in form  # Malinau's officer never read ours


def test_the_page_says_how_long_rows_are_kept(client, logged, supervisor, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 1200
    client.force_login(supervisor)
    assert "1200" in shown(page(client), "access-log-about")


def test_50_a_page(client, office, front_office, supervisor):
    for minute in range(51):
        look(front_office, office, wita(2026, 11, 2, 9, minute), subject=f"entry {minute}")
    client.force_login(supervisor)
    first = subjects(page(client, **NOVEMBER))
    assert len(first) == 50 and first[0] == "entry 50"
    second = page(client, page=2, **NOVEMBER)
    assert subjects(second) == ["entry 0"]
    assert shown(second, "access-log-count").startswith("51")


# -- bad input: a message on the page, never a server error --------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("month", "2026-13"), ("month", "٢٠٢٦-١١"), ("month", "٣"), ("month", "x" * 5000),
        ("month", "99999999999999999999"), ("month", "0000-01"),
        ("reader", "٣"), ("reader", "３"), ("reader", "9" * 30), ("reader", "9" * 5000),
        ("reader", "abc"), ("reader", "-1"), ("reader", "0"),
        ("kind", "delete"), ("kind", "x" * 5000),
    ],
)  # fmt: skip
def test_a_refused_value_is_said_and_shows_no_rows(client, logged, supervisor, field, value):
    client.force_login(supervisor)
    html = page(client, **{**NOVEMBER, field: value})
    assert f'data-testid="{field}-error"' in html
    assert 'data-testid="review-refused"' in html
    assert subjects(html) == []


def test_a_staff_member_of_another_office_is_refused(client, logged, supervisor):
    client.force_login(supervisor)
    html = page(client, reader=logged["theirs"].user_id, **NOVEMBER)
    assert 'data-testid="reader-error"' in html and subjects(html) == []
    response = client.get(URL + EXPORTS[0], {**NOVEMBER, "reader": logged["theirs"].user_id})
    assert response.status_code == 302


@pytest.mark.parametrize("query", ["month=2026-11%00", "reader=%00", "kind=%00", "office=%00",
                                   "page=%00", "reader=1%00"])  # fmt: skip
def test_control_characters_are_a_bad_request(client, logged, supervisor, query):
    client.force_login(supervisor)
    assert client.get(f"{URL}?{query}").status_code == 400
    assert client.get(f"{URL}{EXPORTS[0]}?{query}").status_code == 400


@pytest.mark.parametrize("number", ["abc", "99999999999999999999999", "-1", "٣", "0"])
def test_a_page_number_out_of_range_shows_a_page(client, logged, supervisor, number):
    client.force_login(supervisor)
    assert len(subjects(page(client, page=number, **NOVEMBER))) == 3


def test_the_office_parameter_takes_no_strange_codes(client, logged, supervisor):
    client.force_login(supervisor)
    for code in (quote("٦٥٧١"), "6" * 5000, "99999999999999999999", "junk"):
        assert client.get(f"{URL}?office={code}").status_code == 403
        assert client.get(f"{URL}{EXPORTS[0]}?office={code}").status_code == 403


@pytest.mark.parametrize("path", ["access-log.pdf", "access-log.CSV", "people.csv", "log.xlsx"])
def test_an_unknown_export_is_not_found(client, supervisor, path):
    client.force_login(supervisor)
    assert client.get(URL + path).status_code == 404


# -- the export -----------------------------------------------------------------------------------


def test_the_csv_is_the_review_and_is_itself_logged(client, logged, supervisor):
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    response = client.get(URL + EXPORTS[0], NOVEMBER)
    assert response.status_code == 200
    assert 'filename="access-log-6571-2026-11.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == [
        "Time", "Staff member", "Email", "Kind", "What", "Period from", "Period to", "Rows",
        "Contacts in clear",
    ]  # fmt: skip
    assert [row[4] for row in rows] == ["consultation 17", "guestbook csv", "guestbook page 1"]
    assert rows[0][0] == "2026-11-30 23:30"  # office time
    assert rows[1][2:] == [
        "kepala@example.org", "Exported", "guestbook csv", "2026-11-01", "2026-11-30", "40", "Yes",
    ]  # fmt: skip
    [logged_export] = PersonalDataAccess.objects.filter(subject__startswith="access log")
    assert (logged_export.user, logged_export.office, logged_export.kind) == (
        supervisor, logged["list"].office, AccessKind.EXPORT,
    )  # fmt: skip
    assert (logged_export.subject, logged_export.row_count) == ("access log csv", 3)
    assert (logged_export.period_start, logged_export.period_end) == (
        dt.date(2026, 11, 1), dt.date(2026, 11, 30),
    )  # fmt: skip
    # The next review shows the auditor's export among the looks (it was made in December).
    assert subjects(page(client))[0] == "access log csv"


def test_a_filtered_export_says_its_filters_in_the_log(client, logged, supervisor, front_office):
    client.force_login(supervisor)
    response = client.get(
        URL + EXPORTS[1], {**NOVEMBER, "reader": front_office.pk, "kind": "view_list"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [row] = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[0] == dt.datetime(2026, 11, 3, 9, 0)  # a date-time cell, office time
    assert row[4:8] == ("guestbook page 1", dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 30), 12)
    logged_export = PersonalDataAccess.objects.get(subject__startswith="access log")
    assert logged_export.subject == f"access log xlsx reader {front_office.pk} kind view_list"
    assert logged_export.row_count == 1


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"month": "2026-13"}, "month-error"),
        ({"reader": "٣"}, "reader-error"),
        ({"kind": "x"}, "kind-error"),
        ({"month": "2027-01"}, "access-log-empty"),  # not begun: nothing to export yet
    ],
)
def test_a_refused_review_exports_nothing_and_says_why(client, logged, supervisor, query, said):
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    response = client.get(URL + EXPORTS[0], query, follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302 and location.startswith(URL + "?")
    html = response.content.decode()
    assert "Nothing was exported" in html and f'data-testid="{said}"' in html
    assert not PersonalDataAccess.objects.filter(subject__startswith="access log").exists()


# -- cost -----------------------------------------------------------------------------------------


def test_the_page_and_the_export_cost_the_same_queries_however_many_rows(
    client, logged, supervisor, front_office, office, django_assert_num_queries
):
    client.force_login(supervisor)
    # session, user, office, roles; the staff choice's check; the count; the navigation's
    # inbox badge; the staff choice's options; the page's rows with who read
    with django_assert_num_queries(9):
        page(client, reader=front_office.pk, **NOVEMBER)
    # session, user, office, roles; the staff choice's check; the rows with who read (a
    # server-side cursor); the log's row, in a savepoint of its own
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(8):
            b"".join(client.get(URL + f"access-log.{fmt}", NOVEMBER).streaming_content)
    for minute in range(60):
        reader = UserFactory(office=office, roles=[Role.FRONT_OFFICE])
        look(reader, office, wita(2026, 11, 4, 9, minute), AccessKind.VIEW_LIST)
        look(front_office, office, wita(2026, 11, 5, 9, minute))
    with django_assert_num_queries(9):
        page(client, reader=front_office.pk, **NOVEMBER)
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(8):
            b"".join(client.get(URL + f"access-log.{fmt}", NOVEMBER).streaming_content)
