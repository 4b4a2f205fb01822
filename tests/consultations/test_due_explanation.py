"""The due date's explanation on a consultation's page (product trial E, F3): the due date set
at acceptance is the one the requester was told by email, so a closure, holiday or change of
opening hours made later never makes the explanation name another one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import lifecycle
from pst.models import Holiday, HolidayKind, HolidaySource, OpeningHours
from pst.workcalendar import KeptDueDate

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def accepted(submitted, consultation_officer, clock):
    # Mon 23 Nov 2026 10.00 + 3 working days: due Thu 26 Nov 10.00.
    clock.shift(3600)
    consultation = lifecycle.consultation_accept(
        consultation=submitted, officer=consultation_officer
    )
    assert consultation.due_at == dt.datetime(2026, 11, 26, 10, 0, tzinfo=WITA)
    return consultation


def _close_on_wednesday(office):
    Holiday.objects.create(
        office=office,
        date=dt.date(2026, 11, 25),
        name="Banjir rob",
        kind=HolidayKind.LOCAL,
        source=HolidaySource.MANUAL,
    )


def test_an_unchanged_calendar_explains_the_due_date_day_by_day(accepted):
    due = lifecycle.consultation_due(accepted)
    assert due.due_at == accepted.due_at
    with translation.override("id"):
        assert due.explanation().endswith("tenggat Kam 26 Nov 2026 10.00 WITA.")


def test_a_closure_added_after_acceptance_does_not_give_the_explanation_another_due_date(
    accepted, office
):
    _close_on_wednesday(office)
    due = lifecycle.consultation_due(accepted)
    assert isinstance(due, KeptDueDate)
    assert due.due_at == accepted.due_at
    with translation.override("id"):
        text = due.explanation()
    assert "tenggat Kam 26 Nov 2026 10.00 WITA" in text
    assert "Jum 27 Nov" not in text
    assert "tidak menggesernya" in text


def test_new_opening_hours_do_not_give_the_explanation_another_due_date(accepted, office):
    # Monday now opens at 11.00: counted again, the 10.00 acceptance would be due at 11.00.
    OpeningHours.objects.filter(office=office, weekday=0).update(opens_at=dt.time(11, 0))
    due = lifecycle.consultation_due(accepted)
    with translation.override("id"):
        text = due.explanation()
    assert "tenggat Kam 26 Nov 2026 10.00 WITA" in text
    assert "11.00" not in text


@pytest.mark.parametrize("reader", ["visitor", "consultation_officer"])
def test_the_page_names_one_due_date_after_a_closure_is_added(
    client, request, accepted, office, reader
):
    _close_on_wednesday(office)
    client.force_login(request.getfixturevalue(reader))
    page = client.get(reverse("consultation_detail", args=[accepted.pk])).content.decode()
    box = page.split('data-testid="due-explanation"')[1].split("</div>")[0]
    assert "Kamis 26 November 2026 10.00 WITA" in box
    assert "Kam 26 Nov 2026 10.00 WITA" in box
    assert "Jum 27 Nov" not in box
    assert "Banjir rob" not in box
