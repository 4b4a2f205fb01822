"""What an office administrator types in the admin stays in bounds, refused on its field in the
portal's words (product trial G: G2 a holiday in year 9999 gave a 500, G3 an office code in
fullwidth digits, G7 an answer time of 0 or 32767 working days, G8 raw constraint names and
field names in the errors), and the database refuses the same whatever path a row takes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pst.calendar_services import holidays_sync
from pst.models import Holiday, HolidayKind, Office, OpeningHours
from pst.services import PortalError
from tests.admin_pages import hours_row, office_form
from tests.factories import OfficeFactory


def _add_closure(client, office, day: str):
    return client.post(
        reverse("admin:pst_holiday_add"),
        {"office": office.pk, "date": day, "name": "Tutup", "kind": HolidayKind.LOCAL,
         "is_closed": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


@pytest.mark.parametrize("day", ["9999-12-31", "9999-06-01", "0001-01-01", "1999-12-31"])
def test_a_holiday_outside_the_years_2000_to_2100_is_refused_on_its_date(
    client, administrator, office, day
):
    client.force_login(administrator)
    response = _add_closure(client, office, day)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [
        "Enter a date in the years 2000 to 2100."
    ]
    assert not Holiday.objects.exists()


def test_the_first_and_last_day_of_the_range_are_accepted(client, administrator, office):
    client.force_login(administrator)
    for day in ("2000-01-01", "2100-12-31"):
        assert _add_closure(client, office, day).status_code == 302
    assert Holiday.objects.count() == 2


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_the_database_refuses_a_holiday_outside_the_years_2000_to_2100(office, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        Holiday.objects.create(office=office, date=day, name="Tutup", kind=HolidayKind.LOCAL)


@pytest.mark.django_db
def test_the_holiday_sync_refuses_years_outside_2000_to_2100():
    with pytest.raises(PortalError) as refused:
        holidays_sync(first_year=1999, last_year=2000)
    assert refused.value.code == "years"
    assert not Holiday.objects.exists()


@pytest.mark.parametrize("code", ["９４７１", "٩٤٧١", "６５７１"])
def test_an_office_code_in_another_scripts_digits_is_refused(admin_client, code):
    response = admin_client.post(
        reverse("admin:pst_office_add"),
        {"code": code, "name": "BPS Kota Jayapura", "address": "Jayapura",
         "time_zone": "Asia/Jayapura", "online_sla_working_days": 3,
         "opening_hours-TOTAL_FORMS": 0, "opening_hours-INITIAL_FORMS": 0},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"] == [
        "A BPS office code has four digits."
    ]
    assert not Office.objects.filter(name="BPS Kota Jayapura").exists()


@pytest.mark.django_db
def test_the_database_refuses_an_office_code_in_another_scripts_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeFactory(code="９４７１")


@pytest.mark.parametrize("days", ["0", "31", "32767"])
def test_an_answer_time_outside_1_to_30_working_days_is_refused_on_its_field(
    client, administrator, office, days
):
    client.force_login(administrator)
    url, data = office_form(client, office)
    data["online_sla_working_days"] = days
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["online_sla_working_days"] == [
        "Enter a number of working days from 1 to 30."
    ]
    office.refresh_from_db()
    assert office.online_sla_working_days == 3


@pytest.mark.parametrize("days", [0, 31])
def test_the_database_refuses_an_answer_time_outside_1_to_30_working_days(office, days):
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.filter(pk=office.pk).update(online_sla_working_days=days)


def _hours_errors(response) -> str:
    formset = response.context["inline_admin_formsets"][0].formset
    row_errors = [str(error) for form in formset.errors for error in form.values()]
    return " ".join([*map(str, formset.non_form_errors()), *row_errors])


@pytest.mark.parametrize("closes_at", ["08:00", "07:00"])
def test_closing_before_opening_is_refused_in_our_words(client, administrator, office, closes_at):
    client.force_login(administrator)
    url, data = office_form(client, office)
    monday = hours_row(data, 0)
    data[f"{monday}-opens_at"], data[f"{monday}-closes_at"] = "08:00", closes_at
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = _hours_errors(response)
    assert "The closing time must be after the opening time." in errors
    assert "opening_hours_close_after_open" not in response.content.decode()
    assert OpeningHours.objects.get(office=office, weekday=0).closes_at != dt.time(8)


def test_two_rows_for_the_same_day_are_refused_in_our_words(client, administrator, office):
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 1)}-weekday"] = 0  # Tuesday's row says Monday
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = _hours_errors(response)
    assert "Each day has one row of opening hours: two rows name the same day." in errors
    assert "weekday" not in errors


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["-5", "0", "241", "99999"])
def test_a_number_outside_a_models_bounds_is_told_the_real_bounds(typed):
    # Trial 2, item 12: −5 said "at least 0" (the form's own bound of a positive field), and
    # then 0 said "at least 1".
    from django.utils import translation

    from queueing.admin import ServiceAdminForm

    with translation.override("en"):
        form = ServiceAdminForm(data={"sla_minutes": typed})
        form.is_valid()
        expected = (
            "Ensure this value is greater than or equal to 1."
            if int(typed) < 1
            else "Ensure this value is less than or equal to 240."
        )
        assert form.errors["sla_minutes"] == [expected]
    assert 'min="1"' in str(form["sla_minutes"]) and 'max="240"' in str(form["sla_minutes"])
