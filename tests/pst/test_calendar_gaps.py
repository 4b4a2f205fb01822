"""A year whose national holidays are not in the calendar counts every weekday as a working
day (product trial O, O5): the administrator is warned before it bites — by a system check
(`manage.py check --database default`, pst.W001) and in the admin's holiday list — for this
year, and from October on for next year."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from pst.calendar_gaps import calendar_gaps, years_without_holidays
from pst.checks import holiday_calendar_check
from pst.models import HolidayKind
from tests.factories import HolidayFactory

SEPTEMBER = dt.datetime(2026, 9, 30, 12, 0, tzinfo=dt.UTC)
OCTOBER = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def this_year(office):
    HolidayFactory(date=dt.date(2026, 8, 17))


def test_next_years_missing_holidays_are_a_gap_from_october_on(this_year, office):
    assert calendar_gaps(dt.date(2026, 9, 30)) == []
    assert calendar_gaps(dt.date(2026, 10, 1)) == [(2027, [office])]
    HolidayFactory(date=dt.date(2027, 1, 1), name="Tahun Baru Masehi")
    assert calendar_gaps(dt.date(2026, 12, 31)) == []


def test_a_cuti_bersama_or_a_local_closure_alone_is_no_calendar_of_the_year(this_year, office):
    HolidayFactory(date=dt.date(2027, 1, 4), kind=HolidayKind.CUTI_BERSAMA)
    HolidayFactory(date=dt.date(2027, 1, 5), kind=HolidayKind.LOCAL, office=office)
    assert years_without_holidays(office, [2026, 2027]) == [2027]


def test_an_offices_own_national_rows_count_for_that_office_only(this_year, office, other_office):
    HolidayFactory(date=dt.date(2027, 1, 1), office=office)
    assert calendar_gaps(dt.date(2026, 11, 1)) == [(2027, [other_office])]


def test_the_system_check_warns_of_a_missing_year_only_with_the_database(this_year, office):
    with time_machine.travel(OCTOBER, tick=False):
        assert holiday_calendar_check(databases=None) == []  # cron's commands: no query
        (warning,) = holiday_calendar_check(databases=["default"])
    assert warning.id == "pst.W001"
    assert "no national holidays of 2027 (offices 6571)" in warning.msg
    assert "sync_holidays --years 2027" in warning.hint
    with time_machine.travel(SEPTEMBER, tick=False):
        assert holiday_calendar_check(databases=["default"]) == []


def test_this_years_missing_holidays_are_warned_of_all_year(office):
    with time_machine.travel(SEPTEMBER, tick=False):
        (warning,) = holiday_calendar_check(databases=["default"])
    assert "no national holidays of 2026" in warning.msg


def test_manage_py_check_with_the_database_shows_the_warning(this_year, office):
    err = StringIO()
    with time_machine.travel(OCTOBER, tick=False):
        call_command("check", "--database", "default", stdout=StringIO(), stderr=err)
    assert "pst.W001" in err.getvalue()


@pytest.mark.parametrize("persona", ["administrator", "admin_user"])
def test_the_holiday_list_warns_the_administrator_from_october_on(
    client, request, this_year, office, persona
):
    user = request.getfixturevalue(persona)
    with time_machine.travel(OCTOBER, tick=False):
        client.force_login(user)
        response = client.get(reverse("admin:pst_holiday_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    told = [str(message) for message in get_messages(response.wsgi_request)]
    (warning,) = [text for text in told if "national holidays" in text]
    assert warning.startswith("The office calendar has no national holidays of 2027 (6571)")
    with time_machine.travel(SEPTEMBER, tick=False):
        client.force_login(user)
        response = client.get(reverse("admin:pst_holiday_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert not [m for m in get_messages(response.wsgi_request) if "national" in str(m)]


def test_an_office_administrator_is_not_told_of_another_offices_gap(
    client, this_year, office, other_office, other_office_administrator
):
    HolidayFactory(date=dt.date(2027, 1, 1), office=other_office)
    with time_machine.travel(OCTOBER, tick=False):
        client.force_login(other_office_administrator)
        response = client.get(reverse("admin:pst_holiday_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert not [m for m in get_messages(response.wsgi_request) if "national" in str(m)]
