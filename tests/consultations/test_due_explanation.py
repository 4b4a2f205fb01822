"""The due date's explanation on a consultation's page (product trial E, F3): the due date set
at acceptance is the one the requester was told by email, so a day opened again or a change
of opening hours made later never makes the explanation name another one. A day closed later
moves it, the requester is emailed, and the explanation counts that day like any other
(product trial O, O6; tests/consultations/test_due_moves.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import lifecycle
from consultations.lifecycle.due_moves import consultations_due_move
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


def test_a_closure_added_after_acceptance_moves_the_due_date_and_is_explained(accepted, office):
    _close_on_wednesday(office)
    consultations_due_move(office=office)
    accepted.refresh_from_db()
    due = lifecycle.consultation_due(accepted)
    assert not isinstance(due, KeptDueDate)
    assert due.due_at == accepted.due_at
    with translation.override("id"):
        text = due.explanation()
    assert "Rab 25 Nov (Banjir rob)" in text
    assert text.endswith("tenggat Jum 27 Nov 2026 10.00 WITA.")


@pytest.fixture
def reopened_wednesday(submitted, consultation_officer, office, clock):
    """Accepted with Wednesday closed (due Friday), the closure then revoked."""
    _close_on_wednesday(office)
    clock.shift(3600)
    consultation = lifecycle.consultation_accept(
        consultation=submitted, officer=consultation_officer
    )
    assert consultation.due_at == dt.datetime(2026, 11, 27, 10, 0, tzinfo=WITA)
    Holiday.objects.filter(office=office).update(is_closed=False)
    return consultation


def test_a_day_opened_again_does_not_give_the_explanation_another_due_date(reopened_wednesday):
    due = lifecycle.consultation_due(reopened_wednesday)
    assert isinstance(due, KeptDueDate)
    assert due.due_at == reopened_wednesday.due_at
    with translation.override("en"):
        text = due.explanation()
    assert "due Fri 27 Nov 2026 10.00 WITA" in text
    assert "Thu 26 Nov" not in text
    assert "a day opened again or a change of opening hours does not move it" in text


def test_new_opening_hours_do_not_give_the_explanation_another_due_date(accepted, office):
    # Monday now opens at 11.00: counted again, the 10.00 acceptance would be due at 11.00.
    OpeningHours.objects.filter(office=office, weekday=0).update(opens_at=dt.time(11, 0))
    due = lifecycle.consultation_due(accepted)
    with translation.override("en"):
        text = due.explanation()
    assert "due Thu 26 Nov 2026 10.00 WITA" in text
    assert "11.00" not in text


@pytest.mark.parametrize("reader", ["visitor", "consultation_officer"])
def test_the_page_names_one_due_date_after_a_day_is_opened_again(
    client, request, reopened_wednesday, reader
):
    client.force_login(request.getfixturevalue(reader))
    page = client.get(reverse("consultation_detail", args=[reopened_wednesday.pk])).content.decode()
    box = page.split('data-testid="due-explanation"')[1].split("</div>")[0]
    assert "Jumat 27 November 2026 10.00 WITA" in box
    assert "Jum 27 Nov 2026 10.00 WITA" in box
    assert "Kam 26 Nov" not in box
    assert "Banjir rob" not in box
