"""/supervisor/complaints/ (tab "Pengaduan"): a month's complaint figures beside the previous
month's, worked out by hand from a month built here; closing at the due instant is in time;
months in office time; the late ones 25 to a page with no personal data; the supervisors of
the office only; bad input a message or a 400, never a 500; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from complaints.models import Complaint
from complaints.reports.periods import Month
from complaints.reports.selectors_complaints import complaint_month, complaint_report
from pst.permissions import Role
from tests.complaints.reports.conftest import complaint, shown, wita
from tests.factories import ComplaintFactory, UserFactory

URL = "/supervisor/complaints/"
NOVEMBER = Month(dt.date(2026, 11, 1))
AFTER_NOVEMBER = wita(2026, 12, 15, 9, 0)
EXPORTS = ["complaints.csv", "complaints.xlsx"]


@pytest.fixture
def december():
    """Frozen at 15 December 2026 09.00 WITA: November is over."""
    with time_machine.travel(AFTER_NOVEMBER, tick=False) as traveller:
        yield traveller


def page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


# -- the figures ----------------------------------------------------------------------------------


def test_the_figures_of_a_hand_built_month(office, complaints_november):
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        november = complaint_month(office, NOVEMBER)
        october = complaint_month(office, NOVEMBER.previous)
    received = {row.channel: row.count for row in november.received}
    assert received == {
        "web": 3, "phone": 1, "whatsapp": 1, "email": 1, "social": 0, "lapor": 0,
        "external_form": 0, "letter": 0, "in_person": 0, "survey": 0,
    }  # fmt: skip
    assert (november.closed, november.resolved, november.rejected) == (4, 3, 1)
    assert (november.in_time, november.late) == (2, 2)
    assert november.in_time_percent == 50
    assert november.median_days == 5
    assert (november.open_at_end, november.past_due_at_end) == (3, 1)
    assert october.received_total == 2 and (october.closed, october.late) == (1, 0)
    assert (october.open_at_end, october.past_due_at_end) == (1, 1)  # H, due 23 October
    assert october.median_days == 2


def test_a_complaint_closed_at_its_due_instant_is_in_time_and_one_a_second_later_is_late(office):
    # The queue's rule (ComplaintQuerySet.overdue): not overdue until its due time has passed.
    due = wita(2026, 11, 6, 10, 0)
    ComplaintFactory(
        office=office, received_at=wita(2026, 11, 3, 10), due_at=due, resolved_at=due,
        status="resolved",
    )  # fmt: skip
    assert not Complaint.objects.overdue(due).exists()
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        at_the_instant = complaint_month(office, NOVEMBER)
        Complaint.objects.update(resolved_at=due + dt.timedelta(seconds=1))
        a_second_later = complaint_month(office, NOVEMBER)
    assert (at_the_instant.in_time, at_the_instant.late) == (1, 0)
    assert (a_second_later.in_time, a_second_later.late) == (0, 1)


def test_the_median_of_an_odd_number_is_the_middle_one(office, complaints_november):
    complaints_november["H"].delete()
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        assert complaint_month(office, NOVEMBER).median_days == 3  # A 2, B 3, C 7


def test_the_page_shows_the_month_beside_the_previous_one(
    december, client, supervisor, complaints_november
):
    client.force_login(supervisor)
    html = page(client, month="2026-11")
    assert shown(html, "month-shown") == "November 2026"
    assert 'data-testid="month-running"' not in html
    expected = {
        "complaints-received": "6", "complaints-received-previous": "2",
        "complaints-channel-web": "3", "complaints-channel-lapor-previous": "1",
        "complaints-closed": "4", "complaints-resolved": "3", "complaints-rejected": "1",
        "complaints-in-time": "2", "complaints-late": "2", "complaints-in-time-percent": "50,0 %",
        "complaints-in-time-percent-previous": "100,0 %", "complaints-open": "3",
        "complaints-past-due": "1", "complaints-open-previous": "1",
        "complaints-open-now": "3", "complaints-overdue-now": "2",
    }  # fmt: skip
    assert {name: shown(html, name) for name in expected} == expected
    assert shown(html, "complaints-median-days").startswith("5,0")
    categories = shown(html, "complaints-categories")
    assert "Waktu tunggu dan antrean 4 2" in categories and "Pelayanan petugas 2 0" in categories
    # The open list, for the figures of now (a superuser's office goes along too).
    assert 'href="/complaints/?show=open" data-testid="complaints-open-link"' in html


def test_the_late_ones_are_listed_with_local_times_and_no_personal_data(
    december, client, supervisor, complaints_november
):
    made = complaints_november
    Complaint.objects.filter(pk=made["D"].pk).update(
        is_anonymous=False, complainant_name="Budi Santoso", complainant_email="budi@example.org",
        complainant_phone="+6281234567890", description="Petugas membentak saya.",
    )  # fmt: skip
    client.force_login(supervisor)
    html = page(client, month="2026-11")
    assert html.count('data-testid="past-due-row"') == 3
    table = shown(html, "past-due")
    codes = [made[name].display_code for name in ("H", "C", "D")]  # the earliest due first
    assert [table.index(code) for code in codes] == sorted(table.index(code) for code in codes)
    assert made["A"].display_code not in table and made["B"].display_code not in table
    assert "25 Nov 2026, 09.00" in table and "Telepon" in table and "Pelayanan petugas" in table
    for secret in ("Budi", "budi@", "6281234567890", "membentak"):
        assert secret not in html


def test_the_late_ones_come_25_to_a_page(december, client, supervisor, office):
    for minute in range(30):
        complaint(office, (2026, 11, 2, 9, minute), (2026, 11, 5, 9, minute))
    client.force_login(supervisor)
    assert page(client, month="2026-11").count('data-testid="past-due-row"') == 25
    assert page(client, month="2026-11", page="2").count('data-testid="past-due-row"') == 5


def test_an_empty_month_says_so_and_shows_no_zeros(
    december, client, supervisor, complaints_november
):
    client.force_login(supervisor)
    html = page(client, month="2026-08")
    assert 'data-testid="complaints-empty"' in html
    assert 'data-testid="complaints-figures"' not in html
    assert 'data-testid="past-due"' not in html


def test_the_running_month_counts_until_now(client, supervisor, complaints_november, clock):
    client.force_login(supervisor)
    html = page(client)  # the clock: 23 November 2026 09.00 WITA
    assert shown(html, "month-shown") == "November 2026"
    assert "23 November 2026, 09.00" in shown(html, "month-running")
    # Open now: D (received the 20th, due the 25th: not past due yet); E, F not received yet.
    assert (shown(html, "complaints-open"), shown(html, "complaints-past-due")) == ("1", "0")
    assert 'data-testid="month-next"' not in html


def test_a_month_not_begun_shows_nothing(client, supervisor, complaints_november, clock):
    client.force_login(supervisor)
    html = page(client, month="2027-01")
    assert 'data-testid="month-not-begun"' in html
    assert 'data-testid="complaints-figures"' not in html


def test_the_tabs_lead_between_the_three_reports_keeping_the_month(client, supervisor, clock):
    client.force_login(supervisor)
    html = page(client, month="2026-10")
    assert 'href="/supervisor/?month=2026-10" data-testid="tab-ikm"' in html
    assert 'href="/supervisor/service-levels/?month=2026-10"' in html
    assert 'aria-current="page" href="/supervisor/complaints/?month=2026-10"' in html
    for other in ("/supervisor/", "/supervisor/service-levels/"):
        text = client.get(other, {"month": "2026-10"}).content.decode()
        assert 'href="/supervisor/complaints/?month=2026-10" data-testid="tab-complaints"' in text


def test_the_page_and_its_exports_are_kept_by_no_browser_or_proxy(december, client, supervisor):
    client.force_login(supervisor)
    for path in ("", *EXPORTS):
        cache = client.get(URL + path, {"month": "2026-11"})["Cache-Control"]
        assert "no-store" in cache and "private" in cache


# -- who may see it -----------------------------------------------------------------------------


def test_the_urls_are_named(client):
    assert reverse("supervisor_complaints") == URL
    assert reverse("supervisor_complaints_export", args=["complaints", "csv"]) == (
        URL + "complaints.csv"
    )


# Anonymous, visitors, officers and administrators: tests/complaints/test_service_levels.py
# tries them on every page of a month's figures and its exports, this one's too.


@pytest.mark.parametrize("path", ["", *EXPORTS])
def test_a_supervisor_of_another_office_naming_ours_is_refused(
    december, client, complaints_november, other_office, path
):
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    assert client.get(URL + path, {"month": "2026-11", "office": "6571"}).status_code == 403
    own = page(client, month="2026-11")  # their own office's month: nothing of ours
    assert other_office.name in own and 'data-testid="complaints-empty"' in own


def test_a_superuser_chooses_the_office(december, client, complaints_november, other_office):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = page(client, month="2026-11", office="6571")
    assert shown(html, "complaints-received") == "6"
    assert 'name="office" value="6571"' in html and "office=6571&amp;month=2026-10" in html
    assert 'href="/complaints/?show=open&amp;office=6571"' in html
    assert client.get(URL, {"office": "9999"}).status_code == 404


# -- bad input: a message on the page, never a server error --------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2026-13", "٢٠٢٦-١١", "٣", "２０２６-１１", "99999999999999999999", "99999999-01", "x" * 5000],
)
def test_a_refused_month_is_said_and_shows_no_figures(
    client, complaints_november, supervisor, value
):
    client.force_login(supervisor)
    html = page(client, month=value)
    assert 'data-testid="month-error"' in html and 'data-testid="period-refused"' in html
    assert 'data-testid="complaints-figures"' not in html


@pytest.mark.parametrize("value", ["2026-13", "٣", "99999999999999999999"])
def test_a_refused_month_exports_nothing_and_says_why(
    client, complaints_november, supervisor, value
):
    client.force_login(supervisor)
    response = client.get(URL + "complaints.csv", {"month": value}, follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302 and location.startswith(URL + "?")
    assert 'data-testid="month-error"' in response.content.decode()


@pytest.mark.parametrize("query", ["month=2026-11%00", "month=%01", "office=%00", "page=%00"])
def test_control_characters_are_a_bad_request(client, complaints_november, supervisor, query):
    client.force_login(supervisor)
    assert client.get(f"{URL}?{query}").status_code == 400
    assert client.get(f"{URL}complaints.csv?{query}").status_code == 400


@pytest.mark.parametrize("number", ["abc", "99999999999999999999999", "-1", "٣", "0"])
def test_a_page_number_out_of_range_shows_a_page(
    december, client, complaints_november, supervisor, number
):
    client.force_login(supervisor)
    assert 'data-testid="past-due-row"' in page(client, month="2026-11", page=number)


def test_the_office_parameter_takes_no_strange_codes(client, complaints_november, supervisor):
    client.force_login(supervisor)
    for code in (quote("٦٥٧١"), "6" * 5000, "99999999999999999999", "junk"):
        assert client.get(f"{URL}?office={code}").status_code == 403
        assert client.get(f"{URL}complaints.csv?office={code}").status_code == 403


@pytest.mark.parametrize("path", ["complaints.pdf", "complaints.CSV", "people.csv", "calls.csv"])
def test_an_unknown_export_is_not_found(client, supervisor, path):
    client.force_login(supervisor)
    assert client.get(URL + path).status_code == 404


# -- cost -----------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_many_complaints(
    december, client, supervisor, complaints_november, office, django_assert_num_queries
):
    client.force_login(supervisor)
    # session, user, office, roles; per month (×2): the counts, the middle of the times to
    # close; the categories; now; the late ones' count and page; the navigation's inbox badge
    with django_assert_num_queries(13):
        page(client, month="2026-11")
    for day in range(2, 28):
        complaint(office, (2026, 11, day, 9), (2026, 11, day, 10), closed=(2026, 11, day, 11))
        complaint(office, (2026, 10, day, 9), (2026, 10, day, 10), channel="social")
    with django_assert_num_queries(13):
        page(client, month="2026-11")


def test_the_report_counts_a_month_in_a_fixed_number_of_queries(
    office, complaints_november, django_assert_num_queries
):
    # both months' counts and medians, the categories, now
    with time_machine.travel(AFTER_NOVEMBER, tick=False), django_assert_num_queries(6):
        complaint_report(office, NOVEMBER)
